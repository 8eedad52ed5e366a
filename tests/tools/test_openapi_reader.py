"""The project's one OpenAPI reader: what every reader of a spec (mock, suite, scripts, tests) relies on."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from qovery_openapi import OpenAPIDocument, SpecError, load_document

ROOT = Path(__file__).resolve().parents[2]
OURS = load_document(ROOT / "openapi.yaml")
UPSTREAM = load_document(Path(__file__).parent / "data" / "qovery-openapi-upstream-subset.yaml")


def mutated(change: Any) -> OpenAPIDocument:
    contents = copy.deepcopy(OURS.contents)
    change(contents)
    return OpenAPIDocument(contents)


def test_every_operation_is_read_with_its_one_success_status() -> None:
    read = {(op.method, op.path): (op.operation_id, op.success_status) for op in OURS.operations()}
    written = {
        (method.upper(), path): node["operationId"]
        for path, item in OURS.contents["paths"].items()
        for method, node in item.items()
    }
    assert {key: operation_id for key, (operation_id, _) in read.items()} == written
    assert {status for _, status in read.values()} == {200, 202}
    assert all((status == 200) == (method == "GET") for (method, _), (_, status) in read.items())


def test_an_operation_with_two_success_answers_is_refused_by_every_reader() -> None:
    def second_success(contents: dict[str, Any]) -> None:
        responses = contents["paths"]["/job/{jobId}/redeploy"]["post"]["responses"]
        responses["200"] = responses["202"]

    document = mutated(second_success)
    with pytest.raises(
        SpecError, match=r"redeployJob: expected exactly one 2xx answer, found \['200', '202'\]"
    ):
        _ = document.operation("redeployJob").success_status


def test_references_are_followed_and_named() -> None:
    node, name = OURS.resolve_named({"$ref": "#/components/schemas/Status"})
    assert name == "Status" and node is OURS.contents["components"]["schemas"]["Status"]
    parameters = OURS.operation("getJobStatus").parameters
    assert [(entry["in"], entry["name"]) for entry in parameters] == [("path", "jobId")]


@pytest.mark.parametrize(
    ("ref", "message"),
    [("#/components/schemas/Nowhere", "points at nothing"), ("other.yaml#/x", "only references inside")],
)
def test_a_reference_that_cannot_be_followed_is_a_spec_error(ref: str, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        OURS.resolve({"$ref": ref})


def test_a_reference_cycle_is_a_spec_error() -> None:
    def cycle(contents: dict[str, Any]) -> None:
        contents["components"]["schemas"]["A"] = {"$ref": "#/components/schemas/B"}
        contents["components"]["schemas"]["B"] = {"$ref": "#/components/schemas/A"}

    with pytest.raises(SpecError, match="cycle"):
        mutated(cycle).resolve({"$ref": "#/components/schemas/A"})


def test_path_level_parameters_are_merged_and_overridden_by_the_operation() -> None:
    def shared(contents: dict[str, Any]) -> None:
        item = contents["paths"]["/job/{jobId}/status"]
        item["parameters"] = [
            {"name": "trace", "in": "header", "schema": {"type": "string"}},
            {"name": "jobId", "in": "path", "required": True, "schema": {"type": "integer"}},
        ]

    parameters = mutated(shared).operation("getJobStatus").parameters
    assert [(entry["in"], entry["name"]) for entry in parameters] == [("header", "trace"), ("path", "jobId")]
    assert parameters[1]["schema"] == {"type": "string", "format": "uuid"}


def test_openapi_30_nullable_is_read_as_a_null_type_by_validators_only() -> None:
    schema = {"$ref": "#/components/schemas/EnvironmentStatus"}
    body = {
        "id": "2d4b6e81-7c3a-4f19-b0d2-8e5a1c6f9b37",
        "state": "DEPLOYED",
        "last_deployment_state": "DEPLOYED",
    }
    assert UPSTREAM.validator(schema).is_valid({**body, "triggered_by": None})
    assert not UPSTREAM.validator(schema).is_valid({**body, "id": None})
    raw, _ = UPSTREAM.resolve_named(schema)
    assert raw["properties"]["triggered_by"]["nullable"] is True


def test_a_file_that_is_not_a_document_is_a_spec_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: [3.1\n")
    with pytest.raises(SpecError, match="neither JSON nor YAML"):
        load_document(broken)
    with pytest.raises(SpecError, match="cannot read"):
        load_document(tmp_path / "missing.yaml")
