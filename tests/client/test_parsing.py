"""Every answer the API documents, or may send as it grows, parses into the documented model."""

import asyncio
import json
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from qovery_deploy_client import models
from qovery_deploy_client.types import UNSET

from contract_tests.harness.response_strategies import ResponseStrategies
from contract_tests.harness.spec import Spec
from tests.client.client_support import OPERATIONS, SPEC, Operation, client_answering, json_answer
from tests.upstream_spec import upstream_as_json_schema

SEED_EXAMPLES: dict[str, dict[str, Any]] = json.loads(
    (Path(__file__).parent / "data" / "seed_examples.json").read_text()
)
BY_ID = {operation.operation_id: operation for operation in OPERATIONS}


def assert_same_json(sent: Any, got: Any, where: str = "$") -> None:
    """to_dict() gives back what was received: same keys and values, date-times and UUIDs compared as such."""
    if isinstance(sent, dict):
        assert isinstance(got, dict), where
        assert sent.keys() == got.keys(), f"{where}: keys {sorted(sent)} became {sorted(got)}"
        for key in sent:
            assert_same_json(sent[key], got[key], f"{where}.{key}")
    elif isinstance(sent, list):
        assert isinstance(got, list) and len(sent) == len(got), where
        for index, (a, b) in enumerate(zip(sent, got, strict=True)):
            assert_same_json(a, b, f"{where}[{index}]")
    elif isinstance(sent, str) and sent != got:
        assert isinstance(got, str), where
        assert _as_instant(sent) == _as_instant(got), f"{where}: {sent!r} became {got!r}"
    else:
        assert sent == got and type(sent) is type(got), f"{where}: {sent!r} became {got!r}"


def _as_instant(text: str) -> uuid.UUID | datetime:
    try:
        return uuid.UUID(text)
    except ValueError:
        return datetime.fromisoformat(text)


def parse(operation: Operation, body: Any) -> Any:
    parsed = operation.call(client_answering(json_answer(body, operation.success_code)))
    assert type(parsed).__name__ == operation.success_schema_name
    assert_same_json(body, parsed.to_dict())
    return parsed


@pytest.mark.parametrize("operation_id", sorted(SEED_EXAMPLES))
def test_every_example_of_the_documentation_pages_parses(operation_id: str) -> None:
    parse(BY_ID[operation_id], SEED_EXAMPLES[operation_id])


def test_the_job_page_example_has_no_sub_action_and_still_parses() -> None:
    body = SEED_EXAMPLES["redeployJob"]
    assert "sub_action" not in body["status_details"]
    parsed = parse(BY_ID["redeployJob"], body)
    assert parsed.status_details.sub_action is UNSET
    assert "sub_action" not in parsed.to_dict()["status_details"]


def test_every_example_of_the_spec_parses(operation: Operation) -> None:
    examples = operation.success_content["examples"]
    assert examples
    for example in examples.values():
        parse(operation, example["value"])


def test_origin_null_and_absent_optional_fields_parse() -> None:
    body = {"id": str(uuid.uuid4()), "state": "DEPLOYED", "last_deployment_state": "DEPLOYED", "origin": None}
    parsed = parse(BY_ID["redeployEnvironment"], body)
    assert parsed.origin is None


@pytest.mark.parametrize(
    "operation", [op for op in OPERATIONS if op.success_schema_name == "Status"], ids=str
)
def test_a_minimal_status_parses(operation: Operation) -> None:
    body = {
        "id": str(uuid.uuid4()),
        "state": "QUEUED",
        "service_deployment_status": "NEVER_DEPLOYED",
        "status_details": {"action": "DEPLOY", "status": "QUEUED"},
    }
    parse(operation, body)


# Shapes generated from the schemas: Qovery's published ones, and this spec's with what it does not know.


PROPERTY_SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize("source", ["openapi.yaml", "Qovery's published spec"])
@pytest.mark.parametrize("operation_id", sorted(BY_ID))
def test_every_shape_either_spec_allows_parses(operation_id: str, source: str) -> None:
    """Answers drawn from the schemas, with nulls, absent optionals, extra fields and unlisted enum values."""
    operation = BY_ID[operation_id]
    document = SPEC if source == "openapi.yaml" else upstream_as_json_schema()
    schema = {"$ref": f"#/components/schemas/{operation.success_schema_name}"}

    @PROPERTY_SETTINGS
    @given(ResponseStrategies(Spec(document)).for_schema(schema))
    def check(body: dict[str, Any]) -> None:
        parse(operation, body)

    check()


def test_an_unknown_state_is_kept_raw_and_the_rest_still_reads() -> None:
    body = dict(SEED_EXAMPLES["redeployDatabase"], state="HIBERNATING")
    body["status_details"] = dict(body["status_details"], action="SCALE", sub_action="TERRAFORM_SOMETHING")
    parsed = parse(BY_ID["redeployDatabase"], body)
    assert parsed.state == "HIBERNATING" and parsed.state.value == "HIBERNATING"
    assert not parsed.state.is_known
    assert isinstance(parsed.state, models.StateEnum)
    assert parsed.status_details.action.value == "SCALE"
    assert parsed.status_details.status is models.ServiceActionStatusEnum.QUEUED
    assert parsed.status_details.status.is_known
    assert parsed.deployment_requests_count == body["deployment_requests_count"]


def test_unknown_fields_are_kept_at_every_level() -> None:
    body = json.loads(json.dumps(SEED_EXAMPLES["rebootServices"]))
    body["cluster_id"] = "c-1"
    body["status_details"]["reason"] = {"code": 7}
    body["steps"]["queued_sec"] = 3
    body["steps"]["details"][0]["attempt"] = 2
    parsed = parse(BY_ID["rebootServices"], body)
    assert parsed.additional_properties == {"cluster_id": "c-1"}
    assert parsed.status_details.additional_properties == {"reason": {"code": 7}}
    assert parsed.steps.additional_properties == {"queued_sec": 3}
    assert parsed.steps.details[0].additional_properties == {"attempt": 2}


def test_the_async_functions_parse_the_same(operation: Operation) -> None:
    example = next(iter(operation.success_content["examples"].values()))
    body = example["value"]
    parsed = asyncio.run(operation.acall(client_answering(json_answer(body, operation.success_code))))
    assert_same_json(body, parsed.to_dict())
