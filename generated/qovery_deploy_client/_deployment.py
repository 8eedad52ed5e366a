"""A deployment request the API accepted, and the waiting for its end."""

from collections.abc import Awaitable, Callable
from typing import Literal
from uuid import UUID

from attrs import define, field

from ._end_states import EndStates
from ._outcome import Outcome
from ._retry_policy import Clock
from ._snapshot import Snapshot
from ._wait import ProgressCallback, Watch, run, run_async
from .models import EnvironmentStatus, Status
from .types import Unset

DEFAULT_TIMEOUT = 3600.0
Kind = Literal["job", "environment", "database", "helm"]


@define(frozen=True)
class Durations:
    """The last deployment duration seen per resource, to time the reads of the next wait."""

    _seconds: dict[tuple[str, UUID, str], float] = field(factory=dict)

    def get(self, kind: str, resource_id: UUID, operation: str = "redeploy") -> float | None:
        return self._seconds.get((kind, resource_id, operation))

    def put(self, kind: str, resource_id: UUID, seconds: float | None, operation: str = "redeploy") -> None:
        if seconds is not None and seconds > 0:
            self._seconds[(kind, resource_id, operation)] = seconds


def _expected(status: Status | EnvironmentStatus, known: float | None) -> float | None:
    if isinstance(status, EnvironmentStatus):
        duration = status.total_deployment_duration_in_seconds
        if isinstance(duration, int) and duration > 0:
            return float(duration)
    return known


def _queued_ahead(status: Status | EnvironmentStatus) -> int:
    count = status.deployment_requests_count if isinstance(status, Status) else None
    return count - 1 if isinstance(count, int) and not isinstance(count, Unset) else 0


@define
class _Accepted:
    """What both kinds of Deployment hold: the 202's status and how to follow the request."""

    status: Status | EnvironmentStatus
    kind: Kind
    resource_id: UUID
    end_states: EndStates
    clock: Clock = field(repr=False)
    created_at: float = field(repr=False)
    durations: Durations = field(factory=Durations, repr=False)

    @property
    def deployment_request_id(self) -> UUID | None:
        """The id of the request queued, or None when the API queued nothing."""
        value = self.status.deployment_request_id
        return value if isinstance(value, UUID) else None

    def _watch(
        self, timeout: float | None, on_progress: ProgressCallback | None, expected_duration: float | None
    ) -> Watch:
        expected = expected_duration or _expected(
            self.status, self.durations.get(self.kind, self.resource_id, self.end_states.operation)
        )
        return Watch(
            subject=f"{self.end_states.operation} of {self.kind} {self.resource_id}",
            end_states=self.end_states,
            request_id=self.deployment_request_id,
            accepted=self.status,
            created_at=self.created_at,
            now=self.clock.monotonic(),
            timeout=timeout,
            expected=expected,
            queued_ahead=_queued_ahead(self.status),
            on_progress=on_progress,
        )

    def _learn(self, watch: Watch) -> None:
        self.durations.put(self.kind, self.resource_id, watch.learned, self.end_states.operation)


@define
class Deployment(_Accepted):
    """A deployment request the API accepted (202). `status` is the answer; `wait()` follows it to its end."""

    read: Callable[[float | None], Snapshot] = field(kw_only=True, repr=False)

    def wait(
        self,
        timeout: float | None = DEFAULT_TIMEOUT,
        *,
        on_progress: ProgressCallback | None = None,
        expected_duration: float | None = None,
    ) -> Outcome:
        """Read the status until this request ends; see the README's table of end states.

        Args:
            timeout: Seconds this call may take in all, reads in flight included; None for no limit.
            on_progress: Called with a Progress at each change of state seen.
            expected_duration: Seconds the deployment should take, to time the reads; by default the
                last duration the API or this client saw.

        Returns the Outcome of a success, of a request that queued nothing (NOT_QUEUED) or that a later
        one took over (SUPERSEDED). Raises DeploymentFailed (DeploymentCanceled for a cancel),
        DeploymentTimeout, or the error of a read that ends the wait (401, 403, 404). Ctrl-C stops the
        waiting only: the deployment goes on.
        """
        watch = self._watch(timeout, on_progress, expected_duration)
        try:
            return run(watch, self.read, self.clock)
        finally:
            self._learn(watch)


@define
class AsyncDeployment(_Accepted):
    """The Deployment of AsyncQovery: `await d.wait()`."""

    read: Callable[[float | None], Awaitable[Snapshot]] = field(kw_only=True, repr=False)

    async def wait(
        self,
        timeout: float | None = DEFAULT_TIMEOUT,
        *,
        on_progress: ProgressCallback | None = None,
        expected_duration: float | None = None,
    ) -> Outcome:
        """As Deployment.wait(); task cancellation stops the waiting only, not the deployment."""
        watch = self._watch(timeout, on_progress, expected_duration)
        try:
            return await run_async(watch, self.read, self.clock)
        finally:
            self._learn(watch)
