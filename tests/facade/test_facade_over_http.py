"""The facade and wait() against the mock served over HTTP on 127.0.0.1, sync and async.

The server runs in a thread of this process on a manual clock; the client's clock is that clock, so
each sleep of wait() moves the server's time and no test sleeps. One test moves it through the
mock's admin route instead, as a client in another process would.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any
from uuid import UUID

import httpx
import pytest
from qovery_deploy_client import AsyncQovery, DeploymentFailed, Qovery, Result, errors
from qovery_deploy_client.models import StateEnum

from tests.facade.facade_support import Facade, MockTime

if TYPE_CHECKING:
    from qovery_mock.pytest_plugin import ServedMock


JOB = "faea0b17-6f1b-4152-a793-cf00184d0022"
ENV = "a656f57b-9356-462c-b888-06c45011b5b3"
API_APP = "c3dfa736-9e95-48d6-88ad-13b372ea7c7e"
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def open_facade(mode: str, server: ServedMock, clock: Any, token: str | None = None) -> Qovery | AsyncQovery:
    options: dict[str, Any] = {"base_url": server.url, "token": token or server.token, "clock": clock}
    return Qovery(**options) if mode == "sync" else AsyncQovery(**options)


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def facade(mode: str, qovery_mock_server: ServedMock) -> AsyncIterator[Facade]:
    """Qovery or AsyncQovery over HTTP; sleeping moves the served mock's clock."""
    time = MockTime(qovery_mock_server.clock)
    q = open_facade(mode, qovery_mock_server, time)
    if isinstance(q, Qovery):
        with q:
            yield Facade(q, time, qovery_mock_server)
    else:
        async with q:
            yield Facade(q, time, qovery_mock_server)


def requests_count(facade: Facade, resource_id: str) -> int:
    total: int = facade.mock.mock.resource(resource_id)["total_deployment_requests"]
    return total


async def test_a_redeploy_is_followed_to_its_end(facade: Facade) -> None:
    deployment = await facade.call(facade.q.jobs.redeploy(JOB, force_event="CRON"))
    outcome = await facade.call(deployment.wait(timeout=600))

    assert outcome.result is Result.SUCCEEDED and outcome.state is StateEnum.DEPLOYED
    assert outcome.deployment_request_id == deployment.deployment_request_id
    assert (
        str(deployment.deployment_request_id) == facade.mock.mock.resource(JOB)["last_deployment_request_id"]
    )
    assert facade.mock.mock.resource(JOB)["last_request"]["force_event"] == "CRON"
    assert requests_count(facade, JOB) == 1
    # The mock's job takes 35 s; wait() saw the end within a few seconds of it, in a handful of reads.
    assert 35 <= outcome.elapsed < 60
    assert 1 <= outcome.polls <= 8


async def test_a_failed_deployment_raises_and_names_the_failed_services(facade: Facade) -> None:
    facade.mock.mock.add_fault("redeployEnvironment", "deploy_failure", count=1)
    deployment = await facade.call(facade.q.environments.redeploy(ENV))

    with pytest.raises(DeploymentFailed) as caught:
        await facade.call(deployment.wait())

    outcome = caught.value.outcome
    assert outcome.result is Result.FAILED and outcome.state is StateEnum.DEPLOYMENT_ERROR
    assert UUID(API_APP) in {service.id for service in outcome.failed_services}
    assert f"application {API_APP} (DEPLOYMENT_ERROR)" in str(caught.value)


async def test_a_restart_lists_the_restarted_services(facade: Facade) -> None:
    deployment = await facade.call(facade.q.environments.restart_services(ENV, applications=[API_APP]))
    outcome = await facade.call(deployment.wait())

    assert outcome.succeeded and outcome.state is StateEnum.RESTARTED
    assert [(service.id, service.state) for service in outcome.services] == [
        (UUID(API_APP), StateEnum.RESTARTED)
    ]
    assert facade.mock.mock.resource(ENV)["last_request"]["action"] == "RESTART"


async def test_an_unknown_resource_raises_not_found(facade: Facade) -> None:
    with pytest.raises(errors.NotFoundError):
        await facade.call(facade.q.environments.status(UNKNOWN))
    with pytest.raises(errors.NotFoundError):
        await facade.call(facade.q.jobs.redeploy(UNKNOWN))


async def test_a_wrong_token_raises_authentication_error_and_queues_nothing(
    mode: str, qovery_mock_server: ServedMock
) -> None:
    q = open_facade(
        mode, qovery_mock_server, MockTime(qovery_mock_server.clock), token="qov_not_a_known_token"
    )
    facade = Facade(q, MockTime(qovery_mock_server.clock), qovery_mock_server)

    with pytest.raises(errors.AuthenticationError):
        await facade.call(facade.q.jobs.redeploy(JOB))
    with pytest.raises(errors.AuthenticationError):
        await facade.call(facade.q.jobs.status(JOB))

    assert requests_count(facade, JOB) == 0
    await facade.call(q.close() if isinstance(q, Qovery) else q.aclose())


async def test_a_401_during_the_wait_ends_it_at_once(facade: Facade) -> None:
    deployment = await facade.call(facade.q.jobs.redeploy(JOB))
    facade.mock.mock.add_fault("getJobStatus", "status", status=401, count=1)

    with pytest.raises(errors.AuthenticationError):
        await facade.call(deployment.wait())

    # One read, then the wait ended: the deployment goes on in the mock.
    assert len(facade.time.sleeps) == 1
    assert facade.mock.mock.resource(JOB)["running_request"] is not None


async def test_when_busy_wait_sends_once_the_running_request_is_over(facade: Facade) -> None:
    first = await facade.call(facade.q.jobs.redeploy(JOB))
    facade.mock.mock.add_fault("redeployJob", "status", status=409, count=1)

    with pytest.raises(errors.ConflictError):
        await facade.call(facade.q.jobs.redeploy(JOB))
    assert requests_count(facade, JOB) == 1

    facade.mock.mock.add_fault("redeployJob", "status", status=409, count=1)
    started = facade.mock.clock.now()
    second = await facade.call(facade.q.jobs.redeploy(JOB, when_busy="wait"))

    # The second request went out once, after the first one (35 s) was over.
    assert requests_count(facade, JOB) == 2
    assert facade.mock.clock.now() - started >= 35 - 1
    assert second.deployment_request_id not in (None, first.deployment_request_id)
    outcome = await facade.call(second.wait())
    assert outcome.succeeded


class AdminRouteTime:
    """A clock kept by the served mock: read and moved through its admin routes, as from another process."""

    def __init__(self, url: str) -> None:
        self.admin = httpx.Client(base_url=url)

    def monotonic(self) -> float:
        epoch: float = self.admin.get("/_mock/clock").raise_for_status().json()["epoch"]
        return epoch

    def sleep(self, seconds: float) -> None:
        self.admin.post("/_mock/clock/advance", json={"seconds": seconds}).raise_for_status()

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)


async def test_a_wait_with_the_clock_moved_through_the_admin_route(
    mode: str, qovery_mock_server: ServedMock
) -> None:
    time = AdminRouteTime(qovery_mock_server.url)
    q = open_facade(mode, qovery_mock_server, time)
    facade = Facade(q, MockTime(qovery_mock_server.clock), qovery_mock_server)
    started = time.monotonic()

    deployment = await facade.call(q.jobs.redeploy(JOB))
    outcome = await facade.call(deployment.wait())

    assert outcome.succeeded
    assert 35 <= time.monotonic() - started < 60
    await facade.call(q.close() if isinstance(q, Qovery) else q.aclose())
    time.admin.close()
