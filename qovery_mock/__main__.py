"""`python -m qovery_mock` / `qovery-mock`: serve the mock over HTTP in the foreground."""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict

from qovery_mock.app import create_app
from qovery_mock.clock import ManualClock, SystemClock
from qovery_mock.fixtures import FIXTURES_ENV, FixtureError
from qovery_mock.http_protocol import HTTP_IMPLEMENTATIONS, http_implementation
from qovery_mock.kinds import GROUPS
from qovery_mock.limits import (
    DEFAULT_IDLE_TIMEOUT,
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_HEADER_BYTES,
    DEFAULT_REQUEST_TIMEOUT,
    LimitError,
    ServerLimits,
    env_name,
)
from qovery_mock.mock import Mock
from qovery_mock.server import LOOPBACK, bind, serve_forever, url_of
from qovery_mock.spec import SPEC_ENV
from qovery_openapi import SpecError

PORT_ENV = "QOVERY_MOCK_PORT"
MANUAL_CLOCK_ENV = "QOVERY_MOCK_MANUAL_CLOCK"
DEFAULT_PORT = 8070


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="qovery-mock",
        description="Serve the in-memory mock of Qovery's deployment-control API (loopback testing only).",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get(PORT_ENV, DEFAULT_PORT)),
        help=f"port to listen on, 0 for a free one (${PORT_ENV}, default {DEFAULT_PORT})",
    )
    parser.add_argument("--host", default=LOOPBACK, help=f"address to bind (default {LOOPBACK})")
    parser.add_argument(
        "--fixtures",
        default=os.environ.get(FIXTURES_ENV) or None,
        help=f"fixture file (${FIXTURES_ENV}, default: the shipped qovery_mock/fixtures/default.yaml)",
    )
    parser.add_argument(
        "--spec", default=os.environ.get(SPEC_ENV) or None, help=f"OpenAPI document (${SPEC_ENV})"
    )
    parser.add_argument(
        "--manual-clock",
        action="store_true",
        default=_env_flag(MANUAL_CLOCK_ENV),
        help=f"freeze time; move it with POST /_mock/clock/advance (${MANUAL_CLOCK_ENV}=1)",
    )
    parser.add_argument(
        "--http",
        choices=HTTP_IMPLEMENTATIONS,
        default="auto",
        help="HTTP parser: auto (httptools when installed, else h11), h11 or httptools",
    )
    limits = parser.add_argument_group("limits (each also read from its environment variable)")
    limits.add_argument(
        "--max-header-bytes",
        type=int,
        help=f"largest request line and headers, in bytes; 431 past it (${env_name('max_header_bytes')}, "
        f"default {DEFAULT_MAX_HEADER_BYTES})",
    )
    limits.add_argument(
        "--request-timeout",
        type=float,
        help="seconds a client has to send a request's line and headers (408 and close past it), "
        "and again its body (close past it) "
        f"(${env_name('request_timeout')}, default {DEFAULT_REQUEST_TIMEOUT:g})",
    )
    limits.add_argument(
        "--idle-timeout",
        type=int,
        help=f"seconds a keep-alive connection may stay idle (${env_name('idle_timeout')}, "
        f"default {DEFAULT_IDLE_TIMEOUT})",
    )
    limits.add_argument(
        "--max-connections",
        type=int,
        help=f"connections served at once; a request past it gets 503 (${env_name('max_connections')}, "
        f"default {DEFAULT_MAX_CONNECTIONS})",
    )
    parser.add_argument("--log-level", default="warning", help="uvicorn log level (default warning)")
    parser.add_argument("--access-log", action="store_true", help="log every request")
    parser.add_argument("--json", action="store_true", help="print the start-up details as one JSON line")
    return parser.parse_args(argv)


def banner(url: str, mock: Mock, server: dict[str, str], limits: ServerLimits) -> str:
    lines = [
        f"qovery-mock listening on {url}",
        f"url: {url}",
        f"token: {mock.default_token}",
        "  send it as 'Authorization: Token <token>' or 'Authorization: Bearer <token>'",
        f"foreign token (another organization, 403 on the ids below): {mock.foreign_token}",
        f"clock: {'manual (POST /_mock/clock/advance)' if mock.clock.manual else 'real'}",
        f"server: uvicorn, {server}",
        f"limits: {asdict(limits)}",
        "ids (202 with the token):",
    ]
    lines += [f"  {group}: {' '.join(mock.ids[group])}" for group in GROUPS]
    lines.append("ids being deleted (409):")
    lines += [
        f"  {group}: {' '.join(mock.deleting_ids[group])}" for group in GROUPS if mock.deleting_ids[group]
    ]
    lines.append("ids of another organization (403):")
    lines += [
        f"  {group}: {' '.join(mock.foreign_ids[group])}" for group in GROUPS if mock.foreign_ids[group]
    ]
    lines.append(f"admin: {url}/_mock/info  (no auth; loopback testing only)")
    lines.append("Press Ctrl+C to stop.")
    return "\n".join(lines)


def event_loop_implementation() -> str:
    return "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    clock = ManualClock() if args.manual_clock else SystemClock()
    try:
        limits = ServerLimits.from_env(
            max_header_bytes=args.max_header_bytes,
            request_timeout=args.request_timeout,
            idle_timeout=args.idle_timeout,
            max_connections=args.max_connections,
        )
        app = create_app(args.fixtures, clock=clock, spec_path=args.spec)
    except (FixtureError, SpecError, LimitError) as error:
        print(f"qovery-mock: {error}", file=sys.stderr)
        return 2
    try:
        sock = bind(args.host, args.port)
    except OSError as error:
        print(f"qovery-mock: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 2
    url = url_of(sock)
    mock: Mock = app.state.mock
    server = {"http": http_implementation(args.http), "loop": event_loop_implementation()}
    if args.json:
        print(json.dumps({"url": url, "server": server, "limits": asdict(limits), **mock.info()}), flush=True)
    else:
        print(banner(url, mock, server, limits), flush=True)
    try:
        serve_forever(app, sock, args.log_level, args.access_log, args.http, limits)
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
