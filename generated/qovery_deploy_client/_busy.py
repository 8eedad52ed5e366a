"""`when_busy="wait"`: after a 409 (an operation under way; Qovery did not act), wait until the resource is idle.

Idle is a read with no request queued or running (`deployment_requests_count` 0), or, when the read
does not count them, a state in which nothing runs. Then the redeploy is sent once more. A read that
fails with 429, 5xx, a timeout or a connection error is sent again (after its Retry-After, if
longer than the backoff) within the time limit; 401, 403 and 404 end the waiting with their error.
"""

import logging
import random
from collections.abc import Awaitable, Callable
from typing import Literal

from ._arguments import choice_argument
from ._schedule import BLIND_FIRST, ERROR_FIRST, GROWTH, MAX_GAP
from ._snapshot import Snapshot
from ._wait import TRANSIENT_READ_ERRORS, retry_after_of
from .errors import ConflictError, QoveryError
from .models import StateEnum

logger = logging.getLogger(__name__.rpartition(".")[0])

WhenBusy = Literal["raise", "wait"]
WHEN_BUSY: tuple[str, ...] = ("raise", "wait")
DEFAULT_BUSY_TIMEOUT = 3600.0
_IDLE_STATES = frozenset(
    {
        StateEnum.DEPLOYED,
        StateEnum.STOPPED,
        StateEnum.DELETED,
        StateEnum.RESTARTED,
        StateEnum.CANCELED,
        StateEnum.READY,
        *(state for state in StateEnum if state.value.endswith("_ERROR")),
    }
)


def when_busy_argument(value: str) -> WhenBusy:
    return "wait" if choice_argument("when_busy", value, WHEN_BUSY) == "wait" else "raise"


def is_idle(snapshot: Snapshot) -> bool:
    if snapshot.requests_count is not None:
        return snapshot.requests_count == 0
    return snapshot.state in _IDLE_STATES


class BusyWait:
    """The gaps and the time limit of waiting for an idle resource."""

    def __init__(self, conflict: ConflictError, now: float, timeout: float | None) -> None:
        self.conflict = conflict
        self.deadline = None if timeout is None else now + timeout
        self.timeout = timeout
        self._gap = BLIND_FIRST
        self._error_gap = ERROR_FIRST
        self._rng = random.Random()
        self.duration: float | None = None

    def remaining(self, now: float) -> float | None:
        return None if self.deadline is None else max(self.deadline - now, 0.0)

    def next_gap(self, now: float) -> float:
        self._error_gap = ERROR_FIRST
        gap = self._gap * (1 + 0.1 * self._rng.random())
        self._gap = min(MAX_GAP, self._gap * GROWTH)
        self._within_limit(now, gap, None)
        return gap

    def error_gap(self, error: QoveryError, now: float) -> float:
        """After a failed read: raise it when it ends the waiting (401, 403, 404...), else the gap to read again."""
        if not isinstance(error, TRANSIENT_READ_ERRORS):
            raise error
        gap = max(self._error_gap * (1 + 0.1 * self._rng.random()), retry_after_of(error) or 0.0)
        self._error_gap = min(MAX_GAP, self._error_gap * 2)
        logger.debug("busy resource: read failed (%s); reading again in %.1f s", type(error).__name__, gap)
        self._within_limit(now, gap, error)
        return gap

    def _within_limit(self, now: float, gap: float, error: QoveryError | None) -> None:
        if self.deadline is None or now + gap <= self.deadline:
            return
        note = f"the resource was still busy after {self.timeout:g} s of waiting (when_busy='wait')"
        if error is not None:
            note += f"; the last status read failed: {error}"
        self.conflict.add_note(note)
        raise self.conflict from error

    def idle(self, snapshot: Snapshot) -> bool:
        self.duration = snapshot.duration or self.duration
        idle = is_idle(snapshot)
        logger.debug("busy resource: %s, %s", snapshot.state, "idle" if idle else "still busy")
        return idle


def wait_until_idle(
    busy: BusyWait,
    read: Callable[[float | None], Snapshot],
    sleep: Callable[[float], None],
    monotonic: Callable[[], float],
) -> None:
    gap = busy.next_gap(monotonic())
    while True:
        sleep(gap)
        try:
            snapshot = read(busy.remaining(monotonic()))
        except QoveryError as error:
            gap = busy.error_gap(error, monotonic())
            continue
        if busy.idle(snapshot):
            return
        gap = busy.next_gap(monotonic())


async def wait_until_idle_async(
    busy: BusyWait,
    read: Callable[[float | None], Awaitable[Snapshot]],
    sleep: Callable[[float], Awaitable[None]],
    monotonic: Callable[[], float],
) -> None:
    gap = busy.next_gap(monotonic())
    while True:
        await sleep(gap)
        try:
            snapshot = await read(busy.remaining(monotonic()))
        except QoveryError as error:
            gap = busy.error_gap(error, monotonic())
            continue
        if busy.idle(snapshot):
            return
        gap = busy.next_gap(monotonic())
