"""Clients of the Qovery API: where it is, how to authenticate, how long to wait and when to try again.

The retry rules are safe for calls that start deployments. Tried again: 429 and 503 answers (the
server did not act on the request), honouring `Retry-After`, and connection failures raised before
the request was sent. Not tried again unless a call opts in with `RetryPolicy(retry_unsafe=True)`:
other 5xx answers, and timeouts or dropped connections after the request was sent, since the server
may already have queued the deployment and a second send would deploy twice.
"""

import asyncio
import importlib.metadata
import os
import ssl
from typing import Any, Self

import httpx
from attrs import define, evolve, field

from ._checks import check_credential, split_token
from ._log_redaction import keep_out_of_logs
from ._request_options import RequestOptions, request_kwargs
from ._retry_policy import NO_RETRY, Clock, RetryPolicy, SystemClock
from ._retry_transport import AsyncRetryTransport, RetryTransport
from ._transports import CONSUMED, async_transports, sync_transports
from .errors import EventLoopError

# The distribution this package is installed as; its name and version make the User-Agent.
DISTRIBUTION = "qovery-deploy-client"


def _user_agent() -> str:
    try:
        version = importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:  # the package copied without its metadata
        version = "unknown"
    return f"{DISTRIBUTION}/{version} (python-httpx/{httpx.__version__})"


DEFAULT_BASE_URL = "https://api.qovery.com"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
USER_AGENT = _user_agent()


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _base_url_from_env() -> str:
    return os.environ.get("QOVERY_API_URL") or DEFAULT_BASE_URL


