"""The status reads a wait sends, through the generated functions: one per kind of resource.

A wait retries its reads itself (honouring Retry-After, within its timeout), so each read goes out
without the client's retries, and with a timeout cut to what is left of the wait.
"""

from collections.abc import Awaitable, Callable
from uuid import UUID

import httpx

from ._request_options import RequestOptions
from ._retry_policy import NO_RETRY
from ._snapshot import Snapshot, of_status, of_statuses
from .api.deployment_status import (
    get_database_status,
    get_environment_statuses,
    get_helm_status,
    get_job_status,
)
from .client import AuthenticatedClient


def read_options(timeout: httpx.Timeout, remaining: float | None) -> RequestOptions:
    """No retry; each of the client's timeouts cut to `remaining` seconds."""
    if remaining is None:
        return RequestOptions(retry=NO_RETRY)
    left = max(remaining, 0.001)

    def cut(value: float | None) -> float:
        return left if value is None else min(value, left)

    cut_timeout = httpx.Timeout(
        connect=cut(timeout.connect), read=cut(timeout.read), write=cut(timeout.write), pool=cut(timeout.pool)
    )
    return RequestOptions(retry=NO_RETRY, timeout=cut_timeout)


def sync_reader(client: AuthenticatedClient, kind: str, resource_id: UUID) -> Callable[[float | None], Snapshot]:
    """A read of the resource's status (of the environment and its services, for an environment)."""

    def read(remaining: float | None) -> Snapshot:
        options = read_options(client.get_httpx_client().timeout, remaining)
        if kind == "environment":
            return of_statuses(get_environment_statuses.sync(resource_id, client=client, options=options))
        if kind == "job":
            return of_status(get_job_status.sync(resource_id, client=client, options=options))
        if kind == "database":
            return of_status(get_database_status.sync(resource_id, client=client, options=options))
        return of_status(get_helm_status.sync(resource_id, client=client, options=options))

    return read


def async_reader(
    client: AuthenticatedClient, kind: str, resource_id: UUID
) -> Callable[[float | None], Awaitable[Snapshot]]:
    """The asynchronous sync_reader()."""

    async def read(remaining: float | None) -> Snapshot:
        options = read_options(client.get_async_httpx_client().timeout, remaining)
        if kind == "environment":
            return of_statuses(await get_environment_statuses.asyncio(resource_id, client=client, options=options))
        if kind == "job":
            return of_status(await get_job_status.asyncio(resource_id, client=client, options=options))
        if kind == "database":
            return of_status(await get_database_status.asyncio(resource_id, client=client, options=options))
        return of_status(await get_helm_status.asyncio(resource_id, client=client, options=options))

    return read
