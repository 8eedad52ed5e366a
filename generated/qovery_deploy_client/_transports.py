"""The transports of the client's httpx clients, made from httpx's own arguments and wrapped with retries.

Each is wrapped twice: the inner wrapper keeps every attempt within the call's time and body limits
(`_bounded_transport`), the outer one sends it again when the retry policy says so (`_retry_transport`).

httpx picks a transport for each request from its `transport`, `proxy` and `mounts` arguments and
from the environment's proxies. The same choice is made here, each transport wrapped with the retry
policy, and handed to httpx.Client or httpx.AsyncClient through `transport=` and `mounts=`.
"""

from collections.abc import Mapping
from typing import Any

import httpx

from ._bounded_transport import AsyncBoundedTransport, BoundedTransport
from ._proxies import environment_proxies
from ._retry_policy import Clock, RetryPolicy
from ._retry_transport import AsyncRetryTransport, RetryTransport

# httpx arguments that configure the transports httpx would make, and so the ones made here.
_TRANSPORT_SETTINGS = ("verify", "cert", "trust_env", "http1", "http2", "limits")
# httpx arguments consumed here, not passed on to httpx.Client or httpx.AsyncClient.
CONSUMED = frozenset({"transport", "async_transport", "proxy", "mounts", *_TRANSPORT_SETTINGS} - {"trust_env"})


def _settings(args: Mapping[str, Any]) -> dict[str, Any]:
    return {key: args[key] for key in _TRANSPORT_SETTINGS if key in args}


def _proxies(args: Mapping[str, Any], given_transport: bool) -> dict[str, Any]:
    """URL patterns mapped to a proxy, or None for no proxy, as httpx maps them."""
    proxy = args.get("proxy")
    if proxy is not None:
        return {"all://": httpx.Proxy(url=proxy) if isinstance(proxy, str | httpx.URL) else proxy}
    if args.get("trust_env", True) and not given_transport:
        return {
            pattern: None if url is None else httpx.Proxy(url=url) for pattern, url in environment_proxies().items()
        }
    return {}


def sync_transports(args: Mapping[str, Any], policy: RetryPolicy, clock: Clock) -> dict[str, Any]:
    """The `transport` and `mounts` arguments of an httpx.Client: every transport it may use retries."""
    given = args.get("transport")
    settings = _settings(args)
    inner = given if isinstance(given, httpx.BaseTransport) else httpx.HTTPTransport(**settings)
    mounts: dict[str, httpx.BaseTransport | None] = {
        pattern: None if proxy is None else httpx.HTTPTransport(**settings, proxy=proxy)
        for pattern, proxy in _proxies(args, isinstance(given, httpx.BaseTransport)).items()
    }
    mounts.update(args.get("mounts") or {})
    return {
        "transport": RetryTransport(BoundedTransport(inner, clock), policy, clock),
        "mounts": {
            pattern: None if mounted is None else RetryTransport(BoundedTransport(mounted, clock), policy, clock)
            for pattern, mounted in mounts.items()
        },
    }


def async_transports(args: Mapping[str, Any], policy: RetryPolicy, clock: Clock) -> dict[str, Any]:
    """The `transport` and `mounts` arguments of an httpx.AsyncClient: every transport it may use retries."""
    given = args.get("async_transport", args.get("transport"))
    settings = _settings(args)
    inner = given if isinstance(given, httpx.AsyncBaseTransport) else httpx.AsyncHTTPTransport(**settings)
    mounts: dict[str, httpx.AsyncBaseTransport | None] = {
        pattern: None if proxy is None else httpx.AsyncHTTPTransport(**settings, proxy=proxy)
        for pattern, proxy in _proxies(args, isinstance(given, httpx.AsyncBaseTransport)).items()
    }
    mounts.update(args.get("mounts") or {})
    return {
        "transport": AsyncRetryTransport(AsyncBoundedTransport(inner, clock), policy, clock),
        "mounts": {
            pattern: None
            if mounted is None
            else AsyncRetryTransport(AsyncBoundedTransport(mounted, clock), policy, clock)
            for pattern, mounted in mounts.items()
        },
    }
