"""The retry rules against the project's mock server and its injected faults, in-process and over HTTP.

The mock counts on its side what reached it (`hits` of a fault) and what it queued
(`total_deployment_requests` of a resource): a retry the rules forbid would show as a second request
and, for a redeploy, a second deployment.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from uuid import UUID

import httpx
import pytest
from qovery_deploy_client import AuthenticatedClient, RequestOptions, RetryPolicy, errors
from qovery_deploy_client.api.job_actions import redeploy_job

from tests.client.resilience_support import FakeClock

if TYPE_CHECKING:
    from qovery_mock.pytest_plugin import InProcessMock, ServedMock

# The qovery_mock fixtures come from the package's pytest11 entry point.
UNSAFE = RequestOptions(retry=RetryPolicy(retry_unsafe=True))


class Deploy:
    """redeployJob on the mock's first job, through the sync or the async function."""

    def __init__(self, mode: str, base_url: str, token: str, job_id: str, httpx_args: dict[str, Any]) -> None:
        self.mode = mode
        self.job_id = job_id
        self.uuid = UUID(job_id)
        self.clock = FakeClock()
        self.client = AuthenticatedClient(
            base_url=base_url, token=token, clock=self.clock, httpx_args=httpx_args
        )

    async def __call__(self, **kwargs: Any) -> Any:
        if self.mode == "sync":
            return redeploy_job.sync(self.uuid, client=self.client, **kwargs)
        return await redeploy_job.asyncio(self.uuid, client=self.client, **kwargs)


def hits(mock: Any) -> list[int]:
    """How many requests each fault in force has answered, in the order they were added."""
    return [fault["hits"] for fault in mock.faults.describe()]


def deployments(mock: Any, resource_id: str) -> int:
    total: int = mock.resource(resource_id)["total_deployment_requests"]
    return total


@pytest.fixture(params=["sync", "async"])
def deploy(request: pytest.FixtureRequest, qovery_mock: InProcessMock) -> Iterator[Deploy]:
    """A client of the in-process mock."""
    args = {"transport": qovery_mock.transport, "async_transport": qovery_mock.async_transport()}
    deploy = Deploy(request.param, qovery_mock.base_url, qovery_mock.token, qovery_mock.ids["jobs"][0], args)
    yield deploy


@pytest.fixture(params=["sync", "async"])
def deploy_over_http(request: pytest.FixtureRequest, qovery_mock_server: ServedMock) -> Iterator[Deploy]:
    """A client of the mock served by uvicorn on 127.0.0.1."""
    job_id = qovery_mock_server.ids["jobs"][0]
    deploy = Deploy(request.param, qovery_mock_server.url, qovery_mock_server.token, job_id, {})
    yield deploy
    deploy.client.close()


# In-process.


async def test_a_429_with_retry_after_is_retried_then_deploys_once(
    deploy: Deploy, qovery_mock: InProcessMock
) -> None:
    qovery_mock.mock.add_fault(operation="redeployJob", kind="status", status=429, retry_after=1, count=1)

    status = await deploy()

    assert str(status.id) == deploy.job_id
    assert deploy.clock.sleeps == [1.0]
    assert hits(qovery_mock.mock) == [1]
    assert deployments(qovery_mock.mock, deploy.job_id) == 1


async def test_a_retry_after_as_an_http_date_is_honoured(deploy: Deploy, qovery_mock: InProcessMock) -> None:
    qovery_mock.mock.add_fault(
        operation="redeployJob", status=429, retry_after=5, retry_after_format="http-date", count=1
    )

    await deploy()

    [slept] = deploy.clock.sleeps
    # The mock's clock started at the second it was made; a second or two may have passed since.
    assert 2.0 < slept <= 5.0
    assert deployments(qovery_mock.mock, deploy.job_id) == 1


async def test_a_503_burst_within_the_attempt_limit_deploys_once(
    deploy: Deploy, qovery_mock: InProcessMock
) -> None:
    qovery_mock.mock.add_fault(operation="redeployJob", status=503, count=3)

    await deploy(options=RequestOptions(retry=RetryPolicy(max_attempts=4)))

    assert hits(qovery_mock.mock) == [3]
    assert len(deploy.clock.sleeps) == 3
    assert deployments(qovery_mock.mock, deploy.job_id) == 1


async def test_a_503_burst_beyond_the_attempt_limit_raises_after_max_attempts(
    deploy: Deploy, qovery_mock: InProcessMock
) -> None:
    qovery_mock.mock.add_fault(operation="redeployJob", status=503, count=5)

    with pytest.raises(errors.InternalServerError) as caught:
        await deploy(options=RequestOptions(retry=RetryPolicy(max_attempts=3)))

    assert caught.value.status_code == 503
    assert hits(qovery_mock.mock) == [3]
    assert deployments(qovery_mock.mock, deploy.job_id) == 0


async def test_a_500_is_not_retried(deploy: Deploy, qovery_mock: InProcessMock) -> None:
    # Only the first request fails: a retry would succeed, and show as a deployment.
    qovery_mock.mock.add_fault(operation="redeployJob", status=500, count=1)

    with pytest.raises(errors.InternalServerError) as caught:
        await deploy()

    assert caught.value.status_code == 500
    assert hits(qovery_mock.mock) == [1]
    assert deployments(qovery_mock.mock, deploy.job_id) == 0


