"""Which states end a deployment request, and whether each is a success, a failure or a cancel, per operation.

Only a status tied to the request being waited for is judged. A state this client's spec does not
list (a newer API) ends nothing: waiting goes on.
"""

from enum import StrEnum

from attrs import define

from .models import StateEnum


class Verdict(StrEnum):
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    CANCELED = "CANCELED"


# The states in which a request is over, whatever it was.
_DONE = frozenset({StateEnum.DEPLOYED, StateEnum.STOPPED, StateEnum.DELETED, StateEnum.RESTARTED})
_FAILED = frozenset(state for state in StateEnum if state.value.endswith("_ERROR"))


@define(frozen=True)
class EndStates:
    """The states in which one kind of operation succeeded; every known `*_ERROR` state is a failure."""

    operation: str
    success: frozenset[StateEnum]

    def verdict(self, state: StateEnum) -> Verdict | None:
        """How a request of this operation in `state` ended, or None while it is not over."""
        if not state.is_known:
            return None
        if state is StateEnum.CANCELED:
            return Verdict.CANCELED
        if state in _FAILED:
            return Verdict.FAILED
        if state in self.success:
            return Verdict.SUCCEEDED
        if state in _DONE:
            # Over, but not as this operation ends: a STOPPED after a redeploy is no deployment.
            return Verdict.FAILED
        return None


REDEPLOY = EndStates("redeploy", frozenset({StateEnum.DEPLOYED}))
RESTART = EndStates("restart", frozenset({StateEnum.RESTARTED, StateEnum.DEPLOYED}))
JOB_EVENTS = {
    "START": EndStates("job START", frozenset({StateEnum.DEPLOYED})),
    "CRON": EndStates("job CRON", frozenset({StateEnum.DEPLOYED})),
    "STOP": EndStates("job STOP", frozenset({StateEnum.STOPPED})),
    "DELETE": EndStates("job DELETE", frozenset({StateEnum.DELETED})),
}
HELM_DIFF = EndStates("helm DIFF", frozenset({StateEnum.DEPLOYED}))
