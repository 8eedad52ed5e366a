"""`qovery-deploy` inside GitHub Actions: log groups, error annotations, step outputs and the step summary.

Active when `GITHUB_ACTIONS` is `true`. Workflow commands go to stdout, where the runner reads them;
the outputs (`state`, `deployment-request-id`, `succeeded`) are appended to `$GITHUB_OUTPUT` and a
Markdown table of the outcome and each service to `$GITHUB_STEP_SUMMARY`.
"""

import os
from collections.abc import Iterable, Mapping
from typing import TextIO

from ._cli_duration import format_duration
from ._cli_output import redact
from ._cli_report import Report

_MARKS = {"SUCCEEDED": "✅", "ACCEPTED": "✅", "TIMED_OUT": "⏱️"}


def active(environ: Mapping[str, str]) -> bool:
    return environ.get("GITHUB_ACTIONS") == "true"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _cell(value: object) -> str:
    return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")


def summary_markdown(report: Report) -> str:
    mark = _MARKS.get(report.result, "❌")
    rows = [
        ("Result", f"{mark} {report.result}"),
        ("State", report.state or "—"),
        ("Deployment request", f"`{report.deployment_request_id}`" if report.deployment_request_id else "—"),
        ("Elapsed", format_duration(report.elapsed)),
        ("Status reads", str(report.polls)),
        ("Message", report.message),
    ]
    lines = [f"### qovery-deploy: {report.operation} {report.kind} `{report.id}`", "", "| | |", "|---|---|"]
    lines += [f"| {name} | {_cell(value)} |" for name, value in rows]
    if report.services:
        lines += ["", "| Service | Kind | State | Result |", "|---|---|---|---|"]
        lines += [
            f"| `{service['id']}` | {service['kind']} | {service['state']} | {_cell(service['result']) or 'running'} |"
            for service in report.services
        ]
    return "\n".join(lines) + "\n\n"


class GitHub:
    """The GitHub Actions side of one command."""

    def __init__(self, environ: Mapping[str, str], stdout: TextIO, secrets: Iterable[str] = ()) -> None:
        self.environ = environ
        self.stdout = stdout
        self.secrets = tuple(secrets)

    def _command(self, text: str) -> None:
        self.stdout.write(redact(text, self.secrets) + "\n")
        self.stdout.flush()

    def group(self, title: str) -> None:
        self._command(f"::group::{_escape_data(title)}")

    def endgroup(self) -> None:
        self._command("::endgroup::")

    def error(self, title: str, message: str) -> None:
        self._command(f"::error title={_escape_property(title)}::{_escape_data(message)}")

    def warning(self, title: str, message: str) -> None:
        self._command(f"::warning title={_escape_property(title)}::{_escape_data(message)}")

    def _append(self, variable: str, text: str) -> None:
        path = self.environ.get(variable)
        if path:
            with open(path, "a", encoding="utf-8") as file:
                file.write(redact(text, self.secrets))

    def finish(self, report: Report) -> None:
        """Write the step's outputs and its summary."""
        outputs = {
            "state": report.state or report.result,
            "deployment-request-id": report.deployment_request_id or "",
            "succeeded": "" if report.succeeded is None else str(report.succeeded).lower(),
            "result": report.result,
        }
        self._append("GITHUB_OUTPUT", "".join(f"{name}={value}\n" for name, value in outputs.items()))
        self._append("GITHUB_STEP_SUMMARY", summary_markdown(report))


def github_for(environ: Mapping[str, str] | None, stdout: TextIO, secrets: Iterable[str]) -> GitHub | None:
    environ = os.environ if environ is None else environ
    return GitHub(environ, stdout, secrets) if active(environ) else None
