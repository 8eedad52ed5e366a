"""Transports that send a request again when its retry policy says so, and log every attempt."""

import logging
import random
from typing import Any

import httpx
import tenacity

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


def _retry_rules(policy: RetryPolicy, clock: Clock, operation: str, started: float) -> dict[str, Any]:
    """tenacity's settings for one request under a policy, its first send made at `started`."""

    def wait(state: tenacity.RetryCallState) -> float:
        outcome = state.outcome
        if outcome is not None and not outcome.failed:
            retry_after = parse_retry_after(outcome.result().headers.get("retry-after"))
            if retry_after is not None:
                return retry_after
        backoff = min(policy.max_backoff, policy.initial_backoff * 2.0 ** (state.attempt_number - 1))
        return backoff * (1 + policy.jitter * random.random())

    def stop(state: tenacity.RetryCallState) -> bool:
        if state.attempt_number >= policy.max_attempts:
            return True
        if policy.deadline is None:
            return False
        return clock.monotonic() - started + (state.upcoming_sleep or 0.0) > policy.deadline

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
        first: httpx.Response | httpx.TransportError
        try:
            first = self._send(policy, request)
        except httpx.TransportError as error:
            first = error
        operation = operation_of(request)
        if _settled(policy, operation, first):
            return _replay(first)
        rules = _retry_rules(policy, self._clock, operation, started)
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
        first: httpx.Response | httpx.TransportError
        try:
            first = await self._send(policy, request)
        except httpx.TransportError as error:
            first = error
        operation = operation_of(request)
        if _settled(policy, operation, first):
            return _replay(first)
        rules = _retry_rules(policy, self._clock, operation, started)
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
