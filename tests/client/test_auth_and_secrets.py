"""Who the client says it is, where it sends, and the token kept out of everything but the header."""

import importlib.metadata
import json
import logging
import socket
import traceback
from collections.abc import Iterator

import httpx
import pytest
from qovery_deploy_client import AuthenticatedClient, Client, RetryPolicy, errors
from qovery_deploy_client.client import DEFAULT_BASE_URL, USER_AGENT

from tests.client.resilience_support import (
    ACCEPTED,
    JOB_ID,
    STATUS_BODY,
    TOKEN,
    FakeClock,
    LocalHTTPServer,
    Redeploy,
    ScriptedServer,
    client_for,
    status,
)

JWT = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIn0.c2lnbmF0dXJlLW9mLXRoZS1qd3Q"
VERSION = importlib.metadata.version("qovery-deploy-client")


@pytest.fixture(autouse=True)
def no_qovery_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests start from an environment without the client's variables; those that need one set it."""
    monkeypatch.delenv("QOVERY_API_TOKEN", raising=False)
    monkeypatch.delenv("QOVERY_API_URL", raising=False)


def echo(request: httpx.Request) -> httpx.Response:
    """The worst server: it repeats the request's credential in its answer."""
    return httpx.Response(401, json={"message": f"bad credential {request.headers.get('authorization')}"})


# The Authorization header.


@pytest.mark.parametrize(
    ("token", "prefix", "header"),
    [
        (TOKEN, None, f"Token {TOKEN}"),
        (f"Token {TOKEN}", None, f"Token {TOKEN}"),
        (f"token {TOKEN}", None, f"Token {TOKEN}"),
        (JWT, None, f"Bearer {JWT}"),
        (f"Bearer {JWT}", None, f"Bearer {JWT}"),
        (f"bearer {JWT}", None, f"Bearer {JWT}"),
        ("an-opaque-oidc-access-token", "Bearer", "Bearer an-opaque-oidc-access-token"),
        (JWT, "Token", f"Token {JWT}"),
        (f"  {TOKEN}\n", None, f"Token {TOKEN}"),
    ],
    ids=[
        "bare token",
        "Token prefix",
        "lower-case token prefix",
        "bare JWT",
        "Bearer prefix",
        "lower-case bearer prefix",
        "prefix argument",
        "prefix argument wins over JWT detection",
        "surrounding white space of a token read from a file",
    ],
)
async def test_the_authorization_header_is_sent_in_token_or_bearer_form(
    redeploy: Redeploy, token: str, prefix: str | None, header: str
) -> None:
    server = ScriptedServer(ACCEPTED)

    await redeploy(client_for(server, token=token, prefix=prefix))

    assert server.requests[0].headers["authorization"] == header


