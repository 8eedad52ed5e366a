from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.environment_status import EnvironmentStatus
    from ..models.status import Status


T = TypeVar("T", bound="EnvironmentStatuses")


@_attrs_define
class EnvironmentStatuses:
    """The status of an environment and of each of its services, by kind."""

    environment: EnvironmentStatus
    """ Where an environment's deployment stands. """
    applications: list[Status]
    containers: list[Status]
    jobs: list[Status]
    databases: list[Status]
    helms: list[Status]
    terraforms: list[Status]
    agentic_workflows: list[Status] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        environment = self.environment.to_dict()

        applications = []
        for applications_item_data in self.applications:
            applications_item = applications_item_data.to_dict()
            applications.append(applications_item)

        containers = []
        for containers_item_data in self.containers:
            containers_item = containers_item_data.to_dict()
            containers.append(containers_item)

        jobs = []
        for jobs_item_data in self.jobs:
            jobs_item = jobs_item_data.to_dict()
            jobs.append(jobs_item)

        databases = []
        for databases_item_data in self.databases:
            databases_item = databases_item_data.to_dict()
            databases.append(databases_item)

        helms = []
        for helms_item_data in self.helms:
            helms_item = helms_item_data.to_dict()
            helms.append(helms_item)

        terraforms = []
        for terraforms_item_data in self.terraforms:
            terraforms_item = terraforms_item_data.to_dict()
            terraforms.append(terraforms_item)

        agentic_workflows: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.agentic_workflows, Unset):
            agentic_workflows = []
            for agentic_workflows_item_data in self.agentic_workflows:
                agentic_workflows_item = agentic_workflows_item_data.to_dict()
                agentic_workflows.append(agentic_workflows_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "environment": environment,
                "applications": applications,
                "containers": containers,
                "jobs": jobs,
                "databases": databases,
                "helms": helms,
                "terraforms": terraforms,
            }
        )
        if agentic_workflows is not UNSET:
            field_dict["agentic_workflows"] = agentic_workflows

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.environment_status import EnvironmentStatus  # noqa: PLC0415
        from ..models.status import Status  # noqa: PLC0415

        d = dict(src_dict)
        environment = EnvironmentStatus.from_dict(d.pop("environment"))

        applications = []
        _applications = d.pop("applications")
        for applications_item_data in _applications:
            applications_item = Status.from_dict(applications_item_data)

            applications.append(applications_item)

        containers = []
        _containers = d.pop("containers")
        for containers_item_data in _containers:
            containers_item = Status.from_dict(containers_item_data)

            containers.append(containers_item)

        jobs = []
        _jobs = d.pop("jobs")
        for jobs_item_data in _jobs:
            jobs_item = Status.from_dict(jobs_item_data)

            jobs.append(jobs_item)

        databases = []
        _databases = d.pop("databases")
        for databases_item_data in _databases:
            databases_item = Status.from_dict(databases_item_data)

            databases.append(databases_item)

        helms = []
        _helms = d.pop("helms")
        for helms_item_data in _helms:
            helms_item = Status.from_dict(helms_item_data)

            helms.append(helms_item)

        terraforms = []
        _terraforms = d.pop("terraforms")
        for terraforms_item_data in _terraforms:
            terraforms_item = Status.from_dict(terraforms_item_data)

            terraforms.append(terraforms_item)

        _agentic_workflows = d.pop("agentic_workflows", UNSET)
        agentic_workflows: list[Status] | Unset = UNSET
        if _agentic_workflows is not UNSET:
            agentic_workflows = []
            for agentic_workflows_item_data in _agentic_workflows:
                agentic_workflows_item = Status.from_dict(agentic_workflows_item_data)

                agentic_workflows.append(agentic_workflows_item)

        environment_statuses = cls(
            environment=environment,
            applications=applications,
            containers=containers,
            jobs=jobs,
            databases=databases,
            helms=helms,
            terraforms=terraforms,
            agentic_workflows=agentic_workflows,
        )

        environment_statuses.additional_properties = d
        return environment_statuses

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
