"""Response shaping: a rich internal view becomes exactly the object a response schema describes.

The shaper keeps the properties the schema declares, in the schema's order, drops everything else,
and leaves out a property whose value is null when the schema does not allow null there. The field
lists therefore live in the OpenAPI document only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

Shaper = Callable[[Any], Any]


class _ValidatorFactory(Protocol):
    def validator(self, schema: Any) -> Any: ...


def _identity(value: Any) -> Any:
    return value


def compile_shaper(schema: Any, document: _ValidatorFactory) -> Shaper:
    """A function shaping values to `schema` (a schema with its `$ref`s already inlined)."""
    if not isinstance(schema, dict):
        return _identity
    all_of = schema.get("allOf")
    if isinstance(all_of, list) and len(all_of) == 1 and "properties" not in schema:
        return compile_shaper(all_of[0], document)
    properties = schema.get("properties")
    if isinstance(properties, dict):
        return _object_shaper(properties, document)
    items = schema.get("items")
    if isinstance(items, dict):
        item_shaper = compile_shaper(items, document)
        if item_shaper is _identity:
            return _identity

        def shape_array(value: Any) -> Any:
            if isinstance(value, list):
                return [item_shaper(item) for item in value]
            return value

        return shape_array
    return _identity


def _object_shaper(properties: dict[str, Any], document: _ValidatorFactory) -> Shaper:
    fields: list[tuple[str, Shaper | None, bool]] = []
    for name, subschema in properties.items():
        sub = compile_shaper(subschema, document)
        accepts_null = bool(document.validator(subschema).is_valid(None))
        fields.append((name, None if sub is _identity else sub, accepts_null))

    def shape_object(value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        shaped: dict[str, Any] = {}
        for name, sub, accepts_null in fields:
            if name not in value:
                continue
            item = value[name]
            if item is None:
                if accepts_null:
                    shaped[name] = None
                continue
            shaped[name] = item if sub is None else sub(item)
        return shaped

    return shape_object
