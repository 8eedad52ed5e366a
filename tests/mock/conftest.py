"""Fixtures of the mock's tests: each API test runs in-process and over HTTP against uvicorn."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from qovery_mock.pytest_plugin import (  # noqa: F401  (fixtures used by the tests)
    InProcessMock,
    ServedMock,
    qovery_mock,
    qovery_mock_server,
    qovery_mock_server_limits,
    qovery_mock_session_server,
)
from tests.mock.mock_test_support import Api


@pytest.fixture(params=["in-process", "http"])
def api(request: pytest.FixtureRequest) -> Iterator[Api]:
    if request.param == "in-process":
        handle: InProcessMock = request.getfixturevalue("qovery_mock")
        target = Api("in-process", handle.mock, handle.base_url, handle.transport)
    else:
        served: ServedMock = request.getfixturevalue("qovery_mock_server")
        target = Api("http", served.mock, served.url, None)
    try:
        yield target
    finally:
        target.close()
