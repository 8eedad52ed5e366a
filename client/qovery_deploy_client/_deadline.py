"""The time limit of a whole call: every attempt, every wait between attempts and the reading of the body.

httpx applies a timeout to each connect, each write and each read, so a server that trickles its answer
a byte at a time can hold a call for as long as it likes. The call's total limit is the largest value of
its timeout (the number given, or the largest of an httpx.Timeout's connect, read, write and pool; no
limit when one of them is None). Each
attempt gets, for each of those, the smaller of its own value and the time the call has left.
"""

import math
from typing import Any

import httpx

from ._retry_policy import Clock

_PACKAGE = __name__.rpartition(".")[0]
_DEADLINE = f"{_PACKAGE}.deadline"
_LIMITS = f"{_PACKAGE}.timeouts"
_PHASES = ("connect", "read", "write", "pool")


def total_of(timeouts: dict[str, Any]) -> float | None:
    """The total limit of a call from httpx's per-phase timeouts: the largest one. None (no limit) when a
    phase has none."""
    values = [None if value is None else float(value) for value in timeouts.values()]
    if not values or None in values:
        return None
    total = max(value for value in values if value is not None)
    return total if math.isfinite(total) else None


def start_call(request: httpx.Request, clock: Clock) -> float | None:
    """Mark the call's start: its deadline (a time of `clock`, or None for no limit) is kept on the request."""
    if _DEADLINE in request.extensions:
        return deadline_of(request)
    timeouts: dict[str, Any] = dict(request.extensions.get("timeout") or {})
    total = total_of(timeouts)
    deadline = None if total is None else clock.monotonic() + total
    request.extensions[_DEADLINE] = deadline
    request.extensions[_LIMITS] = timeouts
    return deadline


def deadline_of(request: httpx.Request) -> float | None:
    value = request.extensions.get(_DEADLINE)
    return None if value is None else float(value)


def time_left(request: httpx.Request, clock: Clock) -> float | None:
    """Seconds the call has left, or None when it has no limit."""
    deadline = deadline_of(request)
    return None if deadline is None else deadline - clock.monotonic()


def timed_out(request: httpx.Request, operation: str) -> httpx.TimeoutException:
    limits: dict[str, Any] = request.extensions.get(_LIMITS) or {}
    return httpx.TimeoutException(
        f"{operation}: no complete answer within the call's timeout of {total_of(limits):g} s", request=request
    )


def start_attempt(request: httpx.Request, clock: Clock, operation: str) -> float | None:
    """Before an attempt: raise a timeout, sending nothing, when the call has no time left; otherwise give
    each phase of the attempt at most the time left. Returns the time left (None: no limit)."""
    left = time_left(request, clock)
    if left is None:
        return None
    if left <= 0:
        raise timed_out(request, operation)
    limits: dict[str, Any] = request.extensions.get(_LIMITS) or {}
    request.extensions["timeout"] = {phase: min(float(limits[phase]), left) for phase in _PHASES if phase in limits}
    return left
