"""State: deployment requests queue up and move through Qovery's states as the clock advances."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from qovery_mock import ManualClock, create_app
from qovery_mock.transport import MockTransport
from tests.mock.mock_test_support import Api, SteppingClock


def test_a_redeploy_queues_one_deployment_request(api: Api) -> None:
    job = api.ids["jobs"][0]
    assert api.mock.resource(job)["deployment_requests_count"] == 0
    client = api.client()
    first = client.post(f"/job/{job}/redeploy").json()
    second = client.post(f"/job/{job}/redeploy").json()
    assert first["deployment_requests_count"] == 1
    assert second["deployment_requests_count"] == 2
    assert first["deployment_request_id"] != second["deployment_request_id"]
    state = api.mock.resource(job)
    assert state["deployment_requests_count"] == 2
    assert state["total_deployment_requests"] == 2
    assert state["last_deployment_request_id"] == second["deployment_request_id"]


def _timeline(api: Api, resource_id: str, seconds: int) -> list[tuple[str, str, int]]:
    """(state, status_details.status, count) each second."""
    seen = []
    for _ in range(seconds):
        state = api.mock.resource(resource_id)
        seen.append((state["state"], state["status_details"]["status"], state["deployment_requests_count"]))
        api.clock.advance(1)
    return seen


def _phases(timeline: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    return [entry for index, entry in enumerate(timeline) if index == 0 or timeline[index - 1] != entry]


def test_a_job_deployment_goes_through_build_and_deploy(api: Api) -> None:
    job = api.ids["jobs"][0]
    api.client().post(f"/job/{job}/redeploy")
    timeline = _timeline(api, job, 40)
    assert _phases(timeline) == [
        ("DEPLOYMENT_QUEUED", "QUEUED", 1),
        ("BUILDING", "ONGOING", 1),
        ("DEPLOYING", "ONGOING", 1),
        ("DEPLOYED", "SUCCESS", 0),
    ]
    timings = api.mock.fixture.timings
    assert timeline.index(("BUILDING", "ONGOING", 1)) == timings.queued
    assert timeline.index(("DEPLOYED", "SUCCESS", 0)) == timings.queued + timings.building + timings.deploying
    final = api.mock.resource(job)
    assert final["steps"]["total_duration_sec"] == 35
    assert [step["step_name"] for step in final["steps"]["details"]] == [
        "DEPLOYMENT_QUEUEING",
        "BUILD",
        "DEPLOYMENT",
    ]
    assert {step["status"] for step in final["steps"]["details"]} == {"SUCCESS"}


@pytest.mark.parametrize("group", ["databases", "helms"])
def test_databases_and_helm_charts_skip_the_build(api: Api, group: str) -> None:
    resource = api.ids[group][0]
    path = {"databases": "database", "helms": "helm"}[group]
    api.client().post(f"/{path}/{resource}/redeploy")
    assert [state for state, _, _ in _phases(_timeline(api, resource, 20))] == [
        "DEPLOYMENT_QUEUED",
        "DEPLOYING",
        "DEPLOYED",
    ]


def test_a_never_deployed_service_becomes_up_to_date(api: Api) -> None:
    staging = api.ids["environments"][1]
    job = next(j for j in api.mock.services(staging)["jobs"])
    assert api.mock.resource(job)["service_deployment_status"] == "NEVER_DEPLOYED"
    api.client().post(f"/job/{job}/redeploy")
    api.clock.advance(100)
    assert api.mock.resource(job)["service_deployment_status"] == "UP_TO_DATE"
    assert api.mock.resource(job)["state"] == "DEPLOYED"


def test_requests_run_one_after_the_other(api: Api) -> None:
    database = api.ids["databases"][0]
    client = api.client()
    client.post(f"/database/{database}/redeploy")
    api.clock.advance(10)
    body = client.post(f"/database/{database}/redeploy").json()
    assert body["state"] == "DEPLOYING"
    assert body["deployment_requests_count"] == 2
    api.clock.advance(5)  # t=15: the first is over, the second starts its queue phase
    assert (
        api.mock.resource(database)["state"],
        api.mock.resource(database)["deployment_requests_count"],
    ) == (
        "DEPLOYMENT_QUEUED",
        1,
    )
    api.clock.advance(15)
    assert api.mock.resource(database)["state"] == "DEPLOYED"
    assert api.mock.resource(database)["deployment_requests_count"] == 0
    assert api.mock.resource(database)["total_deployment_requests"] == 2


def test_an_environment_deployment_updates_its_last_deployment(api: Api) -> None:
    staging = api.ids["environments"][1]
    client = api.client()
    queued = client.post(f"/environment/{staging}/redeploy").json()
    assert (queued["state"], queued["last_deployment_state"], queued["deployment_status"]) == (
        "DEPLOYMENT_QUEUED",
        "READY",
        "NEVER_DEPLOYED",
    )
    api.clock.advance(60)
    # A restart with no ids queues a request for the environment: its answer shows the new state.
    restart = client.post(f"/environment/{staging}/service/restart-service").json()
    assert restart["state"] == "RESTART_QUEUED"
    assert restart["service_deployment_status"] == "UP_TO_DATE"
    environment = api.mock.resource(staging)
    assert environment["last_deployment_state"] == "DEPLOYED"
    assert environment["last_deployment_id"] == f"{staging}-1"
    assert environment["total_deployment_duration_in_seconds"] == 35
    assert environment["origin"] == "API"
    assert environment["triggered_by"] == api.mock.fixture.organizations[0].user


def test_a_restart_restarts_the_listed_services(api: Api) -> None:
    production = api.ids["environments"][0]
    services = api.mock.services(production)
    listed = [*services["applications"], *services["containers"]]
    response = api.client().post(
        f"/environment/{production}/service/restart-service",
        json={"application_ids": services["applications"], "container_ids": services["containers"]},
    )
    assert response.status_code == 202
    for service in listed:
        assert api.mock.resource(service)["state"] == "RESTART_QUEUED"
        assert api.mock.resource(service)["status_details"]["action"] == "RESTART"
    assert api.mock.resource(services["databases"][0])["total_deployment_requests"] == 0
    assert [state for state, _, _ in _phases(_timeline(api, listed[0], 20))] == [
        "RESTART_QUEUED",
        "RESTARTING",
        "RESTARTED",
    ]
    assert api.mock.resource(production)["state"] == "RESTARTED"


def test_repeated_ids_restart_once(api: Api) -> None:
    production = api.ids["environments"][0]
    app = api.mock.services(production)["applications"][0]
    api.client().post(
        f"/environment/{production}/service/restart-service", json={"application_ids": [app, app]}
    )
    assert api.mock.resource(app)["deployment_requests_count"] == 1


@pytest.mark.parametrize(
    ("group", "path", "event"),
    [("jobs", "job", "CRON"), ("jobs", "job", "STOP"), ("helms", "helm", "DIFF")],
)
def test_an_event_the_resource_lacks_deploys_nothing(api: Api, group: str, path: str, event: str) -> None:
    """A job (or chart) without the forced event answers 202 with `deployment_request_id: null` and
    no request is queued, as Qovery documents ("the job won't be deployed")."""
    resource = next(
        r
        for r in api.ids[group]
        if api.mock.resource(r)["force_events"] is not None
        and event not in api.mock.resource(r)["force_events"]
    )
    before = api.mock.resource(resource)
    response = api.client().post(f"/{path}/{resource}/redeploy", params={"forceEvent": event})
    assert response.status_code == 202
    body = response.json()
    assert body["deployment_request_id"] is None
    assert body["state"] == before["state"]
    after = api.mock.resource(resource)
    assert after["deployment_requests_count"] == before["deployment_requests_count"] == 0
    assert after["total_deployment_requests"] == 0


def test_an_event_the_resource_has_deploys(api: Api) -> None:
    job = api.ids["jobs"][1]
    assert api.mock.resource(job)["force_events"] == ["START"]
    body = api.client().post(f"/job/{job}/redeploy", params={"forceEvent": "START"}).json()
    assert body["deployment_request_id"] is not None
    assert api.mock.resource(job)["last_request"]["force_event"] == "START"


def test_reset_restores_the_seeded_state(api: Api) -> None:
    job = api.ids["jobs"][0]
    start = api.clock.now()
    api.client().post(f"/job/{job}/redeploy")
    api.mock.add_fault("redeployJob", "status", status=503)
    api.clock.advance(7)
    api.mock.reset()
    assert api.clock.now() == start
    assert api.mock.resource(job)["total_deployment_requests"] == 0
    assert api.client().post(f"/job/{job}/redeploy").status_code == 202


def test_time_stands_still_without_advance(api: Api) -> None:
    job = api.ids["jobs"][0]
    api.client().post(f"/job/{job}/redeploy")
    for _ in range(5):
        assert api.mock.resource(job)["state"] == "DEPLOYMENT_QUEUED"


def test_the_real_clock_moves_deployments_on_its_own() -> None:
    clock = SteppingClock()
    app = create_app(clock=clock)
    mock = app.state.mock
    job = mock.ids["jobs"][0]
    with httpx.Client(
        base_url="http://m",
        transport=MockTransport(app),
        headers={"Authorization": f"Token {mock.default_token}"},
    ) as client:
        client.post(f"/job/{job}/redeploy")
    clock.at += 36
    assert mock.resource(job)["state"] == "DEPLOYED"


def test_custom_timings_from_the_fixture() -> None:
    env, job = str(uuid.uuid4()), str(uuid.uuid4())
    fixtures: dict[str, Any] = {
        "settings": {"timings": {"queued": 1, "building": 0, "deploying": 2}},
        "organizations": [
            {"id": str(uuid.uuid4()), "tokens": ["t"], "environments": [{"id": env, "jobs": [{"id": job}]}]}
        ],
    }
    clock = ManualClock(start=0)
    app = create_app(fixtures, clock=clock)
    with httpx.Client(
        base_url="http://m", transport=MockTransport(app), headers={"Authorization": "Token t"}
    ) as c:
        c.post(f"/job/{job}/redeploy")
    mock = app.state.mock
    assert mock.resource(job)["state"] == "DEPLOYMENT_QUEUED"
    clock.advance(1)
    assert mock.resource(job)["state"] == "DEPLOYING"
    clock.advance(2)
    assert mock.resource(job)["state"] == "DEPLOYED"
