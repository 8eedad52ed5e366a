"""What the client tests share: the spec's operations, and a client whose answers a test chooses."""

import importlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from uuid import UUID

import httpx
from qovery_deploy_client import AuthenticatedClient

from qovery_openapi import OperationRef, load_document

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = load_document(ROOT / "openapi.yaml")
SPEC: dict[str, Any] = DOCUMENT.contents
SOME_ID = UUID("2d4b6e81-7c3a-4f19-b0d2-8e5a1c6f9b37")


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name.replace(" ", "")).lower()


@dataclass(frozen=True)
class Operation:
    """One operation of the spec and the generated module that calls it."""

    ref: OperationRef
    module: ModuleType

    def __str__(self) -> str:
        return self.operation_id

    @property
    def operation_id(self) -> str:
        return self.ref.operation_id

    @property
    def method(self) -> str:
        return self.ref.method

    @property
    def path(self) -> str:
        return self.ref.path

    @property
    def spec(self) -> dict[str, Any]:
        return self.ref.node

    @property
    def success_code(self) -> int:
        """The one success status the spec documents: 202 for an action, 200 for a read."""
        return self.ref.success_status

    @property
    def success_content(self) -> dict[str, Any]:
        return self.ref.success_content()

    @property
    def success_schema_name(self) -> str:
        ref: str = self.success_content["schema"]["$ref"]
        return ref.rsplit("/", 1)[1]

    @property
    def is_read(self) -> bool:
        return not self.ref.changes_state

    def path_arguments(self, value: UUID | str = SOME_ID) -> dict[str, Any]:
        names = re.findall(r"{(\w+)}", self.path)
        return {snake(name): value for name in names}

    def call(self, client: AuthenticatedClient, **kwargs: Any) -> Any:
        return self.module.sync(**self.path_arguments(), client=client, **kwargs)

    def call_detailed(self, client: AuthenticatedClient, **kwargs: Any) -> Any:
        return self.module.sync_detailed(**self.path_arguments(), client=client, **kwargs)

    async def acall(self, client: AuthenticatedClient, **kwargs: Any) -> Any:
        return await self.module.asyncio(**self.path_arguments(), client=client, **kwargs)


def _operations() -> list[Operation]:
    found = []
    for ref in DOCUMENT.operations():
        tag = snake(ref.node["tags"][0])
        module = importlib.import_module(f"qovery_deploy_client.api.{tag}.{snake(ref.operation_id)}")
        found.append(Operation(ref, module))
    return found


OPERATIONS = _operations()


def client_answering(
    answer: Callable[[httpx.Request], httpx.Response], *, token: str = "t0ken-for-tests", **kwargs: Any
) -> AuthenticatedClient:
    """A client whose every request is answered by `answer`, without a network."""
    transport = httpx.MockTransport(answer)
    return AuthenticatedClient(
        base_url="https://api.test", token=token, httpx_args={"transport": transport}, **kwargs
    )


def json_answer(body: Any, status: int = 202) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(
        status, content=json.dumps(body).encode(), headers={"content-type": "application/json"}
    )
