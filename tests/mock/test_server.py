"""The mock under uvicorn with each HTTP parser: answers in one piece, drops, big bodies."""

from __future__ import annotations

import importlib.util
import logging
import socket
from collections.abc import Iterator

import httpx
import pytest

from qovery_mock import ManualClock, Mock, create_app
from qovery_mock.server import ServerThread

PARSERS = [
    "h11",
    pytest.param(
        "httptools",
        marks=pytest.mark.skipif(
            importlib.util.find_spec("httptools") is None, reason="httptools is not installed"
        ),
    ),
]


@pytest.fixture(params=PARSERS)
def served(request: pytest.FixtureRequest) -> Iterator[tuple[str, Mock]]:
    app = create_app(clock=ManualClock())
    with ServerThread(app, http=request.param) as server:
        yield server.url, app.state.mock


def _raw_exchange(url: str, payload: bytes) -> bytes:
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(payload)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def test_answers_and_keep_alive(served: tuple[str, Mock]) -> None:
    url, mock = served
    with httpx.Client(base_url=url, headers={"Authorization": f"Token {mock.default_token}"}) as client:
        for count in range(1, 6):
            response = client.post(f"/job/{mock.ids['jobs'][0]}/redeploy")
            assert response.status_code == 202
            assert response.json()["deployment_requests_count"] == count


def test_a_dropped_connection_sends_nothing_and_logs_nothing(
    served: tuple[str, Mock], caplog: pytest.LogCaptureFixture
) -> None:
    url, mock = served
    mock.add_fault("redeployJob", "drop", count=1)
    request = (
        f"POST /job/{mock.ids['jobs'][0]}/redeploy HTTP/1.1\r\nHost: x\r\n"
        f"Authorization: Token {mock.default_token}\r\nContent-Length: 0\r\n\r\n"
    ).encode()
    with caplog.at_level(logging.WARNING, logger="uvicorn.error"):
        assert _raw_exchange(url, request) == b""
    assert not [record for record in caplog.records if record.name.startswith("uvicorn")]
    with httpx.Client(base_url=url, headers={"Authorization": f"Token {mock.default_token}"}) as client:
        assert client.post(f"/job/{mock.ids['jobs'][0]}/redeploy").status_code == 202


def test_pipelined_requests_get_their_answers_in_order(served: tuple[str, Mock]) -> None:
    url, mock = served
    one = (
        f"POST /job/{mock.ids['jobs'][0]}/redeploy HTTP/1.1\r\nHost: x\r\n"
        f"Authorization: Token {mock.default_token}\r\nContent-Length: 0\r\n\r\n"
    ).encode()
    last = one.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n")
    answer = _raw_exchange(url, one * 3 + last)
    assert answer.count(b"HTTP/1.1 202 Accepted") == 4
    for count in range(1, 5):
        assert f'"deployment_requests_count": {count}'.encode() in answer


def test_a_large_body_is_refused_without_breaking_the_connection(served: tuple[str, Mock]) -> None:
    url, mock = served
    environment = mock.ids["environments"][0]
    with httpx.Client(base_url=url, headers={"Authorization": f"Token {mock.default_token}"}) as client:
        path = f"/environment/{environment}/service/restart-service"
        for _ in range(2):
            response = client.post(path, content=b" " * (3 * 1024 * 1024))
            assert response.status_code == 413
        assert client.post(path, json={}).status_code == 202
