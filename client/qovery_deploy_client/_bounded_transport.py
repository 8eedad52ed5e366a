"""Transports that make each attempt within the call's limits: the time it has left, and the body size.

Each attempt's connect, write and reads are given at most the time the call has left (`_deadline`), an
asynchronous attempt is cancelled when that time is up, and the answer's body is decoded within
`MAX_BODY_BYTES` and, chunk by chunk, before the deadline (`_body`).
"""

import asyncio

import httpx

from ._body import ACCEPT_ENCODING, AsyncBoundedStream, BodyDecoder, BoundedStream, decoded_headers
from ._deadline import start_attempt, start_call, time_left, timed_out
from ._request_options import operation_of
from ._retry_policy import Clock
from .errors import ResponseBodyError


def _prepare(request: httpx.Request, clock: Clock) -> tuple[str, float | None]:
    operation = operation_of(request)
    start_call(request, clock)
    # Only the codings `_body` decodes: httpx may offer more when brotli or zstandard are installed.
    request.headers["Accept-Encoding"] = ACCEPT_ENCODING
    return operation, start_attempt(request, clock, operation)


def _unread_body(
    response: httpx.Response, request: httpx.Request
) -> tuple[httpx.SyncByteStream | httpx.AsyncByteStream, str]:
    """The body still to read and its Content-Encoding. A transport below may have read the body already
    (httpx then decoded it): its content is handed on as it is, within the same limits."""
    # The answer handed on replaces this one: this one is tied to its request, as httpx ties the other.
    response.request = request
    if response.is_stream_consumed:
        return httpx.ByteStream(response.content), ""
    return response.stream, response.headers.get("content-encoding", "")


class BoundedTransport(httpx.BaseTransport):
    """Sends each request through another transport within the call's time, and bounds its body."""

    def __init__(self, transport: httpx.BaseTransport, clock: Clock) -> None:
        self._transport = transport
        self._clock = clock

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        operation, _ = _prepare(request, self._clock)
        response = self._transport.handle_request(request)

        def check_time() -> None:
            left = time_left(request, self._clock)
            if left is not None and left <= 0:
                raise timed_out(request, operation)

        inner, encoding = _unread_body(response, request)
        assert isinstance(inner, httpx.SyncByteStream)
        stream = BoundedStream(
            inner,
            BodyDecoder(encoding),
            lambda reason: ResponseBodyError(operation, response.status_code, reason),
            check_time,
        )
        return httpx.Response(
            response.status_code,
            headers=decoded_headers(response),
            stream=stream,
            extensions=response.extensions,
            request=request,
        )

    def close(self) -> None:
        self._transport.close()


class AsyncBoundedTransport(httpx.AsyncBaseTransport):
    """The asynchronous BoundedTransport: an attempt is cancelled when the call's time is up."""

    def __init__(self, transport: httpx.AsyncBaseTransport, clock: Clock) -> None:
        self._transport = transport
        self._clock = clock

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        operation, left = _prepare(request, self._clock)
        try:
            async with asyncio.timeout(left):
                response = await self._transport.handle_async_request(request)
        except TimeoutError:
            raise timed_out(request, operation) from None

        inner, encoding = _unread_body(response, request)
        assert isinstance(inner, httpx.AsyncByteStream)
        stream = AsyncBoundedStream(
            inner,
            BodyDecoder(encoding),
            lambda reason: ResponseBodyError(operation, response.status_code, reason),
            lambda: time_left(request, self._clock),
            lambda: timed_out(request, operation),
        )
        return httpx.Response(
            response.status_code,
            headers=decoded_headers(response),
            stream=stream,
            extensions=response.extensions,
            request=request,
        )

    async def aclose(self) -> None:
        await self._transport.aclose()
