"""httpx transports that call the ASGI app in-process, for sync and async clients.

`MockTransport` serves a sync `httpx.Client` (from any number of threads), `AsyncMockTransport` an
`httpx.AsyncClient`. An injected dropped connection comes out as `httpx.RemoteProtocolError`, as it
does from a real server.
"""

from __future__ import annotations

import asyncio
import threading
from contextlib import ExitStack
from typing import Any
from urllib.parse import unquote

import httpx
from anyio.from_thread import BlockingPortal, start_blocking_portal
from starlette.types import ASGIApp, Message

from qovery_mock.wire import DroppedConnection

CLIENT_ADDRESS = ("127.0.0.1", 50000)


async def call_app(app: ASGIApp, request: httpx.Request, body: bytes) -> httpx.Response:
    """Run one request through the app and collect its answer."""
    url = request.url
    raw_path = url.raw_path.split(b"?", 1)[0]
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": request.method,
        "scheme": url.scheme,
        "path": unquote(raw_path.decode("latin-1")),
        "raw_path": raw_path,
        "root_path": "",
        "query_string": url.query,
        "headers": [(key.lower(), value) for key, value in request.headers.raw],
        "client": CLIENT_ADDRESS,
        "server": (url.host, url.port or (443 if url.scheme == "https" else 80)),
        "extensions": {},
    }
    body_sent = False
    status: int | None = None
    headers: list[tuple[bytes, bytes]] = []
    chunks: list[bytes] = []
    complete = False

    async def receive() -> Message:
        nonlocal body_sent
        if not body_sent:
            body_sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        nonlocal status, headers, complete
        if message["type"] == "http.response.start":
            status = message["status"]
            headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            complete = not message.get("more_body", False)

    try:
        await app(scope, receive, send)
    except DroppedConnection:
        raise httpx.RemoteProtocolError(
            "Server disconnected without sending a response.", request=request
        ) from None
    except Exception:
        if status is None or not complete:
            raise
    if status is None or not complete:
        raise httpx.RemoteProtocolError("the app ended without a complete answer", request=request)
    return httpx.Response(status, headers=headers, content=b"".join(chunks), request=request)


class MockTransport(httpx.BaseTransport):
    """A sync httpx transport to an ASGI app, without sockets. Close it (or the client) when done.

    Each calling thread runs the app on an event loop of its own, so calls from many threads run
    side by side as they would against a server. A caller already inside a running event loop is
    served from a background thread instead.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._local = threading.local()
        self._loops: list[asyncio.AbstractEventLoop] = []
        self._lock = threading.Lock()
        self._exit_stack = ExitStack()
        self._portal: BlockingPortal | None = None
        self._closed = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return self._thread_loop().run_until_complete(call_app(self.app, request, body))
        return self._background_portal().call(call_app, self.app, request, body)

    def _thread_loop(self) -> asyncio.AbstractEventLoop:
        loop: asyncio.AbstractEventLoop | None = getattr(self._local, "loop", None)
        if loop is None:
            loop = asyncio.new_event_loop()
            with self._lock:
                if self._closed:
                    loop.close()
                    raise RuntimeError("the transport is closed")
                self._loops.append(loop)
            self._local.loop = loop
        return loop

    def _background_portal(self) -> BlockingPortal:
        with self._lock:
            if self._portal is None:
                self._portal = self._exit_stack.enter_context(start_blocking_portal())
            return self._portal

    def close(self) -> None:
        with self._lock:
            self._closed = True
            loops, self._loops = self._loops, []
        for loop in loops:
            if not loop.is_running():
                loop.close()
        self._exit_stack.close()


class AsyncMockTransport(httpx.AsyncBaseTransport):
    """An async httpx transport to an ASGI app, run on the caller's event loop."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        return await call_app(self.app, request, body)
