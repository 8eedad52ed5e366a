"""What one `qovery-deploy` command ended with: the fields of its `--json` object, its outputs and its summary."""

from dataclasses import dataclass, field
from typing import Any

import httpx

from ._outcome import Outcome, ServiceState
from .errors import APIConnectionError, APIStatusError, QoveryError, ResponseValidationError

# Results beyond the Outcome's: accepted without waiting, and stopped by an error of the API.
ACCEPTED = "ACCEPTED"
ERROR = "ERROR"
INTERRUPTED = "INTERRUPTED"


def service_row(service: ServiceState) -> dict[str, Any]:
    return {
        "kind": service.kind,
        "id": str(service.id),
        "state": str(service.state),
        "deployment_request_id": None if service.deployment_request_id is None else str(service.deployment_request_id),
        "result": None if service.result is None else service.result.value,
    }


def api_message(error: QoveryError) -> str:
    """Qovery's own message of a failed answer (its JSON `message`), else the error's text, on one line."""
    text = str(error)
    if isinstance(error, APIStatusError):
        body = error.body
        if isinstance(body, dict) and isinstance(body.get("message"), str):
            phrase = httpx.codes.get_reason_phrase(error.status_code)
            text = f"{error.operation}: HTTP {error.status_code} {phrase}: {body['message']}"
    return " ".join(text.split())


@dataclass
class Report:
    """One command's end. `services` is None for the operations that have none (a job, a database, a chart)."""

    operation: str  # redeploy or restart
    kind: str
    id: str
    result: str
    message: str
    deployment_request_id: str | None = None
    state: str | None = None
    succeeded: bool | None = None
    elapsed: float = 0.0
    polls: int = 0
    services: list[dict[str, Any]] | None = None
    error: dict[str, Any] | None = field(default=None)

    @property
    def subject(self) -> str:
        return f"{self.operation} {self.kind} {self.id}"

    def take_outcome(self, outcome: Outcome) -> None:
        self.result = outcome.result.value
        self.message = outcome.message
        self.state = None if outcome.state is None else str(outcome.state)
        self.succeeded = outcome.succeeded
        self.elapsed = outcome.elapsed
        self.polls = outcome.polls
        if outcome.deployment_request_id is not None:
            self.deployment_request_id = str(outcome.deployment_request_id)
        if self.services is not None:
            self.services = [service_row(service) for service in outcome.services]

    def take_error(self, error: QoveryError) -> None:
        self.result = ERROR
        self.succeeded = False
        self.message = api_message(error)
        details: dict[str, Any] = {"type": type(error).__name__, "message": self.message}
        if isinstance(error, APIStatusError | ResponseValidationError | APIConnectionError):
            details["operation"] = error.operation
        if isinstance(error, APIStatusError | ResponseValidationError):
            details["status_code"] = error.status_code
        self.error = details

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "operation": self.operation,
            "kind": self.kind,
            "id": self.id,
            "deployment_request_id": self.deployment_request_id,
            "state": self.state,
            "result": self.result,
            "succeeded": self.succeeded,
            "elapsed": round(self.elapsed, 3),
            "polls": self.polls,
            "message": self.message,
        }
        if self.services is not None:
            data["services"] = self.services
        if self.error is not None:
            data["error"] = self.error
        return data
