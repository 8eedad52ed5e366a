from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.service_step_metric_name_enum import ServiceStepMetricNameEnum
from ..models.step_metric_status_enum import StepMetricStatusEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="ServiceStepMetric")


@_attrs_define
class ServiceStepMetric:
    """One step of a service's deployment."""

    step_name: ServiceStepMetricNameEnum | Unset = UNSET
    """ A step of a service's deployment. """
    status: StepMetricStatusEnum | Unset = UNSET
    """ How a deployment step ended. """
    duration_sec: int | Unset = UNSET
    """ Seconds the step took. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        step_name: str | Unset = UNSET
        if not isinstance(self.step_name, Unset):
            step_name = self.step_name.value

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        duration_sec = self.duration_sec

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if step_name is not UNSET:
            field_dict["step_name"] = step_name
        if status is not UNSET:
            field_dict["status"] = status
        if duration_sec is not UNSET:
            field_dict["duration_sec"] = duration_sec

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _step_name = d.pop("step_name", UNSET)
        step_name: ServiceStepMetricNameEnum | Unset
        if isinstance(_step_name, Unset):
            step_name = UNSET
        else:
            step_name = ServiceStepMetricNameEnum(_step_name)

        _status = d.pop("status", UNSET)
        status: StepMetricStatusEnum | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = StepMetricStatusEnum(_status)

        duration_sec = d.pop("duration_sec", UNSET)

        service_step_metric = cls(
            step_name=step_name,
            status=status,
            duration_sec=duration_sec,
        )

        service_step_metric.additional_properties = d
        return service_step_metric

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
