"""The generated client, checked against the spec on one exchange: what it sent and what it made of the answer."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import httpx

from contract_tests.harness.client_calls import ClientOperation, ClientOutcome, Exchange
from contract_tests.harness.failures import ContractViolation, violation_message
from contract_tests.harness.json_compare import differences, normalize
from contract_tests.harness.request_check import check_request, sent_values
from contract_tests.harness.spec import Operation, Spec


def _fail(
    operation: Operation,
    check: str,
    problems: Iterable[str],
    expected: str,
    exchange: Exchange | None,
    secrets: Iterable[str],
) -> None:
    raise ContractViolation(
        violation_message(
            operation=operation,
            check=check,
            problems=problems,
            expected=expected,
            request=exchange.request if exchange else None,
            response=exchange.response if exchange else None,
            secrets=secrets,
        )
    )


def check_sent_request(
    spec: Spec,
    operation: Operation,
    exchange: Exchange,
    base_url: str,
    intended: Mapping[str, Any],
    secrets: Iterable[str] = (),
) -> None:
    """The request is one the spec documents, and it carries the values the client was given."""
    problems = check_request(spec, operation, exchange.request, base_url)
    if problems:
        _fail(
            operation,
            "client request conforms to the spec",
            problems,
            "the method, path, query, headers and body documented for this operation",
            exchange,
            secrets,
        )
    sent = sent_values(operation, exchange.request, base_url)
    declared = {parameter.name: parameter.schema for parameter in operation.parameters}
    mismatches: list[str] = []
    for section in ("path", "query"):
        expected = {name: normalize(spec, declared[name], value) for name, value in intended[section].items()}
        actual = {
            name: normalize(spec, declared.get(name, {}), value) for name, value in sent[section].items()
        }
        mismatches += differences(expected, actual, f"${section}")
    if operation.body_schema is not None:
        expected_body = normalize(spec, operation.body_schema, intended["body"])
        actual_body = normalize(spec, operation.body_schema, sent["body"])
        mismatches += differences(expected_body, actual_body, "$body")
    if mismatches:
        _fail(
            operation,
            "client sends the values it was given",
            mismatches,
            "the request carries exactly the arguments passed to the client",
            exchange,
            secrets,
        )


def check_parsed_answer(
    spec: Spec,
    client_operation: ClientOperation,
    exchange: Exchange,
    outcome: ClientOutcome,
    secrets: Iterable[str] = (),
) -> None:
    """A success became the documented model, whose `to_dict()` is the JSON received; any other status raised its error."""
    from qovery_deploy_client.errors import APIStatusError

    operation = client_operation.operation
    response: httpx.Response = exchange.response
    if response.status_code == operation.success_status:
        model = client_operation.model_class(spec.schema_name(operation.success_schema))
        if outcome.error is not None or not isinstance(outcome.parsed, model):
            _fail(
                operation,
                "client parses the documented answer",
                [f"the client gave {type(outcome.parsed).__name__} / raised {outcome.error!r}"],
                f"HTTP {operation.success_status} with a {model.__name__} body parses into {model.__name__}",
                exchange,
                secrets,
            )
        received = normalize(spec, operation.success_schema, json.loads(response.content))
        rebuilt = normalize(spec, operation.success_schema, outcome.parsed.to_dict())
        mismatches = differences(received, rebuilt)
        if mismatches:
            _fail(
                operation,
                "client model round-trips the answer",
                mismatches,
                f"{model.__name__}.to_dict() gives back the JSON received",
                exchange,
                secrets,
            )
        return
    error = outcome.error
    problems: list[str] = []
    if not isinstance(error, APIStatusError):
        problems.append(f"no APIStatusError was raised (got {error!r}, parsed {outcome.parsed!r})")
    else:
        if error.status_code != response.status_code:
            problems.append(
                f"error.status_code is {error.status_code}, the answer was {response.status_code}"
            )
        if error.content != response.content:
            problems.append("error.content is not the body of the answer")
        if error.operation != operation.operation_id:
            problems.append(f"error.operation is {error.operation!r}, expected {operation.operation_id!r}")
    if problems:
        _fail(
            operation,
            "client raises a typed error for an error answer",
            problems,
            f"HTTP {response.status_code} raises an APIStatusError carrying status, body and operation",
            exchange,
            secrets,
        )
