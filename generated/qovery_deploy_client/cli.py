"""`qovery-deploy`: redeploy, restart and read statuses from a shell or CI, and wait for the end.

    qovery-deploy redeploy job|environment|database|helm ID [--force-event E] [--apply-immediately]
                  [--wait] [--timeout 30m] [--when-busy wait|fail] [--json]
    qovery-deploy restart ENV_ID [--application ID]... [--database ID]... [--container ID]... [--wait]
    qovery-deploy status job|environment|database|helm ID [--services] [--json]

Built on click. This module imports click and the standard library only: the facade, httpx and the
models are imported when a command runs (`_cli_run`), so that `--help` starts fast.
"""

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ._cli_duration import parse_duration

KINDS = ("job", "environment", "database", "helm")
DEFAULT_TIMEOUT = "1h"
F = TypeVar("F", bound=Callable[..., Any])

if TYPE_CHECKING:  # click 8.2 and later type ParamType by its values; older ones are not subscriptable
    _Seconds = click.ParamType[float, Any]
    _Text = click.ParamType[str, Any]
else:
    _Seconds = _Text = click.ParamType

_EPILOG = """\b
Exit codes: 0 success, or accepted when not waiting; 1 the deployment failed, was canceled, was
taken over by a later request or queued nothing; 2 usage error; 3 the wait timed out; 4 the API
refused or failed (401, 403, 404, 409, 5xx after retries, no connection); 130 interrupted (the
deployment goes on).
"""


class Duration(_Seconds):
    """Seconds (1800) or units h, m, s (30m, 1h30m)."""

    name = "duration"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, int | float):
            return float(value)
        try:
            return parse_duration(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


class ResourceId(_Text):
    """A UUID, kept as the text given."""

    name = "uuid"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return str(uuid.UUID(str(value)))
        except ValueError:
            self.fail(f"{value!r} is not a UUID", param, ctx)


RESOURCE_ID = ResourceId()


def connection_options(function: F) -> F:
    """--token, --api-url, --verbose and --json, which every command takes."""
    function = click.option(
        "--json", "as_json", is_flag=True, help="Print one JSON object as the last line of stdout."
    )(function)
    function = click.option(
        "-v", "--verbose", is_flag=True, help="Log each status read and request on stderr (never the token)."
    )(function)
    function = click.option(
        "--api-url",
        envvar="QOVERY_API_URL",
        show_envvar=True,
        metavar="URL",
        help="The API's address (default https://api.qovery.com).",
    )(function)
    function = click.option(
        "--token",
        envvar="QOVERY_API_TOKEN",
        show_envvar=True,
        metavar="TOKEN",
        help="The API token; prefer the environment variable, which stays out of process lists.",
    )(function)
    return function


def wait_options(function: F) -> F:
    function = click.option(
        "--when-busy",
        type=click.Choice(["fail", "wait"]),
        default="fail",
        show_default=True,
        help="When another deployment of the resource is under way (409): fail, or wait until it is idle, then send.",
    )(function)
    function = click.option(
        "--timeout",
        type=Duration(),
        default=DEFAULT_TIMEOUT,
        show_default=True,
        help="The longest wait in all: seconds (1800) or units (30m, 1h30m).",
    )(function)
    function = click.option("--wait", is_flag=True, help="Wait for the deployment to end, and exit with how it ended.")(
        function
    )
    return function


def _settings(token: str | None, api_url: str | None, verbose: bool, as_json: bool) -> Any:
    from ._cli_run import Settings

    return Settings(token=token, api_url=api_url, verbose=verbose, json=as_json)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}, epilog=_EPILOG)
@click.version_option(package_name="qovery-deploy-client", prog_name="qovery-deploy")
def main() -> None:
    """Redeploy and restart Qovery services, wait for the end, and report it."""


@main.command(epilog=_EPILOG)
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("resource_id", metavar="ID", type=RESOURCE_ID)
@click.option("--force-event", metavar="EVENT", help="job: START, STOP, DELETE or CRON; helm: DIFF.")
@click.option("--apply-immediately", is_flag=True, help="database: apply its changes now.")
@wait_options
@connection_options
def redeploy(
    kind: str,
    resource_id: str,
    force_event: str | None,
    apply_immediately: bool,
    wait: bool,
    timeout: float,
    when_busy: str,
    token: str | None,
    api_url: str | None,
    verbose: bool,
    as_json: bool,
) -> None:
    """Redeploy a job, an environment, a database or a Helm chart."""
    if force_event is not None and kind not in ("job", "helm"):
        raise click.UsageError(f"--force-event applies to a job or a helm, not to a {kind}")
    if apply_immediately and kind != "database":
        raise click.UsageError(f"--apply-immediately applies to a database, not to a {kind}")
    from ._cli_run import DeployRequest, run_deploy

    request = DeployRequest(
        "redeploy",
        kind,
        resource_id,
        force_event=force_event,
        apply_immediately=apply_immediately,
        wait=wait,
        timeout=timeout,
        when_busy=when_busy,
    )
    raise SystemExit(run_deploy(request, _settings(token, api_url, verbose, as_json)))


@main.command(epilog=_EPILOG)
@click.argument("environment_id", metavar="ENV_ID", type=RESOURCE_ID)
@click.option("--application", "applications", multiple=True, type=RESOURCE_ID, metavar="ID", help="Repeatable.")
@click.option("--database", "databases", multiple=True, type=RESOURCE_ID, metavar="ID", help="Repeatable.")
@click.option("--container", "containers", multiple=True, type=RESOURCE_ID, metavar="ID", help="Repeatable.")
@wait_options
@connection_options
def restart(
    environment_id: str,
    applications: tuple[str, ...],
    databases: tuple[str, ...],
    containers: tuple[str, ...],
    wait: bool,
    timeout: float,
    when_busy: str,
    token: str | None,
    api_url: str | None,
    verbose: bool,
    as_json: bool,
) -> None:
    """Restart services of an environment."""
    from ._cli_run import DeployRequest, run_deploy

    request = DeployRequest(
        "restart",
        "environment",
        environment_id,
        applications=applications,
        databases=databases,
        containers=containers,
        wait=wait,
        timeout=timeout,
        when_busy=when_busy,
    )
    raise SystemExit(run_deploy(request, _settings(token, api_url, verbose, as_json)))


@main.command()
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("resource_id", metavar="ID", type=RESOURCE_ID)
@click.option("--services", is_flag=True, help="environment: every service's status too.")
@connection_options
def status(
    kind: str, resource_id: str, services: bool, token: str | None, api_url: str | None, verbose: bool, as_json: bool
) -> None:
    """Read the status of a job, an environment, a database or a Helm chart."""
    if services and kind != "environment":
        raise click.UsageError(f"--services applies to an environment, not to a {kind}")
    from ._cli_run import run_status

    raise SystemExit(run_status(kind, resource_id, services, _settings(token, api_url, verbose, as_json)))


if __name__ == "__main__":
    main()
