"""Injected faults, set from Python, from the admin routes and from the fixture file."""

from __future__ import annotations

import time
import uuid
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
import pytest

from qovery_mock import FaultError, ManualClock, create_app
from qovery_mock.fixtures import DEFAULT_FIXTURES, read_fixture_data
from qovery_mock.transport import MockTransport
from tests.mock.mock_test_support import Api, assert_error_body, schema_errors


def _job_path(api: Api, index: int = 0) -> str:
    return f"/job/{api.ids['jobs'][index]}/redeploy"


def test_latency_delays_the_answer(api: Api) -> None:
    api.mock.add_fault("redeployJob", "latency", latency=0.3, count=1)
    client = api.client()
    started = time.perf_counter()
    response = client.post(_job_path(api))
    slow = time.perf_counter() - started
    assert response.status_code == 202
    assert slow >= 0.3
    started = time.perf_counter()
    assert client.post(_job_path(api)).status_code == 202
    assert time.perf_counter() - started < 0.3


def test_latency_adds_to_another_fault(api: Api) -> None:
    api.mock.add_fault("*", "status", status=502, latency=0.2, count=1)
    started = time.perf_counter()
    assert_error_body(api.client().post(_job_path(api)), 502, "injected")
    assert time.perf_counter() - started >= 0.2


def test_a_status_fault_answers_the_first_count_requests(api: Api) -> None:
    api.mock.add_fault(operation="redeployJob", kind="status", status=503, count=2)
    client = api.client()
    assert_error_body(client.post(_job_path(api)), 503, "injected")
    assert_error_body(client.post(_job_path(api)), 503)
    assert client.post(_job_path(api)).status_code == 202
    assert api.mock.resource(api.ids["jobs"][0])["total_deployment_requests"] == 1


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_error_statuses(api: Api, status: int) -> None:
    api.mock.add_fault("*", "status", status=status, count=1)
    assert_error_body(api.client().post(f"/database/{api.ids['databases'][0]}/redeploy"), status)


def test_a_status_fault_comes_before_authentication(api: Api) -> None:
    api.mock.add_fault("*", "status", status=503, count=1)
    assert_error_body(api.client(None).post(_job_path(api)), 503)
    assert_error_body(api.client(None).post(_job_path(api)), 401)


def test_429_with_retry_after_in_seconds(api: Api) -> None:
    api.mock.add_fault("redeployHelm", "status", status=429, retry_after=3, count=1)
    response = api.client().post(f"/helm/{api.ids['helms'][0]}/redeploy")
    assert_error_body(response, 429)
    assert response.headers["retry-after"] == "3"


def test_429_with_retry_after_as_an_http_date(api: Api) -> None:
    api.mock.add_fault("redeployHelm", "status", status=429, retry_after=120, retry_after_format="http-date")
    response = api.client().post(f"/helm/{api.ids['helms'][0]}/redeploy")
    assert response.status_code == 429
    header = response.headers["retry-after"]
    assert header.endswith(" GMT")
    assert parsedate_to_datetime(header).timestamp() == int(api.clock.now()) + 120


def test_a_non_json_body(api: Api) -> None:
    api.mock.add_fault("redeployEnvironment", "non_json", count=1)
    api.mock.add_fault("redeployDatabase", "non_json", status=502, body="oops", content_type="text/plain")
    client = api.client()
    response = client.post(f"/environment/{api.ids['environments'][0]}/redeploy")
    assert response.status_code == 202
    assert response.headers["content-type"].startswith("text/html")
    with pytest.raises(ValueError):
        response.json()
    response = client.post(f"/database/{api.ids['databases'][0]}/redeploy")
    assert (response.status_code, response.text, response.headers["content-type"]) == (
        502,
        "oops",
        "text/plain",
    )


def test_a_dropped_connection(api: Api) -> None:
    api.mock.add_fault("redeployJob", "drop", count=1)
    client = api.client()
    with pytest.raises(httpx.RemoteProtocolError):
        client.post(_job_path(api))
    assert client.post(_job_path(api)).status_code == 202
    assert api.mock.resource(api.ids["jobs"][0])["total_deployment_requests"] == 1


def test_faults_apply_to_their_operation_only(api: Api) -> None:
    api.mock.add_fault("redeployHelm", "status", status=500)
    client = api.client()
    assert client.post(_job_path(api)).status_code == 202
    assert client.post(f"/helm/{api.ids['helms'][0]}/redeploy").status_code == 500
    assert client.get("/_mock/info").status_code == 200


