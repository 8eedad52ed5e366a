"""Limits of the served mock: request-head size and time, idle connections, connections at once."""

from __future__ import annotations

import socket
import threading
from contextlib import ExitStack

import httpx
import pytest

from qovery_mock import ManualClock, Mock, create_app
from qovery_mock.limits import LimitError, ServerLimits
from qovery_mock.server import ServerThread
from tests.mock.test_server import PARSERS

SLOW_CLIENTS = 8
WAIT = 10.0  # the most any socket read here waits: a bound, not a measure


def _serve(http: str, limits: ServerLimits) -> tuple[ServerThread, Mock]:
    app = create_app(clock=ManualClock())
    return ServerThread(app, http=http, limits=limits), app.state.mock


@pytest.fixture(params=PARSERS)
def http(request: pytest.FixtureRequest) -> str:
    parser: str = request.param
    return parser


def _connect(url: str) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=WAIT)


def _read_to_end(sock: socket.socket) -> bytes:
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _head(mock: Mock, extra: str = "") -> bytes:
    return (
        f"POST /job/{mock.ids['jobs'][0]}/redeploy HTTP/1.1\r\nHost: mock\r\n"
        f"Authorization: Token {mock.default_token}\r\nContent-Length: 0\r\n{extra}\r\n"
    ).encode()


