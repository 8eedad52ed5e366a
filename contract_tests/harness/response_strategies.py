"""Hypothesis strategies of answers the spec allows, with what real answers bring and a strict reading drops.

Every value comes from the spec's schemas: optional fields are left out or sent, nullable ones are sent as
null, objects carry fields the spec does not name, and enums carry values the spec does not list (Qovery
adds them over time; the spec asks clients to keep them).
"""

from __future__ import annotations

import copy
import string
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from contract_tests.harness.spec import Spec

_MAX_INT = 2**53
_EXTRA_KEY = st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=12)
_UNKNOWN_ENUM = st.from_regex(r"\A[A-Z][A-Z0-9_]{1,20}\Z", fullmatch=True)
_TIMESTAMPS = st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
)
_OFFSETS = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)

json_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-_MAX_INT, _MAX_INT),
    st.text(max_size=20),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)
any_json = st.recursive(
    json_leaves,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_EXTRA_KEY, children, max_size=3),
    max_leaves=6,
)


def rfc3339(moment: datetime, offset: timezone | None, fraction: bool) -> str:
    """A date-time as an RFC 3339 string: `Z` or a numeric offset, with or without microseconds."""
    local = moment.astimezone(offset or UTC)
    text = local.strftime("%Y-%m-%dT%H:%M:%S")
    if fraction:
        text += f".{local.microsecond:06d}"
    return text + ("Z" if offset is None else local.strftime("%z")[:3] + ":" + local.strftime("%z")[3:])


date_times = st.builds(rfc3339, _TIMESTAMPS, st.none() | _OFFSETS, st.booleans())
uuids = st.uuids().map(str)


class ResponseStrategies:
    def __init__(self, spec: Spec) -> None:
        self._spec = spec

    def for_schema(self, schema: Any) -> st.SearchStrategy[Any]:
        schema = self._spec.resolve(schema)
        if "anyOf" in schema or "oneOf" in schema:
            return st.one_of([self.for_schema(branch) for branch in schema.get("anyOf", schema.get("oneOf"))])
        if "enum" in schema:
            listed = list(schema["enum"])
            unknown = _UNKNOWN_ENUM.filter(lambda value: value not in listed)
            return st.one_of(st.sampled_from(listed), unknown)
        types = schema.get("type")
        if types is None:
            return any_json
        names = types if isinstance(types, list) else [types]
        return st.one_of([self._for_type(name, schema) for name in names])

    def _for_type(self, name: str, schema: Mapping[str, Any]) -> st.SearchStrategy[Any]:
        if name == "null":
            return st.none()
        if name == "boolean":
            return st.booleans()
        if name == "integer":
            return st.integers(-_MAX_INT, _MAX_INT)
        if name == "number":
            return st.floats(allow_nan=False, allow_infinity=False)
        if name == "string":
            return {"uuid": uuids, "date-time": date_times}.get(
                schema.get("format", ""), st.text(max_size=40)
            )
        if name == "array":
            return st.lists(self.for_schema(schema.get("items", {})), max_size=3)
        if name == "object":
            return self._object(schema)
        raise ValueError(f"no strategy for JSON type {name!r}")

    def _object(self, schema: Mapping[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
        properties: Mapping[str, Any] = schema.get("properties", {})
        required = set(schema.get("required", []))
        known = st.fixed_dictionaries(
            {key: self.for_schema(value) for key, value in properties.items() if key in required},
            optional={
                key: self.for_schema(value) for key, value in properties.items() if key not in required
            },
        )
        if schema.get("additionalProperties", True) is False:
            return known
        extra = st.dictionaries(_EXTRA_KEY.filter(lambda key: key not in properties), any_json, max_size=2)
        return st.builds(lambda fields, more: {**more, **fields}, known, extra)


def without_enums(node: Any) -> Any:
    """A copy of a schema tree with every `enum` dropped: the reading under which unknown values are valid."""
    if isinstance(node, Mapping):
        return {key: without_enums(value) for key, value in node.items() if key != "enum"}
    if isinstance(node, list):
        return [without_enums(item) for item in node]
    return copy.copy(node)
