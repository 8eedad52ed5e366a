"""Check this project's OpenAPI document against Qovery's published one.

Every operation of ours is looked up upstream by method and path, and the two descriptions are compared.
A *contradiction* is a place where a request or a response that upstream allows would be refused or
misread here, or where our client could send a request that upstream documents as invalid. A *note* is a
place where ours is merely looser than upstream, or names something differently without wire impact.

Rules, by place (upstream = Qovery's document, ours = --ours):

- operations: each of ours must exist upstream (same method, same path template); every method upstream
  has on one of our paths must exist here; a different operationId is a contradiction, as the client's
  function names come from it.
- parameters (matched by `in` and name; path parameters by position): each of upstream's must exist here
  with the same `in`; `required` must be equal (a parameter required only here refuses upstream-valid
  requests, one required only upstream lets our client send requests upstream refuses); a parameter only
  here is a contradiction when required, a note otherwise. Parameter schemas follow the schema rules.
- security (each alternative read as the set of its schemes' type, location and header name, whatever
  the schemes are called): the alternatives must be the same on both sides, as our client authenticates
  only in ways described here and upstream refuses the others. Not compared when upstream declares none.
- request body: one upstream accepts must exist here with each of its media types; `required` must be
  equal; a body only here is a contradiction when required, a note otherwise.
- responses: each status code upstream documents must exist here (exact, or an `nXX` range); each media
  type upstream documents for it must exist here; a body described here for a code upstream documents
  without one is a contradiction (upstream may send nothing). Codes only here are notes.
- schemas ($ref resolved on both sides; nullability read as 3.0 `nullable: true`, a `'null'` type in 3.1,
  a `{type: 'null'}` branch of anyOf/oneOf, or null in `enum`):
  - a property upstream has that ours lacks; an enum value upstream allows that ours lacks; an enum here
    where upstream has none; a type upstream allows that ours does not; a format here that differs from
    upstream's or that upstream does not set; null allowed upstream but not here; additional properties
    refused here but not upstream: contradictions, in requests and responses alike.
  - `required`, in a response: a property required here that upstream does not require is a
    contradiction (upstream may omit it); the reverse is a note.
  - `required`, in a request: the sets must be equal for the properties upstream knows, and a property
    required here must be known upstream. Our client has to send every property upstream requires, and
    our document has to accept every body upstream accepts.
  - the reverse of each schema contradiction (an extra property, enum value, type, null, or a format
    upstream has and ours leaves open) is a note.
  - anyOf/oneOf with several non-null branches: each upstream branch must match one of ours without
    contradiction.

Exit status: 0 without contradictions, 1 with at least one, 2 when a document cannot be read or upstream
has none of our operations.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from qovery_openapi import HTTP_METHODS, OpenAPIDocument, SpecError, load_document

DEFAULT_OURS = Path(__file__).resolve().parent.parent / "openapi.yaml"
JSON_TYPES = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array", dict: "object"}

Direction = Literal["request", "response"]
Severity = Literal["contradiction", "note"]


@dataclass(frozen=True)
class Finding:
    severity: Severity
    location: str
    message: str

    def render(self) -> str:
        prefix = "note: " if self.severity == "note" else ""
        return f"{prefix}{self.location}: {self.message}"


@dataclass(frozen=True)
class Spec:
    """One OpenAPI document, read through the project's OpenAPI reader."""

    document: OpenAPIDocument

    @property
    def doc(self) -> dict[str, Any]:
        return self.document.contents

    @property
    def is_30(self) -> bool:
        return self.document.is_30

    def resolve(self, node: Any) -> tuple[Any, str | None]:
        """Follow local `$ref`s; return the target and the name of the first component reached."""
        return self.document.resolve_named(node)


@dataclass
class Shape:
    """A schema reduced to what the comparison reads; `types` None means any type."""

    name: str | None = None
    types: frozenset[str] | None = None
    nullable: bool = False
    format: str | None = None
    enum: list[Any] | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    items: Any = None
    closed: bool = False
    variants: list[Any] = field(default_factory=list)
    refs: frozenset[str] = frozenset()


@dataclass
class Comparison:
    """The state of one comparison: both documents and the findings so far."""

    up: Spec
    ours: Spec
    findings: list[Finding] = field(default_factory=list)

    def contradiction(self, location: str, message: str) -> None:
        self.findings.append(Finding("contradiction", location, message))

    def note(self, location: str, message: str) -> None:
        self.findings.append(Finding("note", location, message))


