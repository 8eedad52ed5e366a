"""Following one deployment request to its end: the decisions (Watch), and a sync and an async loop that read.

The Watch decides and never sends: after each read it says whether the request is over and how,
and how long to wait before the next read. The loops sleep on the injected clock, read, and hand
the Watch what came back, so that tests drive them with a fake clock and never sleep.
"""

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from uuid import UUID

from ._deployment_errors import DeploymentCanceled, DeploymentFailed, DeploymentTimeout
from ._end_states import EndStates, Verdict
from ._outcome import Outcome, Progress, Result, ServiceState
from ._retry_after import parse_retry_after
from ._retry_policy import Clock
from ._schedule import Schedule
from ._snapshot import Snapshot
from .errors import (
    APIConnectionError,
    APIStatusError,
    InternalServerError,
    QoveryError,
    RateLimitError,
    ResponseValidationError,
)
from .models import EnvironmentStatus, StateEnum, Status

logger = logging.getLogger(__name__.rpartition(".")[0])

# Read failures that say nothing of the deployment: read again, within the timeout.
TRANSIENT_READ_ERRORS = (RateLimitError, InternalServerError, APIConnectionError, ResponseValidationError)
_RESULTS = {Verdict.SUCCEEDED: Result.SUCCEEDED, Verdict.FAILED: Result.FAILED, Verdict.CANCELED: Result.CANCELED}

ProgressCallback = Callable[[Progress], object]
SyncRead = Callable[[float | None], Snapshot]
AsyncRead = Callable[[float | None], Awaitable[Snapshot]]


def retry_after_of(error: QoveryError) -> float | None:
    """The seconds a failed read's Retry-After header asks for, if any."""
    if not isinstance(error, APIStatusError):
        return None
    return parse_retry_after(error.headers.get("retry-after") or error.headers.get("Retry-After"))


class Watch:
    """The state of one wait: what was seen, when to read next, and how it ended."""

    def __init__(
        self,
        *,
        subject: str,
        end_states: EndStates,
        request_id: UUID | None,
        accepted: Status | EnvironmentStatus,
        created_at: float,
        now: float,
        timeout: float | None,
        expected: float | None,
        queued_ahead: int,
        on_progress: ProgressCallback | None,
        rng: random.Random | None = None,
    ) -> None:
        self.subject = subject
        self.end_states = end_states
        self.request_id = request_id
        self.created_at = created_at
        self.deadline = None if timeout is None else now + timeout
        self.timeout = timeout
        self.schedule = Schedule(created_at, expected, rng or random.Random())
        self.schedule.expect(expected, queued_ahead)
        self.on_progress = on_progress
        self.polls = 0
        self.seen_ours = False
        self.last: Snapshot | None = None
        self.last_status: Status | EnvironmentStatus = accepted
        self.learned: float | None = None
        self._seen: tuple[object, ...] | None = None
        self._previous: StateEnum | None = None
        self.gap = self.schedule.next_gap(now)

    # What the loops ask.

    def remaining(self, now: float) -> float | None:
        return None if self.deadline is None else self.deadline - now

    def expired(self, now: float) -> bool:
        return self.deadline is not None and now >= self.deadline

    def started_read(self) -> None:
        self.polls += 1

    def observe(self, snapshot: Snapshot, now: float) -> Outcome | None:
        """Take a read; the Outcome when the request is over (or was taken over), else None."""
        self.last = snapshot
        self.last_status = snapshot.status
        ours = self.request_id is not None and snapshot.request_id == self.request_id
        services = snapshot.service_states(self.request_id, self.end_states)
        self._report(snapshot, ours, services, now)
        self.gap = self.schedule.next_gap(now)
        if ours:
            self.seen_ours = True
            return self._judge(snapshot, services, now)
        if self.seen_ours:
            return self._outcome(
                Result.SUPERSEDED,
                now,
                f"{self.subject}: a later deployment request ({snapshot.request_id}) took over before the end "
                f"of request {self.request_id} was seen; its last state was {self._previous}",
            )
        if snapshot.requests_count == 0:
            return self._outcome(
                Result.SUPERSEDED,
                now,
                f"{self.subject}: request {self.request_id} is neither running nor queued and the last one "
                f"run is {snapshot.request_id}: a later request took over before this one was seen",
            )
        logger.debug(
            "%s: the status shows request %s; %s is queued", self.subject, snapshot.request_id, self.request_id
        )
        return None

    def observe_error(self, error: QoveryError, now: float) -> None:
        """Take a failed read: raise it when it ends the wait (401, 403, 404...), else plan the next read."""
        if not isinstance(error, TRANSIENT_READ_ERRORS):
            raise error
        self.gap = self.schedule.error_gap(retry_after_of(error))
        logger.debug("%s: read failed (%s); reading again in %.1f s", self.subject, type(error).__name__, self.gap)

    def not_queued(self, now: float) -> Outcome:
        return self._outcome(
            Result.NOT_QUEUED,
            now,
            f"{self.subject}: the API accepted the request but queued no deployment (no deployment_request_id), "
            "for example a forceEvent the resource does not define: there is nothing to wait for",
        )

    def timed_out(self, now: float) -> DeploymentTimeout:
        outcome = self._outcome(
            Result.TIMED_OUT,
            now,
            f"{self.subject}: request {self.request_id} did not end within {self.timeout:g} s; last state seen: "
            f"{self._previous or 'none'}. The deployment goes on",
        )
        logger.debug("%s", outcome.message)
        return DeploymentTimeout(outcome)

    def interrupted(self) -> str:
        return (
            f"Stopped waiting for {self.subject} (deployment request {self.request_id}); "
            "the deployment goes on: only the waiting stopped"
        )

    def finish(self, outcome: Outcome) -> Outcome:
        """The outcome returned by wait(), or raised in an error for a failure or a cancel."""
        logger.debug("%s", outcome.message)
        if outcome.result is Result.CANCELED:
            raise DeploymentCanceled(outcome)
        if outcome.result is Result.FAILED:
            raise DeploymentFailed(outcome)
        return outcome

    # The decisions.

    def _judge(self, snapshot: Snapshot, services: tuple[ServiceState, ...], now: float) -> Outcome | None:
        verdict = self.end_states.verdict(snapshot.state)
        if verdict is None:
            return None
        running = [service for service in services if service.result is None]
        if running:
            logger.debug("%s: %s; waiting for %s", self.subject, snapshot.state, ", ".join(map(str, running)))
            return None
        self.learned = snapshot.duration if snapshot.duration is not None else now - self.created_at
        failed = [service for service in services if service.result in (Result.FAILED, Result.CANCELED)]
        result = _RESULTS[verdict]
        if result is Result.SUCCEEDED and failed:
            result = Result.FAILED
        message = f"{self.subject}: request {self.request_id} ended in {snapshot.state} ({result.value.lower()})"
        if failed:
            message += "; failed: " + ", ".join(map(str, failed))
        return self._outcome(result, now, message)

    def _report(self, snapshot: Snapshot, ours: bool, services: tuple[ServiceState, ...], now: float) -> None:
        seen = (snapshot.state, ours, snapshot.request_id, tuple((s.id, s.state) for s in services))
        if seen == self._seen:
            return
        self._seen = seen
        logger.debug(
            "%s: %s (%s request %s)%s",
            self.subject,
            snapshot.state,
            "its" if ours else "an earlier",
            snapshot.request_id,
            "".join(f"; {service}" for service in services),
        )
        progress = Progress(
            state=snapshot.state,
            previous=self._previous,
            ours=ours,
            elapsed=now - self.created_at,
            polls=self.polls,
            status=snapshot.status,
            services=services,
        )
        if ours:
            self._previous = snapshot.state
        if self.on_progress is not None:
            self.on_progress(progress)

    def _outcome(self, result: Result, now: float, message: str) -> Outcome:
        ours = self.last is not None and self.last.request_id == self.request_id and self.request_id is not None
        services = self.last.service_states(self.request_id, self.end_states) if self.last is not None else ()
        return Outcome(
            result=result,
            state=self.last.state if self.last is not None and ours else self._previous,
            elapsed=now - self.created_at,
            polls=self.polls,
            status=self.last_status,
            services=services,
            deployment_request_id=self.request_id,
            message=message,
        )


