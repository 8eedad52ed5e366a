"""Every answer that is not a documented success reaches the caller as a typed, readable error."""

import asyncio
import json
from typing import Any

import httpx
import pytest
from qovery_deploy_client import RetryPolicy, errors

from tests.client.client_support import OPERATIONS, Operation, client_answering, json_answer

NO_RETRY = RetryPolicy(max_attempts=1)

STATUS_ERRORS = [
    (400, errors.BadRequestError),
    (401, errors.AuthenticationError),
    (403, errors.PermissionDeniedError),
    (404, errors.NotFoundError),
    (409, errors.ConflictError),
    (413, errors.PayloadTooLargeError),
    (429, errors.RateLimitError),
    (500, errors.InternalServerError),
    (502, errors.InternalServerError),
    (418, errors.UnexpectedStatus),
]


@pytest.mark.parametrize(("status", "kind"), STATUS_ERRORS, ids=[str(status) for status, _ in STATUS_ERRORS])
def test_each_status_raises_its_own_error_naming_operation_status_and_body(
    operation: Operation, status: int, kind: type[errors.APIStatusError]
) -> None:
    body = {"status": status, "message": f"refused with {status}"}
    with pytest.raises(kind) as caught:
        operation.call(client_answering(json_answer(body, status), retry=NO_RETRY))
    error = caught.value
    assert type(error) is kind
    assert error.operation == operation.operation_id
    assert error.status_code == status
    assert error.body == body
    message = str(error)
    assert message.startswith(f"{operation.operation_id}: HTTP {status} ")
    assert f"refused with {status}" in message


def test_a_success_status_the_operation_does_not_document_is_unexpected(operation: Operation) -> None:
    other = 202 if operation.success_code == 200 else 200
    with pytest.raises(errors.UnexpectedStatus) as caught:
        operation.call(client_answering(json_answer({"message": "odd"}, other), retry=NO_RETRY))
    assert caught.value.status_code == other and caught.value.operation == operation.operation_id


def test_the_four_client_errors_are_told_apart() -> None:
    kinds = {
        errors.AuthenticationError,
        errors.PermissionDeniedError,
        errors.NotFoundError,
        errors.ConflictError,
    }
    assert len(kinds) == 4
    for kind in kinds:
        assert issubclass(kind, errors.APIStatusError)
        assert all(not issubclass(kind, other) for other in kinds - {kind})


def test_an_error_with_an_empty_or_non_json_body_still_reads(operation: Operation) -> None:
    with pytest.raises(errors.NotFoundError) as caught:
        operation.call(client_answering(lambda request: httpx.Response(404)))
    assert caught.value.body is None
    assert "(empty body)" in str(caught.value)
    with pytest.raises(errors.ConflictError) as conflict:
        operation.call(client_answering(lambda request: httpx.Response(409, text="<html>busy</html>")))
    assert conflict.value.content == b"<html>busy</html>"
    assert "<html>busy</html>" in str(conflict.value)


def test_a_long_error_body_is_cut_in_the_message_but_kept_whole() -> None:
    body = "x" * 5000
    with pytest.raises(errors.BadRequestError) as caught:
        OPERATIONS[0].call(client_answering(lambda request: httpx.Response(400, text=body)))
    assert len(str(caught.value)) < 700
    assert caught.value.content == body.encode()


BROKEN_SUCCESSES: list[tuple[str, Any, str]] = [
    ("not JSON", b"<html>gateway</html>", "is not JSON"),
    ("empty", b"", "is not JSON"),
    ("a list", [1, 2], "does not match the documented schema"),
    ("a string", "DEPLOYED", "does not match the documented schema"),
    ("missing id", {"state": "DEPLOYED"}, "does not match the documented schema"),
    ("id not a uuid", {"id": 7}, "does not match the documented schema"),
]


@pytest.mark.parametrize(
    ("case", "body", "reason"), BROKEN_SUCCESSES, ids=[case for case, _, _ in BROKEN_SUCCESSES]
)
def test_a_success_with_a_broken_body_gives_a_clear_error(
    operation: Operation, case: str, body: Any, reason: str
) -> None:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    with pytest.raises(errors.ResponseValidationError) as caught:
        operation.call(
            client_answering(lambda request: httpx.Response(operation.success_code, content=content))
        )
    error = caught.value
    assert error.operation == operation.operation_id and error.status_code == operation.success_code
    assert reason in str(error) and error.content == content
    assert not isinstance(error, KeyError)


def test_a_field_of_the_wrong_type_gives_a_clear_error() -> None:
    body = {
        "id": "2d4b6e81-7c3a-4f19-b0d2-8e5a1c6f9b37",
        "state": "DEPLOYED",
        "service_deployment_status": "UP_TO_DATE",
        "status_details": "not an object",
    }
    status_operations = [op for op in OPERATIONS if op.success_schema_name == "Status"]
    for operation in status_operations:
        with pytest.raises(errors.ResponseValidationError, match="does not match the documented schema"):
            operation.call(client_answering(json_answer(body, operation.success_code)))


@pytest.mark.parametrize("bad_id", ["not-a-uuid", "", "../../organization", "2d4b6e81-7c3a-4f19-b0d2"])
def test_a_malformed_id_is_refused_before_anything_is_sent(operation: Operation, bad_id: str) -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(202)

    with pytest.raises(errors.InvalidArgumentError, match="must be a UUID"):
        operation.module.sync(**operation.path_arguments(bad_id), client=client_answering(answer))
    assert sent == []


def test_an_id_given_as_text_is_sent_as_the_uuid(operation: Operation) -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(404)

    with pytest.raises(errors.NotFoundError):
        operation.module.sync(
            **operation.path_arguments("2D4B6E81-7C3A-4F19-B0D2-8E5A1C6F9B37"),
            client=client_answering(answer),
        )
    assert "2d4b6e81-7c3a-4f19-b0d2-8e5a1c6f9b37" in sent[0].url.path


def test_async_functions_raise_the_same_errors(operation: Operation) -> None:
    with pytest.raises(errors.PermissionDeniedError) as caught:
        asyncio.run(operation.acall(client_answering(json_answer({"message": "no"}, 403))))
    assert caught.value.operation == operation.operation_id


def test_detailed_functions_raise_too(operation: Operation) -> None:
    with pytest.raises(errors.NotFoundError):
        operation.call_detailed(client_answering(json_answer({}, 404)))


def test_retry_after_is_read_from_a_rate_limit_error() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, headers={"Retry-After": "7"})

    with pytest.raises(errors.RateLimitError) as caught:
        OPERATIONS[0].call(client_answering(answer, retry=NO_RETRY))
    assert caught.value.retry_after == 7.0
