from enum import StrEnum


class ServiceDeploymentStatusEnum(StrEnum):
    NEVER_DEPLOYED = "NEVER_DEPLOYED"
    OUT_OF_DATE = "OUT_OF_DATE"
    UP_TO_DATE = "UP_TO_DATE"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "ServiceDeploymentStatusEnum | None":
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
