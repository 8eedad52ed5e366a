from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.service_step_metric import ServiceStepMetric


T = TypeVar("T", bound="ServiceStepMetrics")


@_attrs_define
class ServiceStepMetrics:
    """Durations of the steps of a service's deployment."""

    total_duration_sec: int | None
    """ Seconds the whole deployment took, or null while it is not finished. """
    total_computing_duration_sec: int
    """ Seconds the deployment took, queuing left out. """
    details: list[ServiceStepMetric]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total_duration_sec: int | None
        total_duration_sec = self.total_duration_sec

        total_computing_duration_sec = self.total_computing_duration_sec

        details = []
        for details_item_data in self.details:
            details_item = details_item_data.to_dict()
            details.append(details_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total_duration_sec": total_duration_sec,
                "total_computing_duration_sec": total_computing_duration_sec,
                "details": details,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.service_step_metric import ServiceStepMetric  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_total_duration_sec(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        total_duration_sec = _parse_total_duration_sec(d.pop("total_duration_sec"))

        total_computing_duration_sec = d.pop("total_computing_duration_sec")

        details = []
        _details = d.pop("details")
        for details_item_data in _details:
            details_item = ServiceStepMetric.from_dict(details_item_data)

            details.append(details_item)

        service_step_metrics = cls(
            total_duration_sec=total_duration_sec,
            total_computing_duration_sec=total_computing_duration_sec,
            details=details,
        )

        service_step_metrics.additional_properties = d
        return service_step_metrics

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
