"""Type checks of answers and request bodies against the shapes the spec gives them.

A shape is the subset of JSON Schema the generated operations embed (templates/shapes.jinja): `type`
(object, array, string, integer, number, boolean, null), `format` (uuid, date-time, date), `properties`,
`required`, `items` and `anyOf`; `{}` is any JSON value. An object's `attributes` maps each JSON name
to the model attribute that holds it, and `enum` names the enum class of a string. Enum values are
checked as strings only, and properties a shape does not name are allowed: the API adds both over time.
"""

import math
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any
from uuid import UUID

Shape = Mapping[str, Any]

# A UUID as RFC 9562 writes it: 36 characters, hyphenated, hex digits in any case, nothing around it.
UUID_TEXT = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", re.ASCII)
# RFC 3339: a full date, and a date-time with seconds and an offset (an upper-case Z, as Python reads it).
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})", re.ASCII)
_SHOWN = 60


class ShapeError(ValueError):
    """A value that does not have its shape; `path` names where it is, such as `steps.details[0].status`."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path or 'the body'}: {problem}")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def describe(value: object) -> str:
    """A value as a message shows it: its JSON kind, and the value itself when short."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value).replace("inf", "Infinity").replace("nan", "NaN")
    if isinstance(value, int | float):
        return f"the number {value!r}"[: _SHOWN + 11]
    if isinstance(value, str):
        shown = repr(value) if len(value) <= _SHOWN else repr(value[:_SHOWN]) + "..."
        return f"the string {shown}"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "an array"
    return f"a {type(value).__name__}"


def is_uuid_text(value: str) -> bool:
    return UUID_TEXT.fullmatch(value) is not None


def _string_format_problem(value: str, format_: str | None) -> str | None:
    if format_ == "uuid" and not is_uuid_text(value):
        return f"expected a UUID, got {describe(value)}"
    if format_ == "date-time":
        if _DATE_TIME.fullmatch(value) is None:
            return f"expected an RFC 3339 date-time, got {describe(value)}"
        try:
            datetime.fromisoformat(value)
        except ValueError:
            return f"expected an RFC 3339 date-time, got {describe(value)}"
    if format_ == "date":
        try:
            valid = _DATE.fullmatch(value) is not None and bool(date.fromisoformat(value))
        except ValueError:
            valid = False
        if not valid:
            return f"expected an RFC 3339 date, got {describe(value)}"
    return None


def _scalar_problem(value: object, kind: str) -> str | None:
    """Why a JSON value is not of a scalar type, or None when it is."""
    if kind == "integer":
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else f"expected an integer, got {describe(value)}"
    if kind == "number":
        ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
        return None if ok else f"expected a finite number, got {describe(value)}"
    if kind == "boolean":
        return None if isinstance(value, bool) else f"expected a boolean, got {describe(value)}"
    if kind == "null":
        return None if value is None else f"expected null, got {describe(value)}"
    return None


