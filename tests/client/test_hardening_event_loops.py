"""A client used under several event loops, as scripts and notebooks use it: it works, or it refuses
before sending; it never sends and then fails."""

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from qovery_deploy_client import AuthenticatedClient, errors
from qovery_deploy_client.api.deployment_status import get_job_status
from qovery_deploy_client.api.job_actions import redeploy_job

from qovery_mock import ManualClock, create_app
from qovery_mock.server import ServerThread


@pytest.fixture
def served() -> Iterator[tuple[str, Any]]:
    app = create_app(clock=ManualClock())
    with ServerThread(app) as server:
        yield server.url, app.state.mock


def requests_count(mock: Any, job: str) -> int:
    count: int = mock.resource(job)["deployment_requests_count"]
    return count


def test_a_client_works_under_two_asyncio_runs_and_sends_each_redeploy_once(served: tuple[str, Any]) -> None:
    url, mock = served
    job = mock.ids["jobs"][0]
    client = AuthenticatedClient(base_url=url, token=mock.default_token)

    first = asyncio.run(redeploy_job.asyncio(job, client=client))
    second = asyncio.run(redeploy_job.asyncio(job, client=client))
    status = asyncio.run(get_job_status.asyncio(job, client=client))

    assert (first.deployment_requests_count, second.deployment_requests_count) == (1, 2)
    assert requests_count(mock, job) == 2
    assert status.deployment_requests_count == 2


def test_a_client_works_in_a_loop_after_its_first_loop_was_closed_while_it_was_entered(
    served: tuple[str, Any],
) -> None:
    url, mock = served
    job = mock.ids["jobs"][0]
    client = AuthenticatedClient(base_url=url, token=mock.default_token)

    async def inside() -> None:
        async with client:
            await redeploy_job.asyncio(job, client=client)

    asyncio.run(inside())
    asyncio.run(inside())
    assert requests_count(mock, job) == 2


def test_a_given_async_client_is_refused_in_another_loop_before_anything_is_sent(
    served: tuple[str, Any],
) -> None:
    url, mock = served
    job = mock.ids["jobs"][0]
    given = httpx.AsyncClient(base_url=url, headers={"Authorization": f"Token {mock.default_token}"})
    client = AuthenticatedClient(base_url=url, token=mock.default_token)
    client.set_async_httpx_client(given)

    asyncio.run(redeploy_job.asyncio(job, client=client))
    with pytest.raises(errors.EventLoopError, match="nothing was sent"):
        asyncio.run(redeploy_job.asyncio(job, client=client))

    assert requests_count(mock, job) == 1
    assert isinstance(errors.EventLoopError("x"), errors.QoveryError)
