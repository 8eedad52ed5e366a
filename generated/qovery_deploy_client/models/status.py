from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.service_deployment_status_enum import ServiceDeploymentStatusEnum
from ..models.state_enum import StateEnum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.service_step_metrics import ServiceStepMetrics
    from ..models.status_details import StatusDetails


T = TypeVar("T", bound="Status")


@_attrs_define
class Status:
    """Where a service's deployment stands."""

    id: UUID
    state: StateEnum
    """ A deployment state. UNAVAILABLE is listed by Qovery's published document and by the
    restart-service page only; it is accepted everywhere. Qovery adds states over time, and the
    client keeps a state it does not know instead of failing.
     """
    service_deployment_status: ServiceDeploymentStatusEnum
    """ Whether the running version of a service matches its configuration. """
    status_details: StatusDetails
    """ The action under way on a service and how far it has got. """
    last_deployment_date: datetime.datetime | Unset = UNSET
    is_part_last_deployment: bool | Unset = UNSET
    steps: ServiceStepMetrics | Unset = UNSET
    """ Durations of the steps of a service's deployment. """
    execution_id: str | Unset = UNSET
    deployment_request_id: None | Unset | UUID = UNSET
    """ In an action's answer, the deployment request it queued, or null when none was queued. In
    a status read, the request that is running, or that ran last; null when none ever ran.
     """
    deployment_requests_count: int | Unset = UNSET
    """ How many deployment requests of this service are queued or running. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        state = self.state.value

        service_deployment_status = self.service_deployment_status.value

        status_details = self.status_details.to_dict()

        last_deployment_date: str | Unset = UNSET
        if not isinstance(self.last_deployment_date, Unset):
            last_deployment_date = self.last_deployment_date.isoformat()

        is_part_last_deployment = self.is_part_last_deployment

        steps: dict[str, Any] | Unset = UNSET
        if not isinstance(self.steps, Unset):
            steps = self.steps.to_dict()

        execution_id = self.execution_id

        deployment_request_id: None | str | Unset
        if isinstance(self.deployment_request_id, Unset):
            deployment_request_id = UNSET
        elif isinstance(self.deployment_request_id, UUID):
            deployment_request_id = str(self.deployment_request_id)
        else:
            deployment_request_id = self.deployment_request_id

        deployment_requests_count = self.deployment_requests_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "state": state,
                "service_deployment_status": service_deployment_status,
                "status_details": status_details,
            }
        )
        if last_deployment_date is not UNSET:
            field_dict["last_deployment_date"] = last_deployment_date
        if is_part_last_deployment is not UNSET:
            field_dict["is_part_last_deployment"] = is_part_last_deployment
        if steps is not UNSET:
            field_dict["steps"] = steps
        if execution_id is not UNSET:
            field_dict["execution_id"] = execution_id
        if deployment_request_id is not UNSET:
            field_dict["deployment_request_id"] = deployment_request_id
        if deployment_requests_count is not UNSET:
            field_dict["deployment_requests_count"] = deployment_requests_count

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.service_step_metrics import ServiceStepMetrics  # noqa: PLC0415
        from ..models.status_details import StatusDetails  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        state = StateEnum(d.pop("state"))

        service_deployment_status = ServiceDeploymentStatusEnum(d.pop("service_deployment_status"))

        status_details = StatusDetails.from_dict(d.pop("status_details"))

        _last_deployment_date = d.pop("last_deployment_date", UNSET)
        last_deployment_date: datetime.datetime | Unset
        if isinstance(_last_deployment_date, Unset):
            last_deployment_date = UNSET
        else:
            last_deployment_date = datetime.datetime.fromisoformat(_last_deployment_date)

        is_part_last_deployment = d.pop("is_part_last_deployment", UNSET)

        _steps = d.pop("steps", UNSET)
        steps: ServiceStepMetrics | Unset
        if isinstance(_steps, Unset):
            steps = UNSET
        else:
            steps = ServiceStepMetrics.from_dict(_steps)

        execution_id = d.pop("execution_id", UNSET)

        def _parse_deployment_request_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deployment_request_id_type_0 = UUID(data)

                return deployment_request_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        deployment_request_id = _parse_deployment_request_id(d.pop("deployment_request_id", UNSET))

        deployment_requests_count = d.pop("deployment_requests_count", UNSET)

        status = cls(
            id=id,
            state=state,
            service_deployment_status=service_deployment_status,
            status_details=status_details,
            last_deployment_date=last_deployment_date,
            is_part_last_deployment=is_part_last_deployment,
            steps=steps,
            execution_id=execution_id,
            deployment_request_id=deployment_request_id,
            deployment_requests_count=deployment_requests_count,
        )

        status.additional_properties = d
        return status

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
