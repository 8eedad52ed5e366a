"""Retries that are safe for deployments: what is sent again, when, how often, and what is not.

Every test runs on a fake clock: the client's waits are recorded, never slept. Each test of a call runs
through the synchronous and the asynchronous function alike.
"""

import json
import logging
import random
import socket
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from uuid import UUID

import httpx
import pytest
from qovery_deploy_client import AuthenticatedClient, RequestOptions, RetryPolicy, errors
from qovery_deploy_client.api.environment_actions import reboot_services
from qovery_deploy_client.client import NO_RETRY
from qovery_deploy_client.models import RebootServicesRequest

from tests.client.resilience_support import (
    ACCEPTED,
    JOB_ID,
    READ,
    STATUS_BODY,
    TOKEN,
    FakeClock,
    LocalHTTPServer,
    Redeploy,
    ScriptedServer,
    client_for,
    fails,
    redeploy_in,
    status,
)

# 429 and 503: the server did not act on the request, so sending it again is safe.


async def test_a_429_is_retried_after_its_retry_after_seconds_then_succeeds(redeploy: Redeploy) -> None:
    server = ScriptedServer(status(429, {"message": "slow down"}, {"Retry-After": "1"}), ACCEPTED)
    clock = FakeClock()

    result = await redeploy(client_for(server, clock))

    assert result.id == JOB_ID
    assert len(server.requests) == 2
    assert clock.sleeps == [1.0]


async def test_retry_after_wins_over_the_backoff_even_when_longer(redeploy: Redeploy) -> None:
    server = ScriptedServer(status(503, headers={"Retry-After": "20"}), ACCEPTED)
    clock = FakeClock()

    await redeploy(client_for(server, clock, retry=RetryPolicy(initial_backoff=0.5, max_backoff=2)))

    assert clock.sleeps == [20.0]


async def test_retry_after_as_an_http_date_is_honoured(redeploy: Redeploy) -> None:
    when = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=6)
    server = ScriptedServer(
        status(429, headers={"Retry-After": format_datetime(when, usegmt=True)}), ACCEPTED
    )
    clock = FakeClock()

    await redeploy(client_for(server, clock))

    assert len(server.requests) == 2
    [slept] = clock.sleeps
    assert 4.0 < slept <= 6.0


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("7", 7.0),
        (" 2.5 ", 2.5),
        ("0", 0.0),
        ("-3", None),
        ("Wed, 21 Oct 2026 07:28:30 GMT", 30.0),
        ("Wed, 21 Oct 2026 07:27:00 GMT", 0.0),
        ("soon", None),
        ("", None),
        (None, None),
        ("inf", None),
        ("nan", None),
    ],
)
def test_retry_after_is_read_in_seconds_or_as_an_http_date(value: str | None, seconds: float | None) -> None:
    now = datetime(2026, 10, 21, 7, 28, 0, tzinfo=UTC)
    assert errors.parse_retry_after(value, now=now) == seconds


async def test_an_invalid_retry_after_falls_back_to_the_backoff(redeploy: Redeploy) -> None:
    server = ScriptedServer(status(503, headers={"Retry-After": "whenever"}), ACCEPTED)
    clock = FakeClock()

    await redeploy(client_for(server, clock, retry=RetryPolicy(initial_backoff=0.5, jitter=0, deadline=None)))

    assert clock.sleeps == [0.5]


async def test_a_503_burst_within_the_attempt_limit_succeeds(redeploy: Redeploy) -> None:
    server = ScriptedServer(status(503), status(503), status(503), ACCEPTED)
    clock = FakeClock()

    result = await redeploy(client_for(server, clock, retry=RetryPolicy(max_attempts=4)))

    assert result.id == JOB_ID
    assert len(server.requests) == 4
    assert len(clock.sleeps) == 3


@pytest.mark.parametrize(
    ("code", "kind"), [(503, errors.InternalServerError), (429, errors.RateLimitError)], ids=["503", "429"]
)
async def test_beyond_the_attempt_limit_the_typed_error_is_raised_after_max_attempts_sends(
    redeploy: Redeploy, code: int, kind: type[errors.APIStatusError]
) -> None:
    server = ScriptedServer(status(code, {"message": "try later"}))
    clock = FakeClock()

    with pytest.raises(kind) as caught:
        await redeploy(client_for(server, clock, retry=RetryPolicy(max_attempts=3)))

    assert caught.value.status_code == code
    assert caught.value.operation == "redeployJob"
    assert caught.value.body == {"message": "try later"}
    assert len(server.requests) == 3
    assert len(clock.sleeps) == 2