def test_a_star_fault_applies_to_every_operation(api: Api) -> None:
    api.mock.add_fault("*", "status", status=503)
    client = api.client()
    environment = api.ids["environments"][0]
    for path in (
        _job_path(api),
        f"/environment/{environment}/redeploy",
        f"/database/{api.ids['databases'][0]}/redeploy",
        f"/helm/{api.ids['helms'][0]}/redeploy",
        f"/environment/{environment}/service/restart-service",
    ):
        assert client.post(path).status_code == 503
    api.mock.clear_faults()
    assert client.post(_job_path(api)).status_code == 202


def _pattern(seed: int) -> list[int]:
    app = create_app(clock=ManualClock())
    mock = app.state.mock
    mock.add_fault("redeployJob", "status", status=503, rate=0.5, seed=seed)
    with httpx.Client(
        base_url="http://m",
        transport=MockTransport(app),
        headers={"Authorization": f"Token {mock.default_token}"},
    ) as client:
        return [client.post(f"/job/{mock.ids['jobs'][0]}/redeploy").status_code for _ in range(200)]


def test_a_rate_fault_is_random_but_reproducible() -> None:
    first, again, other = _pattern(11), _pattern(11), _pattern(12)
    assert first == again
    assert first != other
    assert 60 <= first.count(503) <= 140
    assert set(first) == {202, 503}


@pytest.mark.parametrize(("rate", "expected"), [(0.0, 0), (1.0, 20)])
def test_rate_bounds(api: Api, rate: float, expected: int) -> None:
    api.mock.add_fault("redeployJob", "status", status=503, rate=rate)
    client = api.client()
    assert [client.post(_job_path(api)).status_code for _ in range(20)].count(503) == expected


def test_count_and_rate_together(api: Api) -> None:
    api.mock.add_fault("redeployJob", "status", status=503, rate=0.5, count=3, seed=1)
    client = api.client()
    assert [client.post(_job_path(api)).status_code for _ in range(60)].count(503) == 3


def test_an_error_for_one_input(api: Api) -> None:
    broken, fine = api.ids["jobs"][0], api.ids["jobs"][1]
    api.mock.add_fault("redeployJob", "error_for_input", resource_id=broken.upper())
    client = api.client()
    for _ in range(3):
        assert_error_body(client.post(f"/job/{broken}/redeploy"), 500)
    assert client.post(f"/job/{fine}/redeploy").status_code == 202
    assert api.mock.resource(broken)["total_deployment_requests"] == 0


def test_an_error_for_one_query_value(api: Api) -> None:
    api.mock.add_fault("redeployJob", "error_for_input", query={"forceEvent": "CRON"})
    client = api.client()
    assert client.post(_job_path(api), params={"forceEvent": "CRON"}).status_code == 500
    assert client.post(_job_path(api), params={"forceEvent": "START"}).status_code == 202
    assert client.post(_job_path(api)).status_code == 202


def test_flip_type_breaks_the_contract(api: Api) -> None:
    api.mock.add_fault("redeployJob", "flip_type", count=1)
    client = api.client()
    body = client.post(_job_path(api)).json()
    assert body["deployment_requests_count"] == "1"
    errors = schema_errors("redeployJob", body)
    assert errors["project"] and errors["upstream"]
    assert schema_errors("redeployJob", client.post(_job_path(api)).json()) == {"project": [], "upstream": []}


def test_flip_type_of_a_chosen_field(api: Api) -> None:
    api.mock.add_fault("redeployEnvironment", "flip_type", field="origin")
    api.mock.add_fault("redeployDatabase", "flip_type", field="status_details.action")
    client = api.client()
    environment = client.post(f"/environment/{api.ids['environments'][0]}/redeploy").json()
    assert environment["origin"] == 12345
    assert schema_errors("redeployEnvironment", environment)["project"]
    database = client.post(f"/database/{api.ids['databases'][0]}/redeploy").json()
    assert database["status_details"]["action"] == 12345
    assert schema_errors("redeployDatabase", database)["upstream"]


def test_flip_type_defaults_to_state_on_environment_answers(api: Api) -> None:
    api.mock.add_fault("redeployEnvironment", "flip_type")
    body = api.client().post(f"/environment/{api.ids['environments'][0]}/redeploy").json()
    assert body["state"] == 12345


def test_drop_field_breaks_the_contract(api: Api) -> None:
    api.mock.add_fault("*", "drop_field", count=1)
    body = api.client().post(f"/helm/{api.ids['helms'][0]}/redeploy").json()
    assert "state" not in body
    errors = schema_errors("redeployHelm", body)
    assert any("'state' is a required property" in error for error in errors["project"])
    assert any("'state' is a required property" in error for error in errors["upstream"])


def test_drop_field_of_a_chosen_field(api: Api) -> None:
    api.mock.add_fault("rebootServices", "drop_field", field="status_details")
    body = api.client().post(f"/environment/{api.ids['environments'][0]}/service/restart-service").json()
    assert "status_details" not in body
    assert schema_errors("rebootServices", body)["project"]


