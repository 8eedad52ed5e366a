"""Fixture files: the organizations, tokens and resources a mock starts with."""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from qovery_mock.kinds import SERVICE_KINDS, Kind
from qovery_mock.packaged import fixture_file

FIXTURES_ENV = "QOVERY_MOCK_FIXTURES"
DEFAULT_FIXTURES = fixture_file("default.yaml")
DEFAULT_BODY_LIMIT = 1024 * 1024

FixtureSource = str | os.PathLike[str] | Mapping[str, Any] | None


class FixtureError(ValueError):
    """A fixture file that does not describe a usable world."""


@dataclass(frozen=True)
class Timings:
    """Seconds each phase of a deployment request lasts."""

    queued: float = 5.0
    building: float = 20.0
    deploying: float = 10.0
    restarting: float = 10.0


@dataclass(frozen=True)
class Organization:
    id: str
    name: str
    user: str
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class ResourceSeed:
    id: str
    kind: Kind
    name: str
    organization_id: str
    environment_id: str | None
    deleting: bool
    force_events: frozenset[str] | None
    status: Mapping[str, Any]


@dataclass(frozen=True)
class Fixture:
    organizations: tuple[Organization, ...]
    resources: tuple[ResourceSeed, ...]
    timings: Timings = field(default_factory=Timings)
    body_limit_bytes: int = DEFAULT_BODY_LIMIT
    fault_seed: int = 0
    faults: tuple[Mapping[str, Any], ...] = ()
    source: str = "<dict>"
    fingerprint: str = ""


YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def _schema_validator() -> Draft202012Validator:
    schema = yaml.load(fixture_file("schema.yaml").read_text(encoding="utf-8"), Loader=YAML_LOADER)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def default_fixtures_source() -> Path:
    """`$QOVERY_MOCK_FIXTURES`, else the fixture file shipped with the package."""
    from_env = os.environ.get(FIXTURES_ENV)
    return Path(from_env) if from_env else DEFAULT_FIXTURES


def read_fixture_data(source: FixtureSource) -> tuple[dict[str, Any], str]:
    """The raw fixture mapping and a label saying where it came from."""
    if source is None:
        source = default_fixtures_source()
    if isinstance(source, Mapping):
        return copy.deepcopy(dict(source)), "<dict>"
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise FixtureError(f"cannot read the fixture file {path}: {error}") from error
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=YAML_LOADER)
    except (ValueError, yaml.YAMLError) as error:
        raise FixtureError(f"{path} is not valid YAML/JSON: {error}") from error
    if not isinstance(data, dict):
        raise FixtureError(f"{path} must hold a mapping at the top level")
    return data, str(path)


def load_fixture(source: FixtureSource = None) -> Fixture:
    data, label = read_fixture_data(source)
    validator = _schema_validator()
    if not validator.is_valid(data):
        error = best_match(validator.iter_errors(data))
        raise FixtureError(f"{label}: {error.json_path}: {error.message}")

    organizations: list[Organization] = []
    resources: list[ResourceSeed] = []
    seen_tokens: set[str] = set()
    seen_ids: set[str] = set()

    def claim(raw_id: str, where: str) -> str:
        canonical = str(uuid.UUID(raw_id))
        if canonical in seen_ids:
            raise FixtureError(f"{label}: id {canonical} is used twice ({where})")
        seen_ids.add(canonical)
        return canonical

    for org_index, org in enumerate(data["organizations"]):
        org_id = claim(org["id"], f"organization {org_index}")
        tokens = tuple(org["tokens"])
        for token in tokens:
            if token in seen_tokens:
                raise FixtureError(f"{label}: token {token!r} is given to two organizations")
            seen_tokens.add(token)
        name = org.get("name", f"organization-{org_index}")
        organizations.append(Organization(org_id, name, org.get("user", f"api@{name.lower()}"), tokens))
        for env in org.get("environments", []):
            env_id = claim(env["id"], f"environment of {name}")
            env_deleting = bool(env.get("deleting", False))
            resources.append(
                ResourceSeed(
                    id=env_id,
                    kind=Kind.ENVIRONMENT,
                    name=env.get("name", env_id),
                    organization_id=org_id,
                    environment_id=None,
                    deleting=env_deleting,
                    force_events=None,
                    status=dict(env.get("status", {})),
                )
            )
            for kind in SERVICE_KINDS:
                for service in env.get(kind.group, []):
                    service_id = claim(service["id"], f"{kind.value} of environment {env_id}")
                    events = service.get("force_events")
                    resources.append(
                        ResourceSeed(
                            id=service_id,
                            kind=kind,
                            name=service.get("name", service_id),
                            organization_id=org_id,
                            environment_id=env_id,
                            deleting=env_deleting or bool(service.get("deleting", False)),
                            force_events=frozenset(events) if events is not None else None,
                            status=dict(service.get("status", {})),
                        )
                    )

    settings = data.get("settings", {})
    timings = Timings(**settings.get("timings", {}))
    return Fixture(
        organizations=tuple(organizations),
        resources=tuple(resources),
        timings=timings,
        body_limit_bytes=int(settings.get("body_limit_bytes", DEFAULT_BODY_LIMIT)),
        fault_seed=int(settings.get("fault_seed", 0)),
        faults=tuple(data.get("faults", [])),
        source=label,
        fingerprint=hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest(),
    )
