"""A uvicorn HTTP protocol that sends each answer in one socket write.

uvicorn writes the status line and headers of an answer as soon as the app starts it, then the body
in a second write. On loopback each write is a system call that also wakes the client, so a small
JSON answer costs two. Here the writes made within one turn of the event loop are held and written
together at the end of the turn, which turns an answer into a single write without changing its
bytes or their order.
"""

from __future__ import annotations

import asyncio
import functools
import importlib.util
from typing import Any

from uvicorn.config import HTTP_PROTOCOLS
from uvicorn.importer import import_from_string


class CoalescingTransport:
    """Proxy over an asyncio transport that merges the writes of one event-loop turn."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._held: list[bytes] = []

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not data:
            return
        if not self._held:
            self._loop.call_soon(self.flush)
        self._held.append(bytes(data))

    def writelines(self, chunks: Any) -> None:
        for chunk in chunks:
            self.write(chunk)

    def flush(self) -> None:
        if self._held:
            data = b"".join(self._held) if len(self._held) > 1 else self._held[0]
            self._held = []
            self._transport.write(data)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def abort(self) -> None:
        self._held = []
        self._transport.abort()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


HTTP_IMPLEMENTATIONS = ("auto", "h11", "httptools")


@functools.cache
def coalescing_protocol(http: str = "auto") -> type[asyncio.Protocol]:
    """uvicorn's HTTP protocol `http` ("auto": httptools when installed, else h11) over a
    CoalescingTransport."""
    if http not in HTTP_IMPLEMENTATIONS:
        raise ValueError(f"http must be one of {', '.join(HTTP_IMPLEMENTATIONS)}")
    base: type[Any] = import_from_string(HTTP_PROTOCOLS[http])

    class CoalescingHTTPProtocol(base):  # type: ignore[misc]
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            super().connection_made(CoalescingTransport(transport, asyncio.get_running_loop()))  # type: ignore[arg-type]

    CoalescingHTTPProtocol.__name__ = f"Coalescing{base.__name__}"
    return CoalescingHTTPProtocol


def http_implementation(http: str = "auto") -> str:
    """The parser uvicorn will use for `http`: "httptools" or "h11"."""
    if http != "auto":
        return http
    return "httptools" if importlib.util.find_spec("httptools") else "h11"
