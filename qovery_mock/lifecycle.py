"""How a deployment request moves through Qovery's states as time passes.

Deploy:  DEPLOYMENT_QUEUED -> BUILDING (built kinds only) -> DEPLOYING -> DEPLOYED | DEPLOYMENT_ERROR
Restart: RESTART_QUEUED -> RESTARTING -> RESTARTED | RESTART_ERROR

The names are values of the enums of openapi.yaml; the mock checks them against it at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from qovery_mock.fixtures import Timings
from qovery_mock.kinds import Kind


class Action(StrEnum):
    DEPLOY = "DEPLOY"
    RESTART = "RESTART"


QUEUED = "QUEUED"
ONGOING = "ONGOING"
SUCCESS = "SUCCESS"
ERROR = "ERROR"


@dataclass(frozen=True)
class Phase:
    state: str
    step_name: str
    action_status: str
    duration: float
    computing: bool


@dataclass(frozen=True)
class Plan:
    action: Action
    phases: tuple[Phase, ...]
    success_state: str
    failure_state: str
    total: float = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "total", sum(phase.duration for phase in self.phases))


@dataclass(frozen=True)
class Progress:
    """Where one request stands `elapsed` seconds after it started."""

    state: str
    action_status: str
    finished: bool
    steps: dict[str, Any]


def plan_for(action: Action, kind: Kind, timings: Timings) -> Plan:
    if action is Action.RESTART:
        return Plan(
            action=action,
            phases=(
                Phase("RESTART_QUEUED", "DEPLOYMENT_QUEUEING", QUEUED, timings.queued, computing=False),
                Phase("RESTARTING", "DEPLOYMENT", ONGOING, timings.restarting, computing=True),
            ),
            success_state="RESTARTED",
            failure_state="RESTART_ERROR",
        )
    phases = [Phase("DEPLOYMENT_QUEUED", "DEPLOYMENT_QUEUEING", QUEUED, timings.queued, computing=False)]
    if kind.builds:
        phases.append(Phase("BUILDING", "BUILD", ONGOING, timings.building, computing=True))
    phases.append(Phase("DEPLOYING", "DEPLOYMENT", ONGOING, timings.deploying, computing=True))
    return Plan(action, tuple(phases), success_state="DEPLOYED", failure_state="DEPLOYMENT_ERROR")


def progress(plan: Plan, elapsed: float, fails: bool) -> Progress:
    """The state of a request of `plan` that started `elapsed` seconds ago."""
    details: list[dict[str, Any]] = []
    computing = 0
    total = 0
    remaining = max(elapsed, 0.0)
    last_index = len(plan.phases) - 1
    for index, phase in enumerate(plan.phases):
        if remaining < phase.duration:
            steps = {
                "total_duration_sec": None,
                "total_computing_duration_sec": computing,
                "details": details,
            }
            return Progress(phase.state, phase.action_status, finished=False, steps=steps)
        remaining -= phase.duration
        seconds = int(phase.duration)
        total += seconds
        if phase.computing:
            computing += seconds
        failed_here = fails and index == last_index
        details.append(
            {
                "step_name": phase.step_name,
                "status": ERROR if failed_here else SUCCESS,
                "duration_sec": seconds,
            }
        )
    steps = {"total_duration_sec": total, "total_computing_duration_sec": computing, "details": details}
    if fails:
        return Progress(plan.failure_state, ERROR, finished=True, steps=steps)
    return Progress(plan.success_state, SUCCESS, finished=True, steps=steps)
