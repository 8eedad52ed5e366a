"""One case sent through the generated client, with every client-side check on what went out and came back."""

from __future__ import annotations

from typing import Any

from schemathesis.checks import not_a_server_error
from schemathesis.core import NotSet
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from contract_tests.harness import case_log
from contract_tests.harness.client_calls import ClientOperation, Exchange, RecordingTransport
from contract_tests.harness.client_checks import check_parsed_answer, check_sent_request
from contract_tests.harness.failures import annotate
from contract_tests.harness.request_check import wire_value
from contract_tests.harness.spec import Operation, Spec

RESPONSE_CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def intended_values(operation: Operation, case: Any) -> dict[str, Any]:
    """The case's values the client can be asked to send: declared parameters and the body."""
    declared = {parameter.name: parameter for parameter in operation.parameters}
    return {
        "path": {name: value for name, value in case.path_parameters.items() if name in declared},
        "query": {
            name: wire_value(declared[name], value) if isinstance(value, str) else value
            for name, value in case.query.items()
            if name in declared
        },
        "body": None if isinstance(case.body, NotSet) else case.body,
        "has_body": not isinstance(case.body, NotSet),
    }


def exercise_client(
    case: Any,
    operation: Operation,
    spec: Spec,
    client: Any,
    recorder: RecordingTransport,
    base_url: str,
    secrets: list[str],
    column: str = "client requests",
) -> Exchange:
    """Call the client with the case's values; check the request, the answer, and what the client made of it."""
    client_operation = ClientOperation.of(operation)
    intended = intended_values(operation, case)
    arguments = client_operation.arguments(
        intended["path"], intended["query"], intended["body"], intended["has_body"]
    )
    recorder.exchanges.clear()
    outcome = client_operation.call(client, arguments)
    exchange = recorder.last()
    case_log.record(operation.operation_id, column)
    check_sent_request(spec, operation, exchange, base_url, intended, secrets)
    try:
        case.validate_response(exchange.response, checks=RESPONSE_CHECKS)
    except FailureGroup as error:
        annotate(error, operation)
        raise
    check_parsed_answer(spec, client_operation, exchange, outcome, secrets)
    return exchange
