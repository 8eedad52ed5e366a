"""`timeout` bounds a call's total time: a server that trickles its answer a byte at a time, each byte
well within the per-read timeout, cannot hold a call past it."""

import json
import socket
import time

import httpx
import pytest
from qovery_deploy_client import AuthenticatedClient, RequestOptions, RetryPolicy, errors
from qovery_deploy_client.api.job_actions import redeploy_job

from tests.client.hardening_support import RawServer, answer
from tests.client.resilience_support import (
    JOB_ID,
    STATUS_BODY,
    TOKEN,
    FakeClock,
    Redeploy,
    ScriptedServer,
    client_for,
    status,
)

BODY = b'{"padding": "' + b"x" * 200 + b'"}'
GAP = 0.05  # between two bytes: far below the timeout, so no single read times out


def trickle_body(connection: socket.socket, request: bytes) -> None:
    whole = answer(202, BODY)
    head, _, body = whole.partition(b"\r\n\r\n")
    connection.sendall(head + b"\r\n\r\n")
    for byte in body:
        connection.sendall(bytes([byte]))
        time.sleep(GAP)


def trickle_head(connection: socket.socket, request: bytes) -> None:
    for byte in answer(202, BODY):
        connection.sendall(bytes([byte]))
        time.sleep(GAP)


async def test_a_trickled_body_is_cut_at_the_calls_timeout(redeploy: Redeploy) -> None:
    with RawServer(trickle_body) as server:
        client = AuthenticatedClient(base_url=server.url, token=TOKEN)
        with pytest.raises(errors.APITimeoutError, match="within the call's timeout of 0.5 s") as caught:
            await redeploy(client, options=RequestOptions(timeout=0.5))
        client.close()
    assert isinstance(caught.value.__cause__, httpx.TimeoutException)

    # The whole body takes 200 x 50 ms = 10 s: the server was cut off long before its end.
    assert server.aborted == 1
    assert len(server.requests) == 1


async def test_an_async_call_with_trickled_headers_is_cut_at_the_calls_timeout() -> None:
    with RawServer(trickle_head) as server:
        client = AuthenticatedClient(base_url=server.url, token=TOKEN)
        with pytest.raises(errors.APITimeoutError, match="call's timeout") as caught:
            await redeploy_job.asyncio(JOB_ID, client=client, options=RequestOptions(timeout=0.5))

    assert isinstance(caught.value.__cause__, httpx.TimeoutException)
    assert len(server.requests) == 1


async def test_a_well_behaved_server_within_the_timeout_answers_as_usual(redeploy: Redeploy) -> None:
    with RawServer(
        lambda connection, request: connection.sendall(answer(202, json.dumps(STATUS_BODY).encode()))
    ) as server:
        status = await redeploy(
            AuthenticatedClient(base_url=server.url, token=TOKEN), options=RequestOptions(timeout=5)
        )

    assert str(status.id) == str(JOB_ID)


def test_no_attempt_starts_once_the_calls_time_is_up() -> None:
    """A clock that jumps past the deadline during the first attempt: nothing more is sent."""
    clock = FakeClock()

    def slow_503(request: httpx.Request) -> httpx.Response:
        clock.now += 9.9  # the attempt used almost all of the call's 10 s
        return status(503)(request)

    server = ScriptedServer(slow_503)
    client = client_for(
        server, clock, retry=RetryPolicy(max_attempts=5, initial_backoff=0.5, jitter=0, deadline=None)
    )
    with pytest.raises(errors.InternalServerError):
        redeploy_job.sync(JOB_ID, client=client, options=RequestOptions(timeout=10))

    assert len(server.requests) == 1
    assert clock.sleeps == []