# Other 5xx, and failures once the request may have reached the server: the deployment may be queued.


@pytest.mark.parametrize("code", [500, 502, 504])
async def test_another_5xx_on_a_redeploy_is_not_retried(redeploy: Redeploy, code: int) -> None:
    server = ScriptedServer(status(code, {"message": "boom"}), ACCEPTED)
    clock = FakeClock()

    with pytest.raises(errors.InternalServerError) as caught:
        await redeploy(client_for(server, clock))

    assert caught.value.status_code == code
    assert len(server.requests) == 1
    assert clock.sleeps == []


@pytest.mark.parametrize("code", [400, 401, 403, 404, 409, 413])
async def test_a_client_error_is_not_retried(redeploy: Redeploy, code: int) -> None:
    server = ScriptedServer(status(code, {"message": "no"}), ACCEPTED)

    with pytest.raises(errors.APIStatusError) as caught:
        await redeploy(client_for(server))

    assert caught.value.status_code == code
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    "kind",
    [httpx.ReadTimeout, httpx.WriteTimeout, httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError],
)
async def test_a_failure_after_the_request_was_sent_is_not_retried(
    redeploy: Redeploy, kind: type[httpx.TransportError]
) -> None:
    server = ScriptedServer(fails(kind), ACCEPTED)
    clock = FakeClock()

    with pytest.raises(errors.APIConnectionError) as caught:
        await redeploy(client_for(server, clock))

    assert type(caught.value.__cause__) is kind
    assert len(server.requests) == 1
    assert clock.sleeps == []


async def test_retry_unsafe_for_one_call_retries_a_500_and_only_for_that_call(redeploy: Redeploy) -> None:
    server = ScriptedServer(status(500), status(500), ACCEPTED, status(500), ACCEPTED)
    client = client_for(server)

    result = await redeploy(client, options=RequestOptions(retry=RetryPolicy(retry_unsafe=True)))

    assert result.id == JOB_ID
    assert len(server.requests) == 3
    with pytest.raises(errors.InternalServerError):
        await redeploy(client)
    assert len(server.requests) == 4


@pytest.mark.parametrize("kind", [httpx.ReadTimeout, httpx.RemoteProtocolError])
async def test_retry_unsafe_also_retries_a_failure_after_the_request_was_sent(
    redeploy: Redeploy, kind: type[httpx.TransportError]
) -> None:
    server = ScriptedServer(fails(kind), ACCEPTED)

    result = await redeploy(client_for(server), options=RequestOptions(retry=RetryPolicy(retry_unsafe=True)))

    assert result.id == JOB_ID
    assert len(server.requests) == 2


async def test_retry_unsafe_can_be_the_client_default(redeploy: Redeploy) -> None:
    server = ScriptedServer(status(502), ACCEPTED)

    await redeploy(client_for(server, retry=RetryPolicy(retry_unsafe=True)))

    assert len(server.requests) == 2


# Reads change nothing on the server: every failure that may pass is tried again, within the policy.


@pytest.mark.parametrize("code", [500, 502, 503, 504, 429])
async def test_a_read_is_retried_on_any_5xx_and_on_429(read_status: Redeploy, code: int) -> None:
    server = ScriptedServer(status(code, {"message": "boom"}), READ)
    clock = FakeClock()

    result = await read_status(client_for(server, clock))

    assert result.id == JOB_ID
    assert [request.method for request in server.requests] == ["GET", "GET"]
    assert len(clock.sleeps) == 1


@pytest.mark.parametrize(
    "kind",
    [
        httpx.ReadTimeout,
        httpx.WriteTimeout,
        httpx.ReadError,
        httpx.WriteError,
        httpx.RemoteProtocolError,
        httpx.ConnectError,
        httpx.ConnectTimeout,
    ],
)
async def test_a_read_is_retried_after_a_failure_before_or_after_sending(
    read_status: Redeploy, kind: type[httpx.TransportError]
) -> None:
    server = ScriptedServer(fails(kind), fails(kind), READ)

    result = await read_status(client_for(server))

    assert result.id == JOB_ID
    assert len(server.requests) == 3


async def test_a_read_gives_up_after_max_attempts_with_the_last_answer(read_status: Redeploy) -> None:
    server = ScriptedServer(status(500, {"message": "down"}))

    with pytest.raises(errors.InternalServerError):
        await read_status(client_for(server, retry=RetryPolicy(max_attempts=3)))

    assert len(server.requests) == 3


async def test_a_read_is_not_retried_on_a_client_error(read_status: Redeploy) -> None:
    server = ScriptedServer(status(404, {"message": "no such job"}), READ)

    with pytest.raises(errors.NotFoundError):
        await read_status(client_for(server))

    assert len(server.requests) == 1


