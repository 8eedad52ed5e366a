"""The request pipeline of the Qovery operations.

Order: injected faults that replace the answer (after any injected latency); then authentication
(401); then input validation against the spec: path parameters, query parameters, body size (413) and
body (400); then the operation's own checks: existence (404), ownership (403), deletion in progress
(409); then the answer, shaped by the spec's response schema, and any contract-breaking fault.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from email.utils import formatdate
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from starlette.types import Receive, Scope, Send

from qovery_mock.auth import authenticate
from qovery_mock.errors import ApiError, error_body
from qovery_mock.faults import (
    BODY_KINDS,
    DEFAULT_NON_JSON_BODY,
    DEFAULT_NON_JSON_TYPE,
    PRE_RESPONSE_KINDS,
    Fault,
    FaultKind,
    break_body,
)
from qovery_mock.operations import BEHAVIORS, Call
from qovery_mock.spec import Operation, decode_path_value, first_error, is_json_media_type
from qovery_mock.wire import Body, drop_connection, header, read_body, send_bytes, send_error

if TYPE_CHECKING:
    from qovery_mock.mock import Mock

DEPLOY_FAILURE_KINDS = frozenset({FaultKind.DEPLOY_FAILURE})
# Bodies larger than this are handled in a worker thread rather than on the event loop.
INLINE_BODY_LIMIT = 16 * 1024


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


class Dispatcher:
    """Answers the requests that match an operation of the spec."""

    def __init__(self, mock: Mock) -> None:
        self.mock = mock

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send, operation: Operation, raw_params: dict[str, str]
    ) -> None:
        mock = self.mock
        body = await read_body(receive, mock.body_limit)
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        if mock.faults:
            first_param = operation.path_params[0].name if operation.path_params else None
            target = decode_path_value(raw_params[first_param]).lower() if first_param else None
            fired = mock.faults.take(PRE_RESPONSE_KINDS, operation.operation_id, target, query)
            delay = sum(fault.latency or 0.0 for fault in fired)
            if delay:
                await asyncio.sleep(delay)
            terminal = next((fault for fault in fired if fault.kind is not FaultKind.LATENCY), None)
            if terminal is not None:
                await self._answer_with_fault(terminal, send)
                return
        try:
            if len(body.data) > INLINE_BODY_LIMIT:
                # Parsing, validating and acting on a big body takes a while: done in a worker thread,
                # the event loop keeps answering other requests meanwhile.
                call, view = await asyncio.to_thread(self._handle, scope, operation, raw_params, query, body)
            else:
                call, view = self._handle(scope, operation, raw_params, query, body)
        except ApiError as error:
            await send_error(send, error.status, error.message, error.headers, close=not body.complete)
            return
        answer = operation.shape(view)
        if mock.faults:
            for fault in mock.faults.take(BODY_KINDS, operation.operation_id, call.resource_id, query):
                break_body(fault, answer)
        await send_bytes(send, operation.success_status, json.dumps(answer).encode(), close=not body.complete)

    def _handle(
        self,
        scope: Scope,
        operation: Operation,
        raw_params: dict[str, str],
        query: dict[str, list[str]],
        body: Body,
    ) -> tuple[Call, dict[str, Any]]:
        """The well-formed call and the resource's view after the operation acted; ApiError otherwise."""
        call = self._parse(scope, operation, raw_params, query, body)
        view = BEHAVIORS[operation.operation_id].handler(
            self.mock.store, call, self._failure_oracle(call, query)
        )
        return call, view

    def _failure_oracle(self, call: Call, query: dict[str, list[str]]) -> Callable[[], bool]:
        """Whether the deployment this call queues must fail; asked only when one is queued."""
        faults = self.mock.faults

        def should_fail() -> bool:
            if not faults:
                return False
            return bool(faults.take(DEPLOY_FAILURE_KINDS, call.operation_id, call.resource_id, query))

        return should_fail

    def _parse(
        self,
        scope: Scope,
        operation: Operation,
        raw_params: dict[str, str],
        query: dict[str, list[str]],
        body: Body,
    ) -> Call:
        organization = authenticate(self.mock.store, header(scope, b"authorization"))

        resource_id = ""
        for parameter in operation.path_params:
            value, problem = parameter.check(decode_path_value(raw_params[parameter.name]))
            if problem:
                raise ApiError(400, f"path parameter {parameter.name}: {problem}")
            if not resource_id:
                resource_id = str(value).lower()

        typed_query: dict[str, Any] = {}
        for parameter in operation.query_params:
            values = query.get(parameter.name)
            if values is None:
                if parameter.required:
                    raise ApiError(400, f"query parameter {parameter.name} is required")
                continue
            if len(values) > 1:
                raise ApiError(400, f"query parameter {parameter.name} is given {len(values)} times")
            value, problem = parameter.check(values[0])
            if problem:
                raise ApiError(400, f"query parameter {parameter.name}: {problem}")
            typed_query[parameter.name] = value

        return Call(
            operation_id=operation.operation_id,
            organization=organization,
            resource_id=resource_id,
            query=typed_query,
            body=self._parse_body(scope, operation, body),
        )

    def _parse_body(self, scope: Scope, operation: Operation, body: Body) -> Any:
        spec = operation.body
        if spec is None:
            return None
        if body.too_large:
            raise ApiError(413, f"the request body is larger than {self.mock.body_limit} bytes")
        if not body.data.strip():
            if spec.required:
                raise ApiError(400, "a JSON request body is required")
            return None
        content_type = header(scope, b"content-type")
        if content_type is not None and not is_json_media_type(content_type):
            raise ApiError(400, f"the request body must be JSON, not {content_type}")
        try:
            parsed = json.loads(body.data, parse_constant=_reject_constant)
        except (ValueError, RecursionError) as error:
            raise ApiError(400, f"the request body is not valid JSON: {error}") from None
        try:
            problem = first_error(spec.validator, parsed)
        except RecursionError:
            problem = "nested too deeply"
        if problem:
            raise ApiError(400, f"request body: {problem}")
        return parsed

    async def _answer_with_fault(self, fault: Fault, send: Send) -> None:
        if fault.kind is FaultKind.DROP:
            await drop_connection()
            return
        status = fault.status or 500
        if fault.kind is FaultKind.NON_JSON:
            body = (fault.body if fault.body is not None else DEFAULT_NON_JSON_BODY).encode()
            content_type = (fault.content_type or DEFAULT_NON_JSON_TYPE).encode("latin-1")
            await send_bytes(send, status, body, content_type=content_type)
            return
        headers: dict[str, str] = {}
        if fault.retry_after is not None:
            if fault.retry_after_format == "http-date":
                moment = self.mock.clock.now() + float(fault.retry_after)
                headers["retry-after"] = formatdate(moment, usegmt=True)
            else:
                headers["retry-after"] = str(fault.retry_after)
        message = f"injected fault ({fault.kind.value} #{fault.id})"
        await send_bytes(send, status, error_body(status, message), headers=headers)
