"""When a request is sent again: the retry policy, the clock it runs on, and which outcomes call for a retry.

The rules are safe for calls that start deployments. Tried again: 429 and 503 answers (the server did
not act on the request), and connection failures raised before the request was sent. Other 5xx
answers, and timeouts or dropped connections after the request was sent, are tried again only under
`RetryPolicy(retry_unsafe=True)`: the server may already have queued the deployment. Reads (GET)
change nothing on the server, so they are always tried again on those too.
"""

import asyncio
import math
import time
from typing import Any, Protocol

import httpx
from attrs import Attribute, define, field, validators


class Clock(Protocol):
    """The time source of retries; tests give one that only pretends to sleep."""

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...

    async def asleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    async def asleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def _seconds(instance: object, attribute: "Attribute[Any]", value: Any) -> None:
    """A number of seconds (or a fraction): finite and not negative."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise ValueError(f"{attribute.name} must be a finite number, 0 or more, got {value!r}")


def _optional_seconds(instance: object, attribute: "Attribute[Any]", value: Any) -> None:
    if value is not None:
        _seconds(instance, attribute, value)


@define(frozen=True)
class RetryPolicy:
    """When a request is sent again, how often, and for how long in all.

    Attributes:
        max_attempts: Sends at most, the first included; 1 turns retries off.
        deadline: Seconds from the first send after which no retry starts; None for no limit.
        initial_backoff: Seconds before the first retry when the server gives no `Retry-After`;
            doubled at each further retry, up to `max_backoff`.
        max_backoff: The longest wait between two sends without `Retry-After`.
        jitter: The fraction of the backoff added at random, so clients do not retry in step.
        max_wait: The longest single wait, whatever the backoff or `Retry-After` says: a `Retry-After`
            longer than this is not waited for, and the answer is raised at once.
        retry_unsafe: Also retry other 5xx answers, and timeouts or dropped connections after the
            request was sent. The server may then apply the operation twice: opt in per call only
            where that is acceptable.
    """

    max_attempts: int = field(default=4, validator=[validators.instance_of(int), validators.ge(1)])
    deadline: float | None = field(default=60.0, validator=_optional_seconds)
    initial_backoff: float = field(default=0.5, validator=_seconds)
    max_backoff: float = field(default=8.0, validator=_seconds)
    jitter: float = field(default=0.25, validator=_seconds)
    retry_unsafe: bool = False
    max_wait: float = field(default=120.0, validator=_seconds)


NO_RETRY = RetryPolicy(max_attempts=1)

_SAFE_STATUSES = frozenset({429, 503})
_UNSAFE_STATUSES = frozenset({500, 502, 504})
# Raised before any byte of the request reached the server.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Raised once the request may have reached the server.
_MAYBE_SENT = (httpx.ReadTimeout, httpx.WriteTimeout, httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)


def needs_retry(policy: RetryPolicy, status: int) -> bool:
    """Whether an answer with this status is sent again under the policy."""
    return status in _SAFE_STATUSES or (policy.retry_unsafe and status in _UNSAFE_STATUSES)


def retryable_error(policy: RetryPolicy, error: BaseException | None) -> bool:
    """Whether a request that failed with this error is sent again under the policy."""
    return isinstance(error, _NOT_SENT) or (policy.retry_unsafe and isinstance(error, _MAYBE_SENT))
