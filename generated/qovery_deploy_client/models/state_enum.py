from enum import StrEnum


class StateEnum(StrEnum):
    BUILDING = "BUILDING"
    BUILD_ERROR = "BUILD_ERROR"
    CANCELED = "CANCELED"
    CANCELING = "CANCELING"
    DELETED = "DELETED"
    DELETE_ERROR = "DELETE_ERROR"
    DELETE_QUEUED = "DELETE_QUEUED"
    DELETING = "DELETING"
    DEPLOYED = "DEPLOYED"
    DEPLOYING = "DEPLOYING"
    DEPLOYMENT_ERROR = "DEPLOYMENT_ERROR"
    DEPLOYMENT_QUEUED = "DEPLOYMENT_QUEUED"
    EXECUTING = "EXECUTING"
    QUEUED = "QUEUED"
    READY = "READY"
    RECAP = "RECAP"
    RESTARTED = "RESTARTED"
    RESTARTING = "RESTARTING"
    RESTART_ERROR = "RESTART_ERROR"
    RESTART_QUEUED = "RESTART_QUEUED"
    STOPPED = "STOPPED"
    STOPPING = "STOPPING"
    STOP_ERROR = "STOP_ERROR"
    STOP_QUEUED = "STOP_QUEUED"
    UNAVAILABLE = "UNAVAILABLE"
    WAITING_DELETING = "WAITING_DELETING"
    WAITING_RESTARTING = "WAITING_RESTARTING"
    WAITING_RUNNING = "WAITING_RUNNING"
    WAITING_STOPPING = "WAITING_STOPPING"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "StateEnum | None":
        # Qovery adds values over time. A value this client does not know is kept as it came,
        # so the rest of the answer still parses; `is_known` tells it apart.
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member

    @property
    def is_known(self) -> bool:
        """False for a value the API sent that this client's spec does not list."""
        return self._value_ in type(self)._value2member_map_
