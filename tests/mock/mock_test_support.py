"""Schema checks for the mock's answers: openapi.yaml and Qovery's upstream subset.

These validators are built here, from the YAML files through the project's OpenAPI reader, and not
with the mock's own compiled operations (its shapers and validators), so that a mistake there cannot
hide itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from jsonschema import Draft202012Validator

from qovery_mock import ManualClock, Mock
from qovery_openapi import OpenAPIDocument, OperationRef, load_document
from tests.upstream_spec import UPSTREAM_FILE as UPSTREAM_SPEC

ROOT = Path(__file__).resolve().parents[2]
PROJECT_SPEC = ROOT / "openapi.yaml"

OPERATIONS = ("redeployJob", "redeployEnvironment", "redeployDatabase", "redeployHelm", "rebootServices")
READS = (
    "getJobStatus",
    "getEnvironmentStatus",
    "getDatabaseStatus",
    "getHelmStatus",
    "getEnvironmentStatuses",
)


@cache
def _document(path: Path) -> OpenAPIDocument:
    return load_document(path)


def _operation(document: OpenAPIDocument, operation_id: str) -> OperationRef:
    return document.operation(operation_id)


@cache
def _success_validator(path: Path, operation_id: str) -> Draft202012Validator:
    operation = _operation(_document(path), operation_id)
    return _document(path).validator(operation.success_content()["schema"])


def schema_errors(operation_id: str, body: Any) -> dict[str, list[str]]:
    """Validation errors of a success answer against openapi.yaml ("project") and the upstream subset."""
    found: dict[str, list[str]] = {}
    for label, path in (("project", PROJECT_SPEC), ("upstream", UPSTREAM_SPEC)):
        validator = _success_validator(path, operation_id)
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
    template = _operation(_document(PROJECT_SPEC), operation_id).path
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
    return sorted(operation.operation_id for operation in _document(PROJECT_SPEC).operations())


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


class SteppingClock:
    """A clock that is not manual, as the real one: it moves only when a test sets `now`, never by
    `advance`, so that a test of the real clock's behaviour needs no sleeping."""

    manual = False

    def __init__(self, start: float = 1_000.0) -> None:
        self.at = start

    def now(self) -> float:
        return self.at

    def advance(self, seconds: float) -> float:
        raise AssertionError("a real clock is not advanced")

    def reset(self) -> None:
        return None
