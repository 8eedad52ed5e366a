"""Fixture files: the shipped default, and the errors a broken one gets at start-up."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml

from qovery_mock import FixtureError, SpecError, create_app
from qovery_mock.fixtures import DEFAULT_FIXTURES, read_fixture_data

ROOT = Path(__file__).resolve().parents[2]


def _default() -> dict[str, Any]:
    data, _ = read_fixture_data(DEFAULT_FIXTURES)
    return data


def test_the_default_fixture_has_what_the_tests_need() -> None:
    mock = create_app().state.mock
    assert len(mock.fixture.organizations) >= 2
    for group, ids in mock.ids.items():
        assert ids, group
        assert mock.foreign_ids[group], group
        assert mock.deleting_ids[group], group
    first_environment = mock.ids["environments"][0]
    services = mock.services(first_environment)
    for group in ("jobs", "databases", "helms", "applications", "containers"):
        assert mock.ids[group][0] in services[group]
    assert set(mock.tokens) == {org.id for org in mock.fixture.organizations}


def test_a_fixture_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    data = _default()
    data["organizations"][0]["tokens"] = ["from-env"]
    path = tmp_path / "f.yaml"
    path.write_text(yaml.safe_dump(data))
    monkeypatch.setenv("QOVERY_MOCK_FIXTURES", str(path))
    assert create_app().state.mock.default_token == "from-env"


def test_a_spec_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QOVERY_MOCK_SPEC", str(tmp_path / "missing.yaml"))
    with pytest.raises(SpecError, match="cannot read"):
        create_app()


def _mutate(path: str, value: Any) -> dict[str, Any]:
    data = _default()
    node: Any = data
    *parents, last = path.split(".")
    for name in parents:
        node = node[int(name)] if isinstance(node, list) else node[name]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "fragment"),
    [
        ("organizations.0.id", "not-a-uuid", "not a 'uuid'"),
        ("organizations.0.tokens", [], "should be non-empty"),
        ("organizations.0.tokens", ["has space"], "does not match"),
        ("organizations.1.tokens", ["qov_acme_81e2d03c7589b091f47084b970a1d38a"], "two organizations"),
        ("organizations.1.id", "90b91dc1-5f4f-4075-addb-aa3a89ee133b", "used twice"),
        ("organizations.0.environments.0.jobs.0.force_events", ["SOMETIMES"], "is not one of"),
        ("organizations.0.environments.0.helms.0.force_events", ["START"], "is not one of"),
        ("organizations.0.environments.0.status", {"state": "SLEEPING"}, "SLEEPING"),
        ("organizations.0.environments.0.jobs.0.status", {"service_deployment_status": "MAYBE"}, "MAYBE"),
        ("organizations.0.environments.0.jobs.0.colour", "red", "Additional properties"),
        ("settings.timings", {"queued": -1}, "minimum"),
        ("settings.body_limit_bytes", 0, "minimum"),
    ],
)
def test_broken_fixtures_stop_start_up(path: str, value: Any, fragment: str) -> None:
    with pytest.raises(FixtureError, match=fragment.replace("(", r"\(").replace("'", "'")):
        create_app(_mutate(path, value))


def test_a_missing_or_unparsable_fixture_file(tmp_path: Path) -> None:
    with pytest.raises(FixtureError, match="cannot read"):
        create_app(tmp_path / "nothing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("organizations: [\n")
    with pytest.raises(FixtureError, match="not valid"):
        create_app(broken)
    listed = tmp_path / "list.yaml"
    listed.write_text("- a\n")
    with pytest.raises(FixtureError, match="mapping"):
        create_app(listed)


def test_a_spec_the_mock_cannot_serve(tmp_path: Path) -> None:
    document = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    document["paths"]["/job/{jobId}/cancel"] = {
        "post": {
            "operationId": "cancelJob",
            "parameters": [{"$ref": "#/components/parameters/jobId"}],
            "responses": {"202": {"description": "ok", "content": {"application/json": {"schema": {}}}}},
        }
    }
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(document))
    with pytest.raises(SpecError, match="cancelJob"):
        create_app(spec_path=spec)


def test_a_spec_that_refuses_the_mocks_answers(tmp_path: Path) -> None:
    document = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    document["components"]["schemas"]["StateEnum"]["enum"].remove("BUILDING")
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(document))
    with pytest.raises(SpecError, match="BUILDING"):
        create_app(spec_path=spec)


def test_a_minimal_fixture() -> None:
    org = str(uuid.uuid4())
    mock = create_app({"organizations": [{"id": org, "tokens": ["only"]}]}).state.mock
    assert mock.default_token == "only"
    assert mock.foreign_token is None
    assert all(ids == [] for ids in mock.ids.values())
