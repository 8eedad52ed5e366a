"""The only requests that may start deployments on a live API: one per operation on the ids the user listed.

They run inside the safety policy's deploy window, which opens only with QOVERY_CONTRACT_ALLOW_DEPLOY
and listed ids. Each goes through the generated client and gets the client's and the spec's checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schemathesis.schemas import BaseSchema

from contract_tests.harness.client_calls import RecordingTransport, make_client
from contract_tests.harness.client_exercise import exercise_client
from contract_tests.harness.seeding import id_list_fields
from contract_tests.harness.spec import (
    Operation,
    Spec,
    resource_kind_of_body_field,
    resource_kind_of_path_parameter,
)
from contract_tests.harness.target import Target

DEPLOY_ANSWERS = frozenset({202, 409, 429})
READ_ANSWERS = frozenset({200, 429})


@dataclass(frozen=True)
class PlannedDeploy:
    operation: Operation
    path_parameters: dict[str, str]
    body: dict[str, list[str]] | None


def plan(spec: Spec, listed: dict[str, tuple[str, ...]]) -> list[PlannedDeploy]:
    """One request per operation whose resource kind has a listed id; restarts name the listed services."""
    planned: list[PlannedDeploy] = []
    for operation in spec.operations.values():
        if not operation.changes_state:
            continue
        parameter = operation.path_parameter
        ids = listed.get(resource_kind_of_path_parameter(parameter.name), ())
        if not ids:
            continue
        body: dict[str, list[str]] | None = None
        if operation.body_schema is not None:
            body = {
                field: list(listed[resource_kind_of_body_field(field)])
                for field in id_list_fields(spec, operation)
                if listed.get(resource_kind_of_body_field(field))
            }
        planned.append(PlannedDeploy(operation, {parameter.name: ids[0]}, body))
    return planned


def plan_reads(spec: Spec, listed: dict[str, tuple[str, ...]]) -> list[PlannedDeploy]:
    """One status read per listed id of each kind a read covers: they change nothing, so need no opt-in."""
    return [
        PlannedDeploy(operation, {operation.path_parameter.name: resource_id}, None)
        for operation in spec.operations.values()
        if not operation.changes_state
        for resource_id in listed.get(resource_kind_of_path_parameter(operation.path_parameter.name), ())
    ]


def send_planned(
    schema: BaseSchema,
    spec: Spec,
    target: Target,
    planned: list[PlannedDeploy],
    column: str = "opt-in deploys",
) -> list[tuple[PlannedDeploy, int, dict[str, Any] | None]]:
    """Send each planned request through the client inside the deploy window; (plan, status, parsed answer)."""
    with target.policy.deploy_window():
        return send_through_client(schema, spec, target, planned, column, DEPLOY_ANSWERS)


def send_reads(
    schema: BaseSchema, spec: Spec, target: Target, planned: list[PlannedDeploy], column: str = "live reads"
) -> list[tuple[PlannedDeploy, int, dict[str, Any] | None]]:
    """Send each planned read through the client, outside any deploy window."""
    return send_through_client(schema, spec, target, planned, column, READ_ANSWERS)


def send_through_client(
    schema: BaseSchema,
    spec: Spec,
    target: Target,
    planned: list[PlannedDeploy],
    column: str,
    allowed: frozenset[int],
) -> list[tuple[PlannedDeploy, int, dict[str, Any] | None]]:
    """Send each planned request with the spec's and the client's checks; its status must be `allowed`."""
    recorder = RecordingTransport(target.client_transport())
    results: list[tuple[PlannedDeploy, int, dict[str, Any] | None]] = []
    with make_client(target.base_url, target.token, recorder) as client:
        for item in planned:
            operation = schema[item.operation.path][item.operation.method]
            extra: dict[str, Any] = (
                {"body": item.body, "media_type": "application/json"} if item.body is not None else {}
            )
            case = operation.Case(path_parameters=item.path_parameters, **extra)
            exchange = exercise_client(
                case, item.operation, spec, client, recorder, target.base_url, [target.token], column
            )
            status = exchange.response.status_code
            assert status in allowed, (
                f"{item.operation.operation_id}: HTTP {status}, expected one of {sorted(allowed)}"
            )
            parsed = exchange.response.json() if status == item.operation.success_status else None
            results.append((item, status, parsed))
    return results


def sequence(spec: Spec, listed: dict[str, tuple[str, ...]]) -> list[PlannedDeploy]:
    """Redeploy, redeploy again, restart: on the first listed job (or other redeployable kind) and environment."""
    planned = plan(spec, listed)
    redeploys = [item for item in planned if item.operation.body_schema is None]
    restarts = [item for item in planned if item.operation.body_schema is not None]
    if not redeploys:
        return restarts
    return [redeploys[0], redeploys[0], *restarts]


def distinct_request_ids(results: list[tuple[PlannedDeploy, int, dict[str, Any] | None]]) -> list[str]:
    """The deployment request ids the accepted answers gave, which must all differ."""
    return [
        answer["deployment_request_id"]
        for _, _, answer in results
        if answer and answer.get("deployment_request_id")
    ]
