"""The pytest plugin as a user enables it, the in-process transports, and the admin routes."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from qovery_mock import ClockNotAdjustable, ManualClock, SystemClock, create_app
from qovery_mock.transport import AsyncMockTransport
from tests.mock.mock_test_support import (
    OPERATIONS,
    READS,
    Api,
    assert_conforms,
    assert_error_body,
    spec_operation_ids,
)

pytest_plugins = ["pytester"]

# No conftest line: the fixtures come from the package's pytest11 entry point.
USER_TESTS = """
import httpx


def test_in_process(qovery_mock):
    client = httpx.Client(base_url=qovery_mock.base_url, transport=qovery_mock.transport,
                          headers={"Authorization": f"Token {qovery_mock.token}"})
    job = qovery_mock.ids["jobs"][0]
    assert client.post(f"/job/{job}/redeploy").status_code == 202
    qovery_mock.clock.advance(60)
    assert qovery_mock.mock.resource(job)["state"] == "DEPLOYED"
    assert qovery_mock.app.state.mock is qovery_mock.mock


def test_in_process_again_is_fresh(qovery_mock):
    assert qovery_mock.mock.resource(qovery_mock.ids["jobs"][0])["total_deployment_requests"] == 0


def test_server(qovery_mock_server):
    with qovery_mock_server.client() as client:
        job = qovery_mock_server.ids["jobs"][0]
        assert client.post(f"/job/{job}/redeploy").status_code == 202
    assert qovery_mock_server.url.startswith("http://127.0.0.1:")
    assert qovery_mock_server.mock.resource(job)["deployment_requests_count"] == 1


def test_server_is_reset_between_tests(qovery_mock_server):
    job = qovery_mock_server.ids["jobs"][0]
    assert qovery_mock_server.mock.resource(job)["deployment_requests_count"] == 0
    with httpx.Client(base_url=qovery_mock_server.url) as client:
        assert client.post(f"/job/{job}/redeploy",
                           headers={"Authorization": f"Bearer {qovery_mock_server.token}"}).status_code == 202
"""


def test_the_plugin_in_a_users_test_suite(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makepyfile(test_user=USER_TESTS)
    # In a process of its own, as a user's suite runs: an in-process run would also unload the modules
    # it imported first (httpcore among them) and leave this session with two copies of them.
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)


def test_in_process_helper_client(qovery_mock: Any) -> None:
    client = qovery_mock.client()
    assert client.post(f"/helm/{qovery_mock.ids['helms'][0]}/redeploy").status_code == 202
    assert_error_body(qovery_mock.client("").post(f"/helm/{qovery_mock.ids['helms'][0]}/redeploy"), 401)


async def test_the_async_transport(qovery_mock: Any) -> None:
    transport = AsyncMockTransport(qovery_mock.app)
    headers = {"Authorization": f"Token {qovery_mock.token}"}
    async with httpx.AsyncClient(base_url="http://m", transport=transport, headers=headers) as client:
        response = await client.post(f"/database/{qovery_mock.ids['databases'][0]}/redeploy")
        assert response.status_code == 202
        assert_conforms("redeployDatabase", response.json())
        qovery_mock.mock.add_fault("redeployDatabase", "drop", count=1)
        with pytest.raises(httpx.RemoteProtocolError):
            await client.post(f"/database/{qovery_mock.ids['databases'][0]}/redeploy")


def test_admin_info(api: Api) -> None:
    info = api.client(None).get("/_mock/info").json()
    assert info["token"] == api.mock.default_token
    assert info["ids"] == api.mock.ids
    assert info["foreign_ids"] == api.mock.foreign_ids
    assert info["deleting_ids"] == api.mock.deleting_ids
    assert info["operations"] == spec_operation_ids()
    assert set(info["operations"]) == {*OPERATIONS, *READS}


def test_admin_resources(api: Api) -> None:
    client = api.client(None)
    job = api.ids["jobs"][0]
    api.client().post(f"/job/{job}/redeploy")
    state = client.get(f"/_mock/resources/{job}").json()
    assert state == api.mock.resource(job)
    assert state["kind"] == "job" and state["deployment_requests_count"] == 1
    everything = client.get("/_mock/resources").json()["resources"]
    assert {item["id"] for item in everything} >= {job, *api.mock.foreign_ids["jobs"]}
    assert_error_body(client.get(f"/_mock/resources/{uuid.uuid4()}"), 404)


def test_admin_clock(api: Api) -> None:
    client = api.client(None)
    before = client.get("/_mock/clock").json()
    assert before["manual"] is True
    job = api.ids["jobs"][0]
    api.client().post(f"/job/{job}/redeploy")
    advanced = client.post("/_mock/clock/advance", json={"seconds": 6})
    assert advanced.status_code == 200
    assert advanced.json()["epoch"] == before["epoch"] + 6
    assert api.mock.resource(job)["state"] == "BUILDING"
    for bad in ({"seconds": -1}, {"seconds": "5"}, {"seconds": True}, {}, [], None):
        assert_error_body(client.post("/_mock/clock/advance", json=bad), 400)
    assert_error_body(client.post("/_mock/clock/advance", content=b"{"), 400)


def test_admin_reset(api: Api) -> None:
    client = api.client(None)
    job = api.ids["jobs"][0]
    api.client().post(f"/job/{job}/redeploy")
    client.post("/_mock/faults", json={"kind": "status"})
    client.post("/_mock/clock/advance", json={"seconds": 3})
    assert client.post("/_mock/reset").status_code == 200
    assert api.mock.resource(job)["total_deployment_requests"] == 0
    assert client.get("/_mock/faults").json()["faults"] == []
    assert api.client().post(f"/job/{job}/redeploy").status_code == 202


def test_the_real_clock_cannot_be_advanced() -> None:
    app = create_app()
    assert isinstance(app.state.mock.clock, SystemClock)
    with pytest.raises(ClockNotAdjustable):
        app.state.mock.clock.advance(1)


def test_the_manual_clock() -> None:
    clock = ManualClock(start=100)
    assert clock.now() == 100
    assert clock.advance(2.5) == 102.5
    with pytest.raises(ValueError):
        clock.advance(-1)
    clock.reset()
    assert clock.now() == 100
