"""From a generated case to a call of the generated client, and the exchange that call made."""

from __future__ import annotations

import enum
import importlib
import time
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from uuid import UUID

import httpx

from contract_tests.harness.spec import Operation, snake_case

CLIENT_PACKAGE = "qovery_deploy_client"


@dataclass
class Exchange:
    request: httpx.Request
    response: httpx.Response


@dataclass
class RecordingTransport(httpx.BaseTransport):
    """Sends through `inner` and keeps every request and its fully read response."""

    inner: httpx.BaseTransport
    exchanges: list[Exchange] = field(default_factory=list)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        started = time.monotonic()
        response = self.inner.handle_request(request)
        response.read()
        response.elapsed = timedelta(seconds=time.monotonic() - started)
        self.exchanges.append(Exchange(request, response))
        return response

    def close(self) -> None:
        """Nothing to close: the transport it records through belongs to whoever lent it."""

    def last(self) -> Exchange:
        if not self.exchanges:
            raise AssertionError("the client sent no request")
        return self.exchanges[-1]


@dataclass
class ClientOutcome:
    """What a call of the client gave back: a parsed answer or the error it raised."""

    parsed: Any = None
    error: Exception | None = None


def _without_unset(annotation: Any) -> list[Any]:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        members = typing.get_args(annotation)
    else:
        members = (annotation,)
    return [member for member in members if getattr(member, "__name__", "") != "Unset"]


def _convert(value: Any, annotation: Any) -> Any:
    members = _without_unset(annotation)
    if value is None and type(None) in members:
        return None
    for member in members:
        if member is UUID:
            return UUID(value)
        if isinstance(member, type) and issubclass(member, enum.Enum):
            return member(value)
        if hasattr(member, "from_dict"):
            return member.from_dict(value)
    return value


@dataclass(frozen=True)
class ClientOperation:
    """One operation of the spec and the module the generator made of it."""

    operation: Operation
    module: types.ModuleType

    @classmethod
    def of(cls, operation: Operation) -> ClientOperation:
        name = f"{CLIENT_PACKAGE}.api.{snake_case(operation.tag)}.{snake_case(operation.operation_id)}"
        return cls(operation, importlib.import_module(name))

    def arguments(
        self, path_parameters: Mapping[str, Any], query: Mapping[str, Any], body: Any, has_body: bool
    ) -> dict[str, Any]:
        """The keyword arguments of `sync_detailed` that send these values."""
        hints = typing.get_type_hints(self.module.sync_detailed)
        arguments: dict[str, Any] = {}
        for source in (path_parameters, query):
            for name, value in source.items():
                argument = snake_case(name)
                arguments[argument] = _convert(value, hints[argument])
        if has_body:
            arguments["body"] = _convert(body, hints["body"])
        return arguments

    def call(self, client: Any, arguments: Mapping[str, Any]) -> ClientOutcome:
        from qovery_deploy_client.errors import QoveryError

        try:
            return ClientOutcome(parsed=self.module.sync_detailed(client=client, **arguments).parsed)
        except QoveryError as error:
            return ClientOutcome(error=error)

    def model_class(self, schema_name: str) -> type:
        models = importlib.import_module(f"{CLIENT_PACKAGE}.models")
        return getattr(models, schema_name)


def make_client(base_url: str, token: str, transport: httpx.BaseTransport, prefix: str = "Token") -> Any:
    """A client of the generated package that never retries, so each call is one exchange."""
    from qovery_deploy_client import AuthenticatedClient
    from qovery_deploy_client.client import NO_RETRY

    return AuthenticatedClient(
        base_url=base_url, token=token, prefix=prefix, retry=NO_RETRY, httpx_args={"transport": transport}
    )
