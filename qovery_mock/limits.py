"""Limits of the served mock: request-head size, time allowed for a request's head and body, and for an idle
connection, and how many connections it serves at once. Each has a default, an environment variable
and a flag of `python -m qovery_mock`."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from typing import Any

DEFAULT_MAX_HEADER_BYTES = 16 * 1024
DEFAULT_REQUEST_TIMEOUT = 10.0
DEFAULT_IDLE_TIMEOUT = 30
DEFAULT_MAX_CONNECTIONS = 256


class LimitError(ValueError):
    """A limit that cannot be used."""


@dataclass(frozen=True)
class ServerLimits:
    """`max_header_bytes`: the request line and headers of one request, in bytes (431 past it).
    `request_timeout`: seconds a client has to send a whole request head, from the connection's opening
    or the head's first byte (408, then the connection is closed), and again its body from the head's
    end (the connection is closed). `idle_timeout`: whole seconds a keep-alive
    connection may wait between requests. `max_connections`: connections served at once; a request
    past it gets 503."""

    max_header_bytes: int = DEFAULT_MAX_HEADER_BYTES
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT
    idle_timeout: int = DEFAULT_IDLE_TIMEOUT
    max_connections: int = DEFAULT_MAX_CONNECTIONS

    def __post_init__(self) -> None:
        for name in ("max_header_bytes", "max_connections", "idle_timeout"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise LimitError(f"{name} must be a whole number of at least 1, not {value!r}")
        value = self.request_timeout
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 86400:
            raise LimitError(
                f"request_timeout must be a number of seconds above 0, at most 86400, not {value!r}"
            )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **given: Any) -> ServerLimits:
        """The defaults, overridden by the environment (`QOVERY_MOCK_<NAME>`), overridden by `given`
        values that are not None."""
        environ = dict(os.environ) if environ is None else environ
        values: dict[str, Any] = {}
        for item in fields(cls):
            raw = environ.get(env_name(item.name), "").strip()
            if raw:
                kind = int if item.type in ("int", int) else float
                try:
                    values[item.name] = kind(raw)
                except ValueError:
                    raise LimitError(f"${env_name(item.name)} must be a number, not {raw!r}") from None
        values.update({name: value for name, value in given.items() if value is not None})
        return cls(**values)


def env_name(field_name: str) -> str:
    return f"QOVERY_MOCK_{field_name.upper()}"
