"""Fixtures of the mock's tests: each API test runs in-process and over HTTP against uvicorn."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

# The qovery_mock fixtures come from the package's pytest11 entry point.
from qovery_mock.pytest_plugin import InProcessMock, ServedMock
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
