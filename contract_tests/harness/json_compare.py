"""Comparing JSON values as the spec means them: a date-time is an instant, a uuid is a number."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from contract_tests.harness.spec import Spec


def normalize(spec: Spec, schema: Any, value: Any) -> Any:
    """`value` with every date-time and uuid the schema declares put in one canonical spelling."""
    schema = spec.resolve(schema)
    if not isinstance(schema, Mapping):
        return value
    for keyword in ("anyOf", "oneOf"):
        if keyword in schema:
            branch = _matching_branch(spec, schema[keyword], value)
            return value if branch is None else normalize(spec, branch, value)
    if isinstance(value, str):
        return _normalize_string(schema.get("format"), value)
    if isinstance(value, Mapping):
        properties = schema.get("properties", {})
        return {
            key: normalize(spec, properties[key], item) if key in properties else item
            for key, item in value.items()
        }
    if isinstance(value, list) and "items" in schema:
        return [normalize(spec, schema["items"], item) for item in value]
    return value


def _matching_branch(spec: Spec, branches: list[Any], value: Any) -> Any | None:
    for branch in branches:
        if spec.validator(branch).is_valid(value):
            return branch
    return None


def _normalize_string(format_name: str | None, value: str) -> Any:
    if format_name == "uuid":
        try:
            return str(UUID(value))
        except ValueError:
            return value
    if format_name == "date-time":
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is None:
            return value
        return moment.astimezone(UTC).isoformat()
    return value


def differences(expected: Any, actual: Any, path: str = "$") -> list[str]:
    """Where two JSON values differ, as `path: expected … got …` lines."""
    if isinstance(expected, Mapping) and isinstance(actual, Mapping):
        found: list[str] = []
        for key in sorted(set(expected) | set(actual)):
            if key not in actual:
                found.append(f"{path}.{key}: missing (expected {expected[key]!r})")
            elif key not in expected:
                found.append(f"{path}.{key}: unexpected {actual[key]!r}")
            else:
                found += differences(expected[key], actual[key], f"{path}.{key}")
        return found
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [
            line
            for index, pair in enumerate(zip(expected, actual))
            for line in differences(*pair, f"{path}[{index}]")
        ]
    if type(expected) is not type(actual) or expected != actual:
        return [f"{path}: expected {expected!r}, got {actual!r}"]
    return []
