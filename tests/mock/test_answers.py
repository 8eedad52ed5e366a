"""Every operation answers 202 for the seeded ids, with bodies valid against both specs."""

from __future__ import annotations

import uuid

import pytest

from qovery_mock import create_app
from tests.mock.mock_test_support import (
    GROUP_OF_OPERATION,
    OPERATIONS,
    Api,
    assert_conforms,
    operation_path,
    schema_errors,
)


@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_every_seeded_id_answers_202_with_a_conforming_body(api: Api, operation_id: str) -> None:
    client = api.client()
    ids = api.ids[GROUP_OF_OPERATION[operation_id]]
    assert ids
    for resource_id in ids:
        response = client.post(operation_path(operation_id, resource_id))
        assert response.status_code == 202, response.text
        assert response.headers["content-type"] == "application/json"
        body = response.json()
        assert body["id"] == resource_id
        assert_conforms(operation_id, body)
        assert uuid.UUID(body["deployment_request_id"])


def test_status_answers_show_the_queued_request(api: Api) -> None:
    client = api.client()
    job = api.ids["jobs"][0]
    before = api.mock.resource(job)["deployment_requests_count"]
    body = client.post(f"/job/{job}/redeploy").json()
    assert body["state"] == "DEPLOYMENT_QUEUED"
    assert body["status_details"] == {"action": "DEPLOY", "status": "QUEUED", "sub_action": "NONE"}
    assert body["deployment_requests_count"] == before + 1
    assert body["steps"] == {"total_duration_sec": None, "total_computing_duration_sec": 0, "details": []}
    assert body["execution_id"].startswith(f"{job}-")


def test_environment_answer_follows_environment_status(api: Api) -> None:
    environment = api.ids["environments"][0]
    body = api.client().post(f"/environment/{environment}/redeploy").json()
    assert set(body) == {
        "id",
        "state",
        "last_deployment_date",
        "last_deployment_state",
        "last_deployment_id",
        "total_deployment_duration_in_seconds",
        "origin",
        "triggered_by",
        "deployment_status",
        "deployment_request_id",
        "metrics",
    }
    assert body["state"] == "DEPLOYMENT_QUEUED"
    assert body["origin"] == "API"
    assert body["triggered_by"] == api.mock.fixture.organizations[0].user
    assert body["last_deployment_state"] == "DEPLOYED"
    assert "deployment_requests_count" not in body


def test_a_never_deployed_environment_answers_with_nulls_the_spec_allows(api: Api) -> None:
    staging = api.ids["environments"][1]
    body = api.client().post(f"/environment/{staging}/redeploy").json()
    assert body["deployment_status"] == "NEVER_DEPLOYED"
    assert body["last_deployment_id"] is None
    assert body["total_deployment_duration_in_seconds"] is None
    assert_conforms("redeployEnvironment", body)


def test_restart_answer_is_the_environment_status_of_the_restart(api: Api) -> None:
    environment = api.ids["environments"][0]
    services = api.mock.services(environment)
    payload = {
        "application_ids": services["applications"],
        "container_ids": services["containers"],
        "database_ids": services["databases"],
    }
    response = api.client().post(f"/environment/{environment}/service/restart-service", json=payload)
    assert response.status_code == 202
    body = response.json()
    assert body["id"] == environment
    assert body["state"] == "RESTART_QUEUED"
    assert body["status_details"] == {"action": "RESTART", "status": "QUEUED", "sub_action": "NONE"}
    assert_conforms("rebootServices", body)


@pytest.mark.parametrize("event", ["START", "STOP", "DELETE", "CRON"])
def test_every_job_event_is_accepted(api: Api, event: str) -> None:
    job = api.ids["jobs"][0]
    response = api.client().post(f"/job/{job}/redeploy", params={"forceEvent": event})
    assert response.status_code == 202
    assert_conforms("redeployJob", response.json())
    assert api.mock.resource(job)["last_request"]["force_event"] == event


@pytest.mark.parametrize("value", ["true", "false", "TRUE", "False"])
def test_apply_immediately_booleans_are_accepted(api: Api, value: str) -> None:
    database = api.ids["databases"][0]
    response = api.client().post(f"/database/{database}/redeploy", params={"applyImmediately": value})
    assert response.status_code == 202
    assert api.mock.resource(database)["last_request"]["apply_immediately"] is (value.lower() == "true")


