"""Helpers of the facade tests: the mock's clock as the client's, one way to call sync and async, scripted answers."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
from qovery_deploy_client import AsyncQovery, Qovery

from qovery_mock.clock import ManualClock
from tests.client.resilience_support import FakeClock

JOB_ID = "faea0b17-6f1b-4152-a793-cf00184d0022"
ENV_ID = "2d4b6e81-7c3a-4f19-b0d2-8e5a1c6f9b37"
REQUEST = "11111111-1111-4111-8111-111111111111"
EARLIER = "22222222-2222-4222-8222-222222222222"
LATER = "33333333-3333-4333-8333-333333333333"
TOKEN = "qov_facade_test_token"


class MockTime:
    """The client's clock on the mock's manual clock: sleeping moves the mock's time; every sleep is kept."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.clock.now()

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.clock.advance(seconds)

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)


@dataclass
class Facade:
    """A Qovery or an AsyncQovery; `call` awaits what the async one gives."""

    q: Qovery | AsyncQovery
    time: MockTime
    mock: Any

    @property
    def is_async(self) -> bool:
        return isinstance(self.q, AsyncQovery)

    async def call(self, value: Any) -> Any:
        return await value if inspect.isawaitable(value) else value


def status_body(
    request_id: str | None, state: str, *, count: int = 1, total: int | None = None
) -> dict[str, Any]:
    steps = {"total_duration_sec": total, "total_computing_duration_sec": 0, "details": []}
    return {
        "id": JOB_ID,
        "state": state,
        "service_deployment_status": "UP_TO_DATE",
        "status_details": {"action": "DEPLOY", "status": "ONGOING", "sub_action": "NONE"},
        "is_part_last_deployment": True,
        "deployment_request_id": request_id,
        "deployment_requests_count": count,
        "steps": steps,
    }


Answer = Callable[[httpx.Request], httpx.Response]


def answer(code: int, body: Any = None, headers: dict[str, str] | None = None) -> Answer:
    content = b"" if body is None else json.dumps(body).encode()
    all_headers = {"content-type": "application/json", **(headers or {})}
    return lambda request: httpx.Response(code, content=content, headers=all_headers)


@dataclass
class Script:
    """Answers in order, one per request; the last one repeats. Every request is kept."""

    answers: list[Answer]
    requests: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        index = min(len(self.requests), len(self.answers)) - 1
        return self.answers[index](request)

    def reads(self) -> Iterator[httpx.Request]:
        return (request for request in self.requests if request.method == "GET")


# A clock on its own: time moves when the code sleeps, or when a scripted answer says so.
FakeTime = FakeClock


def scripted(mode: str, script: Script, time: FakeTime) -> Qovery | AsyncQovery:
    """A Qovery (sync) or an AsyncQovery whose requests the script answers."""
    options: dict[str, Any] = {"base_url": "http://qovery.test", "token": TOKEN, "clock": time}
    if mode == "sync":
        return Qovery(**options, httpx_args={"transport": httpx.MockTransport(script)})
    return AsyncQovery(**options, httpx_args={"async_transport": httpx.MockTransport(script)})
