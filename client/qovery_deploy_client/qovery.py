"""The facade: `Qovery` and `AsyncQovery`, one object for every operation, and deployments you can wait for.

    q = Qovery()                                    # QOVERY_API_TOKEN, QOVERY_API_URL
    d = q.jobs.redeploy(job_id, force_event="CRON")  # a Deployment: .status, .deployment_request_id
    outcome = d.wait(timeout=1800)                   # an Outcome, or DeploymentFailed / DeploymentTimeout

Every argument is checked before anything is sent (InvalidArgumentError), and everything raised is a
QoveryError. The generated functions do the sending; each read of a wait is one of them too.
"""

from collections.abc import Awaitable, Callable, Iterable
from typing import Any, Self
from uuid import UUID

from ._arguments import bool_argument, enum_argument, uuid_list
from ._busy import DEFAULT_BUSY_TIMEOUT, BusyWait, wait_until_idle, wait_until_idle_async, when_busy_argument
from ._checks import uuid_argument
from ._deployment import AsyncDeployment, Deployment, Durations, Kind
from ._end_states import HELM_DIFF, JOB_EVENTS, REDEPLOY, RESTART, EndStates
from ._readers import async_reader, sync_reader
from ._retry_policy import Clock
from .api.database_actions import redeploy_database
from .api.deployment_status import (
    get_database_status,
    get_environment_status,
    get_environment_statuses,
    get_helm_status,
    get_job_status,
)
from .api.environment_actions import reboot_services, redeploy_environment
from .api.helm_actions import redeploy_helm
from .api.job_actions import redeploy_job
from .client import AuthenticatedClient
from .errors import ConflictError
from .models import (
    EnvironmentStatus,
    EnvironmentStatuses,
    HelmForceEvent,
    JobForceEvent,
    RebootServicesRequest,
    Status,
)
from .types import UNSET, Unset

Accepted = Status | EnvironmentStatus


def _client(
    token: str | None, base_url: str | None, clock: Clock | None, options: dict[str, Any]
) -> AuthenticatedClient:
    if base_url is not None:
        options["base_url"] = base_url
    if clock is not None:
        options["clock"] = clock
    return AuthenticatedClient(token=token, **options)


class _Facade:
    def __init__(
        self,
        token: str | None = None,
        base_url: str | None = None,
        *,
        client: AuthenticatedClient | None = None,
        clock: Clock | None = None,
        **options: Any,
    ) -> None:
        """Arguments:
        token, base_url: As AuthenticatedClient's; QOVERY_API_TOKEN and QOVERY_API_URL when not given.
        client: An AuthenticatedClient to use instead of making one (then give no other argument).
        clock: The time source of retries and waits (monotonic, sleep, asleep); tests give a fake one.
        options: Any other argument of AuthenticatedClient: retry, timeout, headers, httpx_args...
        """
        if client is None:
            client = _client(token, base_url, clock, dict(options))
        elif token is not None or base_url is not None or options:
            raise TypeError("give either client= or the arguments of a new client, not both")
        self.client = client
        self.clock: Clock = clock or client.clock
        self.durations = Durations()


def _job_end_states(force_event: JobForceEvent | Unset) -> EndStates:
    return REDEPLOY if isinstance(force_event, Unset) else JOB_EVENTS[force_event.value]


def _restart_body(
    applications: Iterable[UUID | str] | None,
    databases: Iterable[UUID | str] | None,
    containers: Iterable[UUID | str] | None,
) -> RebootServicesRequest:
    lists = [
        uuid_list(name, values)
        for name, values in (("applications", applications), ("databases", databases), ("containers", containers))
    ]
    application_ids, database_ids, container_ids = (UNSET if ids is None else ids for ids in lists)
    return RebootServicesRequest(
        application_ids=application_ids, database_ids=database_ids, container_ids=container_ids
    )


