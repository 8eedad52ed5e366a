from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RebootServicesRequest")


@_attrs_define
class RebootServicesRequest:
    """The services of the environment to restart, by kind."""

    application_ids: list[UUID] | Unset = UNSET
    database_ids: list[UUID] | Unset = UNSET
    container_ids: list[UUID] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        application_ids: list[str] | Unset = UNSET
        if not isinstance(self.application_ids, Unset):
            application_ids = []
            for application_ids_item_data in self.application_ids:
                application_ids_item = str(application_ids_item_data)
                application_ids.append(application_ids_item)

        database_ids: list[str] | Unset = UNSET
        if not isinstance(self.database_ids, Unset):
            database_ids = []
            for database_ids_item_data in self.database_ids:
                database_ids_item = str(database_ids_item_data)
                database_ids.append(database_ids_item)

        container_ids: list[str] | Unset = UNSET
        if not isinstance(self.container_ids, Unset):
            container_ids = []
            for container_ids_item_data in self.container_ids:
                container_ids_item = str(container_ids_item_data)
                container_ids.append(container_ids_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if application_ids is not UNSET:
            field_dict["application_ids"] = application_ids
        if database_ids is not UNSET:
            field_dict["database_ids"] = database_ids
        if container_ids is not UNSET:
            field_dict["container_ids"] = container_ids

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _application_ids = d.pop("application_ids", UNSET)
        application_ids: list[UUID] | Unset = UNSET
        if _application_ids is not UNSET:
            application_ids = []
            for application_ids_item_data in _application_ids:
                application_ids_item = UUID(application_ids_item_data)

                application_ids.append(application_ids_item)

        _database_ids = d.pop("database_ids", UNSET)
        database_ids: list[UUID] | Unset = UNSET
        if _database_ids is not UNSET:
            database_ids = []
            for database_ids_item_data in _database_ids:
                database_ids_item = UUID(database_ids_item_data)

                database_ids.append(database_ids_item)

        _container_ids = d.pop("container_ids", UNSET)
        container_ids: list[UUID] | Unset = UNSET
        if _container_ids is not UNSET:
            container_ids = []
            for container_ids_item_data in _container_ids:
                container_ids_item = UUID(container_ids_item_data)

                container_ids.append(container_ids_item)

        reboot_services_request = cls(
            application_ids=application_ids,
            database_ids=database_ids,
            container_ids=container_ids,
        )

        reboot_services_request.additional_properties = d
        return reboot_services_request

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
