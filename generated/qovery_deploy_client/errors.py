"""The errors this client raises: one class per kind of failed answer.

Every answer that is not a success raises an `APIStatusError` subclass naming the operation, the
status code and the body. A success whose body is not the documented JSON raises
`ResponseValidationError`. Neither ever carries the request's `Authorization` header, and should the
server echo the credential in its answer, the message shows `[REDACTED]` in its place.
"""

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

import httpx

from ._retry_after import parse_retry_after
from ._shapes import Shape, ShapeError, check_json

_BODY_SHOWN = 500
_REDACTED = "[REDACTED]"

T = TypeVar("T")


def _rebuild(kind: type["QoveryError"], args: tuple[Any, ...], state: dict[str, Any]) -> "QoveryError":
    error = kind.__new__(kind, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class QoveryError(Exception):
    """The base of every error this package raises.

    Every one survives pickle, copy.copy and copy.deepcopy (as multiprocessing, pytest-xdist and log
    handlers need): it is rebuilt from its message and attributes, not by calling its constructor again.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, (type(self), self.args, dict(self.__dict__))


class MissingTokenError(QoveryError, ValueError):
    """No usable API token was given, and `QOVERY_API_TOKEN` has none either."""


class InvalidArgumentError(QoveryError, ValueError):
    """An argument cannot be sent as the spec requires (an id that is not a UUID); nothing was sent."""


class EventLoopError(QoveryError, RuntimeError):
    """An httpx.AsyncClient given to the client is used from another event loop; nothing was sent."""


def _redact(text: str, secrets: Iterable[str]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, _REDACTED)
    return text


def _credentials(response: httpx.Response) -> tuple[str, ...]:
    """The credential the request sent, whole and without its scheme, to keep out of messages."""
    try:
        value = response.request.headers.get("authorization", "")
    except RuntimeError:  # a response made without a request
        return ()
    credential = value.partition(" ")[2].strip()
    return tuple(secret for secret in (value.strip(), credential) if secret)


def _body_text(content: bytes, secrets: Iterable[str] = ()) -> str:
    # Redacted before it is cut, so that no part of a secret is left at the cut.
    text = _redact(content.decode("utf-8", errors="replace").strip(), secrets)
    if len(text) > _BODY_SHOWN:
        return text[:_BODY_SHOWN] + f"... ({len(content)} bytes)"
    return text or "(empty body)"


class APIStatusError(QoveryError):
    """The API answered with a status code that is not a success."""

    def __init__(
        self,
        operation: str,
        status_code: int,
        content: bytes,
        headers: Mapping[str, str] | None = None,
        *,
        secrets: Iterable[str] = (),
    ):
        self.operation = operation
        self.status_code = status_code
        self.content = content
        self.headers: Mapping[str, str] = dict(headers or {})
        super().__init__(f"{operation}: HTTP {status_code} {self._phrase()}: {_body_text(content, secrets)}")

    def _phrase(self) -> str:
        return httpx.codes.get_reason_phrase(self.status_code) or "Unknown status"

    @property
    def body(self) -> Any:
        """The body decoded as JSON, or None when it is not JSON (or too deeply nested to decode)."""
        try:
            return json.loads(self.content)
        except (ValueError, RecursionError):
            return None


class BadRequestError(APIStatusError):
    """400: the request is malformed (an id that is not a UUID, an unknown query value, a bad body)."""


class AuthenticationError(APIStatusError):
    """401: the token is missing, malformed, unknown or expired."""


class PermissionDeniedError(APIStatusError):
    """403: the token is valid but may not act on this resource."""


class NotFoundError(APIStatusError):
    """404: no resource has this id."""


class ConflictError(APIStatusError):
    """409: another operation on this resource is in progress."""


class PayloadTooLargeError(APIStatusError):
    """413: the request body is larger than the server accepts."""


class RateLimitError(APIStatusError):
    """429: too many requests; `retry_after` says how long to wait, when the API said it."""

    @property
    def retry_after(self) -> float | None:
        return parse_retry_after(self.headers.get("retry-after") or self.headers.get("Retry-After"))


class InternalServerError(APIStatusError):
    """5xx: the server failed. A redeploy that got this may or may not have been queued."""


class UnexpectedStatus(APIStatusError):
    """Any other status code that is not a success."""


class ResponseValidationError(QoveryError):
    """A success whose body is not JSON, or not the shape the spec documents."""

    def __init__(self, operation: str, status_code: int, content: bytes, reason: str, *, secrets: Iterable[str] = ()):
        self.operation = operation
        self.status_code = status_code
        self.content = content
        self.reason = _redact(reason, secrets)
        super().__init__(
            f"{operation}: HTTP {status_code} with a body that {self.reason}: {_body_text(content, secrets)}"
        )


class APIConnectionError(QoveryError):
    """The request got no answer: the connection failed or broke. The httpx error is the `__cause__`.

    When the request may have reached the server (a dropped connection), a redeploy may have been
    queued all the same.
    """

    def __init__(self, message: str, *, operation: str = "") -> None:
        self.operation = operation
        super().__init__(message)


class APITimeoutError(APIConnectionError):
    """No answer in time (to connect, send, read or get a pooled connection); the httpx error is the `__cause__`."""


@contextmanager
def transport_errors(operation: str) -> Iterator[None]:
    """Turn httpx's request failures raised inside into APITimeoutError or APIConnectionError."""
    try:
        yield
    except httpx.TimeoutException as error:
        raise APITimeoutError(
            f"{operation}: no answer in time ({type(error).__name__}: {error})", operation=operation
        ) from error
    except httpx.RequestError as error:
        raise APIConnectionError(f"{operation}: {type(error).__name__}: {error}", operation=operation) from error


class ResponseBodyError(QoveryError):
    """The body of an answer could not be read: broken gzip or deflate, an encoding the client did not
    ask for, or more than the client accepts once decompressed (`MAX_BODY_BYTES` of `_body`)."""

    def __init__(self, operation: str, status_code: int, reason: str):
        self.operation = operation
        self.status_code = status_code
        self.reason = reason
        super().__init__(f"{operation}: HTTP {status_code} with a body that cannot be read: {reason}")


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    413: PayloadTooLargeError,
    429: RateLimitError,
}


