"""Clients of the Qovery API: where it is, how to authenticate, how long to wait and when to try again.

The retry rules are safe for calls that start deployments. Tried again: 429 and 503 answers (the
server did not act on the request), honouring `Retry-After`, and connection failures raised before
the request was sent. Not tried again unless a call opts in with `RetryPolicy(retry_unsafe=True)`:
other 5xx answers, and timeouts or dropped connections after the request was sent, since the server
may already have queued the deployment and a second send would deploy twice. Reads (GET) change
nothing on the server, so they are also tried again on those: other 5xx answers, timeouts and
connections dropped after sending.
"""

import asyncio
import logging
import os
import random
import ssl
import time
from typing import Any, Protocol, Self

import httpx
import tenacity
from attrs import define, evolve, field, validators

from .errors import MissingTokenError, parse_retry_after

DEFAULT_BASE_URL = "https://api.qovery.com"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
USER_AGENT = "qovery-deploy-client/1.0.0 (python-httpx/" + httpx.__version__ + ")"

_OPERATION = "qovery_deploy_client.operation"
_RETRY = "qovery_deploy_client.retry"

logger = logging.getLogger("qovery_deploy_client")


class Clock(Protocol):
    """The time source of retries; tests give one that only pretends to sleep."""

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...

    async def asleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    async def asleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


@define(frozen=True)
class RetryPolicy:
    """When a request is sent again, how often, and for how long in all.

    Attributes:
        max_attempts: Sends at most, the first included; 1 turns retries off.
        deadline: Seconds from the first send after which no retry starts; None for no limit.
        initial_backoff: Seconds before the first retry when the server gives no `Retry-After`;
            doubled at each further retry, up to `max_backoff`.
        max_backoff: The longest wait between two sends without `Retry-After`.
        jitter: The fraction of the backoff added at random, so clients do not retry in step.
        retry_unsafe: Also retry other 5xx answers, and timeouts or dropped connections after the
            request was sent. The server may then apply the operation twice: opt in per call only
            where that is acceptable.
    """

    max_attempts: int = field(default=4, validator=validators.ge(1))
    deadline: float | None = 60.0
    initial_backoff: float = field(default=0.5, validator=validators.ge(0.0))
    max_backoff: float = field(default=8.0, validator=validators.ge(0.0))
    jitter: float = field(default=0.25, validator=validators.ge(0.0))
    retry_unsafe: bool = False


NO_RETRY = RetryPolicy(max_attempts=1)

_SAFE_STATUSES = frozenset({429, 503})
_UNSAFE_STATUSES = frozenset({500, 502, 504})
# Raised before any byte of the request reached the server.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Raised once the request may have reached the server.
_MAYBE_SENT = (httpx.ReadTimeout, httpx.WriteTimeout, httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)
# Methods whose requests change nothing on the server, so that sending one twice is harmless.
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@define(frozen=True)
class RequestOptions:
    """Settings of one call that replace the client's.

    Attributes:
        timeout: Seconds, or an httpx.Timeout, for each send of this call.
        retry: The retry policy of this call.
    """

    timeout: httpx.Timeout | float | None = None
    retry: RetryPolicy | None = None


def request_kwargs(operation: str, options: RequestOptions | None) -> dict[str, Any]:
    """The httpx request arguments that carry an operation's name and its per-call options."""
    extensions: dict[str, Any] = {_OPERATION: operation}
    kwargs: dict[str, Any] = {"extensions": extensions}
    if options is not None:
        if options.retry is not None:
            extensions[_RETRY] = options.retry
        if options.timeout is not None:
            kwargs["timeout"] = options.timeout
    return kwargs


def _policy_for(request: httpx.Request, default: RetryPolicy) -> RetryPolicy:
    """The retry policy of one request: its call's, or the client's; unsafe retries on for a read."""
    policy: RetryPolicy = request.extensions.get(_RETRY, default)
    if request.method in _SAFE_METHODS and not policy.retry_unsafe:
        return evolve(policy, retry_unsafe=True)
    return policy


def _needs_retry(policy: RetryPolicy, status: int) -> bool:
    return status in _SAFE_STATUSES or (policy.retry_unsafe and status in _UNSAFE_STATUSES)


def _retryable_error(policy: RetryPolicy, error: BaseException | None) -> bool:
    return isinstance(error, _NOT_SENT) or (policy.retry_unsafe and isinstance(error, _MAYBE_SENT))


def _should_retry(policy: RetryPolicy, outcome: "tenacity.Future") -> bool:
    if outcome.failed:
        return _retryable_error(policy, outcome.exception())
    return _needs_retry(policy, outcome.result().status_code)


