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
import yaml
from qovery_deploy_client import AuthenticatedClient

ROOT = Path(__file__).resolve().parents[2]
SPEC: dict[str, Any] = yaml.safe_load((ROOT / "openapi.yaml").read_text())
SOME_ID = UUID("2d4b6e81-7c3a-4f19-b0d2-8e5a1c6f9b37")


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name.replace(" ", "")).lower()


@dataclass(frozen=True)
class Operation:
    """One operation of the spec and the generated module that calls it."""

    operation_id: str
    method: str
    path: str
    spec: dict[str, Any]
    module: ModuleType

    def __str__(self) -> str:
        return self.operation_id

    @property
    def success_code(self) -> int:
        """The one success status the spec documents: 202 for an action, 200 for a read."""
        (code,) = [int(code) for code in self.spec["responses"] if code.startswith("2")]
        return code

    @property
    def success_content(self) -> dict[str, Any]:
        content: dict[str, Any] = self.spec["responses"][str(self.success_code)]["content"][
            "application/json"
        ]
        return content

    @property
    def success_schema_name(self) -> str:
        ref: str = self.success_content["schema"]["$ref"]
        return ref.rsplit("/", 1)[1]

    @property
    def is_read(self) -> bool:
        return self.method == "GET"

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
    for path, item in SPEC["paths"].items():
        for method, spec in item.items():
            tag = snake(spec["tags"][0])
            module = importlib.import_module(f"qovery_deploy_client.api.{tag}.{snake(spec['operationId'])}")
            found.append(Operation(spec["operationId"], method.upper(), path, spec, module))
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
