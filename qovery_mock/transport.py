"""httpx transports that call the ASGI app in-process, for sync and async clients.

Both wrap `httpx.ASGITransport`. `MockTransport` serves a sync `httpx.Client` (from any number of
threads), `AsyncMockTransport` an `httpx.AsyncClient`. An injected dropped connection comes out as
`httpx.RemoteProtocolError`, as it does from a real server.
"""

from __future__ import annotations

import asyncio
import threading
from contextlib import ExitStack

import httpx
from anyio.from_thread import BlockingPortal, start_blocking_portal
from starlette.types import ASGIApp

from qovery_mock.wire import DroppedConnection

CLIENT_ADDRESS = ("127.0.0.1", 50000)


class AsyncMockTransport(httpx.AsyncBaseTransport):
    """An async httpx transport to an ASGI app, run on the caller's event loop."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._asgi = httpx.ASGITransport(app, client=CLIENT_ADDRESS)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await self._asgi.handle_async_request(request)
        except DroppedConnection:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            ) from None


class MockTransport(httpx.BaseTransport):
    """A sync httpx transport to an ASGI app, without sockets. Close it (or the client) when done.

    Each calling thread runs the app on an event loop of its own, so calls from many threads run
    side by side as they would against a server. A caller already inside a running event loop is
    served from a background thread instead.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._async = AsyncMockTransport(app)
        self._local = threading.local()
        self._loops: list[asyncio.AbstractEventLoop] = []
        self._lock = threading.Lock()
        self._exit_stack = ExitStack()
        self._portal: BlockingPortal | None = None
        self._closed = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        # The app reads the body as an async stream: the sync one is read here and passed on as bytes.
        forwarded = httpx.Request(
            request.method,
            request.url,
            headers=request.headers,
            stream=httpx.ByteStream(request.read()),
            extensions=request.extensions,
        )
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            status, headers, content = self._thread_loop().run_until_complete(self._call(forwarded))
        else:
            status, headers, content = self._background_portal().call(self._call, forwarded)
        return httpx.Response(status, headers=headers, stream=httpx.ByteStream(content), request=request)

    async def _call(self, request: httpx.Request) -> tuple[int, httpx.Headers, bytes]:
        try:
            response = await self._async.handle_async_request(request)
        except httpx.RemoteProtocolError as error:
            raise httpx.RemoteProtocolError(str(error), request=request) from None
        return response.status_code, response.headers, await response.aread()

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
