"""The settings of one call, carried to the transports in the request's extensions."""

from typing import Any

import httpx
from attrs import define, evolve

from ._retry_policy import RetryPolicy

_PACKAGE = __name__.rpartition(".")[0]
_OPERATION = f"{_PACKAGE}.operation"
_RETRY = f"{_PACKAGE}.retry"
# Methods whose requests change nothing on the server, so that sending one twice is harmless.
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@define(frozen=True)
class RequestOptions:
    """Settings of one call that replace the client's.

    Attributes:
        timeout: Seconds, or an httpx.Timeout, for each send of this call.
        retry: The retry policy of this call.
    """

    timeout: httpx.Timeout | float | None = None
    retry: RetryPolicy | None = None


def request_kwargs(operation: str, options: RequestOptions | None) -> dict[str, Any]:
    """The httpx request arguments that carry an operation's name and its per-call options."""
    extensions: dict[str, Any] = {_OPERATION: operation}
    kwargs: dict[str, Any] = {"extensions": extensions}
    if options is not None:
        if options.retry is not None:
            extensions[_RETRY] = options.retry
        if options.timeout is not None:
            kwargs["timeout"] = options.timeout
    return kwargs


def operation_of(request: httpx.Request) -> str:
    """The operation a request belongs to, for log records: its operationId, else its method and path."""
    name: str | None = request.extensions.get(_OPERATION)
    return name or f"{request.method} {request.url.path}"


def policy_of(request: httpx.Request, default: RetryPolicy) -> RetryPolicy:
    """The retry policy of a request: its call's own, else the client's; unsafe retries on for a read."""
    policy: RetryPolicy = request.extensions.get(_RETRY, default)
    if request.method in _SAFE_METHODS and not policy.retry_unsafe:
        return evolve(policy, retry_unsafe=True)
    return policy
