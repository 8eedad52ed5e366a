"""pytest fixtures for the mock. Enable with `pytest_plugins = ["qovery_mock.pytest_plugin"]`.

`qovery_mock`: a fresh mock per test, called in-process (no socket) through `.transport`, a sync
httpx transport: `httpx.Client(base_url=m.base_url, transport=m.transport)`.

`qovery_mock_server`: the mock served by uvicorn on 127.0.0.1 from a background thread, started once
per session and reset before each test; `.url` is its address.

Both run on a `ManualClock` (`.clock.advance(seconds)`), so deployments only progress when a test
moves time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from qovery_mock.app import MockApp, create_app
from qovery_mock.clock import ManualClock
from qovery_mock.limits import ServerLimits
from qovery_mock.mock import Mock
from qovery_mock.server import ServerThread
from qovery_mock.transport import AsyncMockTransport, MockTransport

IN_PROCESS_BASE_URL = "http://qovery-mock"


class _Seeded:
    """What both fixtures tell of the mock's world: a valid token, the seeded ids, the manual clock."""

    mock: Mock

    @property
    def token(self) -> str:
        return self.mock.default_token

    @property
    def ids(self) -> dict[str, list[str]]:
        return self.mock.ids

    @property
    def clock(self) -> ManualClock:
        clock = self.mock.clock
        assert isinstance(clock, ManualClock)
        return clock


@dataclass
class InProcessMock(_Seeded):
    """A mock app called in-process."""

    app: MockApp
    mock: Mock
    transport: MockTransport
    base_url: str = IN_PROCESS_BASE_URL
    _clients: list[httpx.Client] = field(default_factory=list, repr=False)

    def client(self, token: str | None = None, **options: object) -> httpx.Client:
        """A sync client on the in-process transport, authenticated with `token` (default: the
        default token; pass "" for none). Closed with the fixture."""
        client = httpx.Client(
            base_url=self.base_url,
            transport=self.transport,
            headers=_auth(self.token if token is None else token),
            **options,  # type: ignore[arg-type]
        )
        self._clients.append(client)
        return client

    def async_transport(self) -> AsyncMockTransport:
        return AsyncMockTransport(self.app)

    def close(self) -> None:
        for client in self._clients:
            client.close()
        self.transport.close()


@dataclass
class ServedMock(_Seeded):
    """A mock app served over HTTP by uvicorn."""

    app: MockApp
    mock: Mock
    server: ServerThread

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def base_url(self) -> str:
        return self.server.url

    def client(self, token: str | None = None, **options: object) -> httpx.Client:
        """A sync client to the server, authenticated with `token` (default: the default token)."""
        return httpx.Client(
            base_url=self.url,
            headers=_auth(self.token if token is None else token),
            **options,  # type: ignore[arg-type]
        )


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Token {token}"} if token else {}


@pytest.fixture
def qovery_mock() -> Iterator[InProcessMock]:
    """A fresh in-process mock on a manual clock."""
    app = create_app(clock=ManualClock())
    handle = InProcessMock(app=app, mock=app.state.mock, transport=MockTransport(app))
    try:
        yield handle
    finally:
        handle.close()


@pytest.fixture(scope="session")
def qovery_mock_server_limits() -> ServerLimits:
    """The limits of the session's server: the defaults, or the `QOVERY_MOCK_*` environment variables.
    Override this fixture in a conftest.py to choose others."""
    return ServerLimits.from_env()


@pytest.fixture(scope="session")
def qovery_mock_session_server(qovery_mock_server_limits: ServerLimits) -> Iterator[ServedMock]:
    """The mock served over HTTP for the whole session (not reset between tests)."""
    app = create_app(clock=ManualClock())
    server = ServerThread(app, limits=qovery_mock_server_limits).start()
    try:
        yield ServedMock(app=app, mock=app.state.mock, server=server)
    finally:
        server.stop()


@pytest.fixture
def qovery_mock_server(qovery_mock_session_server: ServedMock) -> ServedMock:
    """The session's mock server, reset to its seeded state (faults cleared, clock rewound)."""
    qovery_mock_session_server.mock.reset()
    return qovery_mock_session_server