def _settled(policy: RetryPolicy, operation: str, outcome: httpx.Response | httpx.TransportError) -> bool:
    """Whether the first send's outcome is final, so that no retry machinery is needed (the common case)."""
    if isinstance(outcome, httpx.Response):
        if _needs_retry(policy, outcome.status_code):
            return False
        logger.debug("%s: attempt 1: HTTP %d", operation, outcome.status_code)
        return True
    if _retryable_error(policy, outcome):
        return False
    logger.debug("%s: attempt 1: %s", operation, type(outcome).__name__)
    return True


def _replay(outcome: httpx.Response | httpx.TransportError) -> httpx.Response:
    """The first send's outcome again, as tenacity's first attempt."""
    if isinstance(outcome, httpx.TransportError):
        raise outcome
    return outcome


def _describe(outcome: "tenacity.Future") -> str:
    if outcome.failed:
        return type(outcome.exception()).__name__
    return f"HTTP {outcome.result().status_code}"


def _operation_of(request: httpx.Request) -> str:
    name: str | None = request.extensions.get(_OPERATION)
    return name or f"{request.method} {request.url.path}"


def _retry_rules(policy: RetryPolicy, clock: Clock, operation: str, started: float) -> dict[str, Any]:
    """tenacity's settings for one request under a policy, its first send made at `started`."""

    def wait(state: tenacity.RetryCallState) -> float:
        outcome = state.outcome
        if outcome is not None and not outcome.failed:
            retry_after = parse_retry_after(outcome.result().headers.get("retry-after"))
            if retry_after is not None:
                return retry_after
        backoff = min(policy.max_backoff, policy.initial_backoff * 2.0 ** (state.attempt_number - 1))
        return backoff * (1 + policy.jitter * random.random())

    def stop(state: tenacity.RetryCallState) -> bool:
        if state.attempt_number >= policy.max_attempts:
            return True
        if policy.deadline is None:
            return False
        return clock.monotonic() - started + (state.upcoming_sleep or 0.0) > policy.deadline

    def retry(state: tenacity.RetryCallState) -> bool:
        # Called after every attempt, the last and a successful one included: each is logged.
        assert state.outcome is not None
        logger.debug("%s: attempt %d: %s", operation, state.attempt_number, _describe(state.outcome))
        return _should_retry(policy, state.outcome)

    def before_sleep(state: tenacity.RetryCallState) -> None:
        logger.debug("%s: retrying in %.2f s", operation, state.upcoming_sleep)

    def give_up(state: tenacity.RetryCallState) -> Any:
        # The last answer goes back to the caller as it came; the last exception is raised.
        assert state.outcome is not None
        if state.attempt_number >= policy.max_attempts:
            reason = "no attempt left"
        else:
            reason = "the next would start past the deadline"
        logger.debug("%s: giving up after attempt %d: %s", operation, state.attempt_number, reason)
        return state.outcome.result()

    return {
        "retry": retry,
        "wait": wait,
        "stop": stop,
        "before_sleep": before_sleep,
        "retry_error_callback": give_up,
    }


