"""Success bodies are type-checked against the spec: a field of the wrong type raises
ResponseValidationError naming it. The documented tolerance stays: unknown enum values, extra fields,
nulls where Qovery sends them, absent optionals."""

import copy
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from qovery_deploy_client import errors

from tests.client.client_support import OPERATIONS, Operation, client_answering

EXAMPLES: dict[str, Any] = json.loads((Path(__file__).parent / "data" / "seed_examples.json").read_text())
BY_ID = {operation.operation_id: operation for operation in OPERATIONS}


def with_value(body: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(body)
    *parents, last = path.split(".")
    target: Any = changed
    for name in parents:
        target = target[int(name)] if isinstance(target, list) else target[name]
    target[int(last) if isinstance(target, list) else last] = value
    return changed


def answer_of(operation: Operation, content: bytes) -> Any:
    headers = {"content-type": "application/json"}
    client = client_answering(
        lambda request: httpx.Response(operation.success_code, content=content, headers=headers)
    )
    return operation.call(client)


def call_with(operation_id: str, body: dict[str, Any]) -> Any:
    return answer_of(BY_ID[operation_id], json.dumps(body).encode())


WRONG = [
    # (operation, field, value, the field as the message names it)
    ("redeployJob", "deployment_requests_count", "7", "deployment_requests_count"),
    ("redeployJob", "deployment_requests_count", True, "deployment_requests_count"),
    ("redeployJob", "deployment_requests_count", 1.5, "deployment_requests_count"),
    ("redeployJob", "is_part_last_deployment", "true", "is_part_last_deployment"),
    ("redeployJob", "is_part_last_deployment", 1, "is_part_last_deployment"),
    ("redeployJob", "id", "not-a-uuid", "id"),
    ("redeployJob", "id", "{3c90c3cc-0d44-4b50-8888-8dd25736052a}", "id"),
    ("redeployJob", "id", "3c90c3cc0d444b5088888dd25736052a", "id"),
    ("redeployJob", "last_deployment_date", "yesterday", "last_deployment_date"),
    ("redeployJob", "last_deployment_date", "2023-11-07", "last_deployment_date"),
    ("redeployJob", "last_deployment_date", "2023-13-07T05:31:56Z", "last_deployment_date"),
    ("redeployJob", "last_deployment_date", 1699335116, "last_deployment_date"),
    ("redeployJob", "last_deployment_date", "2023-11-07t05:31:56z", "last_deployment_date"),
    ("redeployJob", "last_deployment_date", "2023-11-07T05:31:56", "last_deployment_date"),
    ("redeployJob", "execution_id", 42, "execution_id"),
    ("redeployJob", "state", 3, "state"),
    ("redeployJob", "status_details", [["action", "DEPLOY"], ["status", "QUEUED"]], "status_details"),
    ("redeployJob", "steps.details", {"0": {}}, "steps.details"),
    ("redeployJob", "steps.details.0.duration_sec", "12", "steps.details[0].duration_sec"),
    ("redeployJob", "deployment_request_id", "not-a-uuid", "deployment_request_id"),
    ("redeployJob", "deployment_request_id", 12, "deployment_request_id"),
    ("redeployJob", "steps.total_duration_sec", "12", "steps.total_duration_sec"),
    (
        "redeployEnvironment",
        "total_deployment_duration_in_seconds",
        "123",
        "total_deployment_duration_in_seconds",
    ),
    ("redeployEnvironment", "origin", 5, "origin"),
    ("redeployEnvironment", "last_deployment_date", "2023-11-07 05:31", "last_deployment_date"),
]


@pytest.mark.parametrize(("operation_id", "path", "value", "named"), WRONG, ids=lambda v: str(v)[:30])
def test_a_field_of_the_wrong_type_raises_naming_it(
    operation_id: str, path: str, value: Any, named: str
) -> None:
    body = with_value(EXAMPLES[operation_id], path, value)

    with pytest.raises(errors.ResponseValidationError) as caught:
        call_with(operation_id, body)

    assert f"{named}: expected" in caught.value.reason


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_nan_and_infinity_raise_naming_the_field(literal: str) -> None:
    text = json.dumps(EXAMPLES["redeployJob"]).replace(
        '"deployment_requests_count": 123', f'"deployment_requests_count": {literal}'
    )
    assert literal in text

    with pytest.raises(errors.ResponseValidationError, match="deployment_requests_count"):
        answer_of(BY_ID["redeployJob"], text.encode())


def test_nan_in_an_extra_field_is_refused_too() -> None:
    text = json.dumps(EXAMPLES["redeployJob"])[:-1] + ', "extra": {"ratio": NaN}}'

    with pytest.raises(errors.ResponseValidationError, match=r"extra\.ratio: NaN is not a JSON value"):
        answer_of(BY_ID["redeployJob"], text.encode())


def test_a_missing_required_field_is_named() -> None:
    body = copy.deepcopy(EXAMPLES["redeployJob"])
    del body["status_details"]["status"]

    with pytest.raises(errors.ResponseValidationError, match=r"status_details\.status: is required"):
        call_with("redeployJob", body)


@pytest.mark.parametrize("body", [[], "a string", 7, None, [{"id": "x"}]], ids=repr)
def test_a_body_that_is_not_an_object_raises(body: Any) -> None:
    with pytest.raises(errors.ResponseValidationError, match="the body: expected an object"):
        call_with("getJobStatus", body)


def test_a_list_of_statuses_names_the_item_at_fault() -> None:
    operation = BY_ID["getEnvironmentStatuses"]
    example = next(iter(operation.success_content["examples"].values()))["value"]
    kind = next(name for name, value in example.items() if isinstance(value, list) and value)
    body = with_value(example, f"{kind}.0.deployment_requests_count", "many")

    with pytest.raises(errors.ResponseValidationError, match=rf"{kind}\[0\]\.deployment_requests_count"):
        answer_of(operation, json.dumps(body).encode())


# The documented tolerance.


def test_unknown_enum_values_extra_fields_nulls_and_absent_optionals_still_parse() -> None:
    body = copy.deepcopy(EXAMPLES["redeployJob"])
    body["state"] = "HIBERNATING"
    body["status_details"]["sub_action"] = "SOMETHING_NEW"
    body["brand_new"] = {"nested": [1, 2.5, None, "x"]}
    body["deployment_request_id"] = None
    body["steps"]["total_duration_sec"] = None
    del body["execution_id"], body["last_deployment_date"]

    parsed = call_with("redeployJob", body)

    assert parsed.state == "HIBERNATING" and not parsed.state.is_known
    assert parsed.additional_properties["brand_new"] == {"nested": [1, 2.5, None, "x"]}
    assert parsed.deployment_request_id is None


@pytest.mark.parametrize(
    "moment",
    [
        "2023-11-07T05:31:56Z",
        "2023-11-07T05:31:56.123456Z",
        "2023-11-07T05:31:56.123456789+02:00",
        "2023-11-07 05:31:56+00:00",
    ],
)
def test_rfc_3339_date_times_parse(moment: str) -> None:
    parsed = call_with("redeployJob", with_value(EXAMPLES["redeployJob"], "last_deployment_date", moment))
    assert parsed.last_deployment_date.tzinfo is not None


def test_an_upper_case_uuid_parses() -> None:
    upper = EXAMPLES["redeployJob"]["id"].upper()
    assert str(call_with("redeployJob", with_value(EXAMPLES["redeployJob"], "id", upper)).id) == upper.lower()
