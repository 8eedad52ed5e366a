"""`Mock`: the handle tests and the admin routes use to see and steer the mock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qovery_mock.clock import Clock, isoformat
from qovery_mock.faults import FaultBook
from qovery_mock.fixtures import Fixture
from qovery_mock.kinds import empty_groups
from qovery_mock.selfcheck import check_conformance
from qovery_mock.spec import Spec
from qovery_mock.state import Store


class Mock:
    """The state, faults and clock behind one mock app.

    `ids` are resources of the first organization of the fixture, which `default_token` belongs to;
    each operation on them answers 202. The first id of `ids["environments"]` is the environment
    holding the first id of every other kind. `foreign_ids` belong to another organization (403 with
    `default_token`), `deleting_ids` to the first organization but are being deleted (409).
    """

    def __init__(self, spec: Spec, fixture: Fixture, clock: Clock) -> None:
        check_conformance(spec, fixture)
        self.spec = spec
        self.fixture = fixture
        self.clock = clock
        self.store = Store(fixture, clock)
        self.faults = FaultBook(spec.operations, seed=fixture.fault_seed)
        self.body_limit = fixture.body_limit_bytes
        self._install_fixture_faults()

        organizations = fixture.organizations
        self.organization_id = organizations[0].id
        self.default_token: str = organizations[0].tokens[0]
        self.tokens: dict[str, list[str]] = {org.id: list(org.tokens) for org in organizations}
        self.foreign_token: str | None = organizations[1].tokens[0] if len(organizations) > 1 else None
        self.ids: dict[str, list[str]] = self.store.ids(self.organization_id, deleting=False)
        self.deleting_ids: dict[str, list[str]] = self.store.ids(self.organization_id, deleting=True)
        self.foreign_ids: dict[str, list[str]] = empty_groups()
        for org in organizations[1:]:
            for group, found in self.store.ids(org.id, deleting=False).items():
                self.foreign_ids[group].extend(found)

    @property
    def spec_path(self) -> Path | None:
        return self.spec.document.source

    def add_fault(
        self,
        operation: str = "*",
        kind: str = "status",
        *,
        status: int | None = None,
        count: int | None = None,
        rate: float | None = None,
        seed: int | None = None,
        retry_after: int | str | None = None,
        retry_after_format: str = "seconds",
        latency: float | None = None,
        field: str | None = None,
        body: str | None = None,
        content_type: str | None = None,
        resource_id: str | None = None,
        query: dict[str, str] | None = None,
    ) -> None:
        """Inject a fault; see faults.py and docs/mock.md for the kinds and what each option does."""
        options: dict[str, Any] = {
            "operation": operation,
            "kind": kind,
            "status": status,
            "count": count,
            "rate": rate,
            "seed": seed,
            "retry_after": retry_after,
            "retry_after_format": retry_after_format,
            "latency": latency,
            "field": field,
            "body": body,
            "content_type": content_type,
            "resource_id": resource_id,
            "query": query,
        }
        self.faults.add({name: value for name, value in options.items() if value is not None})

    def clear_faults(self) -> None:
        """Remove every fault, those of the fixture file included."""
        self.faults.clear()

    def reset(self) -> None:
        """Back to the seeded state: resources as the fixture describes them, the fixture's faults
        only, and a manual clock back at its start."""
        with self.store.lock:
            self.clock.reset()
            self.store.reset()
            self.faults.clear()
            self._install_fixture_faults()

    def resource(self, resource_id: str) -> dict[str, Any]:
        """The current state of a resource; KeyError when no resource has this id."""
        found = self.store.get(str(resource_id).lower())
        if found is None:
            raise KeyError(resource_id)
        return self.store.inspect(found)

    def services(self, environment_id: str) -> dict[str, list[str]]:
        """The ids of the services of an environment, by kind."""
        groups = empty_groups()
        for service in self.store.services_of(str(environment_id).lower()):
            groups[service.kind.group].append(service.id)
        return {group: found for group, found in groups.items() if group != "environments"}

    def info(self) -> dict[str, Any]:
        """What a client needs to start: tokens and ids."""
        return {
            "spec": str(self.spec_path) if self.spec_path else None,
            "fixtures": self.fixture.source,
            "token": self.default_token,
            "foreign_token": self.foreign_token,
            "ids": self.ids,
            "foreign_ids": self.foreign_ids,
            "deleting_ids": self.deleting_ids,
            "operations": sorted(self.spec.operations),
            "clock": self.clock_info(),
        }

    def clock_info(self) -> dict[str, Any]:
        now = self.clock.now()
        return {"now": isoformat(now), "epoch": now, "manual": self.clock.manual}

    def _install_fixture_faults(self) -> None:
        for fault in self.fixture.faults:
            self.faults.add(fault)