@pytest.mark.parametrize("fails", [False, True], ids=["succeeds", "fails"])
def test_answers_at_every_state_conform(api: Api, fails: bool) -> None:
    """Follow deployments second by second through every phase to their end, succeeding or failing.

    A redeploy with an event the resource does not support queues nothing, so its answer shows where
    the deployment queued before stands, the final state included.
    """
    if fails:
        api.mock.add_fault("*", "deploy_failure")
    client = api.client()
    job, chart = api.ids["jobs"][1], api.ids["helms"][1]
    assert client.post(f"/job/{job}/redeploy", params={"forceEvent": "START"}).status_code == 202
    assert client.post(f"/helm/{chart}/redeploy").status_code == 202
    seen: dict[str, set[str]] = {"redeployJob": set(), "redeployHelm": set()}
    for _ in range(40):
        for operation_id, path, event in (
            ("redeployJob", f"/job/{job}/redeploy", "CRON"),
            ("redeployHelm", f"/helm/{chart}/redeploy", "DIFF"),
        ):
            body = client.post(path, params={"forceEvent": event}).json()
            assert body["deployment_request_id"] is None
            assert schema_errors(operation_id, body) == {"project": [], "upstream": []}, body
            seen[operation_id].add(body["state"])
        api.clock.advance(1)
    end = "DEPLOYMENT_ERROR" if fails else "DEPLOYED"
    assert seen["redeployJob"] == {"DEPLOYMENT_QUEUED", "BUILDING", "DEPLOYING", end}
    assert seen["redeployHelm"] == {"DEPLOYMENT_QUEUED", "DEPLOYING", end}


def test_answers_of_a_growing_queue_conform(api: Api) -> None:
    client = api.client()
    calls = [
        ("redeployDatabase", f"/database/{api.ids['databases'][0]}/redeploy"),
        ("redeployEnvironment", f"/environment/{api.ids['environments'][0]}/redeploy"),
        ("rebootServices", f"/environment/{api.ids['environments'][1]}/service/restart-service"),
    ]
    seen: set[str] = set()
    for _ in range(30):
        for operation_id, path in calls:
            body = client.post(path).json()
            assert schema_errors(operation_id, body) == {"project": [], "upstream": []}, body
            seen.add(body["state"])
        api.clock.advance(2)
    assert {"DEPLOYMENT_QUEUED", "BUILDING", "DEPLOYING", "RESTART_QUEUED", "RESTARTING"} <= seen


def test_a_mock_built_from_another_spec_follows_that_spec(tmp_path: pytest.TempPathFactory) -> None:
    """The spec is the source of truth: change an enum and a schema, and the mock changes with them."""
    import httpx
    import yaml

    from qovery_mock.transport import MockTransport
    from tests.mock.mock_test_support import PROJECT_SPEC

    document = yaml.safe_load(PROJECT_SPEC.read_text())
    document["components"]["schemas"]["JobForceEvent"]["enum"] = ["START", "STOP", "DELETE"]
    del document["components"]["schemas"]["Status"]["properties"]["execution_id"]
    spec_path = tmp_path / "spec.yaml"  # type: ignore[operator]
    spec_path.write_text(yaml.safe_dump(document))
    fixtures = {
        "organizations": [
            {
                "id": str(uuid.uuid4()),
                "tokens": ["t"],
                "environments": [
                    {"id": str(uuid.uuid4()), "jobs": [{"id": "6f1c8a02-4d2e-4b8f-9a51-0c3e7d9b1a44"}]}
                ],
            }
        ]
    }
    app = create_app(fixtures, spec_path=spec_path)
    with httpx.Client(
        base_url="http://m", transport=MockTransport(app), headers={"Authorization": "Token t"}
    ) as c:
        refused = c.post("/job/6f1c8a02-4d2e-4b8f-9a51-0c3e7d9b1a44/redeploy", params={"forceEvent": "CRON"})
        assert refused.status_code == 400
        assert "['START', 'STOP', 'DELETE']" in refused.json()["message"]
        accepted = c.post("/job/6f1c8a02-4d2e-4b8f-9a51-0c3e7d9b1a44/redeploy", params={"forceEvent": "STOP"})
        assert accepted.status_code == 202
        assert "execution_id" not in accepted.json()
        assert "state" in accepted.json()