# --- loading ---------------------------------------------------------------------------------------


def load_spec(path: Path) -> Spec:
    document = load_document(path)
    if not isinstance(document.contents.get("paths"), dict):
        raise SpecError(f"{path} is not an OpenAPI document with `paths`")
    if not document.version.startswith("3."):
        raise SpecError(f"{path} is not OpenAPI 3.x (openapi: {document.version or 'missing'})")
    return Spec(document)


def operations(spec: Spec) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(method, path, operation) for every operation of the document."""
    for path, item in spec.doc["paths"].items():
        item, _ = spec.resolve(item)
        for method in HTTP_METHODS:
            if isinstance(item, Mapping) and isinstance(item.get(method), Mapping):
                yield method, str(path), item[method]


def template(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def path_param_names(path: str) -> list[str]:
    return re.findall(r"\{([^}]*)\}", path)


# --- normalizing schemas ---------------------------------------------------------------------------


def is_null_schema(spec: Spec, node: Any) -> bool:
    node, _ = spec.resolve(node)
    if not isinstance(node, Mapping):
        return False
    return node.get("type") == "null" or node.get("enum") == [None] or node.get("const", ...) is None


def normalize(spec: Spec, node: Any, visiting: frozenset[str] = frozenset()) -> Shape:
    """Reduce a schema (or a `$ref` to one) to a Shape, merging allOf and unwrapping nullable unions."""
    refs = frozenset(_ref_chain(node))
    if refs & visiting:
        return Shape(refs=refs)
    node, name = spec.resolve(node)
    if node is True or node is None:
        return Shape(name=name, nullable=True, refs=refs)
    if node is False or not isinstance(node, Mapping):
        return Shape(name=name, types=frozenset(), refs=refs)
    shape = _own_shape(spec, node)
    inner = visiting | refs
    for part in node.get("allOf") or []:
        shape = merge(shape, normalize(spec, part, inner))
    union = node.get("anyOf") or node.get("oneOf")
    if union:
        branches = [b for b in union if not is_null_schema(spec, b)]
        nullable_branch = len(branches) < len(union)
        if len(branches) == 1:
            shape = merge(shape, normalize(spec, branches[0], inner))
        else:
            shape.variants = branches
        shape.nullable = shape.nullable or nullable_branch
        if not branches:
            shape.types = frozenset()
    if spec.is_30 and node.get("nullable") is True:
        shape.nullable = True
    shape.name = name or shape.name
    shape.refs = refs | shape.refs
    return shape


def _ref_chain(node: Any) -> list[str]:
    if isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        return [node["$ref"]]
    return []


def _own_shape(spec: Spec, node: Mapping[str, Any]) -> Shape:
    """The Shape of a schema's own keywords, composition keywords left out."""
    raw_type = node.get("type")
    types: set[str] | None = None
    if isinstance(raw_type, str):
        types = {raw_type}
    elif isinstance(raw_type, list):
        types = {str(t) for t in raw_type}
    enum = list(node["enum"]) if isinstance(node.get("enum"), list) else None
    if "const" in node:
        enum = [node["const"]]
    null_in_enum = enum is not None and None in enum
    if spec.is_30:
        nullable = node.get("nullable") is True or null_in_enum
    else:
        null_type_allowed = types is None or "null" in types
        nullable = null_type_allowed and (null_in_enum if enum is not None else types is not None)
    if enum is not None:
        enum = [v for v in enum if v is not None]
        if types is None:
            types = {JSON_TYPES.get(type(v), "string") for v in enum}
    if types is not None:
        types.discard("null")
    additional = node.get("additionalProperties", True)
    return Shape(
        types=frozenset(types) if types is not None else None,
        nullable=nullable,
        format=node.get("format"),
        enum=enum,
        properties=dict(node.get("properties") or {}),
        required=frozenset(node.get("required") or []),
        items=node.get("items"),
        closed=additional is False,
    )


