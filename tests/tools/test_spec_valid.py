"""openapi.yaml is a valid OpenAPI 3.1 document, and every example in it is valid against its schema."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from qovery_openapi import load_document

OURS = Path(__file__).resolve().parents[2] / "openapi.yaml"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

DOCUMENT = load_document(OURS)
DOC: dict[str, Any] = DOCUMENT.contents


def escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def resolve(node: Any) -> Any:
    return DOCUMENT.resolve(node)


def operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in DOC["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield method, path, item[method]


def named_examples(holder: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """The examples of a media type or parameter object, by name (`example` is named `example`)."""
    if "example" in holder:
        yield "example", holder["example"]
    for name, example in (holder.get("examples") or {}).items():
        example = resolve(example)
        if "value" in example:
            yield name, example["value"]


def examples() -> Iterator[Any]:
    """Each example of the document with the JSON pointer of its schema."""
    for method, path, operation in operations():
        op_pointer = f"/paths/{escape(path)}/{method}"
        where = f"{method.upper()} {path}"
        for index, raw in enumerate(operation.get("parameters") or []):
            param = resolve(raw)
            pointer = raw["$ref"][1:] if "$ref" in raw else f"{op_pointer}/parameters/{index}"
            for name, value in named_examples(param):
                yield pytest.param(f"{pointer}/schema", value, id=f"{where} {param['name']} {name}")
        body = operation.get("requestBody") or {}
        for media in body.get("content") or {}:
            pointer = f"{op_pointer}/requestBody/content/{escape(media)}/schema"
            for name, value in named_examples(body["content"][media]):
                yield pytest.param(pointer, value, id=f"{where} request {name}")
        for code, response in operation["responses"].items():
            for media, content in (resolve(response).get("content") or {}).items():
                pointer = f"{op_pointer}/responses/{code}/content/{escape(media)}/schema"
                for name, value in named_examples(content):
                    yield pytest.param(pointer, value, id=f"{where} {code} {name}")
    for schema_name, schema in DOC["components"]["schemas"].items():
        for index, value in enumerate(schema.get("examples") or []):
            yield pytest.param(f"/components/schemas/{schema_name}", value, id=f"{schema_name} {index}")


def validator(pointer: str) -> Draft202012Validator:
    return DOCUMENT.validator({"$ref": f"#{pointer}"})


def test_openapi_spec_validator_accepts_the_document() -> None:
    validate(DOC)


def success(operation: Mapping[str, Any]) -> tuple[str, Any]:
    """The one success status of an operation and its response object."""
    (code,) = [code for code in operation["responses"] if str(code).startswith("2")]
    return str(code), resolve(operation["responses"][code])


@pytest.mark.parametrize(("method", "path"), [(m, p) for m, p, _ in operations()])
def test_every_success_answer_has_an_example(method: str, path: str) -> None:
    code, response = success(DOC["paths"][path][method])
    assert code == ("200" if method == "get" else "202")
    contents = response.get("content") or {}
    assert contents, f"{method.upper()} {path} {code} has no content"
    for media, content in contents.items():
        assert list(named_examples(content)), f"{method.upper()} {path} {code} {media} has no example"


def test_every_action_links_its_answer_to_a_read_of_the_same_resource() -> None:
    by_id = {operation["operationId"]: (method, path) for method, path, operation in operations()}
    actions = [(path, operation) for method, path, operation in operations() if method == "post"]
    assert actions
    for path, operation in actions:
        _, response = success(operation)
        links = response.get("links") or {}
        assert links, f"{operation['operationId']} has no link"
        for name, link in links.items():
            method, target = by_id[link["operationId"]]
            assert method == "get", name
            wanted = {part.strip("{}") for part in target.split("/") if part.startswith("{")}
            assert set(link["parameters"]) == wanted, name
            for parameter, expression in link["parameters"].items():
                assert expression == f"$request.path.{parameter}" and f"{{{parameter}}}" in path, name


@pytest.mark.parametrize(("pointer", "value"), list(examples()))
def test_example_is_valid_against_its_schema(pointer: str, value: Any) -> None:
    errors = [
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
        for e in validator(pointer).iter_errors(value)
    ]
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("id", "not-a-uuid"),
        ("last_deployment_date", "yesterday"),
        ("state", "SLEEPING"),
        ("status_details", {}),
    ],
)
def test_invalid_examples_are_refused(field: str, bad: Any) -> None:
    example = dict(
        DOC["paths"]["/database/{databaseId}/redeploy"]["post"]["responses"]["202"]["content"][
            "application/json"
        ]["examples"]["queued"]["value"]
    )
    example[field] = bad
    assert list(validator("/components/schemas/Status").iter_errors(example))
