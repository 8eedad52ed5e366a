"""An in-memory, stateful mock of Qovery's deployment-control API, driven by openapi.yaml."""

from qovery_mock.app import MockApp, create_app
from qovery_mock.clock import Clock, ClockNotAdjustable, ManualClock, SystemClock
from qovery_mock.faults import FaultError, FaultKind
from qovery_mock.fixtures import FixtureError
from qovery_mock.mock import Mock
from qovery_mock.spec import Spec
from qovery_mock.wire import DroppedConnection
from qovery_openapi import SpecError

__all__ = [
    "Clock",
    "ClockNotAdjustable",
    "DroppedConnection",
    "FaultError",
    "FaultKind",
    "FixtureError",
    "ManualClock",
    "Mock",
    "MockApp",
    "Spec",
    "SpecError",
    "SystemClock",
    "create_app",
]
