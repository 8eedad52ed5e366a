"""One status read, reduced to what waiting needs: whose request it shows, its state, the services, a duration."""

from uuid import UUID

from attrs import define

from ._end_states import EndStates, Verdict
from ._outcome import Result, ServiceState
from .models import EnvironmentStatus, EnvironmentStatuses, StateEnum, Status
from .types import Unset

_RESULTS = {Verdict.SUCCEEDED: Result.SUCCEEDED, Verdict.FAILED: Result.FAILED, Verdict.CANCELED: Result.CANCELED}
# The service lists of the statuses read, and the kind each holds.
_GROUPS = (
    ("applications", "application"),
    ("containers", "container"),
    ("jobs", "job"),
    ("databases", "database"),
    ("helms", "helm"),
    ("terraforms", "terraform"),
    ("agentic_workflows", "agentic_workflow"),
)


def _request_id(value: UUID | None | Unset) -> UUID | None:
    return value if isinstance(value, UUID) else None


@define(frozen=True)
class Snapshot:
    """A status read of the resource waited for.

    Attributes:
        status: The resource's own status.
        request_id: The request the status shows (running, or that ran last); None when it names none.
        state: The resource's state.
        requests_count: Requests queued or running, when the read tells it.
        services: The environment's services and their states (environments only).
        duration: Seconds the last finished deployment took, when the read tells it.
    """

    status: Status | EnvironmentStatus
    request_id: UUID | None
    state: StateEnum
    requests_count: int | None
    services: tuple[tuple[str, Status], ...] = ()
    duration: float | None = None

    def service_states(self, request_id: UUID | None, end_states: EndStates) -> tuple[ServiceState, ...]:
        """The services tied to `request_id`, each with its result once over."""
        states = []
        for kind, status in self.services:
            tied = _request_id(status.deployment_request_id)
            if request_id is None or tied != request_id:
                continue
            verdict = end_states.verdict(status.state)
            result = _RESULTS[verdict] if verdict is not None else None
            states.append(ServiceState(kind, status.id, status.state, tied, result))
        return tuple(states)


def _steps_duration(status: Status) -> float | None:
    if isinstance(status.steps, Unset) or status.steps.total_duration_sec is None:
        return None
    return float(status.steps.total_duration_sec)


def of_status(status: Status) -> Snapshot:
    count = status.deployment_requests_count
    return Snapshot(
        status=status,
        request_id=_request_id(status.deployment_request_id),
        state=status.state,
        requests_count=None if isinstance(count, Unset) else count,
        duration=_steps_duration(status),
    )


def of_environment(status: EnvironmentStatus) -> Snapshot:
    duration = status.total_deployment_duration_in_seconds
    return Snapshot(
        status=status,
        request_id=_request_id(status.deployment_request_id),
        state=status.state,
        requests_count=None,
        duration=float(duration) if isinstance(duration, int) else None,
    )


def of_statuses(statuses: EnvironmentStatuses) -> Snapshot:
    services: list[tuple[str, Status]] = []
    for group, kind in _GROUPS:
        members = getattr(statuses, group, None)
        if isinstance(members, list):
            services.extend((kind, status) for status in members)
    environment = of_environment(statuses.environment)
    return Snapshot(
        status=statuses.environment,
        request_id=environment.request_id,
        state=environment.state,
        requests_count=None,
        services=tuple(services),
        duration=environment.duration,
    )
