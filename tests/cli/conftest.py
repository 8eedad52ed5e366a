"""The mock that the tests of qovery-deploy run against: served once, reset before each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from qovery_mock.app import create_app
from qovery_mock.clock import SystemClock
from qovery_mock.server import ServerThread
from tests.cli.cli_support import FAST_FIXTURES, FastMock


@pytest.fixture(scope="session")
def served_fast_mock() -> Iterator[FastMock]:
    app = create_app(FAST_FIXTURES, clock=SystemClock())
    with ServerThread(app) as server:
        yield FastMock(server.url, app.state.mock)


@pytest.fixture
def fast_mock(served_fast_mock: FastMock) -> FastMock:
    served_fast_mock.mock.reset()
    return served_fast_mock