class _SyncGroup:
    def __init__(self, owner: "Qovery") -> None:
        self._q = owner

    def _deploy(
        self,
        kind: Kind,
        resource_id: UUID,
        end_states: EndStates,
        send: Callable[[], Accepted],
        when_busy: str,
        busy_timeout: float | None,
    ) -> Deployment:
        mode = when_busy_argument(when_busy)
        q = self._q
        read = sync_reader(q.client, kind, resource_id)
        busy: BusyWait | None = None
        while True:
            try:
                status = send()
                break
            except ConflictError as conflict:
                if mode == "raise":
                    raise
                busy = busy or BusyWait(conflict, q.clock.monotonic(), busy_timeout)
                busy.conflict = conflict
                wait_until_idle(busy, read, q.clock.sleep, q.clock.monotonic)
                q.durations.put(kind, resource_id, busy.duration)
        return Deployment(status, kind, resource_id, end_states, q.clock, q.clock.monotonic(), q.durations, read=read)


class Jobs(_SyncGroup):
    def redeploy(
        self,
        job_id: UUID | str,
        force_event: JobForceEvent | str | None = None,
        *,
        when_busy: str = "raise",
        busy_timeout: float | None = DEFAULT_BUSY_TIMEOUT,
    ) -> Deployment:
        """Queue a deployment of the job; with `force_event` (START, STOP, DELETE, CRON), only that event runs."""
        uid = uuid_argument("job_id", job_id)
        event = UNSET if force_event is None else enum_argument("force_event", force_event, JobForceEvent)
        client = self._q.client
        send = lambda: redeploy_job.sync(uid, client=client, force_event=event)  # noqa: E731
        return self._deploy("job", uid, _job_end_states(event), send, when_busy, busy_timeout)

    def status(self, job_id: UUID | str) -> Status:
        return get_job_status.sync(uuid_argument("job_id", job_id), client=self._q.client)


class Environments(_SyncGroup):
    def redeploy(
        self, environment_id: UUID | str, *, when_busy: str = "raise", busy_timeout: float | None = DEFAULT_BUSY_TIMEOUT
    ) -> Deployment:
        """Queue a deployment of every service of the environment."""
        uid = uuid_argument("environment_id", environment_id)
        client = self._q.client
        send = lambda: redeploy_environment.sync(uid, client=client)  # noqa: E731
        return self._deploy("environment", uid, REDEPLOY, send, when_busy, busy_timeout)

    def restart_services(
        self,
        environment_id: UUID | str,
        *,
        applications: Iterable[UUID | str] | None = None,
        databases: Iterable[UUID | str] | None = None,
        containers: Iterable[UUID | str] | None = None,
        when_busy: str = "raise",
        busy_timeout: float | None = DEFAULT_BUSY_TIMEOUT,
    ) -> Deployment:
        """Restart the listed services of the environment."""
        uid = uuid_argument("environment_id", environment_id)
        body = _restart_body(applications, databases, containers)
        client = self._q.client
        send = lambda: reboot_services.sync(uid, client=client, body=body)  # noqa: E731
        return self._deploy("environment", uid, RESTART, send, when_busy, busy_timeout)

    def status(self, environment_id: UUID | str) -> EnvironmentStatus:
        return get_environment_status.sync(uuid_argument("environment_id", environment_id), client=self._q.client)

    def statuses(self, environment_id: UUID | str) -> EnvironmentStatuses:
        return get_environment_statuses.sync(uuid_argument("environment_id", environment_id), client=self._q.client)


class Databases(_SyncGroup):
    def redeploy(
        self,
        database_id: UUID | str,
        apply_immediately: bool | None = None,
        *,
        when_busy: str = "raise",
        busy_timeout: float | None = DEFAULT_BUSY_TIMEOUT,
    ) -> Deployment:
        """Queue a deployment of the database; `apply_immediately` applies its changes without waiting."""
        uid = uuid_argument("database_id", database_id)
        flag = UNSET if apply_immediately is None else bool_argument("apply_immediately", apply_immediately)
        client = self._q.client
        send = lambda: redeploy_database.sync(uid, client=client, apply_immediately=flag)  # noqa: E731
        return self._deploy("database", uid, REDEPLOY, send, when_busy, busy_timeout)

    def status(self, database_id: UUID | str) -> Status:
        return get_database_status.sync(uuid_argument("database_id", database_id), client=self._q.client)