class RetryTransport(httpx.BaseTransport):
    """Sends each request through another transport, again when the policy says so."""

    def __init__(self, transport: httpx.BaseTransport, policy: RetryPolicy, clock: Clock) -> None:
        self._transport = transport
        self._policy = policy
        self._clock = clock

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        policy = _policy_for(request, self._policy)
        started = self._clock.monotonic()
        first: httpx.Response | httpx.TransportError
        try:
            first = self._send(policy, request)
        except httpx.TransportError as error:
            first = error
        operation = _operation_of(request)
        if _settled(policy, operation, first):
            return _replay(first)
        rules = _retry_rules(policy, self._clock, operation, started)
        replayed = False

        def attempt() -> httpx.Response:
            nonlocal replayed
            if not replayed:
                replayed = True
                return _replay(first)
            return self._send(policy, request)

        response: httpx.Response = tenacity.Retrying(sleep=self._clock.sleep, **rules)(attempt)
        return response

    def _send(self, policy: RetryPolicy, request: httpx.Request) -> httpx.Response:
        response = self._transport.handle_request(request)
        if _needs_retry(policy, response.status_code):
            response.read()
        return response

    def close(self) -> None:
        self._transport.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The asynchronous RetryTransport."""

    def __init__(self, transport: httpx.AsyncBaseTransport, policy: RetryPolicy, clock: Clock) -> None:
        self._transport = transport
        self._policy = policy
        self._clock = clock

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        policy = _policy_for(request, self._policy)
        started = self._clock.monotonic()
        first: httpx.Response | httpx.TransportError
        try:
            first = await self._send(policy, request)
        except httpx.TransportError as error:
            first = error
        operation = _operation_of(request)
        if _settled(policy, operation, first):
            return _replay(first)
        rules = _retry_rules(policy, self._clock, operation, started)
        replayed = False

        async def attempt() -> httpx.Response:
            nonlocal replayed
            if not replayed:
                replayed = True
                return _replay(first)
            return await self._send(policy, request)

        response: httpx.Response = await tenacity.AsyncRetrying(sleep=self._clock.asleep, **rules)(attempt)
        return response

    async def _send(self, policy: RetryPolicy, request: httpx.Request) -> httpx.Response:
        response = await self._transport.handle_async_request(request)
        if _needs_retry(policy, response.status_code):
            await response.aread()
        return response

    async def aclose(self) -> None:
        await self._transport.aclose()


def _base_url_from_env() -> str:
    return os.environ.get("QOVERY_API_URL") or DEFAULT_BASE_URL


@define
class Client:
    """A client of the API without credentials.

    Arguments, all optional and keyword-only but `base_url`:
        base_url: Where the API is; `QOVERY_API_URL` when not given, else https://api.qovery.com.
        timeout: An httpx.Timeout for each send: 5 s to connect and 30 s for the rest by default.
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

    def _client_args(self, transport: Any) -> dict[str, Any]:
        args = {key: value for key, value in self._httpx_args.items() if key not in ("transport", "async_transport")}
        return {
            "base_url": self._base_url,
            "cookies": self._cookies,
            "headers": self._request_headers(),
            "timeout": self._timeout,
            "verify": self._verify_ssl,
            "follow_redirects": self._follow_redirects,
            "transport": transport,
            **args,
        }

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Use this httpx.Client as it is: its settings replace all of this client's, retries included."""
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """The underlying httpx.Client, made on first use."""
        if self._client is None:
            given = self._httpx_args.get("transport")
            client = httpx.Client(**self._client_args(given if isinstance(given, httpx.BaseTransport) else None))
            # httpx chose the transports from all its arguments (proxies, from the environment too,
            # limits, http2, mounts...): each one is wrapped, so that every request is retried.
            # `_transport` and `_mounts` are httpx's own, the same in every version this package allows.
            client._transport = RetryTransport(client._transport, self.retry, self.clock)
            client._mounts = {
                pattern: None if inner is None else RetryTransport(inner, self.retry, self.clock)
                for pattern, inner in client._mounts.items()
            }
            self._client = client
        return self._client

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Use this httpx.AsyncClient as it is: its settings replace all of this client's, retries included."""
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """The underlying httpx.AsyncClient, made on first use."""
        if self._async_client is None:
            given = self._httpx_args.get("async_transport", self._httpx_args.get("transport"))
            client = httpx.AsyncClient(
                **self._client_args(given if isinstance(given, httpx.AsyncBaseTransport) else None)
            )
            client._transport = AsyncRetryTransport(client._transport, self.retry, self.clock)
            client._mounts = {
                pattern: None if inner is None else AsyncRetryTransport(inner, self.retry, self.clock)
                for pattern, inner in client._mounts.items()
            }
            self._async_client = client
        return self._async_client

    def close(self) -> None:
        """Close the underlying httpx.Client and its connections."""
        if self._client is not None:
            self._client.close()

    async def aclose(self) -> None:
        """Close the underlying httpx.AsyncClient and its connections."""
        if self._async_client is not None:
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


_PREFIXES = {"token": "Token", "bearer": "Bearer"}


def _looks_like_jwt(token: str) -> bool:
    return token.startswith("eyJ") and token.count(".") == 2


def _split_token(token: str, prefix: str | None) -> tuple[str, str]:
    """(scheme, credential) from a bare token or one that already starts with `Token ` or `Bearer `."""
    token = token.strip()
    head, _, rest = token.partition(" ")
    if head.lower() in _PREFIXES:
        # A scheme alone ("Token ") has an empty credential, refused as no token at all.
        return _PREFIXES[head.lower()], rest.strip()
    if prefix is not None:
        return prefix, token
    return ("Bearer" if _looks_like_jwt(token) else "Token"), token


def _check_credential(credential: str) -> None:
    if not credential:
        raise MissingTokenError("no API token: pass token=... or set QOVERY_API_TOKEN")
    if any(character.isspace() or not character.isprintable() for character in credential):
        # The token itself is never part of a message.
        raise MissingTokenError("the API token contains white space or control characters")


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
        self.prefix, self.token = _split_token(raw, self.prefix)
        _check_credential(self.token)

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