def error_for_response(operation: str, response: httpx.Response) -> APIStatusError:
    """The error to raise for an answer that is not a success."""
    status = response.status_code
    kind = _BY_STATUS.get(status) or (InternalServerError if status >= 500 else UnexpectedStatus)
    return kind(operation, status, response.content, response.headers, secrets=_credentials(response))


def parse_body(operation: str, response: httpx.Response, parse: Callable[[Any], T], shape: Shape | None = None) -> T:
    """Decode a success's JSON body, check it has the documented shape, and build its model; any failure
    raises ResponseValidationError, which names the field when one is at fault."""
    try:
        data = json.loads(response.content)
    except (ValueError, RecursionError) as error:
        detail = "nested too deeply" if isinstance(error, RecursionError) else type(error).__name__
        raise ResponseValidationError(
            operation,
            response.status_code,
            response.content,
            f"is not JSON ({detail})",
            secrets=_credentials(response),
        ) from None
    if shape is not None:
        try:
            check_json(data, shape)
        except ShapeError as mismatch:
            raise ResponseValidationError(
                operation,
                response.status_code,
                response.content,
                f"does not match the documented schema: {mismatch}",
                secrets=_credentials(response),
            ) from None
    try:
        return parse(data)
    except (KeyError, ValueError, TypeError, AttributeError, RecursionError) as error:
        reason = f"does not match the documented schema ({type(error).__name__}: {error})"
        problem = ResponseValidationError(
            operation, response.status_code, response.content, reason, secrets=_credentials(response)
        )
        if problem.reason != reason:
            # The cause quotes the credential: it is left out of the traceback.
            raise problem from None
        raise problem from error


__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "EventLoopError",
    "InternalServerError",
    "InvalidArgumentError",
    "MissingTokenError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "QoveryError",
    "RateLimitError",
    "ResponseBodyError",
    "ResponseValidationError",
    "UnexpectedStatus",
    "error_for_response",
    "parse_body",
    "parse_retry_after",
    "transport_errors",
]
