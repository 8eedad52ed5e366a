"""A client library for accessing Qovery deployment control

The names below are imported on first use, so that importing the package (or its `cli` module, for
`qovery-deploy --help`) does not load httpx and the models until they are needed.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._deployment import AsyncDeployment, Deployment
    from ._deployment_errors import DeploymentCanceled, DeploymentFailed, DeploymentTimeout
    from ._outcome import Outcome, Progress, Result, ServiceState
    from .client import AuthenticatedClient, Client, RequestOptions, RetryPolicy
    from .errors import APIConnectionError, APIStatusError, APITimeoutError, QoveryError, ResponseValidationError
    from .qovery import AsyncQovery, Qovery

# Each public name and the module it comes from.
_SOURCES = {
    "AsyncDeployment": "._deployment",
    "Deployment": "._deployment",
    "DeploymentCanceled": "._deployment_errors",
    "DeploymentFailed": "._deployment_errors",
    "DeploymentTimeout": "._deployment_errors",
    "Outcome": "._outcome",
    "Progress": "._outcome",
    "Result": "._outcome",
    "ServiceState": "._outcome",
    "AuthenticatedClient": ".client",
    "Client": ".client",
    "RequestOptions": ".client",
    "RetryPolicy": ".client",
    "APIConnectionError": ".errors",
    "APIStatusError": ".errors",
    "APITimeoutError": ".errors",
    "QoveryError": ".errors",
    "ResponseValidationError": ".errors",
    "AsyncQovery": ".qovery",
    "Qovery": ".qovery",
}

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


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        """Import a public name, or a submodule (`qovery_deploy_client.models`), on first use."""
        source = _SOURCES.get(name)
        if source is not None:
            value = getattr(importlib.import_module(source, __name__), name)
        elif not name.startswith("__"):
            try:
                value = importlib.import_module(f".{name}", __name__)
            except ModuleNotFoundError as error:
                if error.name != f"{__name__}.{name}":
                    raise
                raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        globals()[name] = value
        return value
