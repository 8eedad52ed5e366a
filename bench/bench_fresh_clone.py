"""From a fresh clone to a passing test run: `git clone`, `make install`, `make test`.

The clone is of this repository's committed state (`git clone` of the working tree's repository into
a scratch folder): files not committed yet are not in it. `make install` builds the clone's .venv,
once with an empty pip cache (cold: a fresh `PIP_CACHE_DIR`) and once in a second clone with the
cache the first one filled (warm). `make test` then runs once in the warm clone. The clones and
caches are removed afterwards.

    .venv/bin/python bench/bench_fresh_clone.py [--no-test]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

from common import REPO_ROOT, section, table

TIMEOUT = 900


def timed(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> tuple[float, int]:
    started = time.perf_counter()
    with log.open("w") as output:
        done = subprocess.run(
            command, check=False, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT, timeout=TIMEOUT
        )
    return time.perf_counter() - started, done.returncode


def failed_target(log: Path) -> str:
    found = re.findall(
        r"make(?:\[\d+\])?: \*\*\* \[[^\]]*?:\d+: ([\w.-]+)\]", log.read_text(errors="replace")
    )
    return found[0] if found else "?"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--no-test", action="store_true", help="skip `make test`")
    args = parser.parse_args()

    base_env = {
        key: value for key, value in os.environ.items() if not key.startswith(("QOVERY_", "VIRTUAL_ENV"))
    }
    base_env.pop("PIP_NO_CACHE_DIR", None)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    rows: list[list[str]] = []
    notes: list[str] = []
    status = 0
    with tempfile.TemporaryDirectory(prefix="bench-clone-") as scratch:
        folder = Path(scratch)
        env = {**base_env, "PIP_CACHE_DIR": str(folder / "pip-cache")}
        totals: dict[str, float] = {}
        for name in ("cold", "warm"):
            clone = folder / name
            clone_seconds, code = timed(
                ["git", "clone", "--quiet", str(REPO_ROOT), str(clone)],
                folder,
                env,
                folder / f"{name}-clone.log",
            )
            if code:
                raise SystemExit(f"git clone failed: see {folder / f'{name}-clone.log'}")
            install, code = timed(["make", "install"], clone, env, folder / f"{name}-install.log")
            rows.append(["`git clone`", f"{clone_seconds:.1f}", "ok"])
            rows.append(
                [f"`make install`, {name} pip cache", f"{install:.1f}", "ok" if not code else "FAILED"]
            )
            totals[name] = clone_seconds + install
            if code:
                status = 1
                notes.append(f"make install ({name}) failed: " + tail(folder / f"{name}-install.log"))
        if not args.no_test and not status:
            test, code = timed(["make", "test"], folder / "warm", env, folder / "test.log")
            verdict = "passed" if not code else f"FAILED at `{failed_target(folder / 'test.log')}`"
            rows.append(["`make test` (in the warm clone)", f"{test:.1f}", verdict])
            for name in ("cold", "warm"):
                rows.append(
                    [f"**fresh clone to tests run, {name} cache**", f"**{totals[name] + test:.1f}**", verdict]
                )
            if code:
                status = 1
                notes.append("make test failed: " + tail(folder / "test.log"))

    section("From a fresh clone to a passing test run", ".venv/bin/python bench/bench_fresh_clone.py")
    print(
        f"Clone of commit {commit} (committed files only). Cold: an empty PIP_CACHE_DIR; warm: the cache it filled.\n"
    )
    print(table(["step", "s", "result"], rows, align="lrl"))
    for note in notes:
        print(f"\n{note}")
    return status


def tail(log: Path, lines: int = 6) -> str:
    text = log.read_text(errors="replace").strip().splitlines()
    kept = [line for line in text if not line.startswith("WARNING: Location")][-lines:]
    return "\n\n```\n" + "\n".join(kept) + "\n```"


if __name__ == "__main__":
    raise SystemExit(main())
