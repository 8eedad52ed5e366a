"""Big restart bodies: handled in one pass over the ids, and off the event loop."""

from __future__ import annotations

import asyncio
import json
import threading
import uuid
from typing import Any

import httpx
import pytest

from qovery_mock import ManualClock, create_app
from qovery_mock.dispatch import INLINE_BODY_LIMIT, Dispatcher
from qovery_mock.operations import NAMED_IN_ERRORS
from qovery_mock.transport import AsyncMockTransport
from tests.mock.mock_test_support import Api, assert_error_body

RESTART = "/environment/{}/service/restart-service"


def _body_of_ids(ids_for: Any, limit: int) -> bytes:
    """The largest {"application_ids": [...]} body within `limit` bytes, each id from `ids_for(n)`."""
    ids: list[str] = []
    size = len(b'{"application_ids": []}')
    while True:
        candidate = ids_for(len(ids))
        grown = size + len(candidate) + 4  # quotes, comma and space
        if grown > limit:
            break
        ids.append(candidate)
        size = grown
    body = json.dumps({"application_ids": ids}).encode()
    assert len(body) <= limit
    return body


def test_a_body_at_the_limit_of_distinct_unknown_ids_gets_a_short_404(api: Api) -> None:
    environment = api.ids["environments"][0]
    body = _body_of_ids(lambda _: str(uuid.uuid4()), api.mock.body_limit)
    count = len(json.loads(body)["application_ids"])
    assert count > 20_000
    response = api.client(timeout=60).post(
        RESTART.format(environment), content=body, headers={"content-type": "application/json"}
    )
    answer = assert_error_body(response, 404, environment, f"and {count - NAMED_IN_ERRORS} more")
    assert answer["message"].count("application ") == NAMED_IN_ERRORS
    assert api.mock.resource(environment)["total_deployment_requests"] == 0


def test_a_body_at_the_limit_of_repeated_ids_restarts_each_service_once(api: Api) -> None:
    environment = api.ids["environments"][0]
    applications = api.mock.services(environment)["applications"]
    # The same ids again and again, in every letter case: each names one service.
    spellings = [spelling for app in applications for spelling in (app, app.upper())]
    body = _body_of_ids(lambda index: spellings[index % len(spellings)], api.mock.body_limit)
    assert len(body) > INLINE_BODY_LIMIT
    response = api.client(timeout=60).post(
        RESTART.format(environment), content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 202, response.text
    for application in applications:
        assert api.mock.resource(application)["total_deployment_requests"] == 1
    assert api.mock.resource(environment)["total_deployment_requests"] == 1


async def test_other_requests_are_answered_while_a_big_body_is_handled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The big request's work waits until a small request has been answered: were the work done on the
    event loop, the small request could not be served meanwhile, and the big one would give up."""
    app = create_app(clock=ManualClock())
    mock = app.state.mock
    environment = mock.ids["environments"][0]
    job = mock.ids["jobs"][0]
    big_started = threading.Event()
    small_answered = threading.Event()
    handle = Dispatcher._handle

    def gated_handle(self: Dispatcher, *args: Any) -> Any:
        body = args[-1]
        if len(body.data) > INLINE_BODY_LIMIT:
            big_started.set()
            if not small_answered.wait(timeout=20):
                raise AssertionError("no other request was answered while the big body was handled")
        return handle(self, *args)

    monkeypatch.setattr(Dispatcher, "_handle", gated_handle)
    body = _body_of_ids(lambda _: str(uuid.uuid4()), mock.body_limit)
    headers = {"Authorization": f"Token {mock.default_token}", "content-type": "application/json"}
    async with httpx.AsyncClient(
        base_url="http://m", transport=AsyncMockTransport(app), headers=headers, timeout=60
    ) as client:
        big = asyncio.create_task(client.post(RESTART.format(environment), content=body))
        while not big_started.is_set():
            assert not big.done(), big.result().text
            await asyncio.sleep(0.01)
        small = await client.post(f"/job/{job}/redeploy")
        assert small.status_code == 202
        assert not big.done()
        small_answered.set()
        assert_error_body(await big, 404, environment)


@pytest.mark.parametrize("where", ["body", "path"])
def test_error_messages_stay_short_whatever_they_quote(api: Api, where: str) -> None:
    environment = api.ids["environments"][0]
    client = api.client(timeout=60)
    if where == "body":
        response = client.post(RESTART.format(environment), json={"application_ids": ["a" * 500_000]})
    else:
        response = client.post(f"/job/{'a' * 8000}/redeploy")
    answer = assert_error_body(response, 400, "more characters")
    assert len(answer["message"]) < 2100
    assert len(response.content) < 2200
