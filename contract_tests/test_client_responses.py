"""Client contract, response side: answers generated from the spec's response schemas, fed to every operation.

Nothing goes over the network: an httpx MockTransport answers the client. Successes carry bodies the spec
allows, read the way real servers send them (nulls, absent optional fields, fields the spec does not
name, enum values it does not list); each must become the documented model whose `to_dict()` gives back
the JSON. Error statuses carry arbitrary bodies; each must raise the typed error of its status.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contract_tests.harness import case_log
from contract_tests.harness.client_calls import ClientOperation, RecordingTransport, make_client
from contract_tests.harness.client_checks import check_parsed_answer
from contract_tests.harness.response_strategies import ResponseStrategies, any_json, without_enums
from contract_tests.harness.settings import ContractSettings
from contract_tests.harness.spec import Operation, Spec, load_spec

OPERATIONS = sorted(load_spec().operations.values(), key=lambda operation: operation.operation_id)
FAKE_BASE_URL = "http://client-contract.invalid"
FAKE_TOKEN = "client-contract-token"
UNDOCUMENTED_ERRORS = (418, 500, 502, 503, 504)


def _settings(count: int) -> settings:
    return settings(
        max_examples=count, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
    )


class AnsweringClient:
    """The generated client of one operation, answered by whatever function `ask` is given."""

    def __init__(self, operation: Operation) -> None:
        self.operation = ClientOperation.of(operation)
        self._answer: Callable[[httpx.Request], httpx.Response] | None = None
        self._recorder = RecordingTransport(httpx.MockTransport(self._respond))
        self._client = make_client(FAKE_BASE_URL, FAKE_TOKEN, self._recorder)
        path_name = operation.path_parameter.name
        self._arguments = self.operation.arguments({path_name: str(uuid.uuid4())}, {}, None, False)

    def _respond(self, request: httpx.Request) -> httpx.Response:
        assert self._answer is not None
        return self._answer(request)

    def ask(self, answer: Callable[[httpx.Request], httpx.Response]) -> tuple[Any, Any]:
        """Call the operation once with `answer` as the server; the exchange and the client's outcome."""
        self._answer = answer
        self._recorder.exchanges.clear()
        outcome = self.operation.call(self._client, self._arguments)
        return self._recorder.last(), outcome


def answer_with(status: int, body: Any) -> Callable[[httpx.Request], httpx.Response]:
    """A server that answers every request with `status` and `body` as JSON."""

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=body, request=request)

    return answer


def features(spec: Spec, schema: Any, value: Any) -> Iterator[str]:
    """Which of the tolerated shapes a generated body shows: null, absent optional, extra field, unknown enum."""
    schema = spec.resolve(schema)
    if value is None:
        yield "null"
        return
    for keyword in ("anyOf", "oneOf"):
        if keyword in schema:
            branches = [branch for branch in schema[keyword] if spec.resolve(branch).get("type") != "null"]
            if branches:
                yield from features(spec, branches[0], value)
            return
    if "enum" in schema and value not in schema["enum"]:
        yield "unknown enum value"
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        if set(properties) - set(value):
            yield "absent optional"
        if set(value) - set(properties):
            yield "extra field"
        for key, item in value.items():
            if key in properties:
                yield from features(spec, properties[key], item)
    if isinstance(value, list):
        for item in value:
            yield from features(spec, schema.get("items", {}), item)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.operation_id)
def test_spec_valid_answers_parse(
    operation: Operation, spec: Spec, contract_settings: ContractSettings
) -> None:
    strategies = ResponseStrategies(spec)
    tolerant = Spec(without_enums(spec.raw))
    client = AnsweringClient(operation)
    seen: set[str] = set()

    @_settings(contract_settings.examples)
    @given(body=strategies.for_schema(operation.success_schema))
    def answer_parses(body: Any) -> None:
        assert tolerant.validator(operation.success_schema).is_valid(body), (
            f"generated an invalid body: {body!r}"
        )
        seen.update(features(spec, operation.success_schema, body))
        exchange, outcome = client.ask(answer_with(operation.success_status, body))
        case_log.record(operation.operation_id, "client responses")
        check_parsed_answer(spec, client.operation, exchange, outcome)

    answer_parses()
    assert seen >= {"null", "absent optional", "extra field", "unknown enum value"}, seen


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.operation_id)
def test_spec_examples_parse(operation: Operation, spec: Spec) -> None:
    content = operation.responses[str(operation.success_status)]["content"]["application/json"]
    examples = [example["value"] for example in content.get("examples", {}).values()]
    assert examples, f"{operation.operation_id} documents no example answer"
    client = AnsweringClient(operation)
    for body in examples:
        exchange, outcome = client.ask(answer_with(operation.success_status, body))
        check_parsed_answer(spec, client.operation, exchange, outcome)


error_bodies = st.one_of(
    st.just(b""),
    any_json.map(lambda value: json.dumps(value).encode()),
    st.text(max_size=200).map(str.encode),
    st.binary(max_size=64),
)

retry_after_values = st.one_of(
    st.integers(min_value=0, max_value=10**6).map(str),
    st.datetimes().map(lambda moment: moment.strftime("%a, %d %b %Y %H:%M:%S GMT")),
    st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=30),
)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.operation_id)
def test_error_answers_raise_typed_errors(
    operation: Operation, spec: Spec, contract_settings: ContractSettings
) -> None:
    statuses = sorted(
        {code for code in operation.documented_statuses if code >= 400} | set(UNDOCUMENTED_ERRORS)
    )
    client = AnsweringClient(operation)

    @_settings(contract_settings.examples)
    @given(status=st.sampled_from(statuses), body=error_bodies, retry_after=st.none() | retry_after_values)
    def error_raises(status: int, body: bytes, retry_after: str | None) -> None:
        headers = {"Retry-After": retry_after} if retry_after is not None else {}

        def answer(request: httpx.Request) -> httpx.Response:
            return httpx.Response(status, content=body, headers=headers, request=request)

        exchange, outcome = client.ask(answer)
        check_parsed_answer(spec, client.operation, exchange, outcome)

    error_raises()