async def test_a_500_is_retried_when_the_call_opts_in(deploy: Deploy, qovery_mock: InProcessMock) -> None:
    qovery_mock.mock.add_fault(operation="redeployJob", status=500, count=1)

    await deploy(options=UNSAFE)

    assert hits(qovery_mock.mock) == [1]
    assert deployments(qovery_mock.mock, deploy.job_id) == 1


async def test_a_dropped_connection_is_not_retried(deploy: Deploy, qovery_mock: InProcessMock) -> None:
    qovery_mock.mock.add_fault(operation="redeployJob", kind="drop", count=1)

    with pytest.raises(errors.APIConnectionError) as caught:
        await deploy()

    assert isinstance(caught.value.__cause__, httpx.RemoteProtocolError)

    assert hits(qovery_mock.mock) == [1]
    assert deployments(qovery_mock.mock, deploy.job_id) == 0


async def test_a_dropped_connection_is_retried_when_the_call_opts_in(
    deploy: Deploy, qovery_mock: InProcessMock
) -> None:
    qovery_mock.mock.add_fault(operation="redeployJob", kind="drop", count=1)

    await deploy(options=UNSAFE)

    assert deployments(qovery_mock.mock, deploy.job_id) == 1


async def test_a_success_with_a_body_that_is_not_json_is_not_retried(
    deploy: Deploy, qovery_mock: InProcessMock
) -> None:
    qovery_mock.mock.add_fault(operation="redeployJob", kind="non_json", count=1)

    with pytest.raises(errors.ResponseValidationError, match="is not JSON"):
        await deploy()

    assert hits(qovery_mock.mock) == [1]


async def test_an_unknown_token_is_refused_once_and_not_shown(qovery_mock: InProcessMock) -> None:
    token = "qov_not-a-token-the-mock-knows-0123456789"
    client = AuthenticatedClient(
        base_url=qovery_mock.base_url,
        token=token,
        clock=FakeClock(),
        httpx_args={"transport": qovery_mock.transport},
    )

    with pytest.raises(errors.AuthenticationError) as caught:
        redeploy_job.sync(qovery_mock.ids["jobs"][0], client=client)

    assert token not in str(caught.value)
    assert deployments(qovery_mock.mock, qovery_mock.ids["jobs"][0]) == 0


# Over HTTP, where timeouts and dropped connections are real.


def wait_for_deployments(mock: Any, resource_id: str, expected: int, within: float = 5.0) -> int:
    """The deployments of a resource once the mock has finished the requests still in its latency."""
    end = time.monotonic() + within
    while deployments(mock, resource_id) < expected and time.monotonic() < end:
        time.sleep(0.02)
    return deployments(mock, resource_id)


async def test_a_read_timeout_over_http_is_not_retried(
    deploy_over_http: Deploy, qovery_mock_server: ServedMock
) -> None:
    qovery_mock_server.mock.add_fault(operation="redeployJob", kind="latency", latency=0.5)

    with pytest.raises(errors.APITimeoutError) as caught:
        await deploy_over_http(options=RequestOptions(timeout=httpx.Timeout(0.15, connect=5.0)))

    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)

    assert hits(qovery_mock_server.mock) == [1]
    # The server carries on after the client gave up: the one request it got still deploys, once.
    assert wait_for_deployments(qovery_mock_server.mock, deploy_over_http.job_id, 1) == 1


async def test_a_read_timeout_over_http_is_retried_when_the_call_opts_in(
    deploy_over_http: Deploy, qovery_mock_server: ServedMock
) -> None:
    qovery_mock_server.mock.add_fault(operation="redeployJob", kind="latency", latency=0.4)
    options = RequestOptions(
        timeout=httpx.Timeout(0.15, connect=5.0), retry=RetryPolicy(retry_unsafe=True, max_attempts=2)
    )

    with pytest.raises(errors.APITimeoutError) as caught:
        await deploy_over_http(options=options)

    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)

    assert hits(qovery_mock_server.mock) == [2]
    # What the opt-in risks: two deployments for one call.
    assert wait_for_deployments(qovery_mock_server.mock, deploy_over_http.job_id, 2) == 2


async def test_a_dropped_connection_over_http_is_not_retried(
    deploy_over_http: Deploy, qovery_mock_server: ServedMock
) -> None:
    qovery_mock_server.mock.add_fault(operation="redeployJob", kind="drop")

    with pytest.raises(errors.APIConnectionError) as caught:
        await deploy_over_http()

    assert isinstance(caught.value.__cause__, (httpx.RemoteProtocolError, httpx.ReadError))

    assert hits(qovery_mock_server.mock) == [1]
    assert deployments(qovery_mock_server.mock, deploy_over_http.job_id) == 0


async def test_a_429_over_http_is_retried_and_nothing_logs_the_token(
    deploy_over_http: Deploy, qovery_mock_server: ServedMock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    qovery_mock_server.mock.add_fault(operation="redeployJob", status=429, retry_after=1, count=1)

    await deploy_over_http()

    assert deploy_over_http.clock.sleeps == [1.0]
    assert deployments(qovery_mock_server.mock, deploy_over_http.job_id) == 1
    messages = [record.getMessage() for record in caplog.records if record.name == "qovery_deploy_client"]
    assert (
        messages[0] == "redeployJob: attempt 1: HTTP 429"
        and messages[-1] == "redeployJob: attempt 2: HTTP 202"
    )
    assert qovery_mock_server.token not in caplog.text
