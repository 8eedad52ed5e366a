"""The OpenAPI document: loaded once, turned into ready-to-use validators, matchers and shapers.

Everything the mock knows about the wire contract (paths, parameter names and schemas, the request
body schema, the success status and the response schema of each operation) comes from here. The
document itself is read by the project's one OpenAPI reader, `qovery_openapi`.
"""

from __future__ import annotations

import copy
import os
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from qovery_mock.packaged import spec_file
from qovery_mock.projection import Shaper, compile_shaper
from qovery_openapi import OpenAPIDocument, OperationRef, SpecError, load_document

SPEC_ENV = "QOVERY_MOCK_SPEC"

JsonObject = dict[str, Any]


def default_spec_path() -> Path:
    """`$QOVERY_MOCK_SPEC`, else the `openapi.yaml` shipped with the package."""
    from_env = os.environ.get(SPEC_ENV)
    if from_env:
        return Path(from_env)
    return spec_file()


def first_error(validator: Draft202012Validator, instance: Any) -> str | None:
    """The most relevant validation error as `<where>: <what>`, or None when the instance is valid."""
    if validator.is_valid(instance):
        return None
    error = best_match(validator.iter_errors(instance))
    where = error.json_path
    return error.message if where == "$" else f"{where}: {error.message}"


_TRUE = frozenset({"true"})
_FALSE = frozenset({"false"})


def _coercer(schema: Mapping[str, Any]) -> Callable[[str], Any]:
    """How a query or path string becomes the JSON value its schema describes.

    A value that cannot be converted is passed on unchanged, so that the schema rejects it with its
    own message.
    """
    declared = schema.get("type")
    types = [declared] if isinstance(declared, str) else list(declared or [])
    kind = next((item for item in types if item != "null"), "string")

    def to_boolean(raw: str) -> Any:
        lowered = raw.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        return raw

    def to_integer(raw: str) -> Any:
        try:
            return int(raw)
        except ValueError:
            return raw

    def to_number(raw: str) -> Any:
        try:
            return float(raw)
        except ValueError:
            return raw

    return {"boolean": to_boolean, "integer": to_integer, "number": to_number}.get(kind, str)


CHECK_MEMO_SIZE = 4096


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str
    required: bool
    validator: Draft202012Validator
    coerce: Callable[[str], Any]
    _memo: dict[str, tuple[Any, str | None]] = field(default_factory=dict, compare=False, repr=False)

    def check(self, raw: str) -> tuple[Any, str | None]:
        """The typed value and, when it breaks the schema, why. Results of recent values are kept, as
        the same ids and query values come again and again."""
        known = self._memo.get(raw)
        if known is not None:
            return known
        value = self.coerce(raw)
        result = (value, first_error(self.validator, value))
        if len(self._memo) >= CHECK_MEMO_SIZE:
            self._memo.clear()
        self._memo[raw] = result
        return result


@dataclass(frozen=True)
class RequestBody:
    required: bool
    media_types: tuple[str, ...]
    validator: Draft202012Validator


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path_template: str
    path_regex: re.Pattern[str]
    path_params: tuple[Parameter, ...]
    query_params: tuple[Parameter, ...]
    body: RequestBody | None
    success_status: int
    success_schema: JsonObject
    shape: Shaper


def _path_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{([^}/]+)\}", template)
    pattern = "".join(
        re.escape(part) if index % 2 == 0 else f"(?P<{part}>[^/]*)" for index, part in enumerate(parts)
    )
    return re.compile(pattern)


