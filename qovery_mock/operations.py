"""What each operation does to the mock's world, once the request is known to be well-formed.

Actions check, in this order: the resource exists (404), it belongs to the caller's organization
(403), it is not being deleted (409). Then the deployment request is queued and the answer is the
resource's view after queuing. Status reads check 404 and 403 and answer the view as it stands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from qovery_mock.errors import ApiError
from qovery_mock.fixtures import Organization
from qovery_mock.kinds import Kind
from qovery_mock.lifecycle import Action
from qovery_mock.state import DeploymentRequest, Resource, Store

FORCE_EVENT = "forceEvent"
APPLY_IMMEDIATELY = "applyImmediately"
IDS_SUFFIX = "_ids"


@dataclass(frozen=True)
class Call:
    """A well-formed request: who sends it and its typed parameters."""

    operation_id: str
    organization: Organization
    resource_id: str
    query: dict[str, Any]
    body: Any


FailureOracle = Callable[[], bool]
Handler = Callable[[Store, Call, FailureOracle], dict[str, Any]]


def _find(store: Store, kind: Kind, resource_id: str) -> Resource:
    resource = store.get(resource_id)
    if resource is None or resource.kind is not kind:
        raise ApiError(404, f"no {kind.value} has id {resource_id}")
    return resource


def _check_owner(resource: Resource, organization: Organization) -> None:
    if resource.seed.organization_id != organization.id:
        raise ApiError(403, f"this token may not act on {resource.kind.value} {resource.id}")


def _check_not_deleting(store: Store, resources: list[Resource]) -> None:
    deleting = [res for res in resources if store.is_deleting(res)]
    if deleting:
        names = ", ".join(f"{res.kind.value} {res.id}" for res in deleting)
        raise ApiError(409, f"operation in progress: being deleted: {names}")


def _enqueue_under(
    store: Store, request: DeploymentRequest, services: list[Resource], call: Call, fails: bool
) -> None:
    """Queue the request's action on each service too, under the same deployment request id."""
    for service in services:
        store.enqueue(
            service,
            request.plan.action,
            operation_id=call.operation_id,
            organization=call.organization,
            fails=fails,
            request_id=request.id,
        )


def redeploy(kind: Kind) -> Handler:
    """Queue a deployment of one resource of `kind`.

    With `forceEvent`, a resource whose fixture lists its events and does not list this one is not
    deployed: the answer is 202 with `deployment_request_id: null` and nothing is queued.
    """

    def handle(store: Store, call: Call, should_fail: FailureOracle) -> dict[str, Any]:
        with store.transaction():
            resource = _find(store, kind, call.resource_id)
            _check_owner(resource, call.organization)
            _check_not_deleting(store, [resource])
            force_event = call.query.get(FORCE_EVENT)
            supported = resource.seed.force_events
            if force_event is not None and supported is not None and force_event not in supported:
                return store.view(resource)
            fails = should_fail()
            request = store.enqueue(
                resource,
                Action.DEPLOY,
                operation_id=call.operation_id,
                organization=call.organization,
                fails=fails,
                force_event=force_event,
                apply_immediately=call.query.get(APPLY_IMMEDIATELY),
            )
            if kind is Kind.ENVIRONMENT:
                # An environment's deployment deploys each of its services, under the same request.
                services = [svc for svc in store.services_of(resource.id) if not store.is_deleting(svc)]
                _enqueue_under(store, request, services, call, fails)
            return store.view(resource, deployment_request_id=request.id)

    return handle


def _requested_services(body: Any) -> list[tuple[Kind, str]]:
    """(kind, id) pairs named by a restart body such as {"application_ids": [...]}, without repeats,
    in the body's order (a dict keeps the first of each pair in linear time)."""
    requested: dict[tuple[Kind, str], None] = {}
    if not isinstance(body, dict):
        return []
    for key, values in body.items():
        if not key.endswith(IDS_SUFFIX) or not isinstance(values, list):
            continue
        try:
            kind = Kind(key.removesuffix(IDS_SUFFIX))
        except ValueError:
            continue
        for value in values:
            requested.setdefault((kind, str(value).lower()), None)
    return list(requested)


