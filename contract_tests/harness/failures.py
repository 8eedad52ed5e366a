"""Failure messages that name the operation, reproduce the request with curl and say what the spec expects."""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from typing import Any

import httpx

from contract_tests.harness.redaction import REDACTED, redact_headers, redact_text
from contract_tests.harness.spec import Operation

_SKIPPED_HEADERS = frozenset(
    {"host", "content-length", "accept-encoding", "connection", "user-agent", "accept"}
)


class ContractViolation(AssertionError):
    """A difference between what the spec promises and what was sent or received."""


def curl_command(request: httpx.Request) -> str:
    """A curl command that sends `request` again, its credentials filtered out."""
    parts = ["curl", "-X", request.method]
    for name, value in redact_headers(dict(request.headers)).items():
        if name.lower() in _SKIPPED_HEADERS:
            continue
        if value == REDACTED:
            value = f"{REDACTED} (set your token here)"
        parts += ["-H", f"{name}: {value}"]
    body = request.content
    if body:
        parts += ["--data-raw", body.decode("utf-8", errors="replace")]
    parts.append(str(request.url))
    return " ".join(shlex.quote(part) for part in parts)


def describe_response(response: httpx.Response | None) -> str:
    if response is None:
        return "no response"
    body = response.content.decode("utf-8", errors="replace")
    if len(body) > 600:
        body = body[:600] + f"... ({len(response.content)} bytes)"
    return (
        f"HTTP {response.status_code} {response.headers.get('content-type', '(no content type)')}\n    {body}"
    )


def violation_message(
    *,
    operation: Operation,
    check: str,
    problems: Iterable[str],
    expected: str,
    request: httpx.Request | None,
    response: httpx.Response | None = None,
    secrets: Iterable[str] = (),
) -> str:
    lines = [
        f"{operation.operation_id} ({operation.label}) failed check `{check}`",
        "",
        "What differs:",
        *(f"  - {problem}" for problem in problems),
        "",
        f"What the spec expects ({operation.pointer}):",
        f"  {expected}",
    ]
    if response is not None:
        lines += ["", "Response:", f"    {describe_response(response)}"]
    if request is not None:
        lines += ["", "Reproduce with:", f"    {curl_command(request)}"]
    return redact_text("\n".join(lines), secrets)


def operation_note(operation: Operation) -> str:
    """The note added to a schemathesis failure so that it names the operation as the spec does."""
    return f"Operation: {operation.operation_id} ({operation.label}), spec: {operation.pointer}"


def failed_checks(error: BaseExceptionGroup[Any]) -> list[str]:
    """The names of the schemathesis checks behind a failure group, e.g. `response_schema_conformance`."""
    return sorted({check for failure in error.exceptions for check in getattr(failure, "checks", ())})


def annotate(error: BaseExceptionGroup[Any], operation: Operation) -> None:
    """Add to a schemathesis failure the operation it is about and the names of the checks that failed."""
    error.add_note(operation_note(operation))
    error.add_note(f"Failed checks: {', '.join(failed_checks(error))}")
