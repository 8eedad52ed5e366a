from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.environment_deployment_status_enum import EnvironmentDeploymentStatusEnum
from ..models.environment_status_event_origin_enum import EnvironmentStatusEventOriginEnum
from ..models.state_enum import StateEnum
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.stage_step_metrics import StageStepMetrics


T = TypeVar("T", bound="EnvironmentStatus")


@_attrs_define
class EnvironmentStatus:
    """Where an environment's deployment stands."""

    id: UUID
    state: StateEnum
    """ A deployment state. UNAVAILABLE is listed by Qovery's published document and by the
    restart-service page only; it is accepted everywhere. Qovery adds states over time, and the
    client keeps a state it does not know instead of failing.
     """
    last_deployment_state: StateEnum
    """ A deployment state. UNAVAILABLE is listed by Qovery's published document and by the
    restart-service page only; it is accepted everywhere. Qovery adds states over time, and the
    client keeps a state it does not know instead of failing.
     """
    last_deployment_date: datetime.datetime | None | Unset = UNSET
    last_deployment_id: None | str | Unset = UNSET
    total_deployment_duration_in_seconds: int | None | Unset = UNSET
    origin: EnvironmentStatusEventOriginEnum | None | Unset = UNSET
    triggered_by: None | str | Unset = UNSET
    """ Who started the last deployment. """
    deployment_status: EnvironmentDeploymentStatusEnum | Unset = UNSET
    """ Whether the running version of an environment matches its configuration. """
    deployment_request_id: None | Unset | UUID = UNSET
    """ In an action's answer, the deployment request it queued, or null when none was queued. In
    a status read, the request that is running, or that ran last; null when none ever ran.
     """
    metrics: list[StageStepMetrics] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        state = self.state.value

        last_deployment_state = self.last_deployment_state.value

        last_deployment_date: None | str | Unset
        if isinstance(self.last_deployment_date, Unset):
            last_deployment_date = UNSET
        elif isinstance(self.last_deployment_date, datetime.datetime):
            last_deployment_date = self.last_deployment_date.isoformat()
        else:
            last_deployment_date = self.last_deployment_date

        last_deployment_id: None | str | Unset
        if isinstance(self.last_deployment_id, Unset):
            last_deployment_id = UNSET
        else:
            last_deployment_id = self.last_deployment_id

        total_deployment_duration_in_seconds: int | None | Unset
        if isinstance(self.total_deployment_duration_in_seconds, Unset):
            total_deployment_duration_in_seconds = UNSET
        else:
            total_deployment_duration_in_seconds = self.total_deployment_duration_in_seconds

        origin: None | str | Unset
        if isinstance(self.origin, Unset):
            origin = UNSET
        elif isinstance(self.origin, EnvironmentStatusEventOriginEnum):
            origin = self.origin.value
        else:
            origin = self.origin

        triggered_by: None | str | Unset
        if isinstance(self.triggered_by, Unset):
            triggered_by = UNSET
        else:
            triggered_by = self.triggered_by

        deployment_status: str | Unset = UNSET
        if not isinstance(self.deployment_status, Unset):
            deployment_status = self.deployment_status.value

        deployment_request_id: None | str | Unset
        if isinstance(self.deployment_request_id, Unset):
            deployment_request_id = UNSET
        elif isinstance(self.deployment_request_id, UUID):
            deployment_request_id = str(self.deployment_request_id)
        else:
            deployment_request_id = self.deployment_request_id

        metrics: list[dict[str, Any]] | None | Unset
        if isinstance(self.metrics, Unset):
            metrics = UNSET
        elif isinstance(self.metrics, list):
            metrics = []
            for metrics_type_0_item_data in self.metrics:
                metrics_type_0_item = metrics_type_0_item_data.to_dict()
                metrics.append(metrics_type_0_item)

        else:
            metrics = self.metrics

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "state": state,
                "last_deployment_state": last_deployment_state,
            }
        )
        if last_deployment_date is not UNSET:
            field_dict["last_deployment_date"] = last_deployment_date
        if last_deployment_id is not UNSET:
            field_dict["last_deployment_id"] = last_deployment_id
        if total_deployment_duration_in_seconds is not UNSET:
            field_dict["total_deployment_duration_in_seconds"] = total_deployment_duration_in_seconds
        if origin is not UNSET:
            field_dict["origin"] = origin
        if triggered_by is not UNSET:
            field_dict["triggered_by"] = triggered_by
        if deployment_status is not UNSET:
            field_dict["deployment_status"] = deployment_status
        if deployment_request_id is not UNSET:
            field_dict["deployment_request_id"] = deployment_request_id
        if metrics is not UNSET:
            field_dict["metrics"] = metrics

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.stage_step_metrics import StageStepMetrics  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        state = StateEnum(d.pop("state"))

        last_deployment_state = StateEnum(d.pop("last_deployment_state"))

        def _parse_last_deployment_date(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_deployment_date_type_0 = datetime.datetime.fromisoformat(data)

                return last_deployment_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_deployment_date = _parse_last_deployment_date(d.pop("last_deployment_date", UNSET))

        def _parse_last_deployment_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_deployment_id = _parse_last_deployment_id(d.pop("last_deployment_id", UNSET))

        def _parse_total_deployment_duration_in_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        total_deployment_duration_in_seconds = _parse_total_deployment_duration_in_seconds(
            d.pop("total_deployment_duration_in_seconds", UNSET)
        )

        def _parse_origin(data: object) -> EnvironmentStatusEventOriginEnum | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                origin_type_0 = EnvironmentStatusEventOriginEnum(data)

                return origin_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EnvironmentStatusEventOriginEnum | None | Unset, data)

        origin = _parse_origin(d.pop("origin", UNSET))

        def _parse_triggered_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        triggered_by = _parse_triggered_by(d.pop("triggered_by", UNSET))

        _deployment_status = d.pop("deployment_status", UNSET)
        deployment_status: EnvironmentDeploymentStatusEnum | Unset
        if isinstance(_deployment_status, Unset):
            deployment_status = UNSET
        else:
            deployment_status = EnvironmentDeploymentStatusEnum(_deployment_status)

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

        def _parse_metrics(data: object) -> list[StageStepMetrics] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                metrics_type_0 = []
                _metrics_type_0 = data
                for metrics_type_0_item_data in _metrics_type_0:
                    metrics_type_0_item = StageStepMetrics.from_dict(metrics_type_0_item_data)

                    metrics_type_0.append(metrics_type_0_item)

                return metrics_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[StageStepMetrics] | None | Unset, data)

        metrics = _parse_metrics(d.pop("metrics", UNSET))

        environment_status = cls(
            id=id,
            state=state,
            last_deployment_state=last_deployment_state,
            last_deployment_date=last_deployment_date,
            last_deployment_id=last_deployment_id,
            total_deployment_duration_in_seconds=total_deployment_duration_in_seconds,
            origin=origin,
            triggered_by=triggered_by,
            deployment_status=deployment_status,
            deployment_request_id=deployment_request_id,
            metrics=metrics,
        )

        environment_status.additional_properties = d
        return environment_status

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