async def test_the_token_is_read_from_qovery_api_token(
    redeploy: Redeploy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QOVERY_API_TOKEN", JWT)
    server = ScriptedServer(ACCEPTED)

    await redeploy(client_for(server, token=None))

    assert server.requests[0].headers["authorization"] == f"Bearer {JWT}"


async def test_a_token_given_wins_over_qovery_api_token(
    redeploy: Redeploy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QOVERY_API_TOKEN", "from-the-environment")
    server = ScriptedServer(ACCEPTED)

    await redeploy(client_for(server, token=TOKEN))

    assert server.requests[0].headers["authorization"] == f"Token {TOKEN}"


async def test_every_attempt_carries_the_header(redeploy: Redeploy) -> None:
    server = ScriptedServer(status(503), ACCEPTED)

    await redeploy(client_for(server))

    assert [request.headers["authorization"] for request in server.requests] == [f"Token {TOKEN}"] * 2


@pytest.mark.parametrize("value", [None, "", "   ", "\n"], ids=["unset", "empty", "blank", "newline"])
def test_no_token_anywhere_raises_missing_token_error(
    monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    if value is not None:
        monkeypatch.setenv("QOVERY_API_TOKEN", value)

    with pytest.raises(errors.MissingTokenError, match="QOVERY_API_TOKEN") as caught:
        AuthenticatedClient(base_url="https://api.test")

    assert isinstance(caught.value, ValueError) and isinstance(caught.value, errors.QoveryError)


@pytest.mark.parametrize("token", ["", "  ", "Token ", "Bearer  "])
def test_an_empty_token_given_raises_missing_token_error(token: str) -> None:
    with pytest.raises(errors.MissingTokenError):
        AuthenticatedClient(base_url="https://api.test", token=token)


BROKEN_TOKENS = [
    "qov_first-half\nsecond-half-of-it",
    "qov_first-half\r\nX-Injected: second-half",
    "qov_first-half second-half-of-it",
    "qov_first-half\tsecond-half-of-it",
    "Token qov_first-half second-half-of-it",
    "qov_first-half\x00second-half-of-it",
    "qov_first-half\x7fsecond-half-of-it",
]


@pytest.mark.parametrize("token", BROKEN_TOKENS, ids=repr)
def test_a_token_with_white_space_or_control_characters_is_refused_without_echoing_it(token: str) -> None:
    with pytest.raises(errors.MissingTokenError) as caught:
        AuthenticatedClient(base_url="https://api.test", token=token)

    shown = f"{caught.value} {caught.value!r} {caught.value.args}"
    assert "first-half" not in shown and "second-half" not in shown
    assert "white space or control characters" in str(caught.value)


def test_a_broken_token_from_the_environment_is_refused_without_echoing_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("QOVERY_API_TOKEN", "qov_first-half\nsecond-half-of-it")

    with pytest.raises(errors.MissingTokenError) as caught:
        AuthenticatedClient(base_url="https://api.test")

    assert "half" not in f"{caught.value} {caught.value!r}"


# Who the client says it is, and where it sends.


async def test_the_user_agent_names_the_package_and_its_version(redeploy: Redeploy) -> None:
    server = ScriptedServer(ACCEPTED)

    await redeploy(client_for(server))

    user_agent = server.requests[0].headers["user-agent"]
    assert user_agent == USER_AGENT
    assert user_agent.startswith(f"qovery-deploy-client/{VERSION} ")
    assert f"python-httpx/{httpx.__version__}" in user_agent


def test_an_unauthenticated_client_sends_the_user_agent_and_extra_headers_too() -> None:
    server = ScriptedServer(status(401))
    client = Client(base_url="https://api.test", httpx_args={"transport": httpx.MockTransport(server)})

    client.with_headers({"X-Request-Id": "abc"}).get_httpx_client().post("/job/x/redeploy")

    assert server.requests[0].headers["user-agent"].startswith(f"qovery-deploy-client/{VERSION} ")
    assert server.requests[0].headers["x-request-id"] == "abc"
    assert "authorization" not in server.requests[0].headers


async def test_the_base_url_is_read_from_qovery_api_url(
    redeploy: Redeploy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QOVERY_API_URL", "https://qovery.example.test/api")
    server = ScriptedServer(ACCEPTED)
    client = AuthenticatedClient(token=TOKEN, httpx_args={"transport": httpx.MockTransport(server)})

    await redeploy(client)

    assert client.base_url == "https://qovery.example.test/api"
    assert str(server.requests[0].url) == f"https://qovery.example.test/api/job/{JOB_ID}/redeploy"


async def test_without_qovery_api_url_the_base_url_is_qoverys(redeploy: Redeploy) -> None:
    server = ScriptedServer(ACCEPTED)
    client = AuthenticatedClient(token=TOKEN, httpx_args={"transport": httpx.MockTransport(server)})

    await redeploy(client)

    assert client.base_url == DEFAULT_BASE_URL == "https://api.qovery.com"
    assert str(server.requests[0].url) == f"https://api.qovery.com/job/{JOB_ID}/redeploy"


def test_a_base_url_given_wins_over_qovery_api_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QOVERY_API_URL", "https://qovery.example.test/api")

    assert AuthenticatedClient("https://given.test", token=TOKEN).base_url == "https://given.test"


# The token kept secret.


@pytest.mark.parametrize("token", [TOKEN, f"Token {TOKEN}", JWT, f"Bearer {JWT}"])
def test_the_token_is_not_in_the_clients_repr(token: str) -> None:
    client = AuthenticatedClient(base_url="https://api.test", token=token, clock=FakeClock())
    secret = token.split()[-1]

    client.get_httpx_client()
    shown = [
        repr(client),
        str(client),
        repr(client.with_headers({"X-A": "b"})),
        repr(client.with_timeout(3)),
        repr(client.with_retry(RetryPolicy(max_attempts=1))),
    ]

    assert all(secret not in text for text in shown)
    assert "AuthenticatedClient(" in shown[0]


def test_the_token_from_the_environment_is_not_in_the_clients_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QOVERY_API_TOKEN", TOKEN)

    assert TOKEN not in repr(AuthenticatedClient(base_url="https://api.test"))


ERROR_STATUSES = [400, 401, 403, 404, 409, 413, 418, 429, 500, 502, 503]


@pytest.mark.parametrize("code", ERROR_STATUSES)
async def test_the_token_is_not_in_an_error_even_when_the_server_echoes_it(
    redeploy: Redeploy, code: int
) -> None:
    def echo_with(request: httpx.Request) -> httpx.Response:
        return httpx.Response(code, json={"message": f"refused {request.headers['authorization']}"})

    server = ScriptedServer(echo_with)

    with pytest.raises(errors.APIStatusError) as caught:
        await redeploy(client_for(server, retry=RetryPolicy(max_attempts=1)))

    assert server.requests[0].headers["authorization"] == f"Token {TOKEN}"
    error = caught.value
    assert error.status_code == code
    for text in (str(error), repr(error), repr(error.args)):
        assert TOKEN not in text
    assert "refused [REDACTED]" in str(error)


@pytest.mark.parametrize(
    "body",
    [
        f"<html>bad gateway for {TOKEN}</html>".encode(),
        json.dumps({**STATUS_BODY, "id": TOKEN}).encode(),
        json.dumps({**STATUS_BODY, "status_details": 7, "note": TOKEN}).encode(),
        json.dumps({**STATUS_BODY, "last_deployment_date": TOKEN}).encode(),
    ],
    ids=["not JSON", "a bad id", "a bad field beside it", "the token where a date belongs"],
)
async def test_the_token_is_not_in_a_response_validation_error_nor_its_traceback(
    redeploy: Redeploy, body: bytes
) -> None:
    server = ScriptedServer(lambda request: httpx.Response(202, content=body))

    with pytest.raises(errors.ResponseValidationError) as caught:
        await redeploy(client_for(server))

    traceback_text = "".join(traceback.format_exception(caught.value))
    for text in (str(caught.value), repr(caught.value), caught.value.reason, traceback_text):
        assert TOKEN not in text
    assert "[REDACTED]" in str(caught.value)


async def test_the_token_is_not_in_a_bearer_error_in_either_part(redeploy: Redeploy) -> None:
    server = ScriptedServer(echo)

    with pytest.raises(errors.AuthenticationError) as caught:
        await redeploy(client_for(server, token=JWT))

    assert JWT not in str(caught.value)
    assert "bad credential [REDACTED]" in str(caught.value)


async def test_a_token_is_not_left_in_part_where_a_long_body_is_cut(redeploy: Redeploy) -> None:
    def long_echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, text="x" * 490 + request.headers["authorization"] + "y" * 200)

    with pytest.raises(errors.BadRequestError) as caught:
        await redeploy(client_for(ScriptedServer(long_echo)))

    assert TOKEN[:8] not in str(caught.value)


async def test_the_token_is_not_in_a_transport_error(redeploy: Redeploy) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = AuthenticatedClient(
        base_url=f"http://127.0.0.1:{port}", token=TOKEN, clock=FakeClock(), retry=RetryPolicy(max_attempts=2)
    )

    with pytest.raises(errors.APIConnectionError) as caught:
        await redeploy(client)

    assert isinstance(caught.value.__cause__, httpx.TransportError)
    assert TOKEN not in f"{caught.value} {caught.value!r} {caught.value.__cause__}"


@pytest.fixture
def http_server() -> Iterator[str]:
    """A real HTTP server on 127.0.0.1, answering 503 then 202: httpx and httpcore log as in production."""
    with LocalHTTPServer(503, 202) as server:
        yield server.url


async def test_the_token_is_not_in_any_log_record_at_debug(
    redeploy: Redeploy, http_server: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = AuthenticatedClient(base_url=http_server, token=TOKEN, clock=FakeClock())

    result = await redeploy(client)
    with pytest.raises(errors.AuthenticationError):
        await redeploy(client_for(ScriptedServer(echo)))

    assert result.id == JOB_ID
    names = {record.name for record in caplog.records}
    assert {"qovery_deploy_client", "httpx"} <= names
    assert any(name.startswith("httpcore") for name in names)
    ours = [record.getMessage() for record in caplog.records if record.name == "qovery_deploy_client"]
    assert "redeployJob: attempt 1: HTTP 503" in ours and "redeployJob: attempt 2: HTTP 202" in ours
    assert TOKEN not in caplog.text
    for record in caplog.records:
        assert TOKEN not in record.getMessage()
        assert TOKEN not in repr(record.args)
