"""Checks of the caller's values before anything is sent: ids must be UUIDs, tokens must be usable."""

from uuid import UUID

from .errors import InvalidArgumentError, MissingTokenError

_SCHEMES = {"token": "Token", "bearer": "Bearer"}


def uuid_argument(name: str, value: UUID | str) -> UUID:
    """An id argument as a UUID; a malformed one raises InvalidArgumentError before anything is sent."""
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        raise InvalidArgumentError(f"{name} must be a UUID, got {str(value)[:80]!r}") from None


def _looks_like_jwt(token: str) -> bool:
    return token.startswith("eyJ") and token.count(".") == 2


def split_token(token: str, prefix: str | None) -> tuple[str, str]:
    """(scheme, credential) from a bare token or one that already starts with `Token ` or `Bearer `."""
    token = token.strip()
    head, _, rest = token.partition(" ")
    if head.lower() in _SCHEMES:
        # A scheme alone ("Token ") has an empty credential, refused as no token at all.
        return _SCHEMES[head.lower()], rest.strip()
    if prefix is not None:
        return prefix, token
    return ("Bearer" if _looks_like_jwt(token) else "Token"), token


def check_credential(credential: str) -> None:
    """Refuse an empty credential, or one that could not be sent in a header as it is."""
    if not credential:
        raise MissingTokenError("no API token: pass token=... or set QOVERY_API_TOKEN")
    if any(character.isspace() or not character.isprintable() for character in credential):
        # The token itself is never part of a message.
        raise MissingTokenError("the API token contains white space or control characters")