class Spec:
    """The operations of the OpenAPI document, compiled for fast request handling."""

    def __init__(self, document: OpenAPIDocument) -> None:
        self.document = document
        self.operations: dict[str, Operation] = {}
        for operation in self._compile_operations():
            if operation.operation_id in self.operations:
                raise SpecError(f"operationId {operation.operation_id!r} is used twice")
            self.operations[operation.operation_id] = operation
        if not self.operations:
            raise SpecError("the document declares no operation")
        self._by_method: dict[str, tuple[Operation, ...]] = {}
        for operation in self.operations.values():
            self._by_method.setdefault(operation.method, ())
            self._by_method[operation.method] += (operation,)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Spec:
        """The compiled spec of a file; compiled once per file version, as a spec is never changed."""
        source = (Path(path) if path is not None else default_spec_path()).resolve()
        try:
            stat = source.stat()
        except OSError as error:
            raise SpecError(f"cannot read the OpenAPI document {source}: {error}") from error
        key = (source, stat.st_mtime_ns, stat.st_size)
        with _CACHE_LOCK:
            cached = _CACHE.get(key)
            if cached is None:
                cached = _CACHE[key] = cls(_read_document(source))
            return cached

    @property
    def path_templates(self) -> tuple[str, ...]:
        return tuple(operation.path_template for operation in self.operations.values())

    def match(self, method: str, raw_path: str) -> tuple[Operation | None, dict[str, str], bool]:
        """The operation for a request, its raw (still percent-encoded) path parameters, and whether the
        path exists under another method."""
        for operation in self._by_method.get(method.lower(), ()):
            found = operation.path_regex.fullmatch(raw_path)
            if found:
                return operation, found.groupdict(), True
        path_known = any(operation.path_regex.fullmatch(raw_path) for operation in self.operations.values())
        return None, {}, path_known

    def allowed_methods(self, raw_path: str) -> list[str]:
        return sorted(
            operation.method.upper()
            for operation in self.operations.values()
            if operation.path_regex.fullmatch(raw_path)
        )

    def response_validator(self, operation_id: str, status: int | None = None) -> Draft202012Validator:
        """The validator of an operation's JSON answer (its success answer unless `status` is given)."""
        operation = self.operations[operation_id]
        if status is None or status == operation.success_status:
            return self.document.validator(operation.success_schema)
        response = self.document.operation(operation_id).responses[str(status)]
        return self.document.validator(response["content"]["application/json"]["schema"])

    def _compile_operations(self) -> Iterator[Operation]:
        for found in self.document.operations():
            yield self._compile_operation(found)

    def _compile_operation(self, found: OperationRef) -> Operation:
        operation_id = found.node.get("operationId")
        template = found.path
        if not operation_id:
            raise SpecError(f"{found.method} {template} has no operationId")
        parameters = [self._compile_parameter(raw) for raw in found.parameters]
        path_params = tuple(p for p in parameters if p.location == "path")
        query_params = tuple(p for p in parameters if p.location == "query")
        declared_names = set(re.findall(r"\{([^}/]+)\}", template))
        if declared_names != {p.name for p in path_params}:
            raise SpecError(f"{operation_id}: path parameters do not match the template {template}")

        body = None
        if found.request_body is not None:
            content = found.request_body.get("content", {})
            json_types = tuple(media for media in content if is_json_media_type(media))
            if not json_types:
                raise SpecError(f"{operation_id}: only JSON request bodies are supported")
            body = RequestBody(
                required=bool(found.request_body.get("required", False)),
                media_types=json_types,
                validator=self.document.validator(content[json_types[0]].get("schema", {})),
            )

        json_content = {
            media: value
            for media, value in found.success_response.get("content", {}).items()
            if is_json_media_type(media)
        }
        if not json_content:
            raise SpecError(f"{operation_id}: the {found.success_status} answer has no JSON body")
        success_schema = next(iter(json_content.values())).get("schema", {})
        return Operation(
            operation_id=operation_id,
            method=found.method.lower(),
            path_template=template,
            path_regex=_path_regex(template),
            path_params=path_params,
            query_params=query_params,
            body=body,
            success_status=found.success_status,
            success_schema=success_schema,
            shape=compile_shaper(self.document.inline(copy.deepcopy(success_schema)), self.document),
        )

    def _compile_parameter(self, node: JsonObject) -> Parameter:
        location = node.get("in")
        if location not in ("path", "query", "header", "cookie"):
            raise SpecError(f"parameter {node.get('name')!r} has no valid `in`")
        schema = self.document.inline(copy.deepcopy(node.get("schema", {})))
        return Parameter(
            name=node["name"],
            location=location,
            required=bool(node.get("required", location == "path")),
            validator=self.document.validator(schema),
            coerce=_coercer(schema),
        )


_CACHE: dict[tuple[Path, int, int], Spec] = {}
_CACHE_LOCK = threading.Lock()


def _read_document(source: Path) -> OpenAPIDocument:
    document = load_document(source)
    if not document.version.startswith("3."):
        raise SpecError(f"{source} is not an OpenAPI 3 document")
    return document


def is_json_media_type(media: str) -> bool:
    """Whether a media type (parameters allowed) is JSON: application/json or any `+json` type."""
    essence = media.split(";", 1)[0].strip().lower()
    return essence == "application/json" or essence.endswith("+json")


def decode_path_value(raw: str) -> str:
    """A path parameter as the client meant it: percent-decoded UTF-8."""
    return unquote(raw, errors="replace")
