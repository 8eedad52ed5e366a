"""The mock's world: resources, their queues of deployment requests, and what they look like now.

Each resource has a first-in first-out queue of deployment requests. The head of the queue runs
through the phases of its plan (see lifecycle.py) from the moment it reaches the head; when it is
over, the next one starts. `deployment_requests_count` is the number of requests queued or running,
as openapi.yaml describes it. Progress is computed from the clock when the resource is looked at, so
nothing runs in the background.
"""

from __future__ import annotations

import copy
import threading
import uuid
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from qovery_mock.clock import Clock, isoformat
from qovery_mock.fixtures import Fixture, Organization, ResourceSeed
from qovery_mock.kinds import GROUPS, SERVICE_KINDS, Kind, empty_groups
from qovery_mock.lifecycle import SUCCESS, Action, Plan, plan_for, progress

DEFAULT_STATE = "DEPLOYED"
DEFAULT_DEPLOYMENT_STATUS = "UP_TO_DATE"
NO_SUB_ACTION = "NONE"
API_ORIGIN = "API"
# Service lists of the statuses read for kinds that no fixture can hold.
ABSENT_GROUPS = ("terraforms", "agentic_workflows")


@dataclass
class DeploymentRequest:
    id: str
    operation_id: str
    plan: Plan
    queued_at: float
    sequence: int
    fails: bool
    origin: str
    triggered_by: str
    force_event: str | None = None
    apply_immediately: bool | None = None
    started_at: float | None = None

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "operation": self.operation_id,
            "action": self.plan.action.value,
            "queued_at": isoformat(self.queued_at),
            "started_at": isoformat(self.started_at) if self.started_at is not None else None,
            "fails": self.fails,
            "force_event": self.force_event,
            "apply_immediately": self.apply_immediately,
            "triggered_by": self.triggered_by,
        }


@dataclass
class Resource:
    seed: ResourceSeed
    status: dict[str, Any]
    deployment_status: str
    queue: deque[DeploymentRequest] = field(default_factory=deque)
    last_finished: DeploymentRequest | None = None
    last_request: DeploymentRequest | None = None
    total_requests: int = 0
    free_at: float = float("-inf")

    @property
    def id(self) -> str:
        return self.seed.id

    @property
    def kind(self) -> Kind:
        return self.seed.kind


def _initial_status(seed: ResourceSeed) -> tuple[dict[str, Any], str]:
    status: dict[str, Any] = {
        "state": DEFAULT_STATE,
        "status_details": {"action": Action.DEPLOY.value, "status": SUCCESS, "sub_action": NO_SUB_ACTION},
        "is_part_last_deployment": True,
        "origin": None,
        "triggered_by": None,
        "last_deployment_date": None,
        "last_deployment_id": None,
        "total_deployment_duration_in_seconds": None,
        "metrics": None,
    }
    status.update(copy.deepcopy(dict(seed.status)))
    status.setdefault("last_deployment_state", status["state"])
    deployment_status = status.pop("deployment_status", None) or status.pop("service_deployment_status", None)
    status.pop("service_deployment_status", None)
    return status, deployment_status or DEFAULT_DEPLOYMENT_STATUS


