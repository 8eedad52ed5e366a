"""The OpenAPI document: loaded once, turned into ready-to-use validators, matchers and shapers.

Everything the mock knows about the wire contract (paths, parameter names and schemas, the request
body schema, the success status and the response schema of each operation) comes from here.
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

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from qovery_mock.packaged import spec_file
from qovery_mock.projection import Shaper, compile_shaper

SPEC_ENV = "QOVERY_MOCK_SPEC"
SPEC_URI = "urn:qovery-mock:openapi"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
FORMAT_CHECKER = Draft202012Validator.FORMAT_CHECKER
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

JsonObject = dict[str, Any]


def default_spec_path() -> Path:
    """`$QOVERY_MOCK_SPEC`, else the `openapi.yaml` shipped with the package."""
    from_env = os.environ.get(SPEC_ENV)
    if from_env:
        return Path(from_env)
    return spec_file()


class SpecError(ValueError):
    """The OpenAPI document cannot drive the mock."""


def _pointer_escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _pointer_unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


class Document:
    """The parsed OpenAPI document with `$ref` resolution inside it."""

    def __init__(self, contents: JsonObject, source: Path | None = None) -> None:
        self.contents = contents
        self.source = source
        resource = Resource.from_contents(contents, default_specification=DRAFT202012)
        self.registry: Registry = Registry().with_resource(SPEC_URI, resource)

    def lookup(self, pointer: str) -> Any:
        node: Any = self.contents
        for token in pointer.lstrip("/").split("/") if pointer.strip("/") else []:
            token = _pointer_unescape(token)
            node = node[int(token)] if isinstance(node, list) else node[token]
        return node

    def follow(self, node: Any, pointer: str) -> tuple[Any, str]:
        """Follow `$ref` chains from `node` (found at `pointer`); return the target and its pointer."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if not ref.startswith("#"):
                raise SpecError(f"only references inside the document are supported, not {ref!r}")
            if ref in seen:
                raise SpecError(f"reference cycle through {ref!r}")
            seen.add(ref)
            pointer = ref[1:]
            node = self.lookup(pointer)
        return node, pointer

    def inline(self, node: Any, stack: tuple[str, ...] = ()) -> Any:
        """A copy of a schema with every `$ref` replaced by its target (recursive refs stay absolute)."""
        if isinstance(node, list):
            return [self.inline(item, stack) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            siblings = {key: self.inline(value, stack) for key, value in node.items() if key != "$ref"}
            if ref in stack:
                return {**siblings, "$ref": SPEC_URI + ref}
            target = self.inline(self.lookup(ref[1:]), (*stack, ref))
            if not siblings:
                return target
            return {**siblings, "allOf": [target]}
        return {key: self.inline(value, stack) for key, value in node.items()}

    def validator(self, schema: Any) -> Draft202012Validator:
        """A JSON Schema 2020-12 validator (formats checked) for a schema taken from this document."""
        return Draft202012Validator(
            self.inline(copy.deepcopy(schema)), registry=self.registry, format_checker=FORMAT_CHECKER
        )


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

    def __init__(self, document: Document) -> None:
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
                cached = _CACHE[key] = cls(Document(_read_document(source), source))
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
        response = self._responses(operation.path_template, operation.method)[str(status)]
        response, _ = self.document.follow(response, "")
        return self.document.validator(response["content"]["application/json"]["schema"])

    def _responses(self, template: str, method: str) -> JsonObject:
        responses: JsonObject = self.document.contents["paths"][template][method]["responses"]
        return responses

    def _compile_operations(self) -> Iterator[Operation]:
        paths = self.document.contents.get("paths") or {}
        for template, path_item in paths.items():
            path_item, path_pointer = self.document.follow(path_item, f"/paths/{_pointer_escape(template)}")
            shared = path_item.get("parameters", [])
            for method in HTTP_METHODS:
                if method in path_item:
                    yield self._compile_operation(
                        template, method, path_item[method], shared, f"{path_pointer}/{method}"
                    )

    def _compile_operation(
        self, template: str, method: str, node: JsonObject, shared: list[Any], pointer: str
    ) -> Operation:
        operation_id = node.get("operationId")
        if not operation_id:
            raise SpecError(f"{method.upper()} {template} has no operationId")
        parameters: dict[tuple[str, str], Parameter] = {}
        for raw in [*shared, *node.get("parameters", [])]:
            parameter = self._compile_parameter(raw)
            parameters[(parameter.location, parameter.name)] = parameter
        path_params = tuple(p for p in parameters.values() if p.location == "path")
        query_params = tuple(p for p in parameters.values() if p.location == "query")
        declared_names = set(re.findall(r"\{([^}/]+)\}", template))
        if declared_names != {p.name for p in path_params}:
            raise SpecError(f"{operation_id}: path parameters do not match the template {template}")

        body = None
        if "requestBody" in node:
            request_body, _ = self.document.follow(node["requestBody"], f"{pointer}/requestBody")
            content = request_body.get("content", {})
            json_types = tuple(media for media in content if is_json_media_type(media))
            if not json_types:
                raise SpecError(f"{operation_id}: only JSON request bodies are supported")
            body = RequestBody(
                required=bool(request_body.get("required", False)),
                media_types=json_types,
                validator=self.document.validator(content[json_types[0]].get("schema", {})),
            )

        responses: JsonObject = node.get("responses", {})
        success = sorted(code for code in responses if str(code).startswith("2"))
        if len(success) != 1:
            raise SpecError(f"{operation_id}: expected exactly one 2xx answer, found {success}")
        success_response, _ = self.document.follow(responses[success[0]], "")
        json_content = {
            media: value
            for media, value in success_response.get("content", {}).items()
            if is_json_media_type(media)
        }
        if not json_content:
            raise SpecError(f"{operation_id}: the {success[0]} answer has no JSON body")
        success_schema = next(iter(json_content.values())).get("schema", {})
        return Operation(
            operation_id=operation_id,
            method=method,
            path_template=template,
            path_regex=_path_regex(template),
            path_params=path_params,
            query_params=query_params,
            body=body,
            success_status=int(success[0]),
            success_schema=success_schema,
            shape=compile_shaper(self.document.inline(copy.deepcopy(success_schema)), self.document),
        )

    def _compile_parameter(self, raw: Any) -> Parameter:
        node, _ = self.document.follow(raw, "")
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


def _read_document(source: Path) -> JsonObject:
    try:
        contents = yaml.load(source.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    except OSError as error:
        raise SpecError(f"cannot read the OpenAPI document {source}: {error}") from error
    except yaml.YAMLError as error:
        raise SpecError(f"{source} is not valid YAML: {error}") from error
    if not isinstance(contents, dict) or not str(contents.get("openapi", "")).startswith("3."):
        raise SpecError(f"{source} is not an OpenAPI 3 document")
    return contents


def is_json_media_type(media: str) -> bool:
    """Whether a media type (parameters allowed) is JSON: application/json or any `+json` type."""
    essence = media.split(";", 1)[0].strip().lower()
    return essence == "application/json" or essence.endswith("+json")


def decode_path_value(raw: str) -> str:
    """A path parameter as the client meant it: percent-decoded UTF-8."""
    return unquote(raw, errors="replace")
