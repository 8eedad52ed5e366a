from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.stage_step_metric import StageStepMetric


T = TypeVar("T", bound="StageStepMetrics")


@_attrs_define
class StageStepMetrics:
    """Durations of the steps of one stage of an environment's deployment."""

    stage_id: UUID | Unset = UNSET
    total_duration_sec: int | None | Unset = UNSET
    """ Seconds the stage took, or null while it is not finished. """
    details: list[StageStepMetric] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        stage_id: str | Unset = UNSET
        if not isinstance(self.stage_id, Unset):
            stage_id = str(self.stage_id)

        total_duration_sec: int | None | Unset
        if isinstance(self.total_duration_sec, Unset):
            total_duration_sec = UNSET
        else:
            total_duration_sec = self.total_duration_sec

        details: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.details, Unset):
            details = []
            for details_item_data in self.details:
                details_item = details_item_data.to_dict()
                details.append(details_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if stage_id is not UNSET:
            field_dict["stage_id"] = stage_id
        if total_duration_sec is not UNSET:
            field_dict["total_duration_sec"] = total_duration_sec
        if details is not UNSET:
            field_dict["details"] = details

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.stage_step_metric import StageStepMetric  # noqa: PLC0415

        d = dict(src_dict)
        _stage_id = d.pop("stage_id", UNSET)
        stage_id: UUID | Unset
        if isinstance(_stage_id, Unset):
            stage_id = UNSET
        else:
            stage_id = UUID(_stage_id)

        def _parse_total_duration_sec(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        total_duration_sec = _parse_total_duration_sec(d.pop("total_duration_sec", UNSET))

        _details = d.pop("details", UNSET)
        details: list[StageStepMetric] | Unset = UNSET
        if _details is not UNSET:
            details = []
            for details_item_data in _details:
                details_item = StageStepMetric.from_dict(details_item_data)

                details.append(details_item)

        stage_step_metrics = cls(
            stage_id=stage_id,
            total_duration_sec=total_duration_sec,
            details=details,
        )

        stage_step_metrics.additional_properties = d
        return stage_step_metrics

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
