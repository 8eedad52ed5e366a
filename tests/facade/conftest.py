"""Fixtures of the facade tests: a Qovery (sync) or AsyncQovery on the in-process mock, on the mock's clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import pytest
from qovery_deploy_client import AsyncQovery, Qovery

from tests.facade.facade_support import Facade, MockTime

if TYPE_CHECKING:
    from qovery_mock.pytest_plugin import InProcessMock

pytest_plugins = ["qovery_mock.pytest_plugin"]


@pytest.fixture(params=["sync", "async"])
async def facade(request: pytest.FixtureRequest, qovery_mock: InProcessMock) -> AsyncIterator[Facade]:
    """Qovery, then AsyncQovery, talking to the in-process mock; sleeping moves the mock's clock."""
    time = MockTime(qovery_mock.clock)
    args: dict[str, Any] = {
        "transport": qovery_mock.transport,
        "async_transport": qovery_mock.async_transport(),
    }
    options: dict[str, Any] = {"base_url": qovery_mock.base_url, "token": qovery_mock.token, "clock": time}
    if request.param == "sync":
        with Qovery(**options, httpx_args=args) as q:
            yield Facade(q, time, qovery_mock)
    else:
        async with AsyncQovery(**options, httpx_args=args) as aq:
            yield Facade(aq, time, qovery_mock)