def test_deploy_failure_fails_the_next_deployment_only(api: Api) -> None:
    api.mock.add_fault("redeployJob", "deploy_failure", count=1)
    job = api.ids["jobs"][0]
    client = api.client()
    assert client.post(f"/job/{job}/redeploy").status_code == 202
    api.clock.advance(35)
    failed = api.mock.resource(job)
    assert (failed["state"], failed["status_details"]["status"]) == ("DEPLOYMENT_ERROR", "ERROR")
    assert failed["steps"]["details"][-1]["status"] == "ERROR"
    assert client.post(f"/job/{job}/redeploy").status_code == 202
    api.clock.advance(35)
    assert api.mock.resource(job)["state"] == "DEPLOYED"


def test_deploy_failure_is_not_spent_by_refused_requests(api: Api) -> None:
    api.mock.add_fault("redeployJob", "deploy_failure", count=1)
    job = api.ids["jobs"][1]
    client = api.client()
    assert (
        client.post(f"/job/{job}/redeploy", params={"forceEvent": "CRON"}).json()["deployment_request_id"]
        is None
    )
    assert client.post(f"/job/{uuid.uuid4()}/redeploy").status_code == 404
    client.post(f"/job/{job}/redeploy")
    api.clock.advance(35)
    assert api.mock.resource(job)["state"] == "DEPLOYMENT_ERROR"


def test_a_failed_restart(api: Api) -> None:
    api.mock.add_fault("rebootServices", "deploy_failure", count=1)
    production = api.ids["environments"][0]
    app = api.mock.services(production)["applications"][0]
    api.client().post(f"/environment/{production}/service/restart-service", json={"application_ids": [app]})
    api.clock.advance(15)
    assert api.mock.resource(app)["state"] == "RESTART_ERROR"
    assert api.mock.resource(production)["state"] == "RESTART_ERROR"


def test_faults_through_the_admin_routes(api: Api) -> None:
    client = api.client()
    added = client.post(
        "/_mock/faults", json={"operation": "redeployJob", "kind": "status", "status": 503, "count": 1}
    )
    assert added.status_code == 201
    assert added.json()["faults"][0]["remaining"] == 1
    added = client.post(
        "/_mock/faults",
        json=[{"operation": "redeployHelm", "kind": "drop"}, {"kind": "latency", "latency": 0.01}],
    )
    assert added.status_code == 201
    assert len(client.get("/_mock/faults").json()["faults"]) == 3
    assert client.post(_job_path(api)).status_code == 503
    listed = client.get("/_mock/faults").json()["faults"]
    assert listed[0]["remaining"] == 0 and listed[0]["hits"] == 1
    assert client.delete("/_mock/faults").status_code == 204
    assert client.get("/_mock/faults").json() == {"faults": []}
    assert client.post(_job_path(api)).status_code == 202


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ({"kind": "explode"}, "unknown fault kind"),
        ({"operation": "deleteEverything"}, "unknown operation"),
        ({"count": 0}, "count"),
        ({"rate": 2}, "rate"),
        ({"kind": "latency"}, "latency"),
        ({"status": 42}, "status"),
        ({"colour": "red"}, "unknown fault parameter"),
        ({"kind": "error_for_input"}, "resource_id"),
        ({"retry_after": "soon", "retry_after_format": "http-date"}, "whole seconds"),
        ({"retry_after_format": "fortnights"}, "retry_after_format"),
        ([], "fault object"),
        ("nope", "fault object"),
    ],
)
def test_bad_faults_are_refused(api: Api, payload: Any, fragment: str) -> None:
    response = api.client().post("/_mock/faults", json=payload)
    assert_error_body(response, 400, fragment)
    if isinstance(payload, dict):
        with pytest.raises(FaultError, match=fragment):
            api.mock.faults.add(payload)


def test_faults_from_the_fixture_file(tmp_path: Any) -> None:
    data, _ = read_fixture_data(DEFAULT_FIXTURES)
    data["faults"] = [{"operation": "redeployJob", "kind": "status", "status": 503, "count": 1}]
    app = create_app(data, clock=ManualClock())
    mock = app.state.mock
    with httpx.Client(
        base_url="http://m",
        transport=MockTransport(app),
        headers={"Authorization": f"Token {mock.default_token}"},
    ) as client:
        path = f"/job/{mock.ids['jobs'][0]}/redeploy"
        assert client.post(path).status_code == 503
        assert client.post(path).status_code == 202
        mock.reset()
        assert client.post(path).status_code == 503
        mock.clear_faults()
        assert client.post(path).status_code == 202


def test_a_bad_fault_in_the_fixture_file_stops_start_up() -> None:
    data, _ = read_fixture_data(DEFAULT_FIXTURES)
    data["faults"] = [{"kind": "nonsense"}]
    with pytest.raises(FaultError):
        create_app(data)
