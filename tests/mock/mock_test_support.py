"""Independent schema checks for the mock's answers: openapi.yaml and Qovery's upstream subset.

These validators are built here, from the YAML files, and not with the mock's own spec module, so
that a mistake there cannot hide itself.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from qovery_mock import ManualClock, Mock
from tests.upstream_spec import UPSTREAM_FILE as UPSTREAM_SPEC
from tests.upstream_spec import nullable_to_json_schema

ROOT = Path(__file__).resolve().parents[2]
PROJECT_SPEC = ROOT / "openapi.yaml"
DOC_URI = "urn:test:openapi"

OPERATIONS = ("redeployJob", "redeployEnvironment", "redeployDatabase", "redeployHelm", "rebootServices")
READS = (
    "getJobStatus",
    "getEnvironmentStatus",
    "getDatabaseStatus",
    "getHelmStatus",
    "getEnvironmentStatuses",
)


@cache
def _document(path: Path, convert_nullable: bool) -> dict[str, Any]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    return nullable_to_json_schema(document) if convert_nullable else document


def _operation(document: dict[str, Any], operation_id: str) -> tuple[str, dict[str, Any]]:
    for template, item in document["paths"].items():
        for node in item.values():
            if isinstance(node, dict) and node.get("operationId") == operation_id:
                return template, node
    raise KeyError(operation_id)


@cache
def _success_validator(path: Path, convert_nullable: bool, operation_id: str) -> Draft202012Validator:
    document = _document(path, convert_nullable)
    _, node = _operation(document, operation_id)
    (success,) = [code for code in node["responses"] if str(code).startswith("2")]
    schema = copy.deepcopy(node["responses"][success]["content"]["application/json"]["schema"])
    ref = schema["$ref"]
    registry: Registry = Registry().with_resource(
        DOC_URI, Resource.from_contents(document, default_specification=DRAFT202012)
    )
    return Draft202012Validator(
        {"$ref": DOC_URI + ref}, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def schema_errors(operation_id: str, body: Any) -> dict[str, list[str]]:
    """Validation errors of a success answer against openapi.yaml ("project") and the upstream subset."""
    found: dict[str, list[str]] = {}
    for label, path, convert in (("project", PROJECT_SPEC, False), ("upstream", UPSTREAM_SPEC, True)):
        validator = _success_validator(path, convert, operation_id)
        found[label] = [f"{error.json_path}: {error.message}" for error in validator.iter_errors(body)]
    return found


def assert_conforms(operation_id: str, body: Any) -> None:
    errors = schema_errors(operation_id, body)
    assert errors == {"project": [], "upstream": []}, errors


def assert_error_body(response: Any, status: int, *fragments: str) -> dict[str, Any]:
    """The answer has `status` and the mock's JSON error body, whose message holds `fragments`."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert set(body) == {"status", "error", "message"}, body
    assert body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["message"], str) and body["message"]
    for fragment in fragments:
        assert fragment in body["message"], (fragment, body["message"])
    return body


def operation_path(operation_id: str, resource_id: str) -> str:
    template, _ = _operation(_document(PROJECT_SPEC, False), operation_id)
    name = template.split("{", 1)[1].split("}", 1)[0]
    return template.replace("{" + name + "}", resource_id)


GROUP_OF_OPERATION = {
    "redeployJob": "jobs",
    "redeployEnvironment": "environments",
    "redeployDatabase": "databases",
    "redeployHelm": "helms",
    "rebootServices": "environments",
    "getJobStatus": "jobs",
    "getEnvironmentStatus": "environments",
    "getDatabaseStatus": "databases",
    "getHelmStatus": "helms",
    "getEnvironmentStatuses": "environments",
}


def spec_operation_ids() -> list[str]:
    """Every operationId of openapi.yaml, read from the file."""
    document = _document(PROJECT_SPEC, False)
    return sorted(node["operationId"] for item in document["paths"].values() for node in item.values())


DEFAULT = object()


@dataclass
class Api:
    """One way of reaching a mock: in-process or over HTTP."""

    kind: str
    mock: Mock
    base_url: str
    transport: httpx.BaseTransport | None
    _clients: list[httpx.Client] = field(default_factory=list)

    @property
    def clock(self) -> ManualClock:
        clock = self.mock.clock
        assert isinstance(clock, ManualClock)
        return clock

    @property
    def ids(self) -> dict[str, list[str]]:
        return self.mock.ids

    def client(self, token: Any = DEFAULT, scheme: str = "Token", **options: Any) -> httpx.Client:
        """A client sending `Authorization: <scheme> <token>`; token None sends no header."""
        token = self.mock.default_token if token is DEFAULT else token
        headers = {"Authorization": f"{scheme} {token}"} if token is not None else {}
        if self.transport is not None:
            options["transport"] = self.transport
        client = httpx.Client(base_url=self.base_url, headers=headers, **options)
        self._clients.append(client)
        return client

    def close(self) -> None:
        for client in self._clients:
            client.close()
