"""Files shipped with the package (the OpenAPI document and the fixtures), read through
importlib.resources so that an installed mock finds them wherever it is installed."""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from importlib import resources
from pathlib import Path

SPEC_NAME = "openapi.yaml"
# In a source checkout the package holds no copy of the spec: the repository's openapi.yaml is the one
# source of truth, which the build copies into the package (see setup.py).
SOURCE_SPEC = Path(__file__).resolve().parents[1] / SPEC_NAME

_files = ExitStack()
atexit.register(_files.close)


def packaged_file(name: str) -> Path | None:
    """A file of the package (`name` relative to it, `/`-separated) as a path on disk, or None when
    the package does not hold it. A package imported from an archive gets a temporary copy."""
    item = resources.files("qovery_mock").joinpath(*name.split("/"))
    if not item.is_file():
        return None
    return _files.enter_context(resources.as_file(item))


def spec_file() -> Path:
    """The shipped OpenAPI document; in a source checkout, the repository's openapi.yaml."""
    return packaged_file(SPEC_NAME) or SOURCE_SPEC


def fixture_file(name: str) -> Path:
    found = packaged_file(f"fixtures/{name}")
    if found is None:
        raise FileNotFoundError(f"the package holds no fixtures/{name}")
    return found
