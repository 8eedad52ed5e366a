"""What the retry, timeout and secrecy tests share: a clock that only pretends to sleep, and a server
that answers from a script and counts what reached it."""

import json
import threading
from collections.abc import Awaitable, Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from uuid import UUID

import httpx
from qovery_deploy_client import AuthenticatedClient
from qovery_deploy_client.api.deployment_status import get_job_status
from qovery_deploy_client.api.job_actions import redeploy_job

JOB_ID = UUID("6f1c8a02-4d2e-4b8f-9a51-0c3e7d9b1a44")
TOKEN = "qov_s3cr3t-T0KEN-value-1234567890"
STATUS_BODY: dict[str, Any] = {
    "id": str(JOB_ID),
    "state": "DEPLOYMENT_QUEUED",
    "service_deployment_status": "OUT_OF_DATE",
    "status_details": {"action": "DEPLOY", "status": "QUEUED"},
}

Answer = Callable[[httpx.Request], httpx.Response]


class FakeClock:
    """Time that moves only when the client sleeps; every sleep is recorded."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)


def status(code: int, body: Any = None, headers: dict[str, str] | None = None) -> Answer:
    content = b"" if body is None else json.dumps(body).encode()
    all_headers = {"content-type": "application/json", **(headers or {})}
    return lambda request: httpx.Response(code, content=content, headers=all_headers)


ACCEPTED = status(202, STATUS_BODY)
READ = status(200, STATUS_BODY)


def fails(kind: type[httpx.TransportError], message: str = "failed") -> Answer:
    def answer(request: httpx.Request) -> httpx.Response:
        raise kind(message, request=request)

    return answer


class ScriptedServer:
    """Answers the n-th request with the n-th answer of the script, and the rest with the last one.

    `requests` holds every request the transport was handed, those that then failed included.
    """

    def __init__(self, *script: Answer) -> None:
        self.script = script
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.script[min(len(self.requests), len(self.script)) - 1](request)


def client_for(server: Answer, clock: FakeClock | None = None, **kwargs: Any) -> AuthenticatedClient:
    """A client of the scripted server, on a fake clock unless told otherwise."""
    kwargs.setdefault("token", TOKEN)
    return AuthenticatedClient(
        base_url="https://api.test",
        httpx_args={"transport": httpx.MockTransport(server)},
        clock=clock or FakeClock(),
        **kwargs,
    )


Redeploy = Callable[..., Awaitable[Any]]


def redeploy_in(mode: str) -> Redeploy:
    """redeployJob through the synchronous or the asynchronous function, awaitable either way."""

    async def call(client: AuthenticatedClient, **kwargs: Any) -> Any:
        if mode == "sync":
            return redeploy_job.sync(JOB_ID, client=client, **kwargs)
        return await redeploy_job.asyncio(JOB_ID, client=client, **kwargs)

    return call


def read_in(mode: str) -> Redeploy:
    """getJobStatus through the synchronous or the asynchronous function, awaitable either way."""

    async def call(client: AuthenticatedClient, **kwargs: Any) -> Any:
        if mode == "sync":
            return get_job_status.sync(JOB_ID, client=client, **kwargs)
        return await get_job_status.asyncio(JOB_ID, client=client, **kwargs)

    return call


class LocalHTTPServer:
    """A real HTTP server on 127.0.0.1 that answers POSTs with the given statuses in turn (the last
    repeats), 202 with a Status body; `paths` records the request target of each request, which is an
    absolute URL when the server is reached as a proxy."""

    def __init__(self, *codes: int) -> None:
        self.codes = codes
        self.paths: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                owner.paths.append(self.path)
                code = owner.codes[min(len(owner.paths), len(owner.codes)) - 1]
                content = json.dumps(STATUS_BODY if code == 202 else {"message": "busy"}).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            def log_message(self, format: str, *args: Any) -> None:
                return None

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02})

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
