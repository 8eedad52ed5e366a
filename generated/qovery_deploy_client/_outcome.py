"""What `Deployment.wait()` tells: how the request ended, each service's final state, and the progress on the way."""

from enum import StrEnum
from uuid import UUID

from attrs import define

from .models import EnvironmentStatus, StateEnum, Status


class Result(StrEnum):
    """How a wait ended."""

    SUCCEEDED = "SUCCEEDED"  # the request reached its operation's success state
    FAILED = "FAILED"  # a `*_ERROR` state, a service that failed, or another end than the operation's
    CANCELED = "CANCELED"  # someone canceled the request
    NOT_QUEUED = "NOT_QUEUED"  # the 202 carried no deployment_request_id: Qovery queued nothing
    SUPERSEDED = "SUPERSEDED"  # a later request took over before this one's end was seen
    TIMED_OUT = "TIMED_OUT"  # the timeout passed first; the deployment goes on


@define(frozen=True)
class ServiceState:
    """One service of an environment as the last statuses read showed it."""

    kind: str  # "application", "container", "job", "database", "helm", ...
    id: UUID
    state: StateEnum
    deployment_request_id: UUID | None
    result: Result | None  # SUCCEEDED, FAILED or CANCELED once over; None while not over

    def __str__(self) -> str:
        return f"{self.kind} {self.id} ({self.state})"


@define(frozen=True)
class Outcome:
    """How a deployment request ended, as far as wait() saw it.

    Attributes:
        result: How the wait ended (see Result).
        state: The request's last state seen, or None when no status of it was read.
        elapsed: Seconds from the redeploy's answer to the end of the wait.
        polls: Status reads sent by the wait, failed ones included.
        status: The last status read (a Status, or the environment's EnvironmentStatus), or the 202's.
        services: Each service of the environment tied to this request, as the last read showed it.
        deployment_request_id: The request waited for.
        message: What happened, in one sentence.
    """

    result: Result
    state: StateEnum | None
    elapsed: float
    polls: int
    status: Status | EnvironmentStatus | None
    services: tuple[ServiceState, ...]
    deployment_request_id: UUID | None
    message: str

    @property
    def succeeded(self) -> bool:
        return self.result is Result.SUCCEEDED

    @property
    def failed_services(self) -> tuple[ServiceState, ...]:
        return tuple(service for service in self.services if service.result in (Result.FAILED, Result.CANCELED))

    def __str__(self) -> str:
        return self.message


@define(frozen=True)
class Progress:
    """What `on_progress` is given at each change of state seen while waiting."""

    state: StateEnum
    previous: StateEnum | None
    ours: bool  # whether the status is tied to the request waited for (else an earlier one runs)
    elapsed: float
    polls: int
    status: Status | EnvironmentStatus
    services: tuple[ServiceState, ...]
