"""How `qovery-deploy` shows a deployment going on: one live line on a terminal, timestamped lines elsewhere.

On a terminal the line is redrawn in place with the state and the time elapsed. Without one (CI
logs, pipes), a line with the UTC time is written at each change of state. Every text written goes
through `redact`, so that the API token never reaches the output, whatever a message quotes.
"""

import time
from collections.abc import Iterable
from typing import TextIO

from ._cli_duration import format_duration

_CLEAR_LINE = "\r\x1b[2K"
REDACTED = "[REDACTED]"


def redact(text: str, secrets: Iterable[str]) -> str:
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text


def utc_stamp(now: float | None = None) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() if now is None else now))


class ProgressView:
    """The progress of one command on `stream`: live (a terminal) or as lines (anything else)."""

    def __init__(self, stream: TextIO, *, live: bool, secrets: Iterable[str] = ()) -> None:
        self.stream = stream
        self.live = live
        self.secrets = tuple(secrets)
        self.subject = ""
        self.state: str | None = None
        self.note = ""
        self._drawn = False

    def _write(self, text: str) -> None:
        self.stream.write(redact(text, self.secrets))
        self.stream.flush()

    def line(self, text: str) -> None:
        """A line that stays: on a terminal, written above the live line."""
        if self.live:
            self._write(f"{_CLEAR_LINE if self._drawn else ''}{text}\n")
            self._drawn = False
        else:
            self._write(f"{utc_stamp()} {text}\n")

    def start(self, subject: str, state: str | None) -> None:
        self.subject = subject
        self.state = state
        if self.live:
            self.tick(0.0)
        else:
            self._write(f"{utc_stamp()} {subject}: {state or 'sent'}\n")

    def change(self, state: str, elapsed: float, note: str = "") -> None:
        """A change of state seen; `note` tells more (an earlier request still running, services)."""
        self.state = state
        self.note = note
        if self.live:
            self.tick(elapsed)
        else:
            self._write(f"{utc_stamp()} {self.subject}: {state} after {format_duration(elapsed)}{note}\n")

    def tick(self, elapsed: float) -> None:
        """Redraw the live line with the time elapsed; nothing without a terminal."""
        if not self.live:
            return
        self._write(f"{_CLEAR_LINE}{self.subject}: {self.state or 'sent'} {format_duration(elapsed)}{self.note}")
        self._drawn = True

    def end(self, text: str) -> None:
        """The last line: on a terminal, it replaces the live line."""
        self.line(text)
