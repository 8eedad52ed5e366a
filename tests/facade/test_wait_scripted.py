"""wait() against scripted answers (httpx.MockTransport), sync and async: the cases a mock does not produce.

Time is a FakeTime: it moves when wait() sleeps, or when an answer says the read took long.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from qovery_deploy_client import AsyncQovery, DeploymentTimeout, Progress, Qovery, Result, errors
from qovery_deploy_client.models import StateEnum

from tests.facade.facade_support import (
    EARLIER,
    JOB_ID,
    LATER,
    REQUEST,
    Answer,
    FakeTime,
    Script,
    answer,
    scripted,
    status_body,
)

ACCEPTED = answer(202, status_body(REQUEST, "DEPLOYMENT_QUEUED"))


def read(request_id: str | None, state: str, **kwargs: Any) -> Answer:
    return answer(200, status_body(request_id, state, **kwargs))


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def redeploy_and_wait(q: Qovery | AsyncQovery, **wait: Any) -> Any:
    if isinstance(q, AsyncQovery):
        deployment = await q.jobs.redeploy(JOB_ID)
        return await deployment.wait(**wait)
    return q.jobs.redeploy(JOB_ID).wait(**wait)


async def test_an_unknown_state_neither_ends_nor_breaks_the_wait(mode: str) -> None:
    script = Script(
        [ACCEPTED, read(REQUEST, "WARMING_UP"), read(REQUEST, "WARMING_UP"), read(REQUEST, "DEPLOYED")]
    )
    seen: list[Progress] = []

    outcome = await redeploy_and_wait(scripted(mode, script, FakeTime()), on_progress=seen.append)

    assert outcome.succeeded and outcome.polls == 3
    assert [progress.state.value for progress in seen] == ["WARMING_UP", "DEPLOYED"]
    assert not seen[0].state.is_known


async def test_an_earlier_requests_end_is_never_taken_for_this_ones(mode: str) -> None:
    script = Script(
        [
            ACCEPTED,
            read(EARLIER, "DEPLOYED", count=1),
            read(EARLIER, "DEPLOYED", count=1),
            read(REQUEST, "DEPLOYED"),
        ]
    )

    outcome = await redeploy_and_wait(scripted(mode, script, FakeTime()))

    assert outcome.succeeded and outcome.polls == 3


async def test_a_later_request_taking_over_is_said_not_guessed(mode: str) -> None:
    script = Script([ACCEPTED, read(REQUEST, "DEPLOYING"), read(LATER, "DEPLOYED", count=0)])

    outcome = await redeploy_and_wait(scripted(mode, script, FakeTime()))

    assert outcome.result is Result.SUPERSEDED and not outcome.succeeded
    assert outcome.state is StateEnum.DEPLOYING
    assert LATER in outcome.message and "took over" in outcome.message


async def test_a_401_during_the_wait_ends_it_at_once(mode: str) -> None:
    script = Script(
        [
            ACCEPTED,
            read(REQUEST, "DEPLOYING"),
            answer(401, {"message": "token expired"}),
            read(REQUEST, "DEPLOYED"),
        ]
    )

    with pytest.raises(errors.AuthenticationError):
        await redeploy_and_wait(scripted(mode, script, FakeTime()))

    assert len(list(script.reads())) == 2


async def test_a_429_during_the_wait_is_read_again_after_retry_after(mode: str) -> None:
    time = FakeTime()
    script = Script(
        [ACCEPTED, answer(429, {"message": "slow down"}, {"Retry-After": "40"}), read(REQUEST, "DEPLOYED")]
    )

    outcome = await redeploy_and_wait(scripted(mode, script, time))

    assert outcome.succeeded and outcome.polls == 2
    # One read got the 429 (the client's own retries are off for a wait's reads), the next waited 40 s.
    assert len(list(script.reads())) == 2
    assert time.sleeps[1] >= 40


@pytest.mark.parametrize("failure", ["503", "connect"])
async def test_a_server_error_or_a_connection_failure_is_read_again(mode: str, failure: str) -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    bad = answer(503, {"message": "down"}) if failure == "503" else broken
    script = Script([ACCEPTED, bad, bad, read(REQUEST, "DEPLOYED")])

    outcome = await redeploy_and_wait(scripted(mode, script, FakeTime()))

    assert outcome.succeeded and outcome.polls == 3


async def test_the_timeout_bounds_the_wait_a_slow_read_included(mode: str) -> None:
    time = FakeTime()
    started: list[float] = []

    def slow(request: httpx.Request) -> httpx.Response:
        # Each read takes 20 s, unless its timeout (as httpx would apply it) cuts it first.
        started.append(time.now)
        limit = request.extensions["timeout"]["read"]
        if limit < 20:
            time.now += limit
            raise httpx.ReadTimeout("timed out", request=request)
        time.now += 20
        return read(REQUEST, "DEPLOYING")(request)

    script = Script([ACCEPTED, slow])
    q = scripted(mode, script, time)
    begin = time.now

    with pytest.raises(DeploymentTimeout) as caught:
        await redeploy_and_wait(q, timeout=100)

    outcome = caught.value.outcome
    assert outcome.result is Result.TIMED_OUT and outcome.state is StateEnum.DEPLOYING
    assert "goes on" in str(caught.value)
    assert time.now - begin <= 100 + 1e-6
    # Each read was told to give up when the wait's time is over.
    for request, at in zip(script.reads(), started, strict=True):
        assert request.extensions["timeout"]["read"] <= begin + 100 - at + 1e-6


def test_ctrl_c_stops_the_waiting_and_says_the_deployment_goes_on() -> None:
    def interrupted(request: httpx.Request) -> httpx.Response:
        raise KeyboardInterrupt

    q = scripted("sync", Script([ACCEPTED, interrupted]), FakeTime())
    assert isinstance(q, Qovery)
    deployment = q.jobs.redeploy(JOB_ID)

    with pytest.raises(KeyboardInterrupt) as caught:
        deployment.wait()

    assert any("the deployment goes on" in note for note in caught.value.__notes__)


async def test_cancelling_the_task_stops_the_waiting_and_says_the_deployment_goes_on() -> None:
    class BlockingTime(FakeTime):
        async def asleep(self, seconds: float) -> None:
            await asyncio.Event().wait()

    q = scripted("async", Script([ACCEPTED]), BlockingTime())
    assert isinstance(q, AsyncQovery)
    deployment = await q.jobs.redeploy(JOB_ID)
    task = asyncio.create_task(deployment.wait())
    await asyncio.sleep(0)
    task.cancel()

    with pytest.raises(asyncio.CancelledError) as caught:
        await task

    assert any("the deployment goes on" in note for note in caught.value.__notes__)


async def test_when_busy_wait_sends_once_the_resource_is_idle(mode: str) -> None:
    busy = answer(409, {"message": "operation in progress"})
    script = Script(
        [busy, read(EARLIER, "DEPLOYING", count=1), read(EARLIER, "DEPLOYED", count=0, total=35), ACCEPTED]
    )
    q = scripted(mode, script, FakeTime())

    if isinstance(q, AsyncQovery):
        deployment = await q.jobs.redeploy(JOB_ID, when_busy="wait")
    else:
        deployment = q.jobs.redeploy(JOB_ID, when_busy="wait")

    assert deployment.deployment_request_id is not None
    assert [request.method for request in script.requests] == ["POST", "GET", "GET", "POST"]


async def test_a_409_raises_conflict_by_default(mode: str) -> None:
    script = Script([answer(409, {"message": "operation in progress"})])
    q = scripted(mode, script, FakeTime())

    with pytest.raises(errors.ConflictError):
        await redeploy_and_wait(q)

    assert len(script.requests) == 1


def broken_connection(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("refused", request=request)


@pytest.mark.parametrize(
    ("failure", "retry_after"),
    [
        (answer(429, {"message": "slow down"}, {"Retry-After": "40"}), 40.0),
        (answer(503, {"message": "down"}), 0.0),
        (broken_connection, 0.0),
    ],
    ids=["429", "503", "connect"],
)
async def test_when_busy_wait_reads_again_after_a_transient_read_failure(
    mode: str, failure: Answer, retry_after: float
) -> None:
    busy = answer(409, {"message": "operation in progress"})
    idle = read(EARLIER, "DEPLOYED", count=0, total=35)
    script = Script([busy, failure, read(EARLIER, "DEPLOYING", count=1), failure, idle, ACCEPTED])
    time = FakeTime()
    q = scripted(mode, script, time)

    if isinstance(q, AsyncQovery):
        deployment = await q.jobs.redeploy(JOB_ID, when_busy="wait")
    else:
        deployment = q.jobs.redeploy(JOB_ID, when_busy="wait")

    assert deployment.deployment_request_id is not None
    assert [request.method for request in script.requests] == ["POST", "GET", "GET", "GET", "GET", "POST"]
    # The read after each failure waited for the backoff, or for the Retry-After when longer.
    assert time.sleeps[1] >= max(retry_after, 1.0) and time.sleeps[3] >= max(retry_after, 1.0)


@pytest.mark.parametrize(("code", "error"), [(401, errors.AuthenticationError), (404, errors.NotFoundError)])
async def test_when_busy_wait_ends_at_a_read_that_says_the_resource_is_out_of_reach(
    mode: str, code: int, error: type[errors.QoveryError]
) -> None:
    script = Script([answer(409, {"message": "operation in progress"}), answer(code, {"message": "no"})])
    q = scripted(mode, script, FakeTime())

    with pytest.raises(error):
        if isinstance(q, AsyncQovery):
            await q.jobs.redeploy(JOB_ID, when_busy="wait")
        else:
            q.jobs.redeploy(JOB_ID, when_busy="wait")

    assert [request.method for request in script.requests] == ["POST", "GET"]


async def test_when_busy_wait_gives_up_with_the_conflict_when_reads_keep_failing(mode: str) -> None:
    script = Script([answer(409, {"message": "operation in progress"}), answer(503, {"message": "down"})])
    time = FakeTime()
    q = scripted(mode, script, time)

    with pytest.raises(errors.ConflictError) as caught:
        if isinstance(q, AsyncQovery):
            await q.jobs.redeploy(JOB_ID, when_busy="wait", busy_timeout=120)
        else:
            q.jobs.redeploy(JOB_ID, when_busy="wait", busy_timeout=120)

    assert time.now - 1000.0 <= 120
    assert len(list(script.reads())) >= 4
    assert [request.method for request in script.requests].count("POST") == 1
    assert isinstance(caught.value.__cause__, errors.InternalServerError)
    assert any("the last status read failed" in note for note in caught.value.__notes__)
