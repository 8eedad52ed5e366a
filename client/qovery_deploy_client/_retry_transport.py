"""Transports that send a request again when its retry policy says so, and log every attempt."""

import logging
import random
from typing import Any

import httpx
import tenacity

from ._deadline import start_call
from ._request_options import operation_of, policy_of
from ._retry_after import parse_retry_after
from ._retry_policy import Clock, RetryPolicy, needs_retry, retryable_error

logger = logging.getLogger(__name__.rpartition(".")[0])


def _should_retry(policy: RetryPolicy, outcome: "tenacity.Future") -> bool:
    if outcome.failed:
        return retryable_error(policy, outcome.exception())
    return needs_retry(policy, outcome.result().status_code)


def _settled(policy: RetryPolicy, operation: str, outcome: httpx.Response | httpx.TransportError) -> bool:
    """Whether the first send's outcome is final, so that no retry machinery is needed (the common case)."""
    if isinstance(outcome, httpx.Response):
        if needs_retry(policy, outcome.status_code):
            return False
        logger.debug("%s: attempt 1: HTTP %d", operation, outcome.status_code)
        return True
    if retryable_error(policy, outcome):
        return False
    logger.debug("%s: attempt 1: %s", operation, type(outcome).__name__)
    return True


def _replay(outcome: httpx.Response | httpx.TransportError) -> httpx.Response:
    """The first send's outcome again, as tenacity's first attempt."""
    if isinstance(outcome, httpx.TransportError):
        raise outcome
    return outcome


def _describe(outcome: "tenacity.Future") -> str:
    if outcome.failed:
        return type(outcome.exception()).__name__
    return f"HTTP {outcome.result().status_code}"


def _retry_rules(
    policy: RetryPolicy, clock: Clock, operation: str, started: float, call_deadline: float | None
) -> dict[str, Any]:
    """tenacity's settings for one request under a policy, its first send made at `started`; the call
    ends by `call_deadline` (a time of `clock`; None for no limit)."""

    def wait(state: tenacity.RetryCallState) -> float:
        # At most max_wait; a longer Retry-After is returned as it is, and `stop` refuses to wait for it.
        outcome = state.outcome
        if outcome is not None and not outcome.failed:
            retry_after = parse_retry_after(outcome.result().headers.get("retry-after"))
            if retry_after is not None:
                return retry_after
        doublings = min(state.attempt_number - 1, 64)
        backoff = min(policy.max_backoff, policy.initial_backoff * 2.0**doublings)
        return min(policy.max_wait, backoff * (1 + policy.jitter * random.random()))

    def stop(state: tenacity.RetryCallState) -> bool:
        if state.attempt_number >= policy.max_attempts:
            return True
        upcoming = state.upcoming_sleep or 0.0
        if upcoming > policy.max_wait:
            return True
        now = clock.monotonic()
        # No wait starts that would end when the call's time is up, leaving nothing for the next send.
        if call_deadline is not None and now + upcoming >= call_deadline:
            return True
        return policy.deadline is not None and now - started + upcoming > policy.deadline

    def retry(state: tenacity.RetryCallState) -> bool:
        # Called after every attempt, the last and a successful one included: each is logged.
        assert state.outcome is not None
        logger.debug("%s: attempt %d: %s", operation, state.attempt_number, _describe(state.outcome))
        return _should_retry(policy, state.outcome)

    def before_sleep(state: tenacity.RetryCallState) -> None:
        logger.debug("%s: retrying in %.2f s", operation, state.upcoming_sleep)

    def give_up(state: tenacity.RetryCallState) -> Any:
        # The last answer goes back to the caller as it came; the last exception is raised.
        assert state.outcome is not None
        if state.attempt_number >= policy.max_attempts:
            reason = "no attempt left"
        elif (state.upcoming_sleep or 0.0) > policy.max_wait:
            reason = f"the server asks for a wait longer than max_wait ({policy.max_wait:g} s)"
        elif call_deadline is not None and clock.monotonic() + (state.upcoming_sleep or 0.0) >= call_deadline:
            reason = "the call's timeout would be up before the next send"
        else:
            reason = "the next would start past the deadline"
        logger.debug("%s: giving up after attempt %d: %s", operation, state.attempt_number, reason)
        return state.outcome.result()

    return {
        "retry": retry,
        "wait": wait,
        "stop": stop,
        "before_sleep": before_sleep,
        "retry_error_callback": give_up,
    }


class RetryTransport(httpx.BaseTransport):
    """Sends each request through another transport, again when the policy says so."""

    def __init__(self, transport: httpx.BaseTransport, policy: RetryPolicy, clock: Clock) -> None:
        self._transport = transport
        self._policy = policy
        self._clock = clock

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        policy = policy_of(request, self._policy)
        started = self._clock.monotonic()
        call_deadline = start_call(request, self._clock)
        first: httpx.Response | httpx.TransportError
        try:
            first = self._send(policy, request)
        except httpx.TransportError as error:
            first = error
        operation = operation_of(request)
        if _settled(policy, operation, first):
            return _replay(first)
        rules = _retry_rules(policy, self._clock, operation, started, call_deadline)
        replayed = False

        def attempt() -> httpx.Response:
            nonlocal replayed
            if not replayed:
                replayed = True
                return _replay(first)
            return self._send(policy, request)

        response: httpx.Response = tenacity.Retrying(sleep=self._clock.sleep, **rules)(attempt)
        return response

    def _send(self, policy: RetryPolicy, request: httpx.Request) -> httpx.Response:
        response = self._transport.handle_request(request)
        if needs_retry(policy, response.status_code):
            response.read()
        return response

    def close(self) -> None:
        self._transport.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The asynchronous RetryTransport."""

    def __init__(self, transport: httpx.AsyncBaseTransport, policy: RetryPolicy, clock: Clock) -> None:
        self._transport = transport
        self._policy = policy
        self._clock = clock

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        policy = policy_of(request, self._policy)
        started = self._clock.monotonic()
        call_deadline = start_call(request, self._clock)
        first: httpx.Response | httpx.TransportError
        try:
            first = await self._send(policy, request)
        except httpx.TransportError as error:
            first = error
        operation = operation_of(request)
        if _settled(policy, operation, first):
            return _replay(first)
        rules = _retry_rules(policy, self._clock, operation, started, call_deadline)
        replayed = False

        async def attempt() -> httpx.Response:
            nonlocal replayed
            if not replayed:
                replayed = True
                return _replay(first)
            return await self._send(policy, request)

        response: httpx.Response = await tenacity.AsyncRetrying(sleep=self._clock.asleep, **rules)(attempt)
        return response

    async def _send(self, policy: RetryPolicy, request: httpx.Request) -> httpx.Response:
        response = await self._transport.handle_async_request(request)
        if needs_retry(policy, response.status_code):
            await response.aread()
        return response

    async def aclose(self) -> None:
        await self._transport.aclose()
