"""The errors of `Deployment.wait()`: each carries the Outcome of the wait."""

from typing import Any

from ._outcome import Outcome
from .errors import QoveryError


class DeploymentFailed(QoveryError):
    """The deployment request ended in failure; `outcome` says in which state and which services failed."""

    def __init__(self, outcome: Outcome) -> None:
        self.outcome = outcome
        super().__init__(outcome.message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.outcome,))


class DeploymentCanceled(DeploymentFailed):
    """The deployment request was canceled before it ended."""


class DeploymentTimeout(QoveryError):
    """The timeout passed before the request ended; `outcome` holds the last status seen. The deployment goes on."""

    def __init__(self, outcome: Outcome) -> None:
        self.outcome = outcome
        super().__init__(outcome.message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.outcome,))
