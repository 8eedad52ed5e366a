"""Where the suite sends its requests: the mock in process, the mock over HTTP, or a live API."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx

from contract_tests.harness.safety import GuardedTransport, SafetyPolicy, guarded_session
from contract_tests.harness.settings import ContractSettings, TargetKind
from qovery_mock.transport import MockTransport

if TYPE_CHECKING:
    from qovery_mock.server import ServerThread

INPROCESS_BASE_URL = "http://testserver"


@dataclass
class SeedPool:
    """Ids that exist on the target, by kind (`jobs`, …), that generated cases may use instead of random ones."""

    by_kind: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    services_by_environment: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)

    def candidates(self, kind: str) -> tuple[str, ...]:
        return self.by_kind.get(kind, ())


@dataclass
class Target:
    kind: TargetKind
    base_url: str
    token: str = field(repr=False)
    policy: SafetyPolicy = field(default_factory=lambda: SafetyPolicy(guarded=True))
    seed_pool: SeedPool = field(default_factory=SeedPool)
    mock: Any | None = None
    app: Any | None = None
    _client_transport: httpx.BaseTransport | None = field(default=None, repr=False)
    _server: ServerThread | None = field(default=None, repr=False)
    _session: Any = field(default=None, repr=False)

    @property
    def auth_header(self) -> dict[str, str]:
        return {"Authorization": f"Token {self.token}"}

    @property
    def in_process_app(self) -> Any | None:
        """The ASGI app when requests reach it without a network, else None."""
        return self.app if self._server is None else None

    def schemathesis_kwargs(self, case: Any) -> dict[str, Any]:
        """Arguments of `case.call_and_validate` that reach this target, for the case and the probes of its checks."""
        app = self.in_process_app
        case.operation.app = app
        case.operation.schema.app = app
        if app is not None:
            return {}
        return {"base_url": self.base_url, "session": self.requests_session()}

    def requests_session(self) -> Any:
        """The requests session schemathesis sends through, guarded by the safety policy."""
        if self._session is None:
            self._session = guarded_session(self.policy)
        return self._session

    def client_transport(self) -> httpx.BaseTransport:
        """The transport the generated client sends through, guarded by the safety policy."""
        if self._client_transport is None:
            app = self.in_process_app
            inner = MockTransport(app) if app is not None else httpx.HTTPTransport()
            self._client_transport = GuardedTransport(inner, self.policy)
        return self._client_transport

    def close(self) -> None:
        if self._client_transport is not None:
            self._client_transport.close()
        if self._session is not None:
            self._session.close()
        if self._server is not None:
            self._server.stop()


def mock_seed_pool(mock: Any) -> SeedPool:
    by_kind: dict[str, tuple[str, ...]] = {}
    for source in (mock.ids, mock.foreign_ids, mock.deleting_ids):
        for kind, ids in source.items():
            by_kind[kind] = (*by_kind.get(kind, ()), *ids)
    services: dict[str, dict[str, tuple[str, ...]]] = {}
    for environment in mock.ids.get("environments", []):
        services[environment] = {kind: tuple(ids) for kind, ids in mock.services(environment).items() if ids}
    return SeedPool(by_kind=by_kind, services_by_environment=services)


def new_mock_app(**kwargs: Any) -> Any:
    from qovery_mock import create_app

    return create_app(**kwargs)


def manual_clock() -> Any:
    """A clock only the tests move, so that deployments progress when a test says so."""
    from qovery_mock import ManualClock

    return ManualClock()


def build_target(settings: ContractSettings) -> Target:
    if settings.target is TargetKind.LIVE:
        assert settings.api_url and settings.api_token
        policy = SafetyPolicy(
            guarded=True, allow_deploy=settings.allow_deploy, listed_ids=settings.listed_ids
        )
        return Target(
            kind=settings.target,
            base_url=settings.api_url.rstrip("/"),
            token=settings.api_token,
            policy=policy,
            seed_pool=SeedPool(),
        )
    target = mock_target(settings.target)
    if settings.target is TargetKind.HTTP:
        from qovery_mock.server import ServerThread

        target._server = ServerThread(target.app).start()
        target.base_url = target._server.url
    return target


def mock_target(kind: TargetKind = TargetKind.INPROCESS) -> Target:
    """A fresh mock with a manual clock, called in-process until a server is given to it."""
    app = new_mock_app(clock=manual_clock())
    mock = app.state.mock
    return Target(
        kind=kind,
        base_url=INPROCESS_BASE_URL,
        token=mock.default_token,
        policy=SafetyPolicy.for_mock(),
        seed_pool=mock_seed_pool(mock),
        mock=mock,
        app=app,
    )