async def test_no_retry_turns_off_retries_of_reads_too(read_status: Redeploy) -> None:
    server = ScriptedServer(status(500), READ)

    with pytest.raises(errors.InternalServerError):
        await read_status(client_for(server), options=RequestOptions(retry=NO_RETRY))

    assert len(server.requests) == 1


async def test_the_same_client_retries_a_read_but_not_the_redeploy_after_it(
    read_status: Redeploy, redeploy: Redeploy
) -> None:
    server = ScriptedServer(status(502), READ, status(502), ACCEPTED)
    client = client_for(server)

    await read_status(client)
    with pytest.raises(errors.InternalServerError):
        await redeploy(client)

    assert [request.method for request in server.requests] == ["GET", "GET", "POST"]


# Failures before the request was sent: nothing reached the server.


@pytest.mark.parametrize("kind", [httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout])
async def test_a_failure_before_the_request_was_sent_is_retried(
    redeploy: Redeploy, kind: type[httpx.TransportError]
) -> None:
    server = ScriptedServer(fails(kind), fails(kind), ACCEPTED)
    clock = FakeClock()

    result = await redeploy(client_for(server, clock))

    assert result.id == JOB_ID
    assert len(server.requests) == 3
    assert len(clock.sleeps) == 2


async def test_a_lasting_connection_failure_is_raised_after_max_attempts(redeploy: Redeploy) -> None:
    server = ScriptedServer(fails(httpx.ConnectError, "no route"))

    with pytest.raises(errors.APIConnectionError, match="no route") as caught:
        await redeploy(client_for(server, retry=RetryPolicy(max_attempts=5)))

    assert isinstance(caught.value.__cause__, httpx.ConnectError)

    assert len(server.requests) == 5


async def test_a_refused_connection_over_a_real_socket_is_retried(
    redeploy: Redeploy, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port any more: every connection is refused.
    clock = FakeClock()
    client = AuthenticatedClient(
        base_url=f"http://127.0.0.1:{port}", token=TOKEN, clock=clock, retry=RetryPolicy(max_attempts=3)
    )
    caplog.set_level(logging.DEBUG, logger="qovery_deploy_client")

    with pytest.raises(errors.APIConnectionError) as caught:
        await redeploy(client)

    assert isinstance(caught.value.__cause__, httpx.ConnectError)

    assert len(clock.sleeps) == 2
    attempts = [r.getMessage() for r in caplog.records if ": attempt " in r.getMessage()]
    assert attempts == [f"redeployJob: attempt {n}: ConnectError" for n in (1, 2, 3)]


# How long and how often.


async def test_retry_after_beyond_the_deadline_is_not_waited_for(redeploy: Redeploy) -> None:
    server = ScriptedServer(status(429, {"message": "later"}, {"Retry-After": "30"}), ACCEPTED)
    clock = FakeClock()

    with pytest.raises(errors.RateLimitError) as caught:
        await redeploy(client_for(server, clock, retry=RetryPolicy(deadline=10)))

    assert caught.value.retry_after == 30.0
    assert len(server.requests) == 1
    assert clock.sleeps == []


async def test_the_deadline_stops_a_growing_backoff(redeploy: Redeploy) -> None:
    server = ScriptedServer(status(503))
    clock = FakeClock()
    policy = RetryPolicy(max_attempts=10, deadline=10, initial_backoff=1, max_backoff=100, jitter=0)

    with pytest.raises(errors.InternalServerError):
        await redeploy(client_for(server, clock, retry=policy))

    # 1 + 2 + 4 = 7 s waited; the next wait, 8 s, would end past the 10 s deadline.
    assert clock.sleeps == [1.0, 2.0, 4.0]
    assert len(server.requests) == 4


async def test_the_deadline_counts_the_time_spent_waiting_for_answers(redeploy: Redeploy) -> None:
    clock = FakeClock()

    def slow_503(request: httpx.Request) -> httpx.Response:
        clock.now += 4.0
        return httpx.Response(503)

    server = ScriptedServer(slow_503)
    policy = RetryPolicy(max_attempts=10, deadline=10, initial_backoff=1, max_backoff=100, jitter=0)

    with pytest.raises(errors.InternalServerError):
        await redeploy(client_for(server, clock, retry=policy))

    # 4 s answer, 1 s wait, 4 s answer: 9 s gone, and a 2 s wait would end at 11 s.
    assert clock.sleeps == [1.0]
    assert len(server.requests) == 2


async def test_the_default_timeout_allows_a_20_second_retry_after(redeploy: Redeploy) -> None:
    server = ScriptedServer(status(429, headers={"Retry-After": "20"}), ACCEPTED)
    clock = FakeClock()

    await redeploy(client_for(server, clock))

    assert clock.sleeps == [20.0]


async def test_a_retry_after_that_ends_when_the_calls_timeout_is_up_is_not_waited_for(
    redeploy: Redeploy,
) -> None:
    # The default timeout bounds the whole call to 30 s: a 30 s wait would leave no time to send again.
    server = ScriptedServer(status(429, headers={"Retry-After": "30"}), ACCEPTED)
    clock = FakeClock()

    with pytest.raises(errors.RateLimitError):
        await redeploy(client_for(server, clock))

    assert clock.sleeps == []
    assert len(server.requests) == 1
    await redeploy(client_for(ScriptedServer(*server.script), clock, timeout=60))
    assert clock.sleeps == [30.0]


async def test_the_backoff_doubles_and_is_capped(redeploy: Redeploy) -> None:
    server = ScriptedServer(status(503))
    clock = FakeClock()
    policy = RetryPolicy(max_attempts=7, initial_backoff=0.5, max_backoff=4, jitter=0, deadline=None)

    with pytest.raises(errors.InternalServerError):
        await redeploy(client_for(server, clock, retry=policy))

    assert clock.sleeps == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]


