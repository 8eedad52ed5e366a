"""The facade and wait() against the in-process mock, sync and async, on the mock's manual clock.

The mock moves only when wait() sleeps, so every test runs in no real time and the mock's own
bookkeeping (what it queued, with which query) says what reached it.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any
from uuid import UUID

import pytest
from qovery_deploy_client import AsyncQovery, DeploymentFailed, Progress, Qovery, QoveryError, Result, errors
from qovery_deploy_client.models import JobForceEvent, StateEnum

from tests.facade.facade_support import Facade, MockTime

if TYPE_CHECKING:
    from qovery_mock.pytest_plugin import InProcessMock


JOB = "faea0b17-6f1b-4152-a793-cf00184d0022"  # nightly-report: START, STOP, DELETE, CRON
ENV = "a656f57b-9356-462c-b888-06c45011b5b3"  # production
API_APP = "c3dfa736-9e95-48d6-88ad-13b372ea7c7e"
DATABASE = "756c181f-d02a-49d2-8abe-b7ad22136d2f"
HELM = "a7435284-bc82-465b-8e30-7a1e228e4fa6"  # ingress-nginx: DIFF
HELM_WITHOUT_EVENTS = "e23b3e28-45b9-466f-a4f9-20979fc85cdf"


@pytest.fixture(params=["sync", "async"])
async def facade(request: pytest.FixtureRequest, qovery_mock: InProcessMock) -> AsyncIterator[Facade]:
    """Qovery, then AsyncQovery, talking to the in-process mock; sleeping moves the mock's clock."""
    time = MockTime(qovery_mock.clock)
    args: dict[str, Any] = {
        "transport": qovery_mock.transport,
        "async_transport": qovery_mock.async_transport(),
    }
    options: dict[str, Any] = {"base_url": qovery_mock.base_url, "token": qovery_mock.token, "clock": time}
    if request.param == "sync":
        with Qovery(**options, httpx_args=args) as q:
            yield Facade(q, time, qovery_mock)
    else:
        async with AsyncQovery(**options, httpx_args=args) as aq:
            yield Facade(aq, time, qovery_mock)


def queued(facade: Facade, resource_id: str) -> int:
    total: int = facade.mock.mock.resource(resource_id)["total_deployment_requests"]
    return total


async def test_a_job_redeploy_with_a_string_force_event_is_followed_to_its_end(facade: Facade) -> None:
    seen: list[Progress] = []

    deployment = await facade.call(facade.q.jobs.redeploy(JOB, force_event="CRON"))
    outcome = await facade.call(deployment.wait(timeout=600, on_progress=seen.append))

    assert outcome.result is Result.SUCCEEDED and outcome.succeeded
    assert outcome.state is StateEnum.DEPLOYED
    assert outcome.deployment_request_id == deployment.deployment_request_id
    assert facade.mock.mock.resource(JOB)["last_request"]["force_event"] == "CRON"
    assert queued(facade, JOB) == 1
    # The mock's job takes 35 s: the wait saw it end, and read a handful of times only.
    assert 35 <= outcome.elapsed < 60
    assert 1 <= outcome.polls <= 8
    states = [progress.state for progress in seen]
    assert states[-1] is StateEnum.DEPLOYED
    assert len(states) == len(set(states)), "on_progress is called at changes only"
    assert all(progress.ours for progress in seen)


async def test_the_second_wait_reads_near_the_end_the_first_one_took(facade: Facade) -> None:
    first = await facade.call((await facade.call(facade.q.jobs.redeploy(JOB))).wait())
    sleeps_before = len(facade.time.sleeps)
    second = await facade.call((await facade.call(facade.q.jobs.redeploy(JOB))).wait())

    assert first.succeeded and second.succeeded
    # Without a duration the first wait backs off from 3 s; the second knows the job takes 35 s: it
    # reads first shortly before that, then every 2 to 3 s, and sees the end within 3 s of it.
    assert facade.time.sleeps[0] <= 3.3
    second_sleeps = facade.time.sleeps[sleeps_before:]
    assert 27 <= second_sleeps[0] <= 31
    assert all(sleep <= 3.5 for sleep in second_sleeps[1:]), second_sleeps
    assert second.elapsed - 35 <= 3


async def test_a_status_read_after_a_redeploy_shows_the_request(facade: Facade) -> None:
    deployment = await facade.call(facade.q.jobs.redeploy(UUID(JOB), force_event=JobForceEvent.START))
    status = await facade.call(facade.q.jobs.status(JOB))

    assert status.deployment_request_id == deployment.deployment_request_id
    assert status.state is StateEnum.DEPLOYMENT_QUEUED


