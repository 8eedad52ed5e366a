"""Serving the app over HTTP with uvicorn: in the foreground (the CLI) or in a background thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from typing import Self

import uvicorn
from starlette.types import ASGIApp

from qovery_mock.http_protocol import served_protocol
from qovery_mock.limits import ServerLimits

LOOPBACK = "127.0.0.1"
START_TIMEOUT = 10.0
H11_MARGIN = 4096


def bind(host: str = LOOPBACK, port: int = 0) -> socket.socket:
    """A listening TCP socket; port 0 picks a free one."""
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets whose proto says TCP.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(1024)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://{host}:{port}"


def make_server(
    app: ASGIApp,
    log_level: str = "warning",
    access_log: bool = False,
    http: str = "auto",
    limits: ServerLimits | None = None,
) -> uvicorn.Server:
    """A uvicorn server for the app. `http`: "auto" (httptools when installed, else h11), "h11" or
    "httptools"; uvloop is used when installed. `limits`: ServerLimits.from_env() by default."""
    limits = limits if limits is not None else ServerLimits.from_env()
    config = uvicorn.Config(
        app,
        http=served_protocol(http, limits),
        log_level=log_level,
        access_log=access_log,
        lifespan="off",
        timeout_keep_alive=limits.idle_timeout,
        limit_concurrency=limits.max_connections,
        # The head guard answers 431 first; h11's own bound stays above it.
        h11_max_incomplete_event_size=limits.max_header_bytes + H11_MARGIN,
        timeout_graceful_shutdown=2,
    )
    return uvicorn.Server(config)


def serve_forever(
    app: ASGIApp,
    sock: socket.socket,
    log_level: str = "warning",
    access_log: bool = False,
    http: str = "auto",
    limits: ServerLimits | None = None,
) -> None:
    """Serve on an already bound socket until interrupted (SIGINT/SIGTERM)."""
    make_server(app, log_level, access_log, http, limits).run(sockets=[sock])


class ServerThread:
    """uvicorn serving an app from a background thread, on 127.0.0.1 and a free port by default."""

    def __init__(
        self,
        app: ASGIApp,
        host: str = LOOPBACK,
        port: int = 0,
        log_level: str = "warning",
        http: str = "auto",
        limits: ServerLimits | None = None,
    ) -> None:
        self.app = app
        self._server = make_server(app, log_level, http=http, limits=limits)
        self._sock = bind(host, port)
        self.url = url_of(self._sock)
        self._thread = threading.Thread(target=self._run, name=f"qovery-mock {self.url}", daemon=True)

    def _run(self) -> None:
        self._server.run(sockets=[self._sock])

    def start(self, timeout: float = START_TIMEOUT) -> Self:
        self._thread.start()
        _wait_for(lambda: self._server.started or not self._thread.is_alive(), timeout)
        if not self._server.started:
            self.stop()
            raise RuntimeError("the mock server did not start; see the error logged above")
        return self

    def stop(self, timeout: float = START_TIMEOUT) -> None:
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout)
        self._sock.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()


def _wait_for(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