class Helms(_SyncGroup):
    def redeploy(
        self,
        helm_id: UUID | str,
        force_event: HelmForceEvent | str | None = None,
        *,
        when_busy: str = "raise",
        busy_timeout: float | None = DEFAULT_BUSY_TIMEOUT,
    ) -> Deployment:
        """Queue a deployment of the Helm chart; `force_event="DIFF"` runs its diff only."""
        uid = uuid_argument("helm_id", helm_id)
        event = UNSET if force_event is None else enum_argument("force_event", force_event, HelmForceEvent)
        client = self._q.client
        send = lambda: redeploy_helm.sync(uid, client=client, force_event=event)  # noqa: E731
        return self._deploy(
            "helm", uid, REDEPLOY if isinstance(event, Unset) else HELM_DIFF, send, when_busy, busy_timeout
        )

    def status(self, helm_id: UUID | str) -> Status:
        return get_helm_status.sync(uuid_argument("helm_id", helm_id), client=self._q.client)


class Qovery(_Facade):
    """The Qovery API in one object: `q.jobs`, `q.environments`, `q.databases`, `q.helms`. A context manager."""

    def __init__(
        self,
        token: str | None = None,
        base_url: str | None = None,
        *,
        client: AuthenticatedClient | None = None,
        clock: Clock | None = None,
        **options: Any,
    ) -> None:
        super().__init__(token, base_url, client=client, clock=clock, **options)
        self.jobs = Jobs(self)
        self.environments = Environments(self)
        self.databases = Databases(self)
        self.helms = Helms(self)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Self:
        self.client.__enter__()
        return self

    def __exit__(self, *args: object) -> None:
        self.client.__exit__(*args)


class _AsyncGroup:
    def __init__(self, owner: "AsyncQovery") -> None:
        self._q = owner

    async def _deploy(
        self,
        kind: Kind,
        resource_id: UUID,
        end_states: EndStates,
        send: Callable[[], Awaitable[Accepted]],
        when_busy: str,
        busy_timeout: float | None,
    ) -> AsyncDeployment:
        mode = when_busy_argument(when_busy)
        q = self._q
        read = async_reader(q.client, kind, resource_id)
        busy: BusyWait | None = None
        while True:
            try:
                status = await send()
                break
            except ConflictError as conflict:
                if mode == "raise":
                    raise
                busy = busy or BusyWait(conflict, q.clock.monotonic(), busy_timeout)
                busy.conflict = conflict
                await wait_until_idle_async(busy, read, q.clock.asleep, q.clock.monotonic)
                q.durations.put(kind, resource_id, busy.duration)
        return AsyncDeployment(
            status, kind, resource_id, end_states, q.clock, q.clock.monotonic(), q.durations, read=read
        )


class AsyncJobs(_AsyncGroup):
    async def redeploy(
        self,
        job_id: UUID | str,
        force_event: JobForceEvent | str | None = None,
        *,
        when_busy: str = "raise",
        busy_timeout: float | None = DEFAULT_BUSY_TIMEOUT,
    ) -> AsyncDeployment:
        """As Jobs.redeploy()."""
        uid = uuid_argument("job_id", job_id)
        event = UNSET if force_event is None else enum_argument("force_event", force_event, JobForceEvent)
        client = self._q.client
        send = lambda: redeploy_job.asyncio(uid, client=client, force_event=event)  # noqa: E731
        return await self._deploy("job", uid, _job_end_states(event), send, when_busy, busy_timeout)

    async def status(self, job_id: UUID | str) -> Status:
        return await get_job_status.asyncio(uuid_argument("job_id", job_id), client=self._q.client)


