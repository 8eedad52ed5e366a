"""200 concurrent redeploys of one resource from many threads: exactly 200 requests, no error."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx

from qovery_mock import ManualClock, create_app
from qovery_mock.transport import MockTransport
from tests.mock.mock_test_support import Api

REQUESTS = 200
THREADS = 50


def _hammer(clients: list[httpx.Client], path: str) -> list[httpx.Response]:
    barrier = threading.Barrier(THREADS)

    def worker(index: int) -> list[httpx.Response]:
        client = clients[index % len(clients)]
        barrier.wait(timeout=30)
        return [client.post(path) for _ in range(REQUESTS // THREADS)]

    with ThreadPoolExecutor(THREADS) as pool:
        return [response for batch in pool.map(worker, range(THREADS)) for response in batch]


def _check(responses: list[httpx.Response], state: dict[str, object]) -> None:
    assert len(responses) == REQUESTS
    assert {response.status_code for response in responses} == {202}
    request_ids = {response.json()["deployment_request_id"] for response in responses}
    assert len(request_ids) == REQUESTS
    counts = sorted(response.json()["deployment_requests_count"] for response in responses)
    assert counts == list(range(1, REQUESTS + 1))
    assert state["deployment_requests_count"] == REQUESTS
    assert state["total_deployment_requests"] == REQUESTS


def test_concurrent_redeploys_are_all_counted(api: Api) -> None:
    job = api.ids["jobs"][0]
    limits = httpx.Limits(max_connections=THREADS, max_keepalive_connections=THREADS)
    client = api.client(limits=limits, timeout=30)
    responses = _hammer([client], f"/job/{job}/redeploy")
    _check(responses, api.mock.resource(job))


def test_concurrent_redeploys_through_several_event_loops() -> None:
    """Eight in-process transports, each with its own event-loop thread, share one mock."""
    app = create_app(clock=ManualClock())
    mock = app.state.mock
    environment = mock.ids["environments"][0]
    headers = {"Authorization": f"Bearer {mock.default_token}"}
    clients = [
        httpx.Client(base_url="http://m", transport=MockTransport(app), headers=headers) for _ in range(8)
    ]
    try:
        responses = _hammer(clients, f"/environment/{environment}/service/restart-service")
    finally:
        for client in clients:
            client.close()
    assert {response.status_code for response in responses} == {202}
    state = mock.resource(environment)
    assert state["deployment_requests_count"] == state["total_deployment_requests"] == REQUESTS
