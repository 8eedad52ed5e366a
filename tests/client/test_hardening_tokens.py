"""Tokens: one that cannot be sent is refused when the client is made; none is ever in a log record,
not even in httpcore's DEBUG records of answer headers in which a server echoes it."""

import json
import logging
import socket

import pytest
from qovery_deploy_client import AuthenticatedClient, errors
from qovery_deploy_client.api.job_actions import redeploy_job

from tests.client.hardening_support import RawServer, answer
from tests.client.resilience_support import JOB_ID, STATUS_BODY

TOKEN = "qov_echo-Me-1234567890abcdef"


@pytest.mark.parametrize(
    "token", ["qov_caf\u00e9", "qov_\u2603snow", "qov_\u00a0nbsp", "qov_tab\there", "eyJ\u00e9.a.b"]
)
def test_a_token_a_header_cannot_carry_is_refused_when_the_client_is_made(token: str) -> None:
    with pytest.raises(errors.QoveryError) as caught:
        AuthenticatedClient(base_url="https://api.test", token=token)

    assert isinstance(caught.value, errors.MissingTokenError)
    assert token not in str(caught.value) and token.strip() not in repr(caught.value)


def test_a_prefix_a_header_cannot_carry_is_refused_when_the_client_is_made() -> None:
    with pytest.raises(errors.MissingTokenError):
        AuthenticatedClient(base_url="https://api.test", token="qov_fine", prefix="B\u00e9arer")


def test_a_token_that_is_not_text_is_refused() -> None:
    with pytest.raises(errors.MissingTokenError):
        AuthenticatedClient(base_url="https://api.test", token=b"qov_bytes")  # type: ignore[arg-type]


def echo_authorization(connection: socket.socket, request: bytes) -> None:
    """Answers 202, echoing the request's Authorization header in answer headers and in the body."""
    head = request.partition(b"\r\n\r\n")[0].decode()
    authorization = next(
        line.partition(":")[2].strip()
        for line in head.split("\r\n")
        if line.lower().startswith("authorization:")
    )
    body = json.dumps({**STATUS_BODY, "echo": authorization}).encode()
    headers = {"X-Echo": authorization, "Set-Cookie": f"session={authorization.split()[-1]}"}
    connection.sendall(answer(202, body, headers))


def test_no_log_record_holds_the_token_even_when_the_server_echoes_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    with RawServer(echo_authorization) as server:
        client = AuthenticatedClient(base_url=server.url, token=TOKEN)
        status = redeploy_job.sync(JOB_ID, client=client)

    assert status.additional_properties["echo"] == f"Token {TOKEN}"
    httpcore_headers = [
        record for record in caplog.records if "receive_response_headers.complete" in record.getMessage()
    ]
    assert httpcore_headers, "httpcore logged no answer headers: the test shows nothing"
    assert "[REDACTED]" in httpcore_headers[0].getMessage()
    for record in caplog.records:
        assert TOKEN not in record.getMessage(), record.name
        assert TOKEN not in caplog.text


async def test_no_log_record_of_an_async_call_holds_the_token(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with RawServer(echo_authorization) as server:
        client = AuthenticatedClient(base_url=server.url, token=TOKEN)
        await redeploy_job.asyncio(JOB_ID, client=client)

    assert any("receive_response_headers" in record.getMessage() for record in caplog.records)
    assert TOKEN not in caplog.text
