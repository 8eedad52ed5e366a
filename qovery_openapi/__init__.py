"""The project's one reader of OpenAPI documents: the mock, the scripts and the tests all read specs here.

`$ref`s are resolved by `referencing` (the resolution library of `jsonschema`), against the document
registered under one URI, so a reference means the same thing to every reader and to every validator
built from the document. An operation's success answer is its one 2xx response; a document that
gives an operation several, or none, is refused with `SpecError`. OpenAPI 3.0's `nullable: true` is
read as JSON Schema 2020-12's null type, so one validator reads 3.0 and 3.1 documents alike.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

__all__ = [
    "DOCUMENT_URI",
    "HTTP_METHODS",
    "SAFE_METHODS",
    "OpenAPIDocument",
    "OperationRef",
    "SpecError",
    "load_document",
    "nullable_to_json_schema",
]

DOCUMENT_URI = "urn:qovery:openapi"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Methods whose requests change nothing on the server: reads.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORMAT_CHECKER = Draft202012Validator.FORMAT_CHECKER
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

JsonObject = dict[str, Any]


class SpecError(ValueError):
    """A document that cannot be read, or that breaks a rule every reader relies on."""


def load_document(path: str | Path) -> OpenAPIDocument:
    """The OpenAPI document in a YAML or JSON file."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SpecError(f"cannot read {source}: {error}") from error
    try:
        contents = json.loads(text) if text.lstrip().startswith("{") else yaml.load(text, Loader=_YAML_LOADER)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise SpecError(f"{source} is neither JSON nor YAML: {error}") from error
    if not isinstance(contents, dict):
        raise SpecError(f"{source} is not an OpenAPI document (no mapping at its top)")
    return OpenAPIDocument(contents, source)


