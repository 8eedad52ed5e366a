"""Qovery's published spec for the five operations, as the tests read it.

The copy beside the upstream-diff tests is the reference: a verbatim cut of Qovery's spec. Its
OpenAPI 3.0 `nullable` is read as JSON Schema 2020-12 by the project's OpenAPI reader, so one
validator reads both specs.
"""

from pathlib import Path
from typing import Any

import yaml

from qovery_openapi import nullable_to_json_schema

UPSTREAM_FILE = Path(__file__).resolve().parent / "tools" / "data" / "qovery-openapi-upstream-subset.yaml"


def upstream_as_json_schema() -> dict[str, Any]:
    """The upstream document with its schemas readable as JSON Schema 2020-12."""
    converted: dict[str, Any] = nullable_to_json_schema(
        yaml.safe_load(UPSTREAM_FILE.read_text(encoding="utf-8"))
    )
    return converted
