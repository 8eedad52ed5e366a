"""Fixtures of the client tests."""

from collections.abc import Iterator

import pytest

from tests.client.client_support import OPERATIONS, Operation
from tests.client.resilience_support import Redeploy, read_in, redeploy_in


@pytest.fixture(params=OPERATIONS, ids=str)
def operation(request: pytest.FixtureRequest) -> Iterator[Operation]:
    yield request.param


@pytest.fixture(params=["sync", "async"])
def redeploy(request: pytest.FixtureRequest) -> Redeploy:
    """A redeploy of the job through the sync function, then through the async one."""
    return redeploy_in(request.param)


@pytest.fixture(params=["sync", "async"])
def read_status(request: pytest.FixtureRequest) -> Redeploy:
    """A status read of the job through the sync function, then through the async one."""
    return read_in(request.param)