class Store:
    """All resources of all organizations. Every read and write goes through `lock`."""

    def __init__(self, fixture: Fixture, clock: Clock) -> None:
        self.fixture = fixture
        self.clock = clock
        self.lock = threading.RLock()
        self.organizations: dict[str, Organization] = {org.id: org for org in fixture.organizations}
        self._by_token: dict[str, Organization] = {
            token: org for org in fixture.organizations for token in org.tokens
        }
        self._plans: dict[tuple[Action, Kind], Plan] = {
            (action, kind): plan_for(action, kind, fixture.timings) for action in Action for kind in Kind
        }
        self.resources: dict[str, Resource] = {}
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.resources = {}
            for seed in self.fixture.resources:
                status, deployment_status = _initial_status(seed)
                self.resources[seed.id] = Resource(
                    seed=seed, status=status, deployment_status=deployment_status
                )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.lock:
            yield

    def organization_for_token(self, token: str) -> Organization | None:
        return self._by_token.get(token)

    def get(self, resource_id: str) -> Resource | None:
        return self.resources.get(resource_id)

    def services_of(self, environment_id: str) -> list[Resource]:
        return [res for res in self.resources.values() if res.seed.environment_id == environment_id]

    def is_deleting(self, resource: Resource) -> bool:
        return resource.seed.deleting

    def enqueue(
        self,
        resource: Resource,
        action: Action,
        *,
        operation_id: str,
        organization: Organization,
        fails: bool = False,
        force_event: str | None = None,
        apply_immediately: bool | None = None,
        request_id: str | None = None,
    ) -> DeploymentRequest:
        """Queue a request on the resource; `request_id` ties it to a request queued on another one."""
        with self.lock:
            now = self.clock.now()
            self._settle(resource, now)
            resource.total_requests += 1
            request = DeploymentRequest(
                id=request_id or str(uuid.uuid4()),
                operation_id=operation_id,
                plan=self._plans[(action, resource.kind)],
                queued_at=now,
                sequence=resource.total_requests,
                fails=fails,
                origin=API_ORIGIN,
                triggered_by=organization.user,
                force_event=force_event,
                apply_immediately=apply_immediately,
            )
            if not resource.queue:
                request.started_at = max(now, resource.free_at)
            resource.queue.append(request)
            resource.last_request = request
            return request

    def view(self, resource: Resource, deployment_request_id: str | None = None) -> dict[str, Any]:
        """Everything known about the resource now, under the field names of openapi.yaml.

        It holds the fields of every response schema; each operation keeps the ones its schema lists.
        """
        with self.lock:
            now = self.clock.now()
            self._settle(resource, now)
            view = dict(resource.status)
            view["id"] = resource.id
            view["deployment_status"] = resource.deployment_status
            view["service_deployment_status"] = resource.deployment_status
            view["deployment_requests_count"] = len(resource.queue)
            view["deployment_request_id"] = deployment_request_id
            current = resource.queue[0] if resource.queue else resource.last_finished
            if current is not None and current.started_at is not None:
                state = progress(current.plan, now - current.started_at, current.fails)
                view["state"] = state.state
                view["status_details"] = {
                    "action": current.plan.action.value,
                    "status": state.action_status,
                    "sub_action": NO_SUB_ACTION,
                }
                view["steps"] = state.steps
                view["last_deployment_date"] = isoformat(current.queued_at)
                view["execution_id"] = f"{resource.id}-{current.sequence}-{int(current.queued_at)}"
                view["origin"] = current.origin
                view["triggered_by"] = current.triggered_by
            finished = resource.last_finished
            if finished is not None and finished.started_at is not None:
                outcome = progress(finished.plan, finished.plan.total, finished.fails)
                view["last_deployment_state"] = outcome.state
                view["last_deployment_id"] = f"{resource.id}-{finished.sequence}"
                view["total_deployment_duration_in_seconds"] = int(finished.plan.total)
            return view

    def read(self, resource: Resource) -> dict[str, Any]:
        """What a status read answers: the view tied to the request running, or that ran last.

        A resource no request ever ran on reads as its fixture seeds it, `deployment_request_id` null.
        """
        with self.lock:
            self._settle(resource, self.clock.now())
            current = resource.queue[0] if resource.queue else resource.last_finished
            return self.view(resource, deployment_request_id=current.id if current else None)

    def statuses(self, environment: Resource) -> dict[str, Any]:
        """The statuses read of an environment: its own read, and each service's, by kind."""
        with self.lock:
            answer: dict[str, Any] = {"environment": self.read(environment)}
            answer.update({kind.group: [] for kind in SERVICE_KINDS})
            for service in self.services_of(environment.id):
                answer[service.kind.group].append(self.read(service))
            # Kinds Qovery has that the mock holds none of.
            answer.update({group: [] for group in ABSENT_GROUPS})
            return answer

    def inspect(self, resource: Resource) -> dict[str, Any]:
        """The view plus the mock's own bookkeeping, for tests and the admin routes."""
        with self.lock:
            last = resource.last_request
            view = self.view(resource, deployment_request_id=last.id if last else None)
            view.update(
                {
                    "kind": resource.kind.value,
                    "name": resource.seed.name,
                    "organization_id": resource.seed.organization_id,
                    "environment_id": resource.seed.environment_id,
                    "deleting": resource.seed.deleting,
                    "force_events": (
                        sorted(resource.seed.force_events) if resource.seed.force_events is not None else None
                    ),
                    "total_deployment_requests": resource.total_requests,
                    "last_deployment_request_id": resource.last_request.id if resource.last_request else None,
                    "last_request": resource.last_request.summary() if resource.last_request else None,
                    "running_request": resource.queue[0].summary() if resource.queue else None,
                }
            )
            return view

    def ids(self, organization_id: str, *, deleting: bool) -> dict[str, list[str]]:
        groups = empty_groups()
        for resource in self.resources.values():
            if resource.seed.organization_id == organization_id and resource.seed.deleting == deleting:
                groups[resource.kind.group].append(resource.id)
        return {group: groups[group] for group in GROUPS}

    def _settle(self, resource: Resource, now: float) -> None:
        queue = resource.queue
        while queue:
            head = queue[0]
            if head.started_at is None:
                head.started_at = max(head.queued_at, resource.free_at)
            end = head.started_at + head.plan.total
            if now < end:
                return
            queue.popleft()
            resource.free_at = end
            resource.last_finished = head
            if head.plan.action is Action.DEPLOY and not head.fails:
                resource.deployment_status = DEFAULT_DEPLOYMENT_STATUS