async def test_an_environment_redeploy_lists_each_service_final_state(facade: Facade) -> None:
    services = facade.mock.mock.services(ENV)
    every_id = [service for group in services.values() for service in group]
    # A service being deleted is not deployed: it is not part of the request.
    expected_ids = {
        UUID(service) for service in every_id if not facade.mock.mock.resource(service)["deleting"]
    }
    assert len(expected_ids) == len(every_id) - 1

    deployment = await facade.call(facade.q.environments.redeploy(ENV))
    outcome = await facade.call(deployment.wait())

    assert outcome.succeeded
    assert {service.id for service in outcome.services} == expected_ids
    assert all(service.state is StateEnum.DEPLOYED for service in outcome.services)
    assert all(
        service.deployment_request_id == deployment.deployment_request_id for service in outcome.services
    )
    statuses = await facade.call(facade.q.environments.statuses(ENV))
    assert statuses.environment.deployment_request_id == deployment.deployment_request_id


async def test_a_restart_lists_the_restarted_services(facade: Facade) -> None:
    deployment = await facade.call(facade.q.environments.restart_services(ENV, applications=[API_APP]))
    outcome = await facade.call(deployment.wait())

    assert outcome.succeeded and outcome.state is StateEnum.RESTARTED
    assert [(service.id, service.state) for service in outcome.services] == [
        (UUID(API_APP), StateEnum.RESTARTED)
    ]


async def test_a_failed_environment_deployment_names_the_failed_services(facade: Facade) -> None:
    facade.mock.mock.add_fault("redeployEnvironment", "deploy_failure", count=1)
    deployment = await facade.call(facade.q.environments.redeploy(ENV))

    with pytest.raises(DeploymentFailed) as caught:
        await facade.call(deployment.wait())

    outcome = caught.value.outcome
    assert outcome.result is Result.FAILED
    assert outcome.state is StateEnum.DEPLOYMENT_ERROR
    assert outcome.failed_services
    assert f"application {API_APP} (DEPLOYMENT_ERROR)" in str(caught.value)


async def test_a_failed_database_deployment_raises_with_its_state(facade: Facade) -> None:
    facade.mock.mock.add_fault("redeployDatabase", "deploy_failure", count=1)
    deployment = await facade.call(facade.q.databases.redeploy(DATABASE, apply_immediately=True))

    with pytest.raises(DeploymentFailed) as caught:
        await facade.call(deployment.wait())

    assert caught.value.outcome.state is StateEnum.DEPLOYMENT_ERROR
    assert isinstance(caught.value, QoveryError)
    assert facade.mock.mock.resource(DATABASE)["last_request"]["apply_immediately"] is True


async def test_a_helm_diff_is_followed_and_a_diff_nothing_defines_queues_nothing(facade: Facade) -> None:
    outcome = await facade.call((await facade.call(facade.q.helms.redeploy(HELM, force_event="DIFF"))).wait())
    assert outcome.succeeded

    sleeps_before = len(facade.time.sleeps)
    nothing = await facade.call(facade.q.helms.redeploy(HELM_WITHOUT_EVENTS, force_event="DIFF"))
    assert nothing.deployment_request_id is None
    outcome = await facade.call(nothing.wait())

    assert outcome.result is Result.NOT_QUEUED and not outcome.succeeded
    assert outcome.polls == 0 and len(facade.time.sleeps) == sleeps_before
    assert "queued no deployment" in outcome.message
    assert queued(facade, HELM_WITHOUT_EVENTS) == 0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda q: q.jobs.redeploy(JOB, force_event="cron"),
            "force_event must be one of 'CRON', 'DELETE', 'START', 'STOP'",
        ),
        (lambda q: q.jobs.redeploy(JOB, force_event="DIFF"), "force_event must be one of"),
        (lambda q: q.helms.redeploy(HELM, force_event="CRON"), "force_event must be one of 'DIFF'"),
        (lambda q: q.jobs.redeploy("not-a-uuid"), "job_id must be a UUID"),
        (
            lambda q: q.databases.redeploy(DATABASE, apply_immediately="false"),
            "apply_immediately must be True",
        ),
        (lambda q: q.environments.restart_services(ENV, applications=API_APP), "must be a list of ids"),
        (lambda q: q.environments.restart_services(ENV, containers=["x"]), r"containers\[0\] must be a UUID"),
        (lambda q: q.jobs.redeploy(JOB, when_busy="retry"), "when_busy must be one of"),
    ],
)
async def test_a_bad_value_raises_before_anything_is_sent(facade: Facade, call: object, message: str) -> None:
    with pytest.raises(errors.InvalidArgumentError, match=message):
        await facade.call(call(facade.q))  # type: ignore[operator]

    assert queued(facade, JOB) == queued(facade, ENV) == queued(facade, HELM) == queued(facade, DATABASE) == 0


async def test_an_unknown_resource_raises_not_found(facade: Facade) -> None:
    with pytest.raises(errors.NotFoundError):
        await facade.call(facade.q.environments.status("00000000-0000-4000-8000-000000000000"))


async def test_wait_logs_each_change_at_debug(facade: Facade, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="qovery_deploy_client")
    deployment = await facade.call(facade.q.jobs.redeploy(JOB))
    await facade.call(deployment.wait())

    changes = [record.getMessage() for record in caplog.records if "(its request" in record.getMessage()]
    assert any("DEPLOYMENT_QUEUED" in change or "BUILDING" in change for change in changes)
    assert "DEPLOYED" in changes[-1]
    assert all(record.levelno == logging.DEBUG for record in caplog.records)
