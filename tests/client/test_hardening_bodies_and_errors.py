"""Every failure to read a body is a QoveryError (broken gzip or deflate, an unrequested encoding,
invalid UTF-8, deep nesting, a body past MAX_BODY_BYTES once decompressed); `.body` never raises; and
every error survives copy.copy, copy.deepcopy and pickle."""

import copy
import gzip
import json
import pickle
import zlib
from typing import Any

import httpx
import pytest
from qovery_deploy_client import AuthenticatedClient, errors
from qovery_deploy_client._body import MAX_BODY_BYTES
from qovery_deploy_client.api.job_actions import redeploy_job

from tests.client.hardening_support import RawServer, answer
from tests.client.resilience_support import JOB_ID, STATUS_BODY, TOKEN, Redeploy, ScriptedServer, client_for

GOOD = json.dumps(STATUS_BODY).encode()


def encoded(code: int, content: bytes, encoding: str) -> Any:
    # As a network transport gives it: the body still encoded, not read yet.
    headers = {"content-type": "application/json", "content-encoding": encoding}
    return lambda request: httpx.Response(code, stream=httpx.ByteStream(content), headers=headers)


BOMB = gzip.compress(b"[" + b" " * (MAX_BODY_BYTES + 10) + b"]")


@pytest.mark.parametrize("code", [202, 503, 400])
@pytest.mark.parametrize(
    ("content", "encoding", "reason"),
    [
        (b"this is not gzip at all", "gzip", "gzip data is broken"),
        (gzip.compress(GOOD)[:-12], "gzip", "cut short"),
        (b"not deflate at all", "deflate", "deflate data is broken"),
        (GOOD, "br", "'br' is not one the client asked for"),
        (BOMB, "gzip", f"larger than {MAX_BODY_BYTES} bytes"),
    ],
    ids=["broken gzip", "truncated gzip", "broken deflate", "brotli", "gzip bomb"],
)
async def test_a_body_that_cannot_be_read_raises_a_qovery_error(
    redeploy: Redeploy, code: int, content: bytes, encoding: str, reason: str
) -> None:
    assert len(BOMB) < 20_000
    with pytest.raises(errors.ResponseBodyError, match=reason) as caught:
        await redeploy(client_for(ScriptedServer(encoded(code, content, encoding))))
    assert caught.value.status_code == code and caught.value.operation == "redeployJob"


async def test_a_body_past_the_limit_without_compression_is_refused(redeploy: Redeploy) -> None:
    big = b'{"x": "' + b"y" * MAX_BODY_BYTES + b'"}'
    with pytest.raises(errors.ResponseBodyError, match="larger than"):
        await redeploy(client_for(ScriptedServer(encoded(202, big, "identity"))))


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "x-gzip", "gzip, identity"])
async def test_gzip_and_deflate_bodies_are_read(redeploy: Redeploy, encoding: str) -> None:
    content = zlib.compress(GOOD) if encoding == "deflate" else gzip.compress(GOOD)
    status = await redeploy(client_for(ScriptedServer(encoded(202, content, encoding))))
    assert str(status.id) == str(JOB_ID)


async def test_raw_deflate_as_some_servers_send_it_is_read(redeploy: Redeploy) -> None:
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    content = raw.compress(GOOD) + raw.flush()
    status = await redeploy(client_for(ScriptedServer(encoded(202, content, "deflate"))))
    assert str(status.id) == str(JOB_ID)


def test_a_broken_gzip_over_a_real_connection_is_a_qovery_error() -> None:
    broken = answer(202, b"\x1f\x8b\x08\x00garbage", {"Content-Encoding": "gzip"})
    with (
        RawServer(lambda connection, request: connection.sendall(broken)) as server,
        pytest.raises(errors.ResponseBodyError),
    ):
        redeploy_job.sync(JOB_ID, client=AuthenticatedClient(base_url=server.url, token=TOKEN))
    assert len(server.requests) == 1


DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize(
    ("content", "reason"),
    [(DEEP, "nested too deeply"), (b'{"id": "\xff\xfe"}', "is not JSON"), (b"\xc3\x28", "is not JSON")],
    ids=["deep nesting", "invalid UTF-8 in a string", "invalid UTF-8"],
)
async def test_a_success_body_that_cannot_be_decoded_raises_response_validation_error(
    redeploy: Redeploy, content: bytes, reason: str
) -> None:
    with pytest.raises(errors.ResponseValidationError, match=reason):
        await redeploy(client_for(ScriptedServer(encoded(202, content, "identity"))))


@pytest.mark.parametrize("content", [DEEP, b"\xff\xfe\xfd", b'{"message": "\xff"}', b"NaN", b""])
async def test_the_body_of_an_error_never_raises(redeploy: Redeploy, content: bytes) -> None:
    with pytest.raises(errors.BadRequestError) as caught:
        await redeploy(client_for(ScriptedServer(encoded(400, content, "identity"))))
    body = caught.value.body
    assert body is None or isinstance(body, float)
    assert str(caught.value)


# Errors travel: pickle, copy and deepcopy give an equal error of the same class.


def every_error() -> list[errors.QoveryError]:
    response = httpx.Response(429, content=b'{"message": "slow"}', headers={"Retry-After": "3"})
    made: list[errors.QoveryError] = [
        errors.error_for_response(
            "redeployJob", httpx.Response(code, content=b'{"m": 1}', headers={"X": "y"})
        )
        for code in (400, 401, 403, 404, 409, 413, 418, 500, 503)
    ]
    made += [
        errors.error_for_response("redeployJob", response),
        errors.APIStatusError("redeployJob", 500, b"x", {"a": "b"}),
        errors.ResponseValidationError("getJobStatus", 200, b"{}", "is not right"),
        errors.ResponseBodyError("getJobStatus", 200, "its gzip data is broken"),
        errors.InvalidArgumentError("job_id must be a UUID"),
        errors.MissingTokenError("no API token"),
        errors.EventLoopError("another loop"),
        errors.QoveryError("plain"),
    ]
    return made


@pytest.mark.parametrize("error", every_error(), ids=lambda error: type(error).__name__)
@pytest.mark.parametrize("how", ["pickle", "copy", "deepcopy"])
def test_every_error_survives_pickle_copy_and_deepcopy(error: errors.QoveryError, how: str) -> None:
    twin = {
        "pickle": lambda: pickle.loads(pickle.dumps(error)),
        "copy": lambda: copy.copy(error),
        "deepcopy": lambda: copy.deepcopy(error),
    }[how]()

    assert type(twin) is type(error)
    assert str(twin) == str(error) and twin.args == error.args
    assert vars(twin) == vars(error)
    if isinstance(error, errors.RateLimitError):
        assert twin.retry_after == 3.0  # type: ignore[attr-defined]
    if isinstance(error, errors.APIStatusError):
        assert twin.body == error.body  # type: ignore[attr-defined]


class ReadingTransport(httpx.BaseTransport):
    """A transport below the client's that reads each answer, as a recording one does."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.responses: list[httpx.Response] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        self.responses.append(response)
        return response


def test_a_body_read_by_a_transport_below_is_handed_on_and_its_answer_keeps_its_request() -> None:
    body = gzip.compress(GOOD)
    reading = ReadingTransport(httpx.MockTransport(encoded(202, body, "gzip")))
    client = AuthenticatedClient(base_url="https://api.test", token=TOKEN, httpx_args={"transport": reading})

    status = redeploy_job.sync(JOB_ID, client=client)

    assert str(status.id) == str(JOB_ID)
    assert reading.responses[0].request.url.path == f"/job/{JOB_ID}/redeploy"
