"""Status reads: where a deployment stands, computed from the same queues and clock as the actions.

Every test runs in-process and over HTTP (the `api` fixture).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from qovery_mock import create_app
from qovery_mock.transport import MockTransport
from tests.mock.mock_test_support import (
    GROUP_OF_OPERATION,
    READS,
    Api,
    SteppingClock,
    assert_conforms,
    assert_error_body,
    operation_path,
)

SERVICE_READS = {"jobs": "getJobStatus", "databases": "getDatabaseStatus", "helms": "getHelmStatus"}


def read(client: httpx.Client, operation_id: str, resource_id: str) -> dict[str, Any]:
    response = client.get(operation_path(operation_id, resource_id))
    assert response.status_code == 200, (operation_id, response.status_code, response.text)
    body: dict[str, Any] = response.json()
    assert_conforms(operation_id, body)
    return body


def timeline(api: Api, operation_id: str, resource_id: str, seconds: int) -> list[tuple[Any, ...]]:
    """(state, status_details.status, deployment_request_id, count) each second, repeats left out."""
    client = api.client()
    seen: list[tuple[Any, ...]] = []
    for _ in range(seconds):
        body = read(client, operation_id, resource_id)
        entry = (
            body["state"],
            body["status_details"]["status"],
            body["deployment_request_id"],
            body["deployment_requests_count"],
        )
        if not seen or seen[-1] != entry:
            seen.append(entry)
        api.clock.advance(1)
    return seen


@pytest.mark.parametrize("operation_id", READS)
def test_every_seeded_resource_reads_as_both_specs_describe(api: Api, operation_id: str) -> None:
    client = api.client()
    for resource_id in api.ids[GROUP_OF_OPERATION[operation_id]]:
        read(client, operation_id, resource_id)


@pytest.mark.parametrize("operation_id", READS)
def test_a_resource_never_deployed_here_reads_as_seeded_with_no_request(api: Api, operation_id: str) -> None:
    resource_id = api.ids[GROUP_OF_OPERATION[operation_id]][0]
    body = read(api.client(), operation_id, resource_id)
    own = body["environment"] if operation_id == "getEnvironmentStatuses" else body
    assert own["id"] == resource_id
    assert own["state"] == api.mock.resource(resource_id)["state"]
    assert own["deployment_request_id"] is None
    if "deployment_requests_count" in own:
        assert own["deployment_requests_count"] == 0


@pytest.mark.parametrize(
    ("group", "redeploy"), [("jobs", "job"), ("databases", "database"), ("helms", "helm")]
)
def test_a_read_follows_the_redeploy_it_is_tied_to_as_the_clock_moves(
    api: Api, group: str, redeploy: str
) -> None:
    resource_id = api.ids[group][0]
    queued = api.client().post(f"/{redeploy}/{resource_id}/redeploy").json()
    request_id = queued["deployment_request_id"]
    assert request_id is not None

    seen = timeline(api, SERVICE_READS[group], resource_id, 40)

    states = [state for state, _, _, _ in seen]
    expected = ["DEPLOYMENT_QUEUED", *(["BUILDING"] if group == "jobs" else []), "DEPLOYING", "DEPLOYED"]
    assert states == expected
    assert {entry[2] for entry in seen} == {request_id}
    assert [(status, count) for _, status, _, count in seen] == [
        ("QUEUED", 1),
        *([("ONGOING", 1)] * (len(expected) - 2)),
        ("SUCCESS", 0),
    ]


def test_a_read_names_the_running_request_then_the_next_and_counts_the_queue(api: Api) -> None:
    database = api.ids["databases"][0]
    client = api.client()
    first = client.post(f"/database/{database}/redeploy").json()["deployment_request_id"]
    second = client.post(f"/database/{database}/redeploy").json()["deployment_request_id"]
    assert first != second

    seen = timeline(api, "getDatabaseStatus", database, 35)

    assert [(request, count) for _, _, request, count in seen] == [
        (first, 2),
        (first, 2),
        (second, 1),
        (second, 1),
        (second, 0),
    ]
    assert [state for state, *_ in seen] == [
        "DEPLOYMENT_QUEUED",
        "DEPLOYING",
        "DEPLOYMENT_QUEUED",
        "DEPLOYING",
        "DEPLOYED",
    ]


def test_a_failed_deployment_reads_its_error_state_with_status_error(api: Api) -> None:
    job = api.ids["jobs"][0]
    api.mock.add_fault("redeployJob", "deploy_failure", count=1)
    request_id = api.client().post(f"/job/{job}/redeploy").json()["deployment_request_id"]

    final = timeline(api, "getJobStatus", job, 40)[-1]

    assert final == ("DEPLOYMENT_ERROR", "ERROR", request_id, 0)


def test_a_restart_reads_restart_states_on_the_environment_and_each_listed_service(api: Api) -> None:
    production = api.ids["environments"][0]
    services = api.mock.services(production)
    app = services["applications"][0]
    restart = api.client().post(
        f"/environment/{production}/service/restart-service", json={"application_ids": [app]}
    )
    request_id = restart.json()["deployment_request_id"]

    environment_seen = []
    app_seen = []
    client = api.client()
    for _ in range(20):
        statuses = read(client, "getEnvironmentStatuses", production)
        environment = read(client, "getEnvironmentStatus", production)
        assert statuses["environment"] == environment
        listed = {status["id"]: status for status in statuses["applications"]}
        for seen, body in ((environment_seen, environment), (app_seen, listed[app])):
            if not seen or seen[-1][0] != body["state"]:
                seen.append((body["state"], body["deployment_request_id"]))
        api.clock.advance(1)

    expected = [("RESTART_QUEUED", request_id), ("RESTARTING", request_id), ("RESTARTED", request_id)]
    assert environment_seen == expected
    assert app_seen == expected


def test_a_failed_restart_reads_restart_error(api: Api) -> None:
    production = api.ids["environments"][0]
    api.mock.add_fault("rebootServices", "deploy_failure", count=1)
    api.client().post(f"/environment/{production}/service/restart-service")
    api.clock.advance(60)
    body = read(api.client(), "getEnvironmentStatuses", production)["environment"]
    assert body["state"] == "RESTART_ERROR"
    assert body["last_deployment_state"] == "RESTART_ERROR"


def test_the_statuses_read_lists_every_service_each_with_its_own_status(api: Api) -> None:
    production = api.ids["environments"][0]
    services = api.mock.services(production)
    database = services["databases"][0]
    request_id = api.client().post(f"/database/{database}/redeploy").json()["deployment_request_id"]
    api.clock.advance(1)

    statuses = read(api.client(), "getEnvironmentStatuses", production)

    for group, ids in services.items():
        assert [status["id"] for status in statuses[group]] == ids, group
    assert statuses["terraforms"] == []
    by_id = {status["id"]: status for group in services for status in statuses[group]}
    assert by_id[database]["state"] == "DEPLOYMENT_QUEUED"
    assert by_id[database]["deployment_request_id"] == request_id
    others = [status for service_id, status in by_id.items() if service_id != database]
    assert others and all(status["deployment_request_id"] is None for status in others)
    assert statuses["environment"]["deployment_request_id"] is None


def test_an_environment_redeploy_deploys_each_service_under_its_request(api: Api) -> None:
    production = api.ids["environments"][0]
    request_id = api.client().post(f"/environment/{production}/redeploy").json()["deployment_request_id"]
    api.clock.advance(1)
    deleting = {resource for ids in api.mock.deleting_ids.values() for resource in ids}

    def services(statuses: dict[str, Any]) -> list[dict[str, Any]]:
        groups = api.mock.services(production)
        return [status for group in groups for status in statuses[group] if status["id"] not in deleting]

    statuses = read(api.client(), "getEnvironmentStatuses", production)
    assert statuses["environment"]["deployment_request_id"] == request_id
    listed = services(statuses)
    assert listed and all(status["deployment_request_id"] == request_id for status in listed)
    assert all(status["state"] == "DEPLOYMENT_QUEUED" for status in listed)
    api.clock.advance(120)
    statuses = read(api.client(), "getEnvironmentStatuses", production)
    assert statuses["environment"]["state"] == "DEPLOYED"
    assert {status["state"] for status in services(statuses)} == {"DEPLOYED"}


def test_a_read_moves_with_a_real_clock_too() -> None:
    clock = SteppingClock()
    app = create_app(clock=clock)
    mock = app.state.mock
    helm = mock.ids["helms"][0]
    headers = {"Authorization": f"Token {mock.default_token}"}
    with httpx.Client(base_url="http://m", transport=MockTransport(app), headers=headers) as client:
        request_id = client.post(f"/helm/{helm}/redeploy").json()["deployment_request_id"]
        assert client.get(f"/helm/{helm}/status").json()["state"] == "DEPLOYMENT_QUEUED"
        clock.at += 60
        body = client.get(f"/helm/{helm}/status").json()
    assert (body["state"], body["deployment_request_id"]) == ("DEPLOYED", request_id)


@pytest.mark.parametrize("operation_id", READS)
def test_reads_refuse_as_actions_do(api: Api, operation_id: str) -> None:
    group = GROUP_OF_OPERATION[operation_id]
    own = api.ids[group][0]
    assert_error_body(api.client(None).get(operation_path(operation_id, own)), 401)
    assert_error_body(api.client("qov_unknown").get(operation_path(operation_id, own)), 401)
    foreign = api.mock.foreign_ids[group][0]
    assert_error_body(api.client().get(operation_path(operation_id, foreign)), 403)
    unknown = "00000000-0000-4000-8000-000000000000"
    assert_error_body(api.client().get(operation_path(operation_id, unknown)), 404, unknown)
    assert_error_body(api.client().get(operation_path(operation_id, "not-a-uuid")), 400)


@pytest.mark.parametrize("operation_id", READS)
def test_fault_rules_apply_to_reads(api: Api, operation_id: str) -> None:
    resource_id = api.ids[GROUP_OF_OPERATION[operation_id]][0]
    api.mock.add_fault(operation_id, "status", status=429, retry_after=3, count=1)
    client = api.client()
    limited = client.get(operation_path(operation_id, resource_id))
    assert limited.status_code == 429 and limited.headers["retry-after"] == "3"
    read(client, operation_id, resource_id)


def test_a_read_of_a_resource_being_deleted_answers(api: Api) -> None:
    job = api.mock.deleting_ids["jobs"][0]
    assert api.client().post(f"/job/{job}/redeploy").status_code == 409
    read(api.client(), "getJobStatus", job)
