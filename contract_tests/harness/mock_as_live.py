"""Print the environment that points the suite's live mode at a mock served over HTTP.

    python -m qovery_mock --port 8070 &
    eval "$(python -m contract_tests.harness.mock_as_live http://127.0.0.1:8070)"
    python -m pytest contract_tests --target=live

It waits (at most --wait seconds) for the mock to answer, then prints `export` lines for
QOVERY_API_URL, QOVERY_API_TOKEN, one listed id of each kind, and QOVERY_CONTRACT_ALLOW_DEPLOY=1 unless
--no-deploy is given. For loopback mocks only: it refuses any other host.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from collections.abc import Sequence
from urllib.parse import urlsplit

import httpx

from contract_tests.harness.settings import id_env_var

INFO_PATH = "/_mock/info"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def fetch_info(url: str, wait: float) -> dict[str, object]:
    deadline = time.monotonic() + wait
    while True:
        try:
            response = httpx.get(url.rstrip("/") + INFO_PATH, timeout=2.0)
            response.raise_for_status()
            return dict(response.json())
        except httpx.TransportError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.1)


def export_lines(url: str, info: dict[str, object], allow_deploy: bool) -> list[str]:
    values = {"QOVERY_API_URL": url.rstrip("/"), "QOVERY_API_TOKEN": str(info["token"])}
    ids = info["ids"]
    assert isinstance(ids, dict)
    for kind, found in ids.items():
        if found:
            values[id_env_var(kind)] = str(found[0])
    if allow_deploy:
        values["QOVERY_CONTRACT_ALLOW_DEPLOY"] = "1"
    return [f"export {name}={shlex.quote(value)}" for name, value in values.items()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m contract_tests.harness.mock_as_live", description=__doc__.splitlines()[0]
    )
    parser.add_argument("url", help="the mock's URL, e.g. http://127.0.0.1:8070")
    parser.add_argument("--wait", type=float, default=15.0, help="seconds to wait for the mock (default 15)")
    parser.add_argument("--no-deploy", action="store_true", help="list ids but do not opt in to deployments")
    args = parser.parse_args(argv)
    if urlsplit(args.url).hostname not in LOOPBACK_HOSTS:
        parser.error("the mock must be on this machine (127.0.0.1, localhost or ::1)")
    info = fetch_info(args.url, args.wait)
    print("\n".join(export_lines(args.url, info, allow_deploy=not args.no_deploy)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