NAMED_IN_ERRORS = 10


def _some(names: list[str]) -> str:
    """The first few names, and how many more: an error message stays short whatever the body."""
    shown = ", ".join(names[:NAMED_IN_ERRORS])
    hidden = len(names) - NAMED_IN_ERRORS
    return f"{shown} and {hidden} more" if hidden > 0 else shown


def restart_services(store: Store, call: Call, should_fail: FailureOracle) -> dict[str, Any]:
    """Queue a restart of the environment and of each listed service.

    Every listed id must be a service of that kind in that environment (404 naming the others). An
    empty body restarts no service but still queues a restart request for the environment.
    """
    requested = _requested_services(call.body)
    with store.transaction():
        environment = _find(store, Kind.ENVIRONMENT, call.resource_id)
        services: list[Resource] = []
        strangers: list[str] = []
        for kind, service_id in requested:
            service = store.get(service_id)
            if service is None or service.kind is not kind or service.seed.environment_id != environment.id:
                strangers.append(f"{kind.value} {service_id}")
            else:
                services.append(service)
        if strangers:
            raise ApiError(404, f"not in environment {environment.id}: {_some(strangers)}")
        _check_owner(environment, call.organization)
        _check_not_deleting(store, [environment, *services])
        fails = should_fail()
        request = store.enqueue(
            environment,
            Action.RESTART,
            operation_id=call.operation_id,
            organization=call.organization,
            fails=fails,
        )
        _enqueue_under(store, request, services, call, fails)
        return store.view(environment, deployment_request_id=request.id)


Render = Callable[[Store, Resource], dict[str, Any]]


def read(kind: Kind, render: Render) -> Handler:
    """Answer where a resource of `kind` stands; a read changes nothing, so no 409 applies."""

    def handle(store: Store, call: Call, should_fail: FailureOracle) -> dict[str, Any]:
        with store.transaction():
            resource = _find(store, kind, call.resource_id)
            _check_owner(resource, call.organization)
            return render(store, resource)

    return handle


def _view(store: Store, resource: Resource) -> dict[str, Any]:
    return store.view(resource)


@dataclass(frozen=True)
class Behavior:
    """What an operation acts on, the actions whose progress its answers show, and what it does.

    `render` is the answer for a resource as it stands, without queuing anything: the start-up check
    renders every state through it.
    """

    kind: Kind
    actions: tuple[Action, ...]
    handler: Handler
    render: Render = _view


def _status_read(kind: Kind, actions: tuple[Action, ...], render: Render = Store.read) -> Behavior:
    return Behavior(kind, actions, read(kind, render), render)


_BOTH = (Action.DEPLOY, Action.RESTART)

BEHAVIORS: dict[str, Behavior] = {
    "redeployJob": Behavior(Kind.JOB, (Action.DEPLOY,), redeploy(Kind.JOB)),
    "redeployEnvironment": Behavior(Kind.ENVIRONMENT, (Action.DEPLOY,), redeploy(Kind.ENVIRONMENT)),
    "redeployDatabase": Behavior(Kind.DATABASE, (Action.DEPLOY,), redeploy(Kind.DATABASE)),
    "redeployHelm": Behavior(Kind.HELM, (Action.DEPLOY,), redeploy(Kind.HELM)),
    "rebootServices": Behavior(Kind.ENVIRONMENT, (Action.RESTART,), restart_services),
    "getJobStatus": _status_read(Kind.JOB, (Action.DEPLOY,)),
    "getEnvironmentStatus": _status_read(Kind.ENVIRONMENT, _BOTH),
    "getDatabaseStatus": _status_read(Kind.DATABASE, _BOTH),
    "getHelmStatus": _status_read(Kind.HELM, (Action.DEPLOY,)),
    "getEnvironmentStatuses": _status_read(Kind.ENVIRONMENT, _BOTH, Store.statuses),
}
