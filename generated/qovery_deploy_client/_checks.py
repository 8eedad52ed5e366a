"""Checks of the caller's values before anything is sent: ids must be UUIDs, tokens must be usable."""

from enum import Enum
from typing import TypeVar
from uuid import UUID

from ._shapes import Shape, ShapeError, check_value, describe, is_uuid_text
from .errors import InvalidArgumentError, MissingTokenError

_SCHEMES = {"token": "Token", "bearer": "Bearer"}

E = TypeVar("E", bound=Enum)
M = TypeVar("M")


def uuid_argument(name: str, value: UUID | str) -> UUID:
    """An id argument as a UUID: a UUID, or its 36-character hyphenated text in any case, and nothing
    around it. Anything else (braces, a `urn:uuid:` prefix, white space, a sign, 32 bare digits) raises
    InvalidArgumentError before anything is sent."""
    if isinstance(value, UUID):
        return value
    if isinstance(value, str) and is_uuid_text(value):
        return UUID(value)
    raise InvalidArgumentError(f"{name} must be a UUID, got {describe(value)}")


def enum_argument(name: str, kind: type[E], value: E | str) -> E:
    """An enum argument as a member of its enum: a member, or the text of one the spec lists."""
    if isinstance(value, kind) and getattr(value, "is_known", True):
        return value
    known = {member.value: member for member in kind}
    if isinstance(value, str) and value in known:
        return known[value]
    choices = ", ".join(sorted(str(member) for member in known))
    raise InvalidArgumentError(f"{name} must be one of {choices}, got {describe(value)}")


def bool_argument(name: str, value: bool) -> bool:
    """A boolean argument: True or False, not a string or a number that Python would call true."""
    if isinstance(value, bool):
        return value
    raise InvalidArgumentError(f"{name} must be True or False, got {describe(value)}")


def body_argument(name: str, value: M, shape: Shape) -> M:
    """A request body whose every field has the type the spec gives it (each id a UUID, each list a list)."""
    try:
        check_value(value, shape, name)
    except ShapeError as problem:
        raise InvalidArgumentError(f"{problem.path}: {problem.problem}; nothing was sent") from None
    return value


def _looks_like_jwt(token: str) -> bool:
    return token.startswith("eyJ") and token.count(".") == 2


def split_token(token: str, prefix: str | None) -> tuple[str, str]:
    """(scheme, credential) from a bare token or one that already starts with `Token ` or `Bearer `."""
    if not isinstance(token, str):
        raise MissingTokenError(f"the API token must be a string, got a {type(token).__name__}")
    token = token.strip()
    head, _, rest = token.partition(" ")
    if head.lower() in _SCHEMES:
        # A scheme alone ("Token ") has an empty credential, refused as no token at all.
        return _SCHEMES[head.lower()], rest.strip()
    if prefix is not None:
        return prefix, token
    return ("Bearer" if _looks_like_jwt(token) else "Token"), token


def _sendable(text: str) -> bool:
    """Whether a header value can go out as it is: printable ASCII, without white space."""
    return text.isascii() and all(character.isprintable() and not character.isspace() for character in text)


def check_credential(credential: str, prefix: str | None = None) -> None:
    """Refuse an empty credential, or one (or a scheme) that could not be sent in a header as it is."""
    if not credential:
        raise MissingTokenError("no API token: pass token=... or set QOVERY_API_TOKEN")
    if not _sendable(credential):
        # The token itself is never part of a message.
        raise MissingTokenError(
            "the API token contains white space or control characters, or characters beyond ASCII:"
            " a header cannot carry it"
        )
    if prefix and not _sendable(prefix):
        raise MissingTokenError(f"the token's prefix must be a word of printable ASCII, got {prefix!r}")