def merge(a: Shape, b: Shape) -> Shape:
    """The Shape of a value that must satisfy both `a` and `b` (allOf)."""
    if a.types is None or b.types is None:
        types = a.types if b.types is None else b.types
    else:
        types = a.types & b.types
    if a.enum is None or b.enum is None:
        enum = a.enum if b.enum is None else b.enum
    else:
        enum = [v for v in a.enum if v in b.enum]
    properties = dict(a.properties)
    for key, sub in b.properties.items():
        properties[key] = {"allOf": [properties[key], sub]} if key in properties else sub
    if a.items is not None and b.items is not None:
        items: Any = {"allOf": [a.items, b.items]}
    else:
        items = a.items if b.items is None else b.items
    a_unconstrained = a.types is None and not a.nullable and a.enum is None
    b_unconstrained = b.types is None and not b.nullable and b.enum is None
    return Shape(
        name=a.name or b.name,
        types=types,
        nullable=(a.nullable or a_unconstrained) and (b.nullable or b_unconstrained),
        format=a.format or b.format,
        enum=enum,
        properties=properties,
        required=a.required | b.required,
        items=items,
        closed=a.closed or b.closed,
        variants=a.variants or b.variants,
        refs=a.refs | b.refs,
    )


# --- comparing schemas -----------------------------------------------------------------------------


def schema_location(base: str, path: str) -> str:
    return f"{base} › {path}" if path else base