def nullable_to_json_schema(node: Any) -> Any:
    """OpenAPI 3.0 `nullable: true` rewritten as JSON Schema 2020-12 (null added to the type and enum)."""
    if isinstance(node, list):
        return [nullable_to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: nullable_to_json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable") is True:
        if "$ref" in converted:
            return {"anyOf": [converted, {"type": "null"}]}
        if "type" in converted:
            declared = converted["type"]
            converted["type"] = [*declared, "null"] if isinstance(declared, list) else [declared, "null"]
        if "enum" in converted and None not in converted["enum"]:
            converted["enum"] = [*converted["enum"], None]
    return converted


@dataclass(frozen=True)
class OperationRef:
    """One operation of a document, its parameters, body and responses with their `$ref`s followed.

    Schemas inside them are left as the document writes them (with `$ref`s): resolve or inline them
    through the document.
    """

    method: str
    path: str
    operation_id: str
    node: JsonObject
    parameters: tuple[JsonObject, ...]
    request_body: JsonObject | None
    responses: Mapping[str, JsonObject]

    @property
    def changes_state(self) -> bool:
        """Whether a request may change something on the server: an action, not a read."""
        return self.method not in SAFE_METHODS

    @property
    def success_status(self) -> int:
        """The operation's one 2xx answer."""
        codes = sorted(code for code in self.responses if str(code).startswith("2"))
        if len(codes) != 1:
            raise SpecError(f"{self.operation_id}: expected exactly one 2xx answer, found {codes}")
        return int(codes[0])

    @property
    def success_response(self) -> JsonObject:
        return self.responses[str(self.success_status)]

    def success_content(self, media_type: str = "application/json") -> JsonObject:
        """The success answer's media type object (its `schema`, `examples`)."""
        content = self.success_response.get("content") or {}
        if media_type not in content:
            raise SpecError(f"{self.operation_id}: its {self.success_status} answer has no {media_type} body")
        found: JsonObject = content[media_type]
        return found


class OpenAPIDocument:
    """A parsed OpenAPI document with its `$ref`s resolved by `referencing`."""

    def __init__(self, contents: JsonObject, source: Path | None = None) -> None:
        self.contents = contents
        self.source = source
        self.version = str(contents.get("openapi", ""))
        schema_contents = nullable_to_json_schema(contents) if self.is_30 else contents
        # Validators read a 3.0 document's schemas through the JSON Schema reading of `nullable`.
        self._schema_contents: JsonObject = schema_contents
        # The registry validators follow references in; the resolver the document is read through.
        self.registry: Registry = Registry().with_resource(
            DOCUMENT_URI, Resource.from_contents(schema_contents, default_specification=DRAFT202012)
        )
        as_written = Resource.from_contents(contents, default_specification=DRAFT202012)
        self._resolver = Registry().with_resource(DOCUMENT_URI, as_written).resolver(base_uri=DOCUMENT_URI)
        self._operations: tuple[OperationRef, ...] | None = None

    @property
    def is_30(self) -> bool:
        return self.version.startswith("3.0")

    def lookup(self, pointer: str) -> Any:
        """The node at a JSON pointer (`/components/schemas/Status`) of the document as written."""
        return self._at(self.contents, pointer)

    def resolve(self, node: Any) -> Any:
        """`node`, or the node its chain of `$ref`s leads to."""
        return self.resolve_named(node)[0]

    def resolve_named(self, node: Any) -> tuple[Any, str | None]:
        """Follow `$ref`s; return the target and the name of the first component reached (or None)."""
        return self.follow(node)[0], self._first_name(node)

    def follow(self, node: Any, pointer: str = "") -> tuple[Any, str]:
        """Follow `$ref`s from `node` (found at `pointer`); return the target and its JSON pointer."""
        seen: set[str] = set()
        while isinstance(node, Mapping) and "$ref" in node:
            ref = node["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#"):
                raise SpecError(f"unsupported $ref {ref!r}: only references inside the document are read")
            if ref in seen:
                raise SpecError(f"$ref cycle through {ref}")
            seen.add(ref)
            try:
                node = self._resolver.lookup(ref).contents
            except Unresolvable as error:
                raise SpecError(f"$ref {ref} points at nothing") from error
            pointer = ref[1:]
        return node, pointer

    def inline(self, node: Any, stack: tuple[str, ...] = ()) -> Any:
        """A copy of a schema with every `$ref` replaced by its target; a recursive one stays, made
        absolute, for a validator built with `registry` to follow."""
        if isinstance(node, list):
            return [self.inline(item, stack) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            siblings = {key: self.inline(value, stack) for key, value in node.items() if key != "$ref"}
            if ref in stack:
                return {**siblings, "$ref": DOCUMENT_URI + ref}
            target = self.inline(self._at(self._schema_contents, ref[1:]), (*stack, ref))
            if not siblings:
                return target
            return {**siblings, "allOf": [target]}
        return {key: self.inline(value, stack) for key, value in node.items()}

    def validator(self, schema: Any) -> Draft202012Validator:
        """A JSON Schema 2020-12 validator, formats checked, of a schema taken from this document."""
        if self.is_30:
            schema = nullable_to_json_schema(schema)
        return Draft202012Validator(
            self.inline(copy.deepcopy(schema)), registry=self.registry, format_checker=FORMAT_CHECKER
        )

    def operations(self) -> tuple[OperationRef, ...]:
        """Every operation, in the document's order."""
        if self._operations is None:
            self._operations = tuple(self._read_operations())
        return self._operations

    def operation(self, operation_id: str) -> OperationRef:
        for operation in self.operations():
            if operation.operation_id == operation_id:
                return operation
        raise KeyError(operation_id)

    def _read_operations(self) -> Iterator[OperationRef]:
        for path, raw_item in (self.contents.get("paths") or {}).items():
            item = self.resolve(raw_item)
            shared = [self.resolve(entry) for entry in item.get("parameters") or []]
            for method in HTTP_METHODS:
                node = item.get(method)
                if not isinstance(node, dict):
                    continue
                own = [self.resolve(entry) for entry in node.get("parameters") or []]
                overridden = {(entry.get("in"), entry.get("name")) for entry in own}
                parameters = [p for p in shared if (p.get("in"), p.get("name")) not in overridden] + own
                body = node.get("requestBody")
                yield OperationRef(
                    method=method.upper(),
                    path=path,
                    operation_id=str(node.get("operationId") or f"{method.upper()} {path}"),
                    node=node,
                    parameters=tuple(parameters),
                    request_body=self.resolve(body) if body is not None else None,
                    responses={
                        str(code): self.resolve(answer)
                        for code, answer in (node.get("responses") or {}).items()
                    },
                )

    @staticmethod
    def _first_name(node: Any) -> str | None:
        if isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            return str(node["$ref"]).rsplit("/", 1)[-1]
        return None

    @staticmethod
    def _at(root: Any, pointer: str) -> Any:
        node = root
        for token in pointer.lstrip("/").split("/") if pointer.strip("/") else []:
            key = token.replace("~1", "/").replace("~0", "~")
            try:
                node = node[int(key)] if isinstance(node, list) else node[key]
            except (KeyError, IndexError, ValueError, TypeError) as error:
                raise SpecError(f"#{pointer} points at nothing") from error
        return node