class AsyncEnvironments(_AsyncGroup):
    async def redeploy(
        self, environment_id: UUID | str, *, when_busy: str = "raise", busy_timeout: float | None = DEFAULT_BUSY_TIMEOUT
    ) -> AsyncDeployment:
        """As Environments.redeploy()."""
        uid = uuid_argument("environment_id", environment_id)
        client = self._q.client
        send = lambda: redeploy_environment.asyncio(uid, client=client)  # noqa: E731
        return await self._deploy("environment", uid, REDEPLOY, send, when_busy, busy_timeout)

    async def restart_services(
        self,
        environment_id: UUID | str,
        *,
        applications: Iterable[UUID | str] | None = None,
        databases: Iterable[UUID | str] | None = None,
        containers: Iterable[UUID | str] | None = None,
        when_busy: str = "raise",
        busy_timeout: float | None = DEFAULT_BUSY_TIMEOUT,
    ) -> AsyncDeployment:
        """As Environments.restart_services()."""
        uid = uuid_argument("environment_id", environment_id)
        body = _restart_body(applications, databases, containers)
        client = self._q.client
        send = lambda: reboot_services.asyncio(uid, client=client, body=body)  # noqa: E731
        return await self._deploy("environment", uid, RESTART, send, when_busy, busy_timeout)

    async def status(self, environment_id: UUID | str) -> EnvironmentStatus:
        uid = uuid_argument("environment_id", environment_id)
        return await get_environment_status.asyncio(uid, client=self._q.client)

    async def statuses(self, environment_id: UUID | str) -> EnvironmentStatuses:
        uid = uuid_argument("environment_id", environment_id)
        return await get_environment_statuses.asyncio(uid, client=self._q.client)


class AsyncDatabases(_AsyncGroup):
    async def redeploy(
        self,
        database_id: UUID | str,
        apply_immediately: bool | None = None,
        *,
        when_busy: str = "raise",
        busy_timeout: float | None = DEFAULT_BUSY_TIMEOUT,
    ) -> AsyncDeployment:
        """As Databases.redeploy()."""
        uid = uuid_argument("database_id", database_id)
        flag = UNSET if apply_immediately is None else bool_argument("apply_immediately", apply_immediately)
        client = self._q.client
        send = lambda: redeploy_database.asyncio(uid, client=client, apply_immediately=flag)  # noqa: E731
        return await self._deploy("database", uid, REDEPLOY, send, when_busy, busy_timeout)

    async def status(self, database_id: UUID | str) -> Status:
        return await get_database_status.asyncio(uuid_argument("database_id", database_id), client=self._q.client)


class AsyncHelms(_AsyncGroup):
    async def redeploy(
        self,
        helm_id: UUID | str,
        force_event: HelmForceEvent | str | None = None,
        *,
        when_busy: str = "raise",
        busy_timeout: float | None = DEFAULT_BUSY_TIMEOUT,
    ) -> AsyncDeployment:
        """As Helms.redeploy()."""
        uid = uuid_argument("helm_id", helm_id)
        event = UNSET if force_event is None else enum_argument("force_event", force_event, HelmForceEvent)
        client = self._q.client
        send = lambda: redeploy_helm.asyncio(uid, client=client, force_event=event)  # noqa: E731
        end_states = REDEPLOY if isinstance(event, Unset) else HELM_DIFF
        return await self._deploy("helm", uid, end_states, send, when_busy, busy_timeout)

    async def status(self, helm_id: UUID | str) -> Status:
        return await get_helm_status.asyncio(uuid_argument("helm_id", helm_id), client=self._q.client)


class AsyncQovery(_Facade):
    """Qovery for asyncio: `async with AsyncQovery() as q: d = await q.jobs.redeploy(id); await d.wait()`."""

    def __init__(
        self,
        token: str | None = None,
        base_url: str | None = None,
        *,
        client: AuthenticatedClient | None = None,
        clock: Clock | None = None,
        **options: Any,
    ) -> None:
        super().__init__(token, base_url, client=client, clock=clock, **options)
        self.jobs = AsyncJobs(self)
        self.environments = AsyncEnvironments(self)
        self.databases = AsyncDatabases(self)
        self.helms = AsyncHelms(self)

    async def aclose(self) -> None:
        await self.client.aclose()

    async def __aenter__(self) -> Self:
        await self.client.__aenter__()
        return self

    async def __aexit__(self, *args: object) -> None:
        await self.client.__aexit__(*args)
