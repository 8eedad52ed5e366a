"""Raw ASGI plumbing: reading a bounded body, sending an answer, dropping the connection."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Protocol

from starlette.types import Receive, Scope, Send

from qovery_mock.errors import error_body

JSON_TYPE = b"application/json"
DRAIN_LIMIT = 64 * 1024 * 1024
# Answers that HTTP forbids to carry a body (RFC 9110, 15.3.5 and 15.4.5).
BODILESS_STATUSES = frozenset({204, 304})


class DroppedConnection(ConnectionError):
    """Raised out of the app when a connection should be dropped and no server socket is at hand
    (in-process use); the in-process transports turn it into the error a real client would see."""


@dataclass(frozen=True)
class Body:
    data: bytes
    too_large: bool
    complete: bool


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


async def read_body(receive: Receive, limit: int) -> Body:
    """Read the request body, keeping at most `limit` bytes.

    A larger body is still read to its end (up to a generous bound), so that the answer does not race
    with a client still sending; past the bound, reading stops and the connection is closed.
    """
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return Body(b"".join(chunks), too_large=size > limit, complete=False)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size <= limit:
            chunks.append(chunk)
        elif chunks:
            chunks = []
        if not message.get("more_body", False):
            return Body(b"".join(chunks) if size <= limit else b"", too_large=size > limit, complete=True)
        if size > DRAIN_LIMIT:
            return Body(b"", too_large=True, complete=False)


async def send_bytes(
    send: Send,
    status: int,
    body: bytes,
    content_type: bytes = JSON_TYPE,
    headers: dict[str, str] | None = None,
    close: bool = False,
) -> None:
    if status in BODILESS_STATUSES:
        body = b""
        raw_headers: list[tuple[bytes, bytes]] = []
    else:
        raw_headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    if headers:
        raw_headers.extend(
            (name.encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()
        )
    if close:
        raw_headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


async def send_error(
    send: Send, status: int, message: str, headers: dict[str, str] | None = None, close: bool = False
) -> None:
    await send_bytes(send, status, error_body(status, message), headers=headers, close=close)


class Abortable(Protocol):
    def abort(self) -> None: ...


# The connection a request came on, when a server that can drop it serves the app: set by the served
# mock's HTTP protocol while it hands data to the parser, so that the task it starts for each request
# inherits it (an asyncio task copies the context it is created in).
_CONNECTION: ContextVar[Abortable | None] = ContextVar("qovery_mock_connection", default=None)


@contextmanager
def serving_connection(connection: Abortable) -> Iterator[None]:
    """Requests started inside this block come on `connection`: drop_connection aborts it."""
    token = _CONNECTION.set(connection)
    try:
        yield
    finally:
        _CONNECTION.reset(token)


async def drop_connection() -> None:
    """End the exchange without any answer: abort the connection under the served mock, else raise
    DroppedConnection for the in-process transports to report."""
    connection = _CONNECTION.get()
    if connection is None:
        raise DroppedConnection("the mock dropped the connection without answering")
    connection.abort()
    # Let the server see the connection is gone, so it does not try to answer on it.
    await asyncio.sleep(0)
