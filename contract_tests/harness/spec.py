"""The OpenAPI document as the suite reads it, once: operations, parameters, bodies, answers, validators."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from qovery_openapi import SAFE_METHODS, OpenAPIDocument, load_document

SPEC_PATH = Path(__file__).resolve().parents[2] / "openapi.yaml"

JsonSchema = dict[str, Any]


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str
    required: bool
    schema: JsonSchema


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    tag: str
    parameters: tuple[Parameter, ...]
    body_schema: JsonSchema | None
    body_media_types: tuple[str, ...]
    body_required: bool
    responses: Mapping[str, Any]
    success_status: int
    security: tuple[Mapping[str, list[str]], ...]

    @property
    def changes_state(self) -> bool:
        """Whether a request may change something on the server: an action, not a status read."""
        return self.method.upper() not in SAFE_METHODS

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def pointer(self) -> str:
        escaped = self.path.replace("~", "~0").replace("/", "~1")
        return f"openapi.yaml#/paths/{escaped}/{self.method.lower()}"

    def parameters_in(self, location: str) -> tuple[Parameter, ...]:
        return tuple(parameter for parameter in self.parameters if parameter.location == location)

    @property
    def path_parameter(self) -> Parameter:
        (parameter,) = self.parameters_in("path")[:1]
        return parameter

    @property
    def success_schema(self) -> JsonSchema:
        return self.responses[str(self.success_status)]["content"]["application/json"]["schema"]

    @property
    def documented_statuses(self) -> frozenset[int]:
        return frozenset(int(code) for code in self.responses if code.isdigit())

    def path_pattern(self) -> re.Pattern[str]:
        pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(self.path))
        return re.compile(f"^{pattern}$")


class Spec:
    """The spec as the suite reads it: its operations, through the project's one OpenAPI reader."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw = raw
        self.document = OpenAPIDocument(dict(raw))
        self._validators: dict[str, jsonschema.Draft202012Validator] = {}
        self.operations: dict[str, Operation] = {
            operation.operation_id: operation for operation in self._read_operations()
        }

    def operation_at(self, method: str, path: str) -> Operation:
        """The operation documented for this method and path template."""
        for operation in self.operations.values():
            if operation.method == method.upper() and operation.path == path:
                return operation
        raise LookupError(f"{method.upper()} {path} is not an operation of the spec")

    def _read_operations(self) -> Iterator[Operation]:
        default_security = tuple(self.raw.get("security", []))
        for found in self.document.operations():
            body = found.request_body or {}
            content = body.get("content", {})
            yield Operation(
                operation_id=found.operation_id,
                method=found.method,
                path=found.path,
                tag=found.node["tags"][0],
                parameters=tuple(
                    Parameter(
                        name=entry["name"],
                        location=entry["in"],
                        required=bool(entry.get("required", False)),
                        schema=entry["schema"],
                    )
                    for entry in found.parameters
                ),
                body_schema=content["application/json"]["schema"] if "application/json" in content else None,
                body_media_types=tuple(content),
                body_required=bool(body.get("required", False)),
                responses=found.responses,
                success_status=found.success_status,
                security=tuple(found.node.get("security", default_security)),
            )

    def resolve(self, node: Any) -> Any:
        return self.document.resolve(node)

    def schema_name(self, schema: Mapping[str, Any]) -> str:
        return str(schema["$ref"]).rsplit("/", 1)[-1]

    def validator(self, schema: Mapping[str, Any]) -> jsonschema.Draft202012Validator:
        """A validator of `schema` (which may use the spec's `$ref`s), with formats checked."""
        key = json.dumps(schema, sort_keys=True)
        found = self._validators.get(key)
        if found is None:
            found = self._validators[key] = self.document.validator(schema)
        return found

    def security_schemes(self) -> Mapping[str, Mapping[str, Any]]:
        return self.raw["components"]["securitySchemes"]


@cache
def load_spec(path: Path = SPEC_PATH) -> Spec:
    return Spec(load_document(path).contents)


def resource_kind_of_path_parameter(name: str) -> str:
    """`jobId` -> `jobs`: the key of the mock's id lists and of the id environment variables."""
    if not name.endswith("Id"):
        raise ValueError(f"{name!r} is not an id parameter")
    return f"{name[:-2]}s"


def resource_kind_of_body_field(name: str) -> str:
    """`application_ids` -> `applications`."""
    if not name.endswith("_ids"):
        raise ValueError(f"{name!r} is not a list of ids")
    return f"{name[:-4]}s"


def snake_case(name: str) -> str:
    """`redeployJob` -> `redeploy_job`, `Job Actions` -> `job_actions`, as openapi-python-client names them."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name.strip())
    return re.sub(r"[\s\-]+", "_", spaced).lower()
