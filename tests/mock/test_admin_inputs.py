"""Admin inputs are checked: nothing an admin call accepts can make a later request fail."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

import h11
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qovery_mock import FaultError, FaultKind, ManualClock, create_app
from qovery_mock.admin import ADMIN_MAX_DEPTH
from qovery_mock.clock import LATEST, MAX_ADVANCE
from qovery_mock.faults import FAULT_PARAMETERS, MAX_FAULTS
from qovery_mock.server import ServerThread
from qovery_mock.transport import MockTransport
from tests.mock.mock_test_support import OPERATIONS, Api, assert_error_body, operation_path

ADVANCE = "/_mock/clock/advance"
FAULTS = "/_mock/faults"


def _post_json(client: httpx.Client, path: str, text: str) -> httpx.Response:
    return client.post(path, content=text.encode(), headers={"content-type": "application/json"})


def _every_operation_answers(api: Api) -> None:
    client = api.client()
    for operation_id in OPERATIONS:
        group = "environments" if operation_id in ("redeployEnvironment", "rebootServices") else None
        resource = api.ids[group or operation_id.removeprefix("redeploy").lower() + "s"][0]
        response = client.post(operation_path(operation_id, resource))
        assert response.status_code == 202, (operation_id, response.text)


@pytest.mark.parametrize(
    "seconds",
    [
        "1e308",
        "NaN",
        "Infinity",
        "-Infinity",
        "1e999",
        "-1",
        str(10**400),
        str(MAX_ADVANCE + 1),
        '"5"',
        "true",
    ],
)
def test_a_clock_advance_must_be_finite_and_bounded(api: Api, seconds: str) -> None:
    client = api.client(None)
    before = client.get("/_mock/clock").json()
    assert_error_body(_post_json(client, ADVANCE, f'{{"seconds": {seconds}}}'), 400)
    assert client.get("/_mock/clock").json() == before
    _every_operation_answers(api)


def test_the_clock_stops_at_its_latest_time(api: Api) -> None:
    client = api.client(None)
    steps = math.ceil((LATEST - api.clock.now()) / MAX_ADVANCE)
    for _ in range(steps - 1):
        assert client.post(ADVANCE, json={"seconds": MAX_ADVANCE}).status_code == 200
    assert_error_body(client.post(ADVANCE, json={"seconds": MAX_ADVANCE}), 400, "cannot go past")
    assert api.clock.now() <= LATEST
    api.mock.add_fault(
        "redeployHelm", "status", status=429, retry_after=10**9, retry_after_format="http-date"
    )
    answer = api.client().post(f"/helm/{api.ids['helms'][0]}/redeploy")
    assert_error_body(answer, 429)
    assert answer.headers["retry-after"].endswith("GMT")
    api.mock.clear_faults()
    _every_operation_answers(api)


BAD_FAULTS = [
    {"kind": "latency", "latency": math.inf},
    {"kind": "status", "status": 100},
    {"kind": "status", "status": True},
    {"kind": "status", "status": "503"},
    {"kind": "status", "count": True},
    {"kind": "status", "count": 1.5},
    {"kind": "status", "rate": "0.5"},
    {"kind": "status", "seed": [1]},
    {"kind": "status", "operation": ["redeployJob"]},
    {"kind": ["status"]},
    {"kind": "status", "retry_after": 10**30},
    {"kind": "status", "retry_after": 1.5},
    {"kind": "status", "retry_after": [5]},
    {"kind": "status", "retry_after": "5\r\nSet-Cookie: a=b"},
    {"kind": "status", "retry_after": "caf\u00e9"},
    {"kind": "status", "retry_after": 10**11, "retry_after_format": "http-date"},
    {"kind": "status", "retry_after_format": ["seconds"]},
    {"kind": "non_json", "content_type": "text/plain\r\nX-Evil: 1"},
    {"kind": "non_json", "content_type": "text/\u00e9"},
    {"kind": "non_json", "content_type": 5},
    {"kind": "non_json", "body": "a\x00b"},
    {"kind": "non_json", "body": "\x1b[31mred"},
    {"kind": "non_json", "body": "\ud800"},
    {"kind": "non_json", "body": {"a": 1}},
    {"kind": "flip_type", "field": "state\n"},
    {"kind": "flip_type", "field": 3},
    {"kind": "error_for_input", "resource_id": 5},
    {"kind": "error_for_input", "query": {"forceEvent": 5}},
    {"kind": "error_for_input", "query": ["forceEvent"]},
    {"kind": "error_for_input", "query": {"forceEvent": "START\x00"}},
]


@pytest.mark.parametrize("fault", BAD_FAULTS, ids=lambda fault: json.dumps(fault)[:60])
def test_faults_with_wrong_fields_are_refused(api: Api, fault: dict[str, Any]) -> None:
    client = api.client(None)
    assert_error_body(_post_json(client, FAULTS, json.dumps(fault)), 400)
    with pytest.raises(FaultError):
        api.mock.faults.add(fault)
    assert client.get(FAULTS).json()["faults"] == []
    _every_operation_answers(api)


def test_faults_are_added_all_or_none(api: Api) -> None:
    client = api.client(None)
    good = {"kind": "status", "status": 503}
    answer = client.post(FAULTS, json=[good, good, {"kind": "status", "status": "x"}])
    assert_error_body(answer, 400, "fault 3", "nothing added")
    assert client.get(FAULTS).json()["faults"] == []
    assert client.post(FAULTS, json=[good] * 2).status_code == 201
    assert [fault["id"] for fault in client.get(FAULTS).json()["faults"]] == [1, 2]


def test_the_number_of_faults_is_bounded(api: Api) -> None:
    api.mock.faults.add_all([{"kind": "drop_field", "count": 1}] * MAX_FAULTS)
    with pytest.raises(FaultError, match="at most"):
        api.mock.add_fault("*", "status")
    assert len(api.mock.faults.describe()) == MAX_FAULTS


@pytest.mark.parametrize("depth", [ADMIN_MAX_DEPTH + 1, 5000, 100_000])
@pytest.mark.parametrize("path", [FAULTS, ADVANCE])
def test_deeply_nested_admin_bodies_get_400(api: Api, path: str, depth: int) -> None:
    text = '{"kind": ' + "[" * depth + "]" * depth + "}"
    response = _post_json(api.client(None), path, text)
    assert_error_body(response, 400, "larger than" if len(text) > 64 * 1024 else "nests deeper")


@pytest.mark.parametrize("status", [204, 304])
def test_bodiless_statuses_answer_without_a_body(api: Api, status: int) -> None:
    api.mock.add_fault("redeployJob", "status", status=status, count=1)
    api.mock.add_fault("redeployHelm", "non_json", status=status, count=1)
    for path in (f"/job/{api.ids['jobs'][0]}/redeploy", f"/helm/{api.ids['helms'][0]}/redeploy"):
        response = api.client().post(path)
        assert response.status_code == status
        assert response.content == b""
    _every_operation_answers(api)


# The property: any sequence of admin calls, then a request for every operation. Each request gets a
# complete, well-formed HTTP answer or a dropped connection, and a 5xx only when a fault asked for it.

JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def _slow(value: Any) -> bool:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    return number and math.isfinite(value) and 0.005 < value <= 60


FAULT_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "operation": st.sampled_from([*OPERATIONS, "*", "nope"]) | JSON_VALUES,
    "kind": st.sampled_from([kind.value for kind in FaultKind]) | JSON_VALUES,
    "count": st.integers(min_value=-1, max_value=3) | JSON_VALUES,
    "rate": st.floats(min_value=0, max_value=1) | JSON_VALUES,
    "seed": st.integers() | JSON_VALUES,
    "status": st.sampled_from([200, 204, 304, 400, 429, 500, 503, 599, 100, 600]) | JSON_VALUES,
    "retry_after": st.integers(min_value=-(10**19), max_value=10**19) | st.text(max_size=20) | JSON_VALUES,
    "retry_after_format": st.sampled_from(["seconds", "http-date"]) | JSON_VALUES,
    # Valid latencies stay tiny: the property is about answers, not waiting.
    "latency": (st.floats(min_value=0, max_value=0.005) | JSON_VALUES).filter(lambda v: not _slow(v)),
    "field": st.sampled_from(["state", "status_details.status", "id", "", "a.b.c"]) | JSON_VALUES,
    "body": st.text(max_size=40) | JSON_VALUES,
    "content_type": st.sampled_from(["text/plain", "application/json", ""]) | st.text(max_size=20),
    "resource_id": st.text(max_size=40) | JSON_VALUES,
    "query": st.dictionaries(st.sampled_from(["forceEvent", "applyImmediately"]), st.text(max_size=8))
    | JSON_VALUES,
}
assert set(FAULT_FIELDS) == FAULT_PARAMETERS
FAULT_SPECS = st.fixed_dictionaries({}, optional=FAULT_FIELDS)
ADMIN_CALLS = st.lists(
    st.tuples(st.just(FAULTS), FAULT_SPECS | st.lists(FAULT_SPECS, min_size=1, max_size=3))
    | st.tuples(
        st.just(ADVANCE),
        st.fixed_dictionaries({"seconds": st.floats(allow_nan=True) | st.integers(max_value=10**12)})
        | JSON_VALUES,
    )
    | st.tuples(st.just("/_mock/reset"), st.none()),
    max_size=4,
)


@pytest.fixture(scope="module", params=["in-process", "http"])
def target(request: pytest.FixtureRequest) -> Iterator[Api]:
    app = create_app(clock=ManualClock())
    if request.param == "in-process":
        transport = MockTransport(app)
        api = Api("in-process", app.state.mock, "http://qovery-mock", transport)
        yield api
        api.close()
        transport.close()
    else:
        with ServerThread(app) as server:
            api = Api("http", app.state.mock, server.url, None)
            yield api
            api.close()


def _assert_well_formed(response: httpx.Response) -> None:
    """The answer as an HTTP/1.1 parser would take it: valid status and header bytes, and a length
    that matches the body."""
    h11.Response(status_code=response.status_code, headers=response.headers.raw, reason=b"")
    if response.status_code in (204, 304):
        assert response.content == b""
    else:
        assert int(response.headers["content-length"]) == len(response.content)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(calls=ADMIN_CALLS)
def test_no_admin_call_makes_a_later_request_fail(target: Api, calls: list[tuple[str, Any]]) -> None:
    target.mock.reset()
    admin = target.client(None)
    for path, payload in calls:
        text = json.dumps(payload, allow_nan=True)
        answer = _post_json(admin, path, text)
        assert answer.status_code in (200, 201, 400), (path, text, answer.text)
        _assert_well_formed(answer)
    faults = admin.get(FAULTS)
    assert faults.status_code == 200
    asked_for_5xx = any((fault.get("status") or 0) >= 500 for fault in faults.json()["faults"])
    assert admin.get("/_mock/info").status_code == 200
    assert admin.get("/_mock/clock").status_code == 200
    client = target.client()
    for operation_id in OPERATIONS:
        group = "environments" if operation_id in ("redeployEnvironment", "rebootServices") else None
        resource = target.ids[group or operation_id.removeprefix("redeploy").lower() + "s"][0]
        try:
            response = client.post(operation_path(operation_id, resource))
        except httpx.RemoteProtocolError:
            continue  # a drop fault
        _assert_well_formed(response)
        assert response.status_code < 500 or asked_for_5xx, response.text
    assert admin.get("/_mock/resources").status_code == 200
