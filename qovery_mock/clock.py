"""Clocks: the real one for a served mock, a manual one that tests move by hand."""

from __future__ import annotations

import functools
import math
import threading
import time
from datetime import UTC, datetime
from typing import Protocol


class ClockNotAdjustable(RuntimeError):
    """Raised when asked to move a clock that follows real time."""


class Clock(Protocol):
    """What the mock needs from a clock: the current time in Unix seconds."""

    manual: bool

    def now(self) -> float: ...

    def advance(self, seconds: float) -> float: ...

    def reset(self) -> None: ...


def to_datetime(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


@functools.lru_cache(maxsize=1024)
def _format_second(second: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(second))


def isoformat(timestamp: float) -> str:
    """RFC 3339 in UTC with a `Z` suffix and whole seconds, as Qovery writes dates."""
    return _format_second(math.floor(timestamp))


# One step of a manual clock is at most about a century, and time never goes past the year 9000, so that
# every date the mock writes (Retry-After HTTP dates included) stays a date Python can write.
MAX_ADVANCE = 100 * 366 * 24 * 3600
LATEST = float(datetime(9000, 1, 1, tzinfo=UTC).timestamp())


def check_advance(seconds: object) -> float:
    """`seconds` as a valid step of a manual clock; TypeError or ValueError when it is not one."""
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise TypeError("seconds must be a number")
    if not (isinstance(seconds, int) or math.isfinite(seconds)) or not 0 <= seconds <= MAX_ADVANCE:
        raise ValueError(f"seconds must be a finite number between 0 and {MAX_ADVANCE}")
    return float(seconds)


class SystemClock:
    """Real time. It cannot be advanced."""

    manual = False

    def now(self) -> float:
        return time.time()

    def utcnow(self) -> datetime:
        return to_datetime(self.now())

    def advance(self, seconds: float) -> float:
        raise ClockNotAdjustable(
            "the mock runs on the real clock; start it with a manual clock to advance time"
        )

    def reset(self) -> None:
        return None


class ManualClock:
    """Time that only moves when `advance` is called. Thread-safe.

    `start` is Unix seconds or an aware datetime; by default, the real time at creation, rounded down to
    the second, so that dates the mock writes (for example a `Retry-After` HTTP date) are near real time.
    """

    manual = True

    def __init__(self, start: float | datetime | None = None) -> None:
        if start is None:
            start = float(int(time.time()))
        elif isinstance(start, datetime):
            if start.tzinfo is None:
                raise ValueError("ManualClock needs an aware datetime")
            start = start.timestamp()
        self._start = float(start)
        self._now = self._start
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._now

    def utcnow(self) -> datetime:
        return to_datetime(self.now())

    def advance(self, seconds: float) -> float:
        """Move time forward by `seconds` (finite, not negative, at most MAX_ADVANCE); return the new
        time. TypeError or ValueError, and the clock unmoved, when the step or where it leads is out of bounds."""
        check_advance(seconds)
        with self._lock:
            if self._now + seconds > LATEST:
                raise ValueError(f"the clock cannot go past {isoformat(LATEST)}; reset it first")
            self._now += seconds
            return self._now

    def reset(self) -> None:
        """Go back to the time the clock started at."""
        with self._lock:
            self._now = self._start

    def __repr__(self) -> str:
        return f"ManualClock(now={isoformat(self.now())})"