class Answers:
    """Reads the answers of a keep-alive connection one at a time, keeping what arrives early."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.pending = b""

    def next(self) -> bytes:
        while b"\r\n\r\n" not in self.pending:
            self._more()
        head, rest = self.pending.split(b"\r\n\r\n", 1)
        length = next(
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length")
        )
        while len(rest) < length:
            self._more()
            head, rest = self.pending.split(b"\r\n\r\n", 1)
        self.pending = rest[length:]
        return head + b"\r\n\r\n" + rest[:length]

    def _more(self) -> None:
        chunk = self.sock.recv(65536)
        assert chunk, self.pending
        self.pending += chunk


def test_slow_clients_do_not_hold_up_others_and_are_cut_off(http: str) -> None:
    server, mock = _serve(http, ServerLimits(request_timeout=2, max_connections=64))
    stop = threading.Event()
    with server, ExitStack() as stack:
        slow = [stack.enter_context(_connect(server.url)) for _ in range(SLOW_CLIENTS)]
        head = _head(mock)

        def trickle(sock: socket.socket) -> None:
            for byte in head[:-4]:
                if stop.wait(0.05):
                    return
                try:
                    sock.sendall(bytes([byte]))
                except OSError:
                    return

        threads = [threading.Thread(target=trickle, args=(sock,), daemon=True) for sock in slow]
        for thread in threads:
            thread.start()
        headers = {"Authorization": f"Token {mock.default_token}"}
        with httpx.Client(base_url=server.url, headers=headers, timeout=WAIT) as client:
            for _ in range(3):
                assert client.post(f"/job/{mock.ids['jobs'][0]}/redeploy").status_code == 202
        for sock in slow:
            answer = _read_to_end(sock)
            assert answer.startswith(b"HTTP/1.1 408 "), answer
            assert b"connection: close" in answer.lower()
        stop.set()
        for thread in threads:
            thread.join(WAIT)
    assert mock.resource(mock.ids["jobs"][0])["total_deployment_requests"] == 3


def test_a_connection_that_sends_nothing_is_closed_without_an_answer(http: str) -> None:
    server, _ = _serve(http, ServerLimits(request_timeout=0.5))
    with server, _connect(server.url) as sock:
        assert _read_to_end(sock) == b""


def test_a_body_that_does_not_arrive_in_time_has_its_connection_closed(http: str) -> None:
    server, mock = _serve(http, ServerLimits(request_timeout=1))
    environment = mock.ids["environments"][0]
    head = (
        f"POST /environment/{environment}/service/restart-service HTTP/1.1\r\nHost: mock\r\n"
        f"Authorization: Token {mock.default_token}\r\nContent-Type: application/json\r\n"
        "Content-Length: 100\r\n\r\n"
    )
    with server, _connect(server.url) as sock:
        sock.sendall(head.encode() + b'{"application_ids": [')
        assert _read_to_end(sock) == b""
    assert mock.resource(environment)["total_deployment_requests"] == 0


def test_an_idle_keep_alive_connection_is_closed(http: str) -> None:
    server, mock = _serve(http, ServerLimits(idle_timeout=1))
    with server, _connect(server.url) as sock:
        sock.sendall(_head(mock))
        assert Answers(sock).next().startswith(b"HTTP/1.1 202 ")
        assert _read_to_end(sock) == b""


def test_request_heads_past_the_size_limit_get_431(http: str) -> None:
    limit = 4096
    server, mock = _serve(http, ServerLimits(max_header_bytes=limit))
    with server:
        fits = _head(mock)
        filler = "X-Fill: " + "a" * (limit - len(fits) - len("X-Fill: \r\n")) + "\r\n"
        exact = _head(mock, filler)
        assert len(exact) == limit
        with _connect(server.url) as sock:
            # Byte by byte, so that the end of the head falls across reads; then a second request on
            # the same connection, one byte too large.
            for byte in exact:
                sock.sendall(bytes([byte]))
            assert Answers(sock).next().startswith(b"HTTP/1.1 202 ")
            sock.sendall(_head(mock, filler + "Y: \r\n")[: limit + 1])
            answer = _read_to_end(sock)
        assert answer.startswith(b"HTTP/1.1 431 "), answer
        assert b"larger than 4096 bytes" in answer
    assert mock.resource(mock.ids["jobs"][0])["total_deployment_requests"] == 1


def test_pipelined_and_chunked_requests_are_followed(http: str) -> None:
    """Several requests in one write, bodies by Content-Length and chunked: each is answered."""
    server, mock = _serve(http, ServerLimits(max_header_bytes=1024))
    environment = mock.ids["environments"][0]
    body = b'{"application_ids": []}'
    restart = (
        f"POST /environment/{environment}/service/restart-service HTTP/1.1\r\nHost: mock\r\n"
        f"Authorization: Token {mock.default_token}\r\nContent-Type: application/json\r\n"
    ).encode()
    sized = restart + f"Content-Length: {len(body)}\r\n\r\n".encode() + body
    chunked = restart + b"Transfer-Encoding: chunked\r\n\r\n" + b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    with server, _connect(server.url) as sock:
        answers = Answers(sock)
        sock.sendall(_head(mock) + sized + _head(mock) + sized)
        for _ in range(4):
            assert answers.next().startswith(b"HTTP/1.1 202 ")
        sock.sendall(chunked)
        assert answers.next().startswith(b"HTTP/1.1 202 ")
        assert answers.pending == b""
    assert mock.resource(environment)["total_deployment_requests"] == 3


def test_connections_past_the_bound_get_503(http: str) -> None:
    server, mock = _serve(http, ServerLimits(max_connections=4, request_timeout=WAIT * 3))
    headers = {"Authorization": f"Token {mock.default_token}"}
    path = f"/job/{mock.ids['jobs'][0]}/redeploy"
    with server:
        with ExitStack() as stack:
            for _ in range(4):
                stack.enter_context(_connect(server.url))
            with httpx.Client(base_url=server.url, headers=headers, timeout=WAIT) as client:
                assert client.post(path).status_code == 503
        answered = []
        for _ in range(50):  # until the server has seen the idle connections close
            with httpx.Client(base_url=server.url, headers=headers, timeout=WAIT) as client:
                answered.append(client.post(path).status_code)
            if answered[-1] == 202:
                break
            threading.Event().wait(0.05)
        assert answered[-1] == 202, answered


@pytest.mark.parametrize(
    "given",
    [
        {"max_header_bytes": 0},
        {"max_connections": True},
        {"request_timeout": float("nan")},
        {"request_timeout": 0},
        {"idle_timeout": 1.5},
    ],
)
def test_unusable_limits_are_refused(given: dict[str, object]) -> None:
    with pytest.raises(LimitError):
        ServerLimits(**given)  # type: ignore[arg-type]


def test_limits_from_the_environment_and_given_values() -> None:
    environ = {"QOVERY_MOCK_MAX_CONNECTIONS": "7", "QOVERY_MOCK_REQUEST_TIMEOUT": "2.5"}
    limits = ServerLimits.from_env(environ, max_connections=9)
    assert limits == ServerLimits(max_connections=9, request_timeout=2.5)
    with pytest.raises(LimitError, match="QOVERY_MOCK_IDLE_TIMEOUT"):
        ServerLimits.from_env({"QOVERY_MOCK_IDLE_TIMEOUT": "soon"})
