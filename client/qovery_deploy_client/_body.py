"""Reading an answer's body within limits: decoded here, bounded in size, and read before the call's deadline.

The client asks for `gzip` or `deflate` only, and decodes the body itself, so that it can stop a body
that grows past `MAX_BODY_BYTES` once decompressed (a "zip bomb") before it fills memory. Every failure
to read a body (broken compression, an encoding it did not ask for, a body too big) raises
`errors.ResponseBodyError`. The answer handed on has the decoded body, without its Content-Encoding and
Content-Length headers, which no longer describe it.
"""

import asyncio
import zlib
from collections.abc import AsyncIterator, Callable, Iterator

import httpx

# The largest body the client reads, once decompressed: a deployment status is a few kilobytes.
MAX_BODY_BYTES = 10 * 1024 * 1024
ACCEPT_ENCODING = "gzip, deflate"
_DROPPED = frozenset({"content-encoding", "content-length"})


class UnreadableBody(ValueError):
    """Why a body cannot be read."""


class _Inflater:
    """One content coding undone (gzip or deflate), its output bounded."""

    def __init__(self, coding: str) -> None:
        self._coding = coding
        self._zlib = zlib.decompressobj(zlib.MAX_WBITS if coding == "deflate" else 16 + zlib.MAX_WBITS)
        self._started = False

    def feed(self, data: bytes, room: int) -> bytes:
        first = not self._started and bool(data)
        self._started = self._started or first
        try:
            out = self._zlib.decompress(data, room + 1)
        except zlib.error as error:
            if not (first and self._coding == "deflate"):
                raise UnreadableBody(f"its {self._coding} data is broken ({error})") from None
            # "deflate" is zlib-wrapped by the standard, but some servers send it raw.
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            return self.feed(data, room)
        if len(out) > room:
            raise UnreadableBody("too big")
        return out

    def finish(self) -> None:
        if self._started and not self._zlib.eof:
            raise UnreadableBody(f"its {self._coding} data is cut short")


class BodyDecoder:
    """Undoes an answer's Content-Encoding chunk by chunk, and refuses more than `limit` bytes."""

    def __init__(self, content_encoding: str, limit: int = MAX_BODY_BYTES) -> None:
        codings = [coding.strip().lower() for coding in content_encoding.split(",") if coding.strip()]
        self._unknown = next((c for c in codings if c not in ("gzip", "x-gzip", "deflate", "identity")), None)
        # Codings are listed in the order they were applied: undone from the last.
        self._inflaters = [_Inflater(coding) for coding in reversed(codings) if coding != "identity"]
        self._limit = limit
        self._size = 0

    def _too_big(self) -> UnreadableBody:
        return UnreadableBody(f"it is larger than {self._limit} bytes once decoded, the most the client reads")

    def feed(self, chunk: bytes) -> bytes:
        if self._unknown is not None:
            raise UnreadableBody(f"its Content-Encoding {self._unknown!r} is not one the client asked for")
        try:
            for inflater in self._inflaters:
                chunk = inflater.feed(chunk, self._limit - self._size)
        except UnreadableBody as problem:
            raise self._too_big() if str(problem) == "too big" else problem from None
        self._size += len(chunk)
        if self._size > self._limit:
            raise self._too_big()
        return chunk

    def finish(self) -> None:
        self.feed(b"")
        for inflater in self._inflaters:
            inflater.finish()


class BoundedStream(httpx.SyncByteStream):
    """The decoded body of an answer. `fail` makes the error of a body that cannot be read; `check_time`
    raises once the call's time is up, checked as each chunk arrives."""

    def __init__(
        self,
        inner: httpx.SyncByteStream,
        decoder: BodyDecoder,
        fail: Callable[[str], Exception],
        check_time: Callable[[], None],
    ) -> None:
        self._inner = inner
        self._decoder = decoder
        self._fail = fail
        self._check_time = check_time

    def __iter__(self) -> Iterator[bytes]:
        try:
            for chunk in self._inner:
                self._check_time()
                yield self._decoder.feed(chunk)
            self._decoder.finish()
        except UnreadableBody as problem:
            raise self._fail(str(problem)) from None

    def close(self) -> None:
        self._inner.close()


class AsyncBoundedStream(httpx.AsyncByteStream):
    """The asynchronous BoundedStream: the wait for each chunk ends when the call's time is up."""

    def __init__(
        self,
        inner: httpx.AsyncByteStream,
        decoder: BodyDecoder,
        fail: Callable[[str], Exception],
        time_left: Callable[[], float | None],
        timed_out: Callable[[], Exception],
    ) -> None:
        self._inner = inner
        self._decoder = decoder
        self._fail = fail
        self._time_left = time_left
        self._timed_out = timed_out

    async def __aiter__(self) -> AsyncIterator[bytes]:
        chunks = self._inner.__aiter__()
        try:
            while True:
                try:
                    async with asyncio.timeout(self._time_left()):
                        chunk = await anext(chunks)
                except StopAsyncIteration:
                    break
                except TimeoutError:
                    raise self._timed_out() from None
                yield self._decoder.feed(chunk)
            self._decoder.finish()
        except UnreadableBody as problem:
            raise self._fail(str(problem)) from None

    async def aclose(self) -> None:
        await self._inner.aclose()


def decoded_headers(response: httpx.Response) -> list[tuple[str, str]]:
    """The answer's headers, but those that describe the encoded body."""
    return [(name, value) for name, value in response.headers.multi_items() if name.lower() not in _DROPPED]
