"""Admin routes under /_mock/: faults, clock, state inspection, reset.

They take no authentication: the mock is meant for loopback testing only.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from qovery_mock.clock import ClockNotAdjustable, check_advance
from qovery_mock.errors import error_payload
from qovery_mock.faults import FaultError
from qovery_mock.mock import Mock

ADMIN_PREFIX = "/_mock"
ADMIN_BODY_LIMIT = 64 * 1024
ADMIN_MAX_DEPTH = 8


def _mock(request: Request) -> Mock:
    mock: Mock = request.app.state.mock
    return mock


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse(error_payload(status, message), status_code=status)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _depth(value: Any) -> int:
    """How deeply arrays and objects nest in a JSON value (0 for a scalar), without recursion."""
    deepest = 0
    pending = [(value, 1)]
    while pending:
        node, level = pending.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        if level > ADMIN_MAX_DEPTH:
            break
        pending.extend((child, level + 1) for child in children)
    return deepest


async def _json_body(request: Request) -> Any:
    """The JSON body, or ValueError: too large, not JSON (NaN and Infinity included), or nested
    deeper than ADMIN_MAX_DEPTH."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > ADMIN_BODY_LIMIT:
            raise ValueError(f"the body is larger than {ADMIN_BODY_LIMIT} bytes")
        chunks.append(chunk)
    data = b"".join(chunks)
    if not data.strip():
        return None
    try:
        payload = json.loads(data, parse_constant=_reject_constant)
    except RecursionError:
        raise ValueError(f"it nests deeper than {ADMIN_MAX_DEPTH} levels") from None
    if _depth(payload) > ADMIN_MAX_DEPTH:
        raise ValueError(f"it nests deeper than {ADMIN_MAX_DEPTH} levels")
    return payload


async def info(request: Request) -> Response:
    return JSONResponse(_mock(request).info())


async def list_faults(request: Request) -> Response:
    return JSONResponse({"faults": _mock(request).faults.describe()})


async def add_faults(request: Request) -> Response:
    """Body: one fault object or a list of them, with the keyword arguments of `Mock.add_fault`."""
    mock = _mock(request)
    try:
        payload = await _json_body(request)
    except ValueError as error:
        return _error(400, f"the body is not valid JSON: {error}")
    specs = payload if isinstance(payload, list) else [payload]
    if not specs or not all(isinstance(item, dict) for item in specs):
        return _error(400, "send a fault object or a list of fault objects")
    try:
        added = mock.faults.add_all(specs)
    except FaultError as error:
        return _error(400, f"nothing added: {error}")
    return JSONResponse({"faults": [fault.describe() for fault in added]}, status_code=201)


async def clear_faults(request: Request) -> Response:
    _mock(request).clear_faults()
    return Response(status_code=204)


async def clock(request: Request) -> Response:
    return JSONResponse(_mock(request).clock_info())


async def advance_clock(request: Request) -> Response:
    """Body: {"seconds": n}. Only a manual clock can be advanced (409 on the real clock)."""
    mock = _mock(request)
    try:
        payload = await _json_body(request)
    except ValueError as error:
        return _error(400, f"the body is not valid JSON: {error}")
    if not isinstance(payload, dict) or set(payload) != {"seconds"}:
        return _error(400, 'send {"seconds": n}')
    try:
        mock.clock.advance(check_advance(payload["seconds"]))
    except ClockNotAdjustable as error:
        return _error(409, str(error))
    except (TypeError, ValueError) as error:
        return _error(400, f'send {{"seconds": n}}: {error}')
    return JSONResponse(mock.clock_info())


async def resources(request: Request) -> Response:
    mock = _mock(request)
    return JSONResponse(
        {"resources": [mock.resource(resource_id) for resource_id in list(mock.store.resources)]}
    )


async def resource(request: Request) -> Response:
    mock = _mock(request)
    resource_id = request.path_params["resource_id"]
    try:
        return JSONResponse(mock.resource(resource_id))
    except KeyError:
        return _error(404, f"no resource has id {resource_id}")


async def reset(request: Request) -> Response:
    mock = _mock(request)
    mock.reset()
    return JSONResponse(mock.info())


ROUTES = [
    Route(f"{ADMIN_PREFIX}/info", info, methods=["GET"]),
    Route(f"{ADMIN_PREFIX}/faults", list_faults, methods=["GET"]),
    Route(f"{ADMIN_PREFIX}/faults", add_faults, methods=["POST"]),
    Route(f"{ADMIN_PREFIX}/faults", clear_faults, methods=["DELETE"]),
    Route(f"{ADMIN_PREFIX}/clock", clock, methods=["GET"]),
    Route(f"{ADMIN_PREFIX}/clock/advance", advance_clock, methods=["POST"]),
    Route(f"{ADMIN_PREFIX}/resources", resources, methods=["GET"]),
    Route(f"{ADMIN_PREFIX}/resources/{{resource_id}}", resource, methods=["GET"]),
    Route(f"{ADMIN_PREFIX}/reset", reset, methods=["POST"]),
]
