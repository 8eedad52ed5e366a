"""Qovery's published spec for the five operations, as the tests read it.

The copy beside the upstream-diff tests is the reference: a verbatim cut of Qovery's spec. Its
OpenAPI 3.0 `nullable` is rewritten here as JSON Schema 2020-12, so one validator reads both specs.
"""

from pathlib import Path
from typing import Any

import yaml

UPSTREAM_FILE = Path(__file__).resolve().parent / "tools" / "data" / "qovery-openapi-upstream-subset.yaml"


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


def upstream_as_json_schema() -> dict[str, Any]:
    """The upstream document with its schemas readable as JSON Schema 2020-12."""
    converted: dict[str, Any] = nullable_to_json_schema(
        yaml.safe_load(UPSTREAM_FILE.read_text(encoding="utf-8"))
    )
    return converted
