"""Error answers: a status and a JSON body `{"status": ..., "error": ..., "message": ...}`."""

from __future__ import annotations

import json
from http import HTTPStatus


class ApiError(Exception):
    """Stops handling a request and answers `status` with `message`."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def reason_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


# A message quotes what it refuses; whatever the request held, the answer stays short.
MAX_MESSAGE = 2000


def shorten(message: str) -> str:
    if len(message) <= MAX_MESSAGE:
        return message
    return f"{message[:MAX_MESSAGE]}... ({len(message) - MAX_MESSAGE} more characters)"


def error_payload(status: int, message: str) -> dict[str, object]:
    return {"status": status, "error": reason_phrase(status), "message": shorten(message)}


def error_body(status: int, message: str) -> bytes:
    return json.dumps(error_payload(status, message)).encode()
