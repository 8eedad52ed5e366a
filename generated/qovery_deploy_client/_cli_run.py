"""What `qovery-deploy` does once its arguments are parsed: call the facade, show the progress, pick the exit code.

Imported only when a command runs, so that `qovery-deploy --help` never loads httpx or the models.

Exit codes: 0 success (or accepted, when not waiting), 1 the deployment failed (or was canceled,
taken over by a later request, or queued nothing), 2 a usage error, 3 the wait timed out, 4 the API
refused or failed, 130 interrupted (the deployment goes on).
"""

import json
import logging
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO
from uuid import UUID

from ._cli_duration import format_duration
from ._cli_github import GitHub, github_for
from ._cli_output import ProgressView, redact
from ._cli_report import ACCEPTED, INTERRUPTED, Report, api_message
from ._deployment import Deployment
from ._deployment_errors import DeploymentFailed, DeploymentTimeout
from ._outcome import Outcome, Progress
from .errors import InvalidArgumentError, MissingTokenError, QoveryError
from .models import EnvironmentStatus, Status
from .qovery import Qovery

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_TIMEOUT = 3
EXIT_API = 4
EXIT_INTERRUPTED = 130
TICK = 0.5  # seconds between two redraws of the live line
_USAGE_ERRORS = (InvalidArgumentError, MissingTokenError)


@dataclass
class Settings:
    """The options every command shares, and where it writes."""

    token: str | None
    api_url: str | None
    verbose: bool = False
    json: bool = False
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    environ: Mapping[str, str] | None = None

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self.token.strip(),) if self.token and self.token.strip() else ()

    def fail(self, text: str) -> None:
        """One line on stderr."""
        self.stderr.write(redact(f"qovery-deploy: {' '.join(text.split())}\n", self.secrets))
        self.stderr.flush()

    def emit_json(self, data: Mapping[str, Any]) -> None:
        self.stdout.write(redact(json.dumps(data), self.secrets) + "\n")
        self.stdout.flush()


@dataclass
class DeployRequest:
    """A redeploy or a restart as the command line gave it."""

    operation: str  # "redeploy" or "restart"
    kind: str  # job, environment, database, helm
    id: str
    force_event: str | None = None
    apply_immediately: bool = False
    applications: tuple[str, ...] = ()
    databases: tuple[str, ...] = ()
    containers: tuple[str, ...] = ()
    wait: bool = False
    timeout: float = 3600.0
    when_busy: str = "fail"  # or "wait"


class TickingClock:
    """The facade's clock: real time, whose sleeps wake every TICK seconds to redraw the live line."""

    def __init__(self, on_tick: Callable[[], None]) -> None:
        self._on_tick = on_tick

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            time.sleep(min(TICK, left))
            self._on_tick()

    async def asleep(self, seconds: float) -> None:  # the CLI is synchronous; part of the Clock protocol
        import asyncio

        await asyncio.sleep(seconds)


class _RedactingFormatter(logging.Formatter):
    def __init__(self, secrets: tuple[str, ...]) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self._secrets = secrets

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self._secrets)


def _verbose_logging(settings: Settings) -> None:
    handler = logging.StreamHandler(settings.stderr)
    handler.setFormatter(_RedactingFormatter(settings.secrets))
    for name, level in (("qovery_deploy_client", logging.DEBUG), ("httpx", logging.INFO)):
        logger = logging.getLogger(name)
        logger.setLevel(level)
        logger.addHandler(handler)
    token = "set" if settings.token else "not set"
    settings.stderr.write(f"qovery-deploy: API {settings.api_url or 'https://api.qovery.com'}; token {token}\n")


def _facade(settings: Settings, clock: TickingClock | None = None) -> Qovery:
    if settings.verbose:
        _verbose_logging(settings)
    return Qovery(token=settings.token, base_url=settings.api_url, clock=clock)


def _send(q: Qovery, request: DeployRequest) -> Deployment:
    busy: dict[str, Any] = {
        "when_busy": "wait" if request.when_busy == "wait" else "raise",
        "busy_timeout": request.timeout,
    }
    if request.operation == "restart":
        return q.environments.restart_services(
            request.id,
            applications=request.applications or None,
            databases=request.databases or None,
            containers=request.containers or None,
            **busy,
        )
    if request.kind == "job":
        return q.jobs.redeploy(request.id, request.force_event, **busy)
    if request.kind == "helm":
        return q.helms.redeploy(request.id, request.force_event, **busy)
    if request.kind == "database":
        return q.databases.redeploy(request.id, True if request.apply_immediately else None, **busy)
    return q.environments.redeploy(request.id, **busy)


def _note(progress: Progress) -> str:
    if not progress.ours:
        return " (an earlier deployment request is still running; this one is queued)"
    if progress.services:
        over = sum(1 for service in progress.services if service.result is not None)
        return f" ({over}/{len(progress.services)} services over)"
    return ""


def _end(report: Report, code: int, settings: Settings, view: ProgressView, github: GitHub | None) -> int:
    """Close the group, show the end, write the outputs, the summary and the JSON object; the exit code."""
    if github is not None:
        github.endgroup()
    summary = f"{report.subject}: {report.result}"
    if report.state:
        summary += f" ({report.state})"
    if report.deployment_request_id and report.result != ACCEPTED:
        summary += f" after {format_duration(report.elapsed)}, {report.polls} status reads"
    if view.subject:  # the redeploy was accepted: end its progress
        view.end(summary)
    if code != EXIT_OK:
        settings.fail(report.message)
    if github is not None:
        if code != EXIT_OK:
            github.error(f"qovery-deploy {report.operation} {report.kind}", report.message)
        github.finish(report)
    if settings.json:
        settings.emit_json(report.as_json())
    return code