def child_path(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def compare_schemas(
    cmp: Comparison,
    up_node: Any,
    our_node: Any,
    base: str,
    direction: Direction,
    path: str = "",
    seen: frozenset[tuple[frozenset[str], frozenset[str]]] = frozenset(),
) -> None:
    """Record every contradiction and note between upstream's schema and ours at one place."""
    up, ours = normalize(cmp.up, up_node), normalize(cmp.ours, our_node)
    pair = (up.refs, ours.refs)
    if (up.refs or ours.refs) and pair in seen:
        return
    seen = seen | {pair}
    if not path:
        path = ours.name or up.name or ""
    where = schema_location(base, path)
    if up.variants:
        compare_variants(cmp, up, our_node, ours, base, direction, path, seen)
        return
    compare_types(cmp, up, ours, where)
    compare_nullability(cmp, up, ours, where)
    compare_enums(cmp, up, ours, where)
    compare_formats(cmp, up, ours, where)
    compare_properties(cmp, up, ours, base, direction, path, seen)
    if up.items is not None and ours.items is not None:
        compare_schemas(cmp, up.items, ours.items, base, direction, f"{path}[]", seen)


def _label(shape: Shape) -> str:
    return f" ({shape.name})" if shape.name else ""


def compare_types(cmp: Comparison, up: Shape, ours: Shape, where: str) -> None:
    if ours.types is None:
        if up.types is not None:
            cmp.note(where, f"upstream restricts the type to {_types(up.types)}; any type is accepted here")
        return
    covered = set(ours.types) | ({"integer"} if "number" in ours.types else set())
    if up.types is None:
        cmp.contradiction(where, f"type is {_types(ours.types)} here{_label(ours)}; upstream allows any type")
    elif not up.types <= covered:
        cmp.contradiction(
            where, f"type is {_types(ours.types)} here{_label(ours)}, {_types(up.types)} upstream{_label(up)}"
        )
    elif up.types != ours.types:
        cmp.note(where, f"type {_types(ours.types)} here is wider than upstream's {_types(up.types)}")


def _types(types: frozenset[str]) -> str:
    return "|".join(sorted(types)) or "nothing"


def compare_nullability(cmp: Comparison, up: Shape, ours: Shape, where: str) -> None:
    if up.nullable and not ours.nullable and ours.types is not None:
        cmp.contradiction(where, f"upstream allows null; it is not nullable here{_label(ours)}")
    elif ours.nullable and not up.nullable:
        cmp.note(where, "nullable here, not upstream")


def compare_enums(cmp: Comparison, up: Shape, ours: Shape, where: str) -> None:
    if ours.enum is None:
        if up.enum is not None:
            cmp.note(where, "upstream restricts the values to an enum; any value is accepted here")
        return
    if up.enum is None:
        cmp.contradiction(where, f"values are restricted to an enum here{_label(ours)}, not upstream")
        return
    for value in up.enum:
        if value not in ours.enum:
            cmp.contradiction(where, f"enum value {value!r} allowed upstream is missing here{_label(ours)}")
    extra = [value for value in ours.enum if value not in up.enum]
    if extra:
        cmp.note(where, f"enum values only here: {', '.join(map(repr, extra))}")


def compare_formats(cmp: Comparison, up: Shape, ours: Shape, where: str) -> None:
    if ours.format is None:
        if up.format is not None:
            cmp.note(where, f"upstream sets format {up.format!r}; none here")
    elif up.format is None:
        cmp.contradiction(where, f"format is {ours.format!r} here, none upstream")
    elif up.format != ours.format:
        cmp.contradiction(where, f"format is {ours.format!r} here, {up.format!r} upstream")


def compare_properties(
    cmp: Comparison,
    up: Shape,
    ours: Shape,
    base: str,
    direction: Direction,
    path: str,
    seen: frozenset[tuple[frozenset[str], frozenset[str]]],
) -> None:
    where = schema_location(base, path)
    if ours.closed and not up.closed:
        cmp.contradiction(where, "additional properties are refused here, not upstream")
    for name, up_sub in up.properties.items():
        sub_where = schema_location(base, child_path(path, name))
        if name not in ours.properties:
            required = " (required upstream)" if name in up.required else ""
            cmp.contradiction(sub_where, f"property upstream has is missing here{required}")
            continue
        compare_required(cmp, name in up.required, name in ours.required, sub_where, direction)
        compare_schemas(cmp, up_sub, ours.properties[name], base, direction, child_path(path, name), seen)
    for name in ours.properties:
        if name not in up.properties:
            sub_where = schema_location(base, child_path(path, name))
            if name in ours.required:
                cmp.contradiction(sub_where, "required here, unknown upstream")
            else:
                cmp.note(sub_where, "property only here")


def compare_required(cmp: Comparison, up_req: bool, our_req: bool, where: str, direction: Direction) -> None:
    if our_req and not up_req:
        if direction == "response":
            cmp.contradiction(where, "required here, but upstream may omit it")
        else:
            cmp.contradiction(where, "required here, but upstream accepts requests without it")
    elif up_req and not our_req:
        if direction == "response":
            cmp.note(where, "optional here, required upstream")
        else:
            cmp.contradiction(where, "optional here, but upstream refuses requests without it")


def compare_variants(
    cmp: Comparison,
    up: Shape,
    our_node: Any,
    ours: Shape,
    base: str,
    direction: Direction,
    path: str,
    seen: frozenset[tuple[frozenset[str], frozenset[str]]],
) -> None:
    candidates = ours.variants or [our_node]
    where = schema_location(base, path)
    for index, up_branch in enumerate(up.variants):
        if not any(
            _clean(cmp, up_branch, candidate, base, direction, path, seen) for candidate in candidates
        ):
            cmp.contradiction(where, f"upstream's variant #{index + 1} matches none of the schemas here")
    if up.nullable and not ours.nullable:
        cmp.contradiction(where, f"upstream allows null; it is not nullable here{_label(ours)}")


def _clean(
    cmp: Comparison,
    up_node: Any,
    our_node: Any,
    base: str,
    direction: Direction,
    path: str,
    seen: frozenset[tuple[frozenset[str], frozenset[str]]],
) -> bool:
    trial = Comparison(cmp.up, cmp.ours)
    compare_schemas(trial, up_node, our_node, base, direction, path, seen)
    return not any(f.severity == "contradiction" for f in trial.findings)


# --- comparing operations --------------------------------------------------------------------------


def find_upstream(up: Spec, method: str, path: str) -> tuple[str, dict[str, Any]] | None:
    """Upstream's operation for our method and path: same path, else same path with other variable names."""
    matches = [(p, op) for m, p, op in operations(up) if m == method and template(p) == template(path)]
    for p, op in matches:
        if p == path:
            return p, op
    return matches[0] if matches else None


def parameters(spec: Spec, path: str, operation: Mapping[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """The operation's parameters, path-level ones included, keyed by (in, name)."""
    item, _ = spec.resolve(spec.doc["paths"][path])
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for raw in list(item.get("parameters") or []) + list(operation.get("parameters") or []):
        param, _ = spec.resolve(raw)
        if isinstance(param, Mapping) and "name" in param and "in" in param:
            found[(str(param["in"]), str(param["name"]))] = dict(param)
    return found


def compare_parameters(
    cmp: Comparison, up_path: str, up_op: dict[str, Any], our_path: str, our_op: dict[str, Any], base: str
) -> None:
    renames = dict(zip(path_param_names(up_path), path_param_names(our_path), strict=False))
    ours = parameters(cmp.ours, our_path, our_op)
    matched: set[tuple[str, str]] = set()
    for (where_in, name), up_param in parameters(cmp.up, up_path, up_op).items():
        key = (where_in, renames.get(name, name) if where_in == "path" else name)
        location = f"{base} › {where_in} {key[1]}"
        if key not in ours:
            elsewhere = [i for i, n in ours if n == key[1] and i != where_in]
            if elsewhere:
                cmp.contradiction(
                    location, f"upstream takes it in {where_in}, this document in {elsewhere[0]}"
                )
                matched.add((elsewhere[0], key[1]))
            else:
                cmp.contradiction(location, "parameter upstream has is missing here")
            continue
        matched.add(key)
        our_param = ours[key]
        up_req = bool(up_param.get("required")) or where_in == "path"
        our_req = bool(our_param.get("required")) or key[0] == "path"
        compare_required(cmp, up_req, our_req, location, "request")
        if "schema" in up_param and "schema" in our_param:
            compare_schemas(cmp, up_param["schema"], our_param["schema"], location, "request")
    for key, our_param in ours.items():
        if key not in matched:
            location = f"{base} › {key[0]} {key[1]}"
            if our_param.get("required") or key[0] == "path":
                cmp.contradiction(location, "required here, unknown upstream")
            else:
                cmp.note(location, "optional parameter only here")


def security_alternatives(spec: Spec, operation: Mapping[str, Any]) -> set[frozenset[str]] | None:
    """The ways to authenticate an operation, each a set of scheme descriptions; None if none is declared."""
    requirements = operation.get("security", spec.doc.get("security"))
    if requirements is None:
        return None
    schemes = (spec.doc.get("components") or {}).get("securitySchemes") or {}
    return {
        frozenset(scheme_signature(spec, schemes.get(name), name) for name in req) for req in requirements
    }


def scheme_signature(spec: Spec, raw: Any, name: str) -> str:
    scheme, _ = spec.resolve(raw)
    if not isinstance(scheme, Mapping):
        return f"undefined scheme {name}"
    kind = scheme.get("type")
    if kind == "apiKey":
        return f"apiKey in {scheme.get('in')} {scheme.get('name')}"
    if kind == "http":
        return f"http {str(scheme.get('scheme', '')).lower()}"
    return str(kind)


def compare_security(cmp: Comparison, up_op: dict[str, Any], our_op: dict[str, Any], base: str) -> None:
    location = f"{base} › security"
    up_alts, our_alts = security_alternatives(cmp.up, up_op), security_alternatives(cmp.ours, our_op)
    if up_alts is None:
        cmp.note(location, "upstream declares no security; not compared")
        return
    our_alts = our_alts or {frozenset()}
    for alt in sorted(up_alts - our_alts, key=sorted):
        cmp.contradiction(location, f"upstream accepts {_auth(alt)}; not described here")
    for alt in sorted(our_alts - up_alts, key=sorted):
        cmp.contradiction(location, f"{_auth(alt)} is described here; upstream does not accept it")


def _auth(alternative: frozenset[str]) -> str:
    return " + ".join(sorted(alternative)) or "no authentication"


def compare_request_bodies(cmp: Comparison, up_op: dict[str, Any], our_op: dict[str, Any], base: str) -> None:
    location = f"{base} › request body"
    up_body, _ = cmp.up.resolve(up_op.get("requestBody"))
    our_body, _ = cmp.ours.resolve(our_op.get("requestBody"))
    if up_body is None:
        if our_body is not None:
            if our_body.get("required"):
                cmp.contradiction(location, "required here, upstream takes no body")
            else:
                cmp.note(location, "optional body only here")
        return
    if our_body is None:
        cmp.contradiction(location, "upstream accepts a body; none is described here")
        return
    compare_required(cmp, bool(up_body.get("required")), bool(our_body.get("required")), location, "request")
    compare_contents(cmp, up_body.get("content"), our_body.get("content"), location, "request")


def compare_contents(
    cmp: Comparison, up_content: Any, our_content: Any, base: str, direction: Direction
) -> None:
    """Compare two `content` maps: each media type upstream has must be here, with a matching schema."""
    up_content, our_content = up_content or {}, our_content or {}
    for media, up_media in up_content.items():
        location = base if media == "application/json" else f"{base} › {media}"
        our_media = our_content.get(media)
        if our_media is None:
            cmp.contradiction(location, f"upstream documents a {media} body; none is described here")
        elif isinstance(up_media, Mapping) and "schema" in up_media and "schema" in (our_media or {}):
            compare_schemas(cmp, up_media["schema"], our_media["schema"], location, direction)
        elif isinstance(up_media, Mapping) and "schema" in up_media:
            cmp.note(location, "upstream describes the body's schema; any body is accepted here")
    for media in our_content:
        if media not in up_content:
            location = base if media == "application/json" else f"{base} › {media}"
            if direction == "response" and not up_content:
                cmp.contradiction(location, f"a {media} body is described here; upstream documents none")
            else:
                cmp.note(location, f"{media} body only here")


def covering_code(code: str, our_codes: list[str]) -> str | None:
    if code in our_codes:
        return code
    if code[:1].isdigit():
        ranged = f"{code[0]}XX"
        return next((c for c in our_codes if c.upper() == ranged), None)
    return None


def compare_responses(cmp: Comparison, up_op: dict[str, Any], our_op: dict[str, Any], base: str) -> None:
    up_responses = {str(k): v for k, v in (up_op.get("responses") or {}).items()}
    our_responses = {str(k): v for k, v in (our_op.get("responses") or {}).items()}
    covered: set[str] = set()
    for code, up_raw in up_responses.items():
        location = f"{base} › {code}"
        ours_code = covering_code(code, list(our_responses))
        if ours_code is None:
            cmp.contradiction(location, "status code upstream documents is missing here")
            continue
        covered.add(ours_code)
        up_response, _ = cmp.up.resolve(up_raw)
        our_response, _ = cmp.ours.resolve(our_responses[ours_code])
        compare_contents(cmp, up_response.get("content"), our_response.get("content"), location, "response")
    extra = [code for code in our_responses if code not in covered]
    if extra:
        cmp.note(f"{base} › responses", f"status codes only here: {', '.join(extra)}")


def compare_operation(
    cmp: Comparison, method: str, our_path: str, our_op: dict[str, Any], up_path: str, up_op: dict[str, Any]
) -> None:
    base = f"{method.upper()} {our_path}"
    if up_path != our_path:
        cmp.note(base, f"path variables are named differently upstream: {up_path}")
    if our_op.get("operationId") != up_op.get("operationId"):
        cmp.contradiction(
            base, f"operationId is {our_op.get('operationId')!r} here, {up_op.get('operationId')!r} upstream"
        )
    compare_security(cmp, up_op, our_op, base)
    compare_parameters(cmp, up_path, up_op, our_path, our_op, base)
    compare_request_bodies(cmp, up_op, our_op, base)
    compare_responses(cmp, up_op, our_op, base)


def compare_specs(up: Spec, ours: Spec) -> tuple[int, list[Finding]]:
    """Compare every operation of ours with upstream's; return how many were compared and the findings."""
    cmp = Comparison(up, ours)
    our_ops = list(operations(ours))
    if not our_ops:
        raise SpecError("our document has no operations")
    compared = 0
    for method, path, our_op in our_ops:
        found = find_upstream(up, method, path)
        if found is None:
            cmp.contradiction(f"{method.upper()} {path}", "operation is missing upstream")
            continue
        compared += 1
        compare_operation(cmp, method, path, our_op, *found)
    if compared == 0:
        raise SpecError("upstream has none of our operations; is it Qovery's OpenAPI document?")
    our_keys = {(m, template(p)) for m, p, _ in our_ops}
    our_templates = {template(p) for _, p, _ in our_ops}
    for method, path, _ in operations(up):
        if template(path) in our_templates and (method, template(path)) not in our_keys:
            cmp.contradiction(f"{method.upper()} {path}", "upstream has this operation on our path; not here")
    return compared, cmp.findings


# --- reporting -------------------------------------------------------------------------------------


def report(compared: int, findings: list[Finding], verbose: bool) -> str:
    lines = [f.render() for f in findings if verbose or f.severity == "contradiction"]
    contradictions = sum(f.severity == "contradiction" for f in findings)
    notes = len(findings) - contradictions
    hint = "" if verbose or not notes else ", --verbose lists them"
    lines.append(
        f"upstream-diff: {compared} operations compared, {contradictions} contradictions ({notes} notes{hint})"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check our OpenAPI document against Qovery's published one.")
    parser.add_argument("upstream", type=Path, help="Qovery's OpenAPI document (YAML or JSON), or a subset")
    parser.add_argument("--ours", type=Path, default=DEFAULT_OURS, help="our document (default: %(default)s)")
    parser.add_argument("-v", "--verbose", action="store_true", help="also list the notes")
    args = parser.parse_args(argv)
    try:
        compared, findings = compare_specs(load_spec(args.upstream), load_spec(args.ours))
    except SpecError as exc:
        print(f"upstream-diff: error: {exc}", file=sys.stderr)
        return 2
    print(report(compared, findings, args.verbose))
    return 1 if any(f.severity == "contradiction" for f in findings) else 0


if __name__ == "__main__":
    sys.exit(main())
