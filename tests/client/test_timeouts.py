"""Timeouts: 5 s to connect and 30 s to read by default, set per client, and per call."""

import socket
import threading
from collections.abc import Iterator

import httpx
import pytest
from qovery_deploy_client import AuthenticatedClient, RequestOptions, RetryPolicy, errors
from qovery_deploy_client.client import DEFAULT_TIMEOUT

from tests.client.resilience_support import (
    ACCEPTED,
    TOKEN,
    Answer,
    FakeClock,
    Redeploy,
    ScriptedServer,
    client_for,
    fails,
    status,
)


def timeouts(server: ScriptedServer) -> list[dict[str, float | None]]:
    """The timeouts httpx was told to apply to each request that reached the transport."""
    return [request.extensions["timeout"] for request in server.requests]


async def test_the_default_is_5_seconds_to_connect_and_30_to_read(redeploy: Redeploy) -> None:
    server = ScriptedServer(ACCEPTED)

    await redeploy(client_for(server))

    assert timeouts(server) == [{"connect": 5.0, "read": 30.0, "write": 30.0, "pool": 30.0}]
    assert DEFAULT_TIMEOUT == httpx.Timeout(30.0, connect=5.0)


async def test_a_clients_timeout_applies_to_its_calls(redeploy: Redeploy) -> None:
    server = ScriptedServer(ACCEPTED)

    await redeploy(client_for(server, timeout=httpx.Timeout(12.0, connect=2.0)))

    assert timeouts(server) == [{"connect": 2.0, "read": 12.0, "write": 12.0, "pool": 12.0}]


async def test_with_timeout_gives_a_client_with_another_timeout(redeploy: Redeploy) -> None:
    server = ScriptedServer(ACCEPTED)
    client = client_for(server)

    await redeploy(client.with_timeout(3))
    await redeploy(client)

    assert timeouts(server) == [
        {"connect": 3.0, "read": 3.0, "write": 3.0, "pool": 3.0},
        {"connect": 5.0, "read": 30.0, "write": 30.0, "pool": 30.0},
    ]


async def test_a_per_call_timeout_reaches_httpx_for_that_call_only(redeploy: Redeploy) -> None:
    server = ScriptedServer(ACCEPTED)
    client = client_for(server)

    await redeploy(client, options=RequestOptions(timeout=2.5))
    await redeploy(client, options=RequestOptions(timeout=httpx.Timeout(60.0, connect=1.0)))
    await redeploy(client)

    assert timeouts(server) == [
        {"connect": 2.5, "read": 2.5, "write": 2.5, "pool": 2.5},
        {"connect": 1.0, "read": 60.0, "write": 60.0, "pool": 60.0},
        {"connect": 5.0, "read": 30.0, "write": 30.0, "pool": 30.0},
    ]


async def test_a_per_call_timeout_applies_to_every_attempt_within_the_time_the_call_has_left(
    redeploy: Redeploy,
) -> None:
    seen: list[dict[str, float]] = []

    def record(answer: Answer) -> Answer:
        return lambda request: (seen.append(dict(request.extensions["timeout"])), answer(request))[1]

    server = ScriptedServer(record(status(503)), record(status(503)), record(ACCEPTED))
    clock = FakeClock()

    await redeploy(
        client_for(server, clock, retry=RetryPolicy(jitter=0)), options=RequestOptions(timeout=7.0)
    )

    # Waits of 0.5 s then 1 s: each attempt gets 7 s, less the time the call has used.
    assert clock.sleeps == [0.5, 1.0]
    assert seen == [{"connect": left, "read": left, "write": left, "pool": left} for left in (7.0, 6.5, 5.5)]


async def test_a_per_call_timeout_keeps_the_clients_retry_policy(redeploy: Redeploy) -> None:
    server = ScriptedServer(status(503), ACCEPTED)

    await redeploy(client_for(server, retry=RetryPolicy(max_attempts=2)), options=RequestOptions(timeout=1.0))

    assert len(server.requests) == 2


async def test_a_read_timeout_is_not_retried_by_default(redeploy: Redeploy) -> None:
    server = ScriptedServer(fails(httpx.ReadTimeout), ACCEPTED)

    with pytest.raises(errors.APITimeoutError) as caught:
        await redeploy(client_for(server), options=RequestOptions(timeout=0.5))

    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)

    assert len(server.requests) == 1
    assert server.requests[0].extensions["timeout"]["read"] == 0.5


async def test_a_connect_timeout_is_retried(redeploy: Redeploy) -> None:
    server = ScriptedServer(fails(httpx.ConnectTimeout), ACCEPTED)

    await redeploy(client_for(server))

    assert len(server.requests) == 2


@pytest.fixture
def silent_server() -> Iterator[tuple[str, list[bytes]]]:
    """A real HTTP server on 127.0.0.1 that reads each request and never answers; it records them."""
    received: list[bytes] = []
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    connections: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            connections.append(connection)
            received.append(connection.recv(65536))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}", received
    stop.set()
    thread.join(timeout=5)
    listener.close()
    for connection in connections:
        connection.close()


async def test_a_real_read_timeout_after_the_request_was_sent_is_not_retried(
    redeploy: Redeploy, silent_server: tuple[str, list[bytes]]
) -> None:
    url, received = silent_server
    clock = FakeClock()
    client = AuthenticatedClient(base_url=url, token=TOKEN, clock=clock)

    with pytest.raises(errors.APITimeoutError) as caught:
        await redeploy(client, options=RequestOptions(timeout=httpx.Timeout(0.2, connect=2.0)))

    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)

    assert len(received) == 1
    assert received[0].startswith(b"POST /job/")
    assert clock.sleeps == []
