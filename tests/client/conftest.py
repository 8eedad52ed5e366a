"""Fixtures of the client tests."""

from collections.abc import Iterator

import pytest

from tests.client.client_support import OPERATIONS, Operation


@pytest.fixture(params=OPERATIONS, ids=str)
def operation(request: pytest.FixtureRequest) -> Iterator[Operation]:
    yield request.param
