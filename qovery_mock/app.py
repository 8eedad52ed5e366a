"""The ASGI app: the spec's operations, answered by a fast dispatcher, and the admin routes."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from qovery_mock.admin import ADMIN_PREFIX, ROUTES
from qovery_mock.clock import Clock, SystemClock
from qovery_mock.dispatch import Dispatcher
from qovery_mock.errors import error_payload
from qovery_mock.fixtures import FixtureSource, load_fixture
from qovery_mock.mock import Mock
from qovery_mock.spec import Spec
from qovery_mock.wire import read_body, send_error
from qovery_openapi import SpecError

ADMIN_PATH_PREFIX = ADMIN_PREFIX.encode() + b"/"


async def _http_error(request: Request, error: Exception) -> Response:
    status = error.status_code if isinstance(error, HTTPException) else 500
    message = error.detail if isinstance(error, HTTPException) else "internal error"
    headers = error.headers if isinstance(error, HTTPException) else None
    return JSONResponse(error_payload(status, str(message)), status_code=status, headers=headers)


class MockApp(Starlette):
    """Starlette app whose requests on the spec's paths skip routing and middleware.

    The Qovery operations are matched against the spec's path templates on the raw path (so that an
    encoded `/` inside an id is refused as a malformed id, not as an unknown path), and answered by
    the dispatcher with the raw ASGI `send`, which it needs to drop a connection on demand.
    """

    def __init__(self, mock: Mock) -> None:
        super().__init__(routes=ROUTES, exception_handlers={HTTPException: _http_error})
        self.state.mock = mock
        self.mock = mock
        self._dispatcher = Dispatcher(mock)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw_path: bytes = scope.get("raw_path") or scope["path"].encode()
            raw_path = raw_path.split(b"?", 1)[0]
            if not raw_path.startswith(ADMIN_PATH_PREFIX):
                path = raw_path.decode("latin-1")
                operation, params, path_known = self.mock.spec.match(scope["method"], path)
                if operation is not None:
                    await self._dispatcher(scope, receive, send, operation, params)
                    return
                await read_body(receive, 0)
                if path_known:
                    allowed = ", ".join(self.mock.spec.allowed_methods(path))
                    await send_error(send, 405, f"{scope['method']} is not allowed here", {"allow": allowed})
                else:
                    await send_error(send, 404, f"no operation at {scope['path']}")
                return
        await super().__call__(scope, receive, send)


def create_app(
    fixtures: FixtureSource = None,
    *,
    clock: Clock | None = None,
    spec_path: str | Path | None = None,
) -> MockApp:
    """A mock app; `app.state.mock` is its `Mock`.

    `fixtures`: a fixture file path, a mapping in the fixture format, or None for
    `$QOVERY_MOCK_FIXTURES` or the shipped default. `clock`: a `ManualClock` for tests; the real clock
    by default. `spec_path`: the OpenAPI document; `$QOVERY_MOCK_SPEC` or the repository's
    `openapi.yaml` by default.
    """
    spec = Spec.load(spec_path)
    if any(template.startswith(ADMIN_PREFIX + "/") for template in spec.path_templates):
        raise SpecError(f"the spec declares paths under {ADMIN_PREFIX}/, which the mock keeps for itself")
    mock = Mock(spec, load_fixture(fixtures), clock if clock is not None else SystemClock())
    return MockApp(mock)