@define
class Client:
    """A client of the API without credentials.

    Arguments, all optional and keyword-only but `base_url`:
        base_url: Where the API is; `QOVERY_API_URL` when not given, else https://api.qovery.com.
        timeout: Seconds or an httpx.Timeout: 5 s to connect and 30 s for each read or write by default.
            The whole call, retries and body included, also ends within its largest value.
        retry: The RetryPolicy of every call that does not give its own.
        headers, cookies: Sent with every request.
        verify_ssl, follow_redirects: As httpx's `verify` and `follow_redirects`.
        httpx_args: More arguments of httpx.Client and httpx.AsyncClient. A `transport` (or
            `async_transport`) given here is wrapped with the retry policy, as are the transports
            httpx makes itself, for proxies and `mounts` included.
        clock: The time source of retries.
    """

    _base_url: str = field(factory=_base_url_from_env, alias="base_url")
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies", repr=False)
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers", repr=False)
    _timeout: httpx.Timeout = field(default=DEFAULT_TIMEOUT, kw_only=True, alias="timeout", converter=httpx.Timeout)
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl", repr=False)
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects", repr=False)
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args", repr=False)
    retry: RetryPolicy = field(factory=RetryPolicy, kw_only=True)
    clock: Clock = field(factory=SystemClock, kw_only=True, repr=False)
    _client: httpx.Client | None = field(default=None, init=False, repr=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False, repr=False)
    # The event loop the httpx.AsyncClient is bound to: its connections can only be used from that loop.
    _async_loop: asyncio.AbstractEventLoop | None = field(default=None, init=False, repr=False)
    _async_client_given: bool = field(default=False, init=False, repr=False)

    @property
    def base_url(self) -> str:
        return self._base_url

    def with_headers(self, headers: dict[str, str]) -> Self:
        """A client like this one that also sends these headers."""
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> Self:
        """A client like this one that also sends these cookies."""
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout | float) -> Self:
        """A client like this one with another timeout."""
        return evolve(self, timeout=timeout)

    def with_retry(self, retry: RetryPolicy) -> Self:
        """A client like this one with another retry policy."""
        return evolve(self, retry=retry)

    def _request_headers(self) -> dict[str, str]:
        return {"User-Agent": USER_AGENT, **self._headers}

    def _client_args(self) -> dict[str, Any]:
        args = {key: value for key, value in self._httpx_args.items() if key not in CONSUMED}
        return {
            "base_url": self._base_url,
            "cookies": self._cookies,
            "headers": self._request_headers(),
            "timeout": self._timeout,
            "follow_redirects": self._follow_redirects,
            **args,
        }

    def _transport_args(self) -> dict[str, Any]:
        return {"verify": self._verify_ssl, **self._httpx_args}

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Use this httpx.Client as it is: its settings replace all of this client's, retries included."""
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """The underlying httpx.Client, made on first use."""
        if self._client is None:
            # Every transport the httpx.Client may choose (the given one or httpx's default, proxies,
            # from the environment too, and mounts) is made first and wrapped with the retry policy.
            transports = sync_transports(self._transport_args(), self.retry, self.clock)
            self._client = httpx.Client(**self._client_args(), **transports)
        return self._client

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Use this httpx.AsyncClient as it is: its settings replace all of this client's, retries included.

        It is bound to the event loop of its first call: a call from another loop raises EventLoopError
        before anything is sent.
        """
        self._async_client = async_client
        self._async_loop = None
        self._async_client_given = True
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """The underlying httpx.AsyncClient of the running event loop, made on first use in each loop.

        Pooled connections belong to the loop that opened them, so a client used under two
        `asyncio.run()` calls, as scripts and notebooks do, makes a new httpx.AsyncClient in the second.
        """
        loop = _running_loop()
        if self._async_client is not None and loop is not None and self._async_loop not in (None, loop):
            if self._async_client_given:
                raise EventLoopError(
                    "the httpx.AsyncClient given with set_async_httpx_client() belongs to another event loop;"
                    " nothing was sent. Give one made in this loop, or let the client make its own."
                )
            # The old client's connections belong to the other loop, which may be closed: they are left
            # to it, and this loop gets a client of its own.
            self._async_client = None
        if self._async_client is None:
            transports = async_transports(self._transport_args(), self.retry, self.clock)
            self._async_client = httpx.AsyncClient(**self._client_args(), **transports)
        if loop is not None:
            self._async_loop = loop
        return self._async_client

    def close(self) -> None:
        """Close the underlying httpx.Client and its connections."""
        if self._client is not None:
            self._client.close()

    async def aclose(self) -> None:
        """Close the underlying httpx.AsyncClient of this event loop and its connections."""
        if self._async_client is not None and self._async_loop in (None, _running_loop()):
            await self._async_client.aclose()

    def __enter__(self) -> Self:
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any) -> None:
        self.get_httpx_client().__exit__(*args)

    async def __aenter__(self) -> Self:
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any) -> None:
        await self.get_async_httpx_client().__aexit__(*args)


@define
class AuthenticatedClient(Client):
    """A client of the API that authenticates every request.

    Arguments, besides those of Client:
        token: A Qovery API token (sent as `Token <token>`) or an OIDC JWT (sent as `Bearer <jwt>`);
            `QOVERY_API_TOKEN` when not given. A token that starts with `Token ` or `Bearer ` keeps
            that scheme; otherwise `prefix` decides, and without it a JWT goes as Bearer and any
            other token as Token.
        prefix: "Token" or "Bearer", to choose the scheme of a bare token.

    The token never appears in this object's repr, in log records or in error messages.
    """

    token: str | None = field(default=None, kw_only=True, repr=False)
    prefix: str | None = field(default=None, kw_only=True)
    auth_header_name: str = field(default="Authorization", kw_only=True)

    def __attrs_post_init__(self) -> None:
        raw = self.token if self.token is not None else os.environ.get("QOVERY_API_TOKEN", "")
        self.prefix, self.token = split_token(raw, self.prefix)
        check_credential(self.token, self.prefix)
        keep_out_of_logs(self.token)

    def _request_headers(self) -> dict[str, str]:
        credential = f"{self.prefix} {self.token}" if self.prefix else str(self.token)
        return {**super()._request_headers(), self.auth_header_name: credential}


__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "NO_RETRY",
    "USER_AGENT",
    "AsyncRetryTransport",
    "AuthenticatedClient",
    "Client",
    "Clock",
    "RequestOptions",
    "RetryPolicy",
    "RetryTransport",
    "SystemClock",
    "request_kwargs",
]
