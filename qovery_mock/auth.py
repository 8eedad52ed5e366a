"""The `Authorization` header: `Token <api token>` or `Bearer <jwt>`, both checked against the
tokens of the fixture's organizations."""

from __future__ import annotations

from qovery_mock.errors import ApiError
from qovery_mock.fixtures import Organization
from qovery_mock.state import Store

SCHEMES = ("token", "bearer")
CHALLENGE = {"www-authenticate": 'Token realm="qovery-mock", Bearer realm="qovery-mock"'}


def authenticate(store: Store, header: str | None) -> Organization:
    """The organization whose token the header carries; 401 when there is none."""
    if header is None:
        raise ApiError(
            401, "missing Authorization header; send 'Token <api token>' or 'Bearer <jwt>'", CHALLENGE
        )
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() not in SCHEMES or not token or " " in token:
        raise ApiError(
            401, "malformed Authorization header; expected 'Token <api token>' or 'Bearer <jwt>'", CHALLENGE
        )
    organization = store.organization_for_token(token)
    if organization is None:
        raise ApiError(401, "unknown or expired token", CHALLENGE)
    return organization