def run(watch: Watch, read: SyncRead, clock: Clock) -> Outcome:
    """Read until the request is over or the timeout passes, sleeping on `clock` between reads."""
    if watch.request_id is None:
        return watch.finish(watch.not_queued(clock.monotonic()))
    try:
        while True:
            now = clock.monotonic()
            remaining = watch.remaining(now)
            if remaining is not None and watch.gap >= remaining:
                clock.sleep(max(remaining, 0.0))
                raise watch.timed_out(clock.monotonic())
            clock.sleep(max(watch.gap, 0.0))
            watch.started_read()
            try:
                snapshot = read(watch.remaining(clock.monotonic()))
            except QoveryError as error:
                watch.observe_error(error, clock.monotonic())
            else:
                outcome = watch.observe(snapshot, clock.monotonic())
                if outcome is not None:
                    return watch.finish(outcome)
            if watch.expired(clock.monotonic()):
                raise watch.timed_out(clock.monotonic())
    except KeyboardInterrupt as interrupt:
        interrupt.add_note(watch.interrupted())
        logger.info("%s", watch.interrupted())
        raise


async def run_async(watch: Watch, read: AsyncRead, clock: Clock) -> Outcome:
    """The asynchronous run(): a read in flight is cut at the deadline too."""
    if watch.request_id is None:
        return watch.finish(watch.not_queued(clock.monotonic()))
    try:
        while True:
            now = clock.monotonic()
            remaining = watch.remaining(now)
            if remaining is not None and watch.gap >= remaining:
                await clock.asleep(max(remaining, 0.0))
                raise watch.timed_out(clock.monotonic())
            await clock.asleep(max(watch.gap, 0.0))
            watch.started_read()
            left = watch.remaining(clock.monotonic())
            try:
                async with asyncio.timeout(None if left is None else max(left, 0.0)) as limit:
                    snapshot = await read(left)
            except QoveryError as error:
                watch.observe_error(error, clock.monotonic())
            except TimeoutError:
                if not limit.expired():
                    raise
                raise watch.timed_out(clock.monotonic()) from None
            else:
                outcome = watch.observe(snapshot, clock.monotonic())
                if outcome is not None:
                    return watch.finish(outcome)
            if watch.expired(clock.monotonic()):
                raise watch.timed_out(clock.monotonic())
    except (KeyboardInterrupt, asyncio.CancelledError) as interrupt:
        interrupt.add_note(watch.interrupted())
        logger.info("%s", watch.interrupted())
        raise
