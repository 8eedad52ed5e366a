"""A client library for accessing Qovery deployment control"""

from ._deployment import AsyncDeployment, Deployment
from ._deployment_errors import DeploymentCanceled, DeploymentFailed, DeploymentTimeout
from ._outcome import Outcome, Progress, Result, ServiceState
from .client import AuthenticatedClient, Client, RequestOptions, RetryPolicy
from .errors import APIConnectionError, APIStatusError, APITimeoutError, QoveryError, ResponseValidationError
from .qovery import AsyncQovery, Qovery

__all__ = (
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncDeployment",
    "AsyncQovery",
    "AuthenticatedClient",
    "Client",
    "Deployment",
    "DeploymentCanceled",
    "DeploymentFailed",
    "DeploymentTimeout",
    "Outcome",
    "Progress",
    "QoveryError",
    "Qovery",
    "RequestOptions",
    "ResponseValidationError",
    "Result",
    "RetryPolicy",
    "ServiceState",
)
