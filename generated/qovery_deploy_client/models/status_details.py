from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.service_action_enum import ServiceActionEnum
from ..models.service_action_status_enum import ServiceActionStatusEnum
from ..models.service_sub_action_enum import ServiceSubActionEnum
from ..types import UNSET, Unset

T = TypeVar("T", bound="StatusDetails")


@_attrs_define
class StatusDetails:
    """The action under way on a service and how far it has got."""

    action: ServiceActionEnum
    """ The action under way on a service. """
    status: ServiceActionStatusEnum
    """ How far the action under way has got. """
    sub_action: ServiceSubActionEnum | Unset = UNSET
    """ The Terraform part of the action, NONE for other services. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        status = self.status.value

        sub_action: str | Unset = UNSET
        if not isinstance(self.sub_action, Unset):
            sub_action = self.sub_action.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "status": status,
            }
        )
        if sub_action is not UNSET:
            field_dict["sub_action"] = sub_action

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = ServiceActionEnum(d.pop("action"))

        status = ServiceActionStatusEnum(d.pop("status"))

        _sub_action = d.pop("sub_action", UNSET)
        sub_action: ServiceSubActionEnum | Unset
        if isinstance(_sub_action, Unset):
            sub_action = UNSET
        else:
            sub_action = ServiceSubActionEnum(_sub_action)

        status_details = cls(
            action=action,
            status=status,
            sub_action=sub_action,
        )

        status_details.additional_properties = d
        return status_details

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
