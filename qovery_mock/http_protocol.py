"""The uvicorn HTTP protocol of the served mock: answers in one socket write, and guarded request heads.

uvicorn writes the status line and headers of an answer as soon as the app starts it, then the body
in a second write. On loopback each write is a system call that also wakes the client, so a small
JSON answer costs two. Here the writes made within one turn of the event loop are held and written
together at the end of the turn, which turns an answer into a single write without changing its
bytes or their order.

Each connection's request heads are also watched, before the HTTP parser sees them, so that both
parsers get the same limits: a head larger than `max_header_bytes` gets 431, and a head not complete
`header_timeout` seconds after the connection opened or after its first byte gets 408; either way the
connection is then closed. Everything here goes through the asyncio protocol and transport interfaces.
"""

from __future__ import annotations

import asyncio
import functools
import importlib.util
from collections.abc import Callable
from typing import Any

from uvicorn.config import HTTP_PROTOCOLS
from uvicorn.importer import import_from_string

from qovery_mock.errors import error_body
from qovery_mock.limits import ServerLimits

HEAD_END = b"\r\n\r\n"
REASONS = {408: "Request Timeout", 431: "Request Header Fields Too Large"}


class CoalescingTransport:
    """Proxy over an asyncio transport that merges the writes of one event-loop turn, and tells
    `on_write` when an answer starts going out."""

    def __init__(
        self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop, on_write: Callable[[], None]
    ) -> None:
        self._transport = transport
        self._loop = loop
        self._on_write = on_write
        self._held: list[bytes] = []

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not data:
            return
        self._on_write()
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


class HeadGuard:
    """Watches the request heads of one connection: their size and how long they take to arrive.

    A head starts when the connection opens and again with the first byte after an answer went out;
    it ends at the first empty line. Bytes after it (the body) are not counted.
    """

    def __init__(
        self, limits: ServerLimits, loop: asyncio.AbstractEventLoop, refuse: Callable[[int | None], None]
    ) -> None:
        """`refuse(status)` answers with `status` and closes the connection; `refuse(None)` closes it
        without an answer (a connection that never sent a byte)."""
        self._limits = limits
        self._loop = loop
        self._refuse = refuse
        self._reading_head = True
        self._size = 0
        self._tail = b""
        self._timer: asyncio.TimerHandle | None = loop.call_later(limits.header_timeout, self._timed_out)

    def received(self, data: bytes) -> bool:
        """Whether `data` may go on to the parser; False when the connection was refused."""
        if not self._reading_head:
            return True
        if self._timer is None:
            self._timer = self._loop.call_later(self._limits.header_timeout, self._timed_out)
        window = self._tail + data
        end = window.find(HEAD_END)
        if end < 0:
            self._size += len(data)
            self._tail = window[-(len(HEAD_END) - 1) :]
        else:
            self._size += end + len(HEAD_END) - len(self._tail)
        if self._size > self._limits.max_header_bytes:
            self.stop()
            self._refuse(431)
            return False
        if end >= 0:
            self.stop()
        return True

    def answered(self) -> None:
        """An answer is going out: what the client sends next is a new request head."""
        if not self._reading_head:
            self._reading_head = True
            self._size = 0
            self._tail = b""

    def stop(self) -> None:
        self._reading_head = False
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _timed_out(self) -> None:
        self._timer = None
        if self._reading_head:
            self._reading_head = False
            self._refuse(408 if self._size else None)


def refusal(status: int, message: str) -> bytes:
    body = error_body(status, message)
    head = (
        f"HTTP/1.1 {status} {REASONS[status]}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode("latin-1") + body


HTTP_IMPLEMENTATIONS = ("auto", "h11", "httptools")


@functools.cache
def served_protocol(http: str, limits: ServerLimits) -> type[asyncio.Protocol]:
    """uvicorn's HTTP protocol `http` ("auto": httptools when installed, else h11), over a
    CoalescingTransport and with the request heads guarded by `limits`."""
    if http not in HTTP_IMPLEMENTATIONS:
        raise ValueError(f"http must be one of {', '.join(HTTP_IMPLEMENTATIONS)}")
    base: type[Any] = import_from_string(HTTP_PROTOCOLS[http])

    class ServedHTTPProtocol(base):  # type: ignore[misc]
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            loop = asyncio.get_running_loop()
            self._mock_transport = transport
            self._mock_guard = HeadGuard(limits, loop, self._mock_refuse)
            super().connection_made(CoalescingTransport(transport, loop, self._mock_guard.answered))  # type: ignore[arg-type]

        def data_received(self, data: bytes) -> None:
            if self._mock_guard.received(data):
                super().data_received(data)

        def connection_lost(self, exc: Exception | None) -> None:
            self._mock_guard.stop()
            super().connection_lost(exc)

        def _mock_refuse(self, status: int | None) -> None:
            transport = self._mock_transport
            if transport.is_closing():
                return
            if status is None:
                transport.close()
                return
            if status == 431:
                message = f"the request head is larger than {limits.max_header_bytes} bytes"
            else:
                message = f"the request head took longer than {limits.header_timeout:g} s"
            transport.write(refusal(status, message))  # type: ignore[attr-defined]
            transport.close()

    ServedHTTPProtocol.__name__ = f"Served{base.__name__}"
    return ServedHTTPProtocol


def http_implementation(http: str = "auto") -> str:
    """The parser uvicorn will use for `http`: "httptools" or "h11"."""
    if http != "auto":
        return http
    return "httptools" if importlib.util.find_spec("httptools") else "h11"
