"""A client library for accessing Qovery deployment control"""

from .client import AuthenticatedClient, Client, RequestOptions, RetryPolicy
from .errors import APIStatusError, QoveryError, ResponseValidationError

__all__ = (
    "APIStatusError",
    "AuthenticatedClient",
    "Client",
    "QoveryError",
    "RequestOptions",
    "ResponseValidationError",
    "RetryPolicy",
)