async def test_the_jitter_adds_at_most_its_fraction_of_the_backoff(
    redeploy: Redeploy, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The client draws its jitter from the random module: here, always the largest draw.
    monkeypatch.setattr(random, "random", lambda: 1.0)
    server = ScriptedServer(status(503))
    clock = FakeClock()
    policy = RetryPolicy(max_attempts=5, initial_backoff=1, max_backoff=4, jitter=0.25, deadline=None)

    with pytest.raises(errors.InternalServerError):
        await redeploy(client_for(server, clock, retry=policy))

    assert clock.sleeps == [1.25, 2.5, 5.0, 5.0]


async def test_the_jitter_stays_within_its_bounds_and_varies(redeploy: Redeploy) -> None:
    bases = [1.0, 2.0, 4.0, 4.0, 4.0]
    waits: list[list[float]] = []
    for _ in range(20):
        clock = FakeClock()
        policy = RetryPolicy(max_attempts=6, initial_backoff=1, max_backoff=4, jitter=0.5, deadline=None)
        with pytest.raises(errors.InternalServerError):
            await redeploy(client_for(ScriptedServer(status(503)), clock, retry=policy))
        waits.append(clock.sleeps)

    for run in waits:
        assert len(run) == len(bases)
        for base, wait in zip(bases, run, strict=True):
            assert base <= wait <= base * 1.5
    assert len({run[0] for run in waits}) > 1


@pytest.mark.parametrize(
    "policy",
    [{"max_attempts": 0}, {"initial_backoff": -1}, {"max_backoff": -1}, {"jitter": -0.1}],
    ids=lambda policy: next(iter(policy)),
)
def test_a_policy_that_makes_no_sense_is_refused(policy: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        RetryPolicy(**policy)  # type: ignore[arg-type]


async def test_no_retry_for_a_client_sends_once(redeploy: Redeploy) -> None:
    server = ScriptedServer(status(429, headers={"Retry-After": "1"}), ACCEPTED)

    with pytest.raises(errors.RateLimitError):
        await redeploy(client_for(server).with_retry(NO_RETRY))

    assert len(server.requests) == 1


async def test_a_per_call_policy_replaces_the_clients(redeploy: Redeploy) -> None:
    server = ScriptedServer(status(503), ACCEPTED)

    with pytest.raises(errors.InternalServerError):
        await redeploy(client_for(server), options=RequestOptions(retry=NO_RETRY))

    assert len(server.requests) == 1


# What is sent again, and what the log says.


def test_a_retried_request_sends_the_same_body_again() -> None:
    server = ScriptedServer(status(503), status(202, STATUS_BODY))
    body = RebootServicesRequest(application_ids=[UUID("5b8e1d40-2a7c-4f63-9e05-3c1f8b6d4a92")])

    reboot_services.sync(JOB_ID, client=client_for(server), body=body)

    first, second = server.requests
    assert json.loads(first.content) == json.loads(second.content) == body.to_dict()
    assert first.url == second.url and first.method == second.method == "POST"


async def test_each_attempt_is_logged_at_debug_with_operation_and_status(
    redeploy: Redeploy, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="qovery_deploy_client")
    server = ScriptedServer(status(503, headers={"Retry-After": "2"}), ACCEPTED)

    await redeploy(client_for(server))

    ours = [record for record in caplog.records if record.name == "qovery_deploy_client"]
    assert [record.getMessage() for record in ours] == [
        "redeployJob: attempt 1: HTTP 503",
        "redeployJob: retrying in 2.00 s",
        "redeployJob: attempt 2: HTTP 202",
    ]
    assert {record.levelno for record in ours} == {logging.DEBUG}


async def test_giving_up_is_logged_with_the_reason(
    redeploy: Redeploy, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="qovery_deploy_client")

    with pytest.raises(errors.InternalServerError):
        await redeploy(client_for(ScriptedServer(status(503)), retry=RetryPolicy(max_attempts=2)))
    with pytest.raises(errors.RateLimitError):
        await redeploy(client_for(ScriptedServer(status(429, headers={"Retry-After": "99"})), timeout=300))
    with pytest.raises(errors.RateLimitError):
        await redeploy(client_for(ScriptedServer(status(429, headers={"Retry-After": "99"}))))
    with pytest.raises(errors.RateLimitError):
        await redeploy(client_for(ScriptedServer(status(429, headers={"Retry-After": "200"})), timeout=None))

    messages = [record.getMessage() for record in caplog.records]
    assert (
        "redeployJob: giving up after attempt 1: the call's timeout would be up before the next send"
        in messages
    )
    assert (
        "redeployJob: giving up after attempt 1: the server asks for a wait longer than max_wait (120 s)"
        in messages
    )
    assert "redeployJob: giving up after attempt 2: no attempt left" in messages
    assert "redeployJob: giving up after attempt 1: the next would start past the deadline" in messages


async def test_nothing_is_logged_above_debug(redeploy: Redeploy, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="qovery_deploy_client")

    with pytest.raises(errors.InternalServerError):
        await redeploy(client_for(ScriptedServer(status(503), status(500))))

    assert [record for record in caplog.records if record.name == "qovery_deploy_client"] == []


# Every transport httpx chooses is wrapped: proxies, from the environment too, and mounts.

PROXIED_URL = "http://api.qovery.invalid"


@pytest.fixture
def no_proxy_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.mark.usefixtures("no_proxy_environment")
async def test_a_proxy_from_the_environment_is_used_and_retried(
    redeploy: Redeploy, monkeypatch: pytest.MonkeyPatch
) -> None:
    with LocalHTTPServer(503, 202) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        clock = FakeClock()

        result = await redeploy(AuthenticatedClient(base_url=PROXIED_URL, token=TOKEN, clock=clock))

    assert result.id == JOB_ID
    assert proxy.paths == [f"{PROXIED_URL}/job/{JOB_ID}/redeploy"] * 2
    assert len(clock.sleeps) == 1


@pytest.mark.usefixtures("no_proxy_environment")
@pytest.mark.parametrize(
    "skip", [{"NO_PROXY": "127.0.0.1"}, {"NO_PROXY": "*"}, {}], ids=["no_proxy", "star", "trust_env"]
)
async def test_no_proxy_and_trust_env_bypass_the_proxy_of_the_environment(
    redeploy: Redeploy, monkeypatch: pytest.MonkeyPatch, skip: dict[str, str]
) -> None:
    with LocalHTTPServer(202) as proxy, LocalHTTPServer(503, 202) as server:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        for name, value in skip.items():
            monkeypatch.setenv(name, value)
        httpx_args = {} if skip else {"trust_env": False}
        client = AuthenticatedClient(
            base_url=server.url, token=TOKEN, clock=FakeClock(), httpx_args=httpx_args
        )

        result = await redeploy(client)

    assert result.id == JOB_ID
    assert proxy.paths == []
    assert server.paths == [f"/job/{JOB_ID}/redeploy"] * 2


@pytest.mark.usefixtures("no_proxy_environment")
@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("how", ["proxy", "mounts"])
async def test_a_proxy_or_mount_given_in_httpx_args_is_used_and_retried(mode: str, how: str) -> None:
    with LocalHTTPServer(503, 202) as proxy:
        httpx_args: dict[str, object] = {"proxy": proxy.url}
        if how == "mounts":
            kind = httpx.HTTPTransport if mode == "sync" else httpx.AsyncHTTPTransport
            httpx_args = {"mounts": {"http://": kind(proxy=proxy.url)}}
        client = AuthenticatedClient(
            base_url=PROXIED_URL, token=TOKEN, clock=FakeClock(), httpx_args=httpx_args
        )

        await redeploy_in(mode)(client)

    assert proxy.paths == [f"{PROXIED_URL}/job/{JOB_ID}/redeploy"] * 2
