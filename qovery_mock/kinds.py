"""The kinds of resources the mock holds, and the names they go by in fixtures and id lists."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    ENVIRONMENT = "environment"
    JOB = "job"
    DATABASE = "database"
    HELM = "helm"
    APPLICATION = "application"
    CONTAINER = "container"

    @property
    def group(self) -> str:
        """The plural used as a fixture key and as a key of `Mock.ids`."""
        return f"{self.value}s"

    @property
    def builds(self) -> bool:
        """Whether a deployment of this kind goes through a build phase."""
        return self not in (Kind.DATABASE, Kind.HELM)


SERVICE_KINDS: tuple[Kind, ...] = (Kind.JOB, Kind.DATABASE, Kind.HELM, Kind.APPLICATION, Kind.CONTAINER)
GROUPS: tuple[str, ...] = tuple(kind.group for kind in (Kind.JOB, Kind.ENVIRONMENT, *SERVICE_KINDS[1:]))


def empty_groups() -> dict[str, list[str]]:
    return {group: [] for group in GROUPS}
