"""The uvicorn HTTP protocol of the served mock: answers in one socket write, and guarded request heads.

uvicorn writes the status line and headers of an answer as soon as the app starts it, then the body
in a second write. On loopback each write is a system call that also wakes the client, so a small
JSON answer costs two. Here the writes made within one turn of the event loop are held and written
together at the end of the turn, which turns an answer into a single write without changing its
bytes or their order.

Each connection's requests are also followed in the byte stream, before the HTTP parser sees them,
so that both parsers get the same limits: a head larger than `max_header_bytes` gets 431, a head not
complete `request_timeout` seconds after the connection opened or after its first byte gets 408, and
a body not complete `request_timeout` seconds after its head ends has its connection closed.
Everything here goes through the asyncio protocol and transport interfaces.
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
from qovery_mock.wire import serving_connection

HEAD_END = b"\r\n\r\n"
REASONS = {408: "Request Timeout", 431: "Request Header Fields Too Large"}


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


def _content_length(head: bytes) -> int | None:
    """The body length a request head announces; None when it cannot be followed (chunked, or a
    length the parser will refuse anyway)."""
    lowered = head.lower()
    if b"\ntransfer-encoding:" in lowered:
        return None
    found = lowered.find(b"\ncontent-length:")
    if found < 0:
        return 0
    lengths: set[bytes] = set()
    while found >= 0:
        start = found + len(b"\ncontent-length:")
        lengths.add(lowered[start : lowered.find(b"\r\n", start)].strip())
        found = lowered.find(b"\ncontent-length:", start)
    value = lengths.pop()
    if lengths or not value.isdigit():
        return None
    return int(value)


class RequestGuard:
    """Follows the requests of one connection through the byte stream, before any parser: each head
    must stay within `max_header_bytes` and arrive within `request_timeout` of the connection's opening
    or of its own first byte; each body (by its Content-Length) must then arrive within
    `request_timeout` of the head's end. A chunked body ends the following of that connection.

    Time is checked by one timer per connection that ticks every quarter of `request_timeout`, so that
    a request costs no timer of its own: a late part is cut off between 1 and 1.25 times the timeout.
    """

    def __init__(
        self, limits: ServerLimits, loop: asyncio.AbstractEventLoop, refuse: Callable[[int | None], None]
    ) -> None:
        """`refuse(status)` answers with `status` and closes the connection; `refuse(None)` closes it
        without an answer (nothing sent yet, or a body cut short)."""
        self._limits = limits
        self._loop = loop
        self._refuse = refuse
        self._head = bytearray()
        self._body_left = 0
        self._following = True
        # When the part being received (a head, or a body) must be complete; None between requests.
        self._deadline: float | None = loop.time() + limits.request_timeout
        self._tick = limits.request_timeout / 4
        self._timer: asyncio.TimerHandle | None = loop.call_later(self._tick, self._check)

    def received(self, data: bytes) -> bool:
        """Whether `data` may go on to the parser; False when the connection was refused."""
        position = 0
        limit = self._limits.max_header_bytes
        while self._following and position < len(data):
            if self._deadline is None:
                self._deadline = self._loop.time() + self._limits.request_timeout
            if self._body_left:
                taken = min(self._body_left, len(data) - position)
                self._body_left -= taken
                position += taken
                if not self._body_left:
                    self._deadline = None
                continue
            if not self._head:
                # The usual case: a whole head in one read.
                end = data.find(HEAD_END, position, position + limit)
                if end >= 0:
                    position = self._head_done(data[position : end + len(HEAD_END)], end + len(HEAD_END))
                    continue
            before = len(self._head)
            self._head += data[position : position + limit + len(HEAD_END) - before]
            end = self._head.find(HEAD_END, max(before - len(HEAD_END) + 1, 0))
            if end < 0 or end + len(HEAD_END) > limit:
                if end >= 0 or len(self._head) > limit:
                    self.stop()
                    self._refuse(431)
                    return False
                position = len(data)
                continue
            head = bytes(self._head[: end + len(HEAD_END)])
            self._head = bytearray()
            position = self._head_done(head, position + len(head) - before)
        return True

    def _head_done(self, head: bytes, position: int) -> int:
        """Account for a complete head; where the data goes on after it."""
        length = _content_length(head)
        self._deadline = None
        if length is None:
            self.stop()
        elif length:
            self._body_left = length
            self._deadline = self._loop.time() + self._limits.request_timeout
        return position

    def stop(self) -> None:
        self._following = False
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _check(self) -> None:
        self._timer = None
        if not self._following:
            return
        if self._deadline is None or self._loop.time() < self._deadline:
            self._timer = self._loop.call_later(self._tick, self._check)
            return
        self._following = False
        self._refuse(408 if self._head else None)


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
            self._mock_guard = RequestGuard(limits, loop, self._mock_refuse)
            self._mock_connection = CoalescingTransport(transport, loop)  # type: ignore[arg-type]
            super().connection_made(self._mock_connection)

        def data_received(self, data: bytes) -> None:
            if self._mock_guard.received(data):
                with serving_connection(self._mock_connection):
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
                message = f"the request head took longer than {limits.request_timeout:g} s"
            transport.write(refusal(status, message))  # type: ignore[attr-defined]
            transport.close()

    ServedHTTPProtocol.__name__ = f"Served{base.__name__}"
    return ServedHTTPProtocol


def http_implementation(http: str = "auto") -> str:
    """The parser uvicorn will use for `http`: "httptools" or "h11"."""
    if http != "auto":
        return http
    return "httptools" if importlib.util.find_spec("httptools") else "h11"
