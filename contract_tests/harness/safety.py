"""What the suite may send to a live API.

Against a live API nothing the suite sends may start a deployment unless the user asked for it: the
fuzzing phases draw random ids, so they hit nothing that exists, and any request that names an id the
user listed is refused before it leaves the machine, except inside `deploy_window()`, which only the
opt-in deployment tests open and only when `QOVERY_CONTRACT_ALLOW_DEPLOY` is set. Reads (GET, HEAD,
OPTIONS) change nothing, so they may name listed ids at any time.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
import requests
import requests.adapters

from qovery_openapi import SAFE_METHODS


class UnsafeRequestError(RuntimeError):
    """A request would have reached a resource the user listed, outside an allowed deployment test."""


@dataclass
class SafetyPolicy:
    """Which listed ids a request may name right now."""

    guarded: bool
    allow_deploy: bool = False
    listed_ids: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    _window_open: bool = False
    sent_to_listed_ids: int = 0

    @classmethod
    def for_mock(cls) -> SafetyPolicy:
        return cls(guarded=False)

    @property
    def may_deploy(self) -> bool:
        return not self.guarded or (self.allow_deploy and bool(self.listed_ids))

    def all_listed(self) -> frozenset[str]:
        return frozenset(value.lower() for ids in self.listed_ids.values() for value in ids)

    @contextlib.contextmanager
    def deploy_window(self) -> Iterator[None]:
        if not self.may_deploy:
            raise UnsafeRequestError(
                "deployments are not allowed: set QOVERY_CONTRACT_ALLOW_DEPLOY=1 and list ids"
            )
        self._window_open = True
        try:
            yield
        finally:
            self._window_open = False

    def check(self, method: str, url: str, body: bytes | str | None) -> None:
        """Raise UnsafeRequestError when this request may not be sent now."""
        if not self.guarded or method.upper() in SAFE_METHODS:
            # A read changes nothing: it may name a listed id without the opt-in.
            return
        text = f"{url} {body.decode('utf-8', 'replace') if isinstance(body, bytes) else body or ''}".lower()
        named = sorted(value for value in self.all_listed() if value in text)
        if not named:
            return
        if self._window_open:
            self.sent_to_listed_ids += 1
            return
        raise UnsafeRequestError(
            f"refused to send {method} {url}: it names listed id(s) {', '.join(named)} outside an opt-in deployment test"
        )


class GuardedTransport(httpx.BaseTransport):
    """An httpx transport that asks the policy before each send."""

    def __init__(self, inner: httpx.BaseTransport, policy: SafetyPolicy) -> None:
        self._inner = inner
        self._policy = policy

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._policy.check(request.method, str(request.url), request.read())
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


class GuardedAdapter(requests.adapters.HTTPAdapter):
    """A requests adapter that asks the policy before each send, probes of the checks included."""

    def __init__(self, policy: SafetyPolicy) -> None:
        super().__init__()
        self._policy = policy

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        body = request.body if isinstance(request.body, (bytes, str)) else None
        self._policy.check(str(request.method), str(request.url), body)
        return super().send(request, *args, **kwargs)


def guarded_session(policy: SafetyPolicy) -> requests.Session:
    session = requests.Session()
    adapter = GuardedAdapter(policy)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