def run_deploy(request: DeployRequest, settings: Settings) -> int:
    """Send the redeploy or restart, wait when asked, report; the exit code."""
    stream = settings.stderr if settings.json else settings.stdout
    view = ProgressView(stream, live=stream.isatty(), secrets=settings.secrets)
    github = github_for(settings.environ, settings.stdout, settings.secrets)
    report = Report(
        request.operation,
        request.kind,
        request.id,
        result=ACCEPTED,
        message="",
        services=[] if request.kind == "environment" else None,
    )
    started = time.monotonic()
    origin = [started]  # the redeploy's answer, once it came: wait()'s elapsed times count from it
    clock = TickingClock(lambda: view.tick(time.monotonic() - origin[0]))
    sent = False
    if github is not None:
        github.group(f"qovery-deploy {report.subject}")
    try:
        with _facade(settings, clock) as q:
            sent = True
            deployment = _send(q, request)
            report.deployment_request_id = (
                None if deployment.deployment_request_id is None else str(deployment.deployment_request_id)
            )
            report.state = str(deployment.status.state)
            origin[0] = deployment.created_at
            report.elapsed = time.monotonic() - started
            view.start(report.subject, report.state)
            if not request.wait:
                report.message = f"{report.subject}: accepted as deployment request {report.deployment_request_id}"
                return _end(report, EXIT_OK, settings, view, github)
            remaining = max(request.timeout - (time.monotonic() - started), 0.0)

            def shown(progress: Progress) -> None:
                view.change(str(progress.state), progress.elapsed, _note(progress))

            outcome: Outcome = deployment.wait(timeout=remaining, on_progress=shown)
            report.take_outcome(outcome)
            return _end(report, EXIT_OK if outcome.succeeded else EXIT_FAILED, settings, view, github)
    except DeploymentTimeout as timeout:
        report.take_outcome(timeout.outcome)
        return _end(report, EXIT_TIMEOUT, settings, view, github)
    except DeploymentFailed as failure:
        report.take_outcome(failure.outcome)
        return _end(report, EXIT_FAILED, settings, view, github)
    except _USAGE_ERRORS as error:
        if github is not None:
            github.endgroup()
        settings.fail(f"error: {api_message(error)}")
        return EXIT_USAGE
    except QoveryError as error:
        report.take_error(error)
        return _end(report, EXIT_API, settings, view, github)
    except KeyboardInterrupt as interrupt:
        report.result = INTERRUPTED
        report.succeeded = None
        report.elapsed = time.monotonic() - started
        notes = getattr(interrupt, "__notes__", None)
        if notes:
            report.message = f"interrupted. {notes[-1]}"
        elif report.deployment_request_id is not None:
            report.message = (
                f"interrupted: stopped waiting for {report.subject} (deployment request "
                f"{report.deployment_request_id}); the deployment goes on: only the waiting stopped"
            )
        elif sent:
            report.message = (
                f"interrupted while sending the {request.operation}: Qovery may have queued it, "
                "and if so the deployment goes on"
            )
        else:
            report.message = "interrupted before anything was sent"
        return _end(report, EXIT_INTERRUPTED, settings, view, github)


def run_status(kind: str, resource_id: str, services: bool, settings: Settings) -> int:
    """Read a status (and, with `services`, every service's); print it; the exit code."""
    try:
        with _facade(settings) as q:
            if services:
                statuses = q.environments.statuses(resource_id)
                status: Any = statuses.environment
                rows = [
                    _status_row(group, item)
                    for group, items in (
                        ("application", statuses.applications),
                        ("container", statuses.containers),
                        ("job", statuses.jobs),
                        ("database", statuses.databases),
                        ("helm", statuses.helms),
                        ("terraform", statuses.terraforms),
                    )
                    for item in items
                ]
            else:
                readers: dict[str, Callable[[str], Status | EnvironmentStatus]] = {
                    "job": q.jobs.status,
                    "environment": q.environments.status,
                    "database": q.databases.status,
                    "helm": q.helms.status,
                }
                status = readers[kind](resource_id)
                rows = None
    except _USAGE_ERRORS as error:
        settings.fail(f"error: {api_message(error)}")
        return EXIT_USAGE
    except QoveryError as error:
        settings.fail(api_message(error))
        if settings.json:
            settings.emit_json({"operation": "status", "kind": kind, "id": resource_id, "error": api_message(error)})
        return EXIT_API
    except KeyboardInterrupt:
        settings.fail("interrupted")
        return EXIT_INTERRUPTED
    request_id = status.deployment_request_id
    state = str(status.state)
    if settings.json:
        data: dict[str, Any] = {
            "operation": "status",
            "kind": kind,
            "id": resource_id,
            "state": state,
            "deployment_request_id": str(request_id) if request_id else None,
            "status": status.to_dict(),
        }
        if rows is not None:
            data["services"] = rows
        settings.emit_json(data)
        return EXIT_OK
    lines = [f"{kind} {resource_id}: {state}" + (f" (deployment request {request_id})" if request_id else "")]
    lines += [f"  {row['kind']} {row['id']}: {row['state']}" for row in rows or ()]
    settings.stdout.write(redact("\n".join(lines) + "\n", settings.secrets))
    return EXIT_OK


def _status_row(kind: str, status: Status) -> dict[str, Any]:
    request_id = status.deployment_request_id
    return {
        "kind": kind,
        "id": str(status.id),
        "state": str(status.state),
        "deployment_request_id": str(request_id) if isinstance(request_id, UUID) else None,
    }
