"""When the next status read goes out: rarely early on, closely near the expected end, backing off after it.

With the last deployment's duration `E` (the environment's `total_deployment_duration_in_seconds`, a
service's `steps.total_duration_sec`, or what this client saw last time), the end is expected `E`
seconds after the redeploy's answer (times the requests queued ahead). Reads are then at most
`FAR_GAP` apart until `window` before that end, `near` apart within the window on both sides of it,
and further and further apart past it (the estimate was wrong). Without a duration, reads back off
from `BLIND_FIRST` seconds by `GROWTH` up to `MAX_GAP`. Every gap gets a random part (`JITTER`) so
that many waiters do not read in step.
"""

import random

NEAR_MIN = 2.0
NEAR_MAX = 4.0
FAR_GAP = 60.0
MAX_GAP = 30.0
BLIND_FIRST = 3.0
GROWTH = 1.5
JITTER = 0.1
ERROR_FIRST = 1.0


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


class Schedule:
    """The gaps between the reads of one wait."""

    def __init__(self, started: float, expected: float | None, rng: random.Random) -> None:
        self._rng = rng
        self._started = started
        self.expected: float | None = None
        self._expected_end = started
        self._near = NEAR_MIN
        self._window = NEAR_MIN
        self._growing = BLIND_FIRST
        self._overdue: float | None = None
        self._error: float = ERROR_FIRST
        self.expect(expected)

    def expect(self, duration: float | None, queued_ahead: int = 0) -> None:
        """Take the expected duration of the request, with `queued_ahead` requests before it."""
        if duration is None or duration <= 0:
            return
        self.expected = duration
        self._expected_end = self._started + duration * (1 + max(queued_ahead, 0))
        self._near = _clamp(0.05 * duration, NEAR_MIN, NEAR_MAX)
        self._window = max(2 * self._near, 0.05 * duration)

    def _jitter(self, gap: float) -> float:
        return gap * (1 + JITTER * (2 * self._rng.random() - 1))

    def next_gap(self, now: float) -> float:
        """Seconds from `now` to the next read."""
        self._error = ERROR_FIRST
        if self.expected is None:
            gap = self._growing
            self._growing = min(MAX_GAP, gap * GROWTH)
            return self._jitter(gap)
        remaining = self._expected_end - now
        if remaining > self._window:
            # Early on: straight to the window, but never more than FAR_GAP without a read. Jitter only
            # shortens the gap, so that the window's first read is not late.
            gap = min(FAR_GAP, remaining - self._window) * (1 - JITTER * self._rng.random())
            return max(gap, self._near)
        if remaining > -self._window:
            return self._jitter(self._near)
        gap = self._overdue or self._near
        self._overdue = min(MAX_GAP, gap * GROWTH)
        return self._jitter(gap)

    def error_gap(self, retry_after: float | None) -> float:
        """Seconds before reading again after a failed read: backoff, or the server's Retry-After if longer."""
        gap = self._jitter(self._error)
        self._error = min(MAX_GAP, self._error * 2)
        return max(gap, retry_after or 0.0)
