"""`when_busy="wait"`: after a 409 (an operation under way; Qovery did not act), wait until the resource is idle.

Idle is a read with no request queued or running (`deployment_requests_count` 0), or, when the read
does not count them, a state in which nothing runs. Then the redeploy is sent once more.
"""

import logging
import random
from collections.abc import Awaitable, Callable
from typing import Literal

from ._arguments import choice_argument
from ._schedule import BLIND_FIRST, GROWTH, MAX_GAP
from ._snapshot import Snapshot
from .errors import ConflictError
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
        self._rng = random.Random()
        self.duration: float | None = None

    def next_gap(self, now: float) -> float:
        gap = self._gap * (1 + 0.1 * self._rng.random())
        self._gap = min(MAX_GAP, self._gap * GROWTH)
        if self.deadline is not None and now + gap > self.deadline:
            self.conflict.add_note(
                f"the resource was still busy after {self.timeout:g} s of waiting (when_busy='wait')"
            )
            raise self.conflict
        return gap

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
    while True:
        sleep(busy.next_gap(monotonic()))
        if busy.idle(read(None)):
            return


async def wait_until_idle_async(
    busy: BusyWait,
    read: Callable[[float | None], Awaitable[Snapshot]],
    sleep: Callable[[float], Awaitable[None]],
    monotonic: Callable[[], float],
) -> None:
    while True:
        await sleep(busy.next_gap(monotonic()))
        if busy.idle(await read(None)):
            return