def _children(value: object, path: str) -> Iterator[tuple[object, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield item, _join(path, str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield item, f"{path}[{index}]"


def check_any_json(value: object, path: str) -> None:
    """Any JSON value, but no NaN or Infinity, which JSON does not have. Walked without recursion."""
    pending = [(value, path)]
    while pending:
        item, where = pending.pop()
        if isinstance(item, float) and not math.isfinite(item):
            raise ShapeError(where, f"{describe(item)} is not a JSON value")
        pending.extend(_children(item, where))


def _union_problem(value: object, shape: Shape, path: str, check: Any) -> None:
    problems: list[ShapeError] = []
    for option in shape["anyOf"]:
        try:
            check(value, option, path)
        except ShapeError as problem:
            problems.append(problem)
        else:
            return
    # The option of the value's own kind explains best what is wrong inside it.
    deepest = max(problems, key=lambda problem: len(problem.path))
    if deepest.path != path:
        raise deepest
    kinds = " or ".join(_kind_name(option) for option in shape["anyOf"])
    raise ShapeError(path, f"expected {kinds}, got {describe(value)}")


def _kind_name(shape: Shape) -> str:
    if "anyOf" in shape:
        return " or ".join(_kind_name(option) for option in shape["anyOf"])
    kind = shape.get("type")
    if kind is None:
        return "any value"
    if kind == "string" and shape.get("format") == "uuid":
        return "a UUID"
    if kind == "string" and shape.get("format") in ("date-time", "date"):
        return f"an RFC 3339 {shape['format']}"
    return {"object": "an object", "array": "an array", "null": "null", "integer": "an integer"}.get(kind, f"a {kind}")


def check_json(value: object, shape: Shape, path: str = "") -> None:
    """Raise ShapeError, naming the place, where a decoded JSON answer does not have its shape."""
    if "anyOf" in shape:
        _union_problem(value, shape, path, check_json)
        return
    kind = shape.get("type")
    if kind is None:
        check_any_json(value, path)
    elif kind == "object":
        if not isinstance(value, dict):
            raise ShapeError(path, f"expected an object, got {describe(value)}")
        for name in shape.get("required", ()):
            if name not in value:
                raise ShapeError(_join(path, name), "is required but absent")
        properties: Shape = shape.get("properties", {})
        for key, item in value.items():
            if key in properties:
                check_json(item, properties[key], _join(path, key))
            else:
                check_any_json(item, _join(path, key))
    elif kind == "array":
        if not isinstance(value, list):
            raise ShapeError(path, f"expected an array, got {describe(value)}")
        for index, item in enumerate(value):
            check_json(item, shape.get("items", {}), f"{path}[{index}]")
    elif kind == "string":
        if not isinstance(value, str):
            raise ShapeError(path, f"expected a string, got {describe(value)}")
        problem = _string_format_problem(value, shape.get("format"))
        if problem:
            raise ShapeError(path, problem)
    else:
        problem = _scalar_problem(value, kind)
        if problem:
            raise ShapeError(path, problem)


def _is_model(value: object, name: str) -> bool:
    return any(kind.__name__ == name for kind in type(value).__mro__)


def check_value(value: object, shape: Shape, path: str) -> None:
    """Raise ShapeError where a Python value given to a request (a model, a list, an id) lacks its shape."""
    if "anyOf" in shape:
        _union_problem(value, shape, path, check_value)
        return
    kind = shape.get("type")
    if kind == "object" and "model" in shape:
        if not _is_model(value, shape["model"]):
            raise ShapeError(path, f"expected a {shape['model']}, got {describe(value)}")
        required = set(shape.get("required", ()))
        for name, attribute in shape.get("attributes", {}).items():
            item = getattr(value, attribute)
            if type(item).__name__ == "Unset":
                if name in required:
                    raise ShapeError(_join(path, attribute), "is required")
                continue
            check_value(item, shape["properties"][name], _join(path, attribute))
    elif kind == "array":
        if not isinstance(value, list | tuple):
            raise ShapeError(path, f"expected a list, got {describe(value)}")
        for index, item in enumerate(value):
            check_value(item, shape.get("items", {}), f"{path}[{index}]")
    elif kind == "string" and shape.get("format") == "uuid":
        if not isinstance(value, UUID) and not (isinstance(value, str) and is_uuid_text(value)):
            raise ShapeError(path, f"expected a UUID, got {describe(value)}")
    elif kind == "string" and shape.get("format") in ("date-time", "date"):
        if not isinstance(value, date):
            raise ShapeError(path, f"expected a {shape['format']}, got {describe(value)}")
    elif kind == "string":
        if not isinstance(value, str):
            raise ShapeError(path, f"expected a string, got {describe(value)}")
    elif kind is not None and kind != "object":
        problem = _scalar_problem(value, kind)
        if problem:
            raise ShapeError(path, problem)
