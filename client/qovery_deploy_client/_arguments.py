"""Checks of the facade's arguments before anything is sent: enums by member or value, flags, id lists."""

from collections.abc import Iterable
from enum import Enum
from typing import TypeVar
from uuid import UUID

from ._checks import uuid_argument
from .errors import InvalidArgumentError

E = TypeVar("E", bound=Enum)


def enum_argument(name: str, value: E | str, kind: type[E]) -> E:
    """The member of `kind` given as itself or as its string value; anything else raises InvalidArgumentError."""
    known = {member.value: member for member in kind}  # iteration leaves out values kept from a newer API
    if isinstance(value, kind) and value.value in known:
        return value
    if isinstance(value, str) and value in known:
        return known[value]
    choices = ", ".join(repr(choice) for choice in known)
    raise InvalidArgumentError(f"{name} must be one of {choices} (or a {kind.__name__}), got {str(value)[:80]!r}")


def bool_argument(name: str, value: object) -> bool:
    """A flag, which must be True or False: a string such as "false" would be read as true."""
    if not isinstance(value, bool):
        raise InvalidArgumentError(f"{name} must be True or False, got {str(value)[:80]!r}")
    return value


def uuid_list(name: str, values: Iterable[UUID | str] | None) -> list[UUID] | None:
    """Each id of a list as a UUID, or None when no list is given; a lone string is refused."""
    if values is None:
        return None
    if isinstance(values, str | UUID | bytes):
        raise InvalidArgumentError(f"{name} must be a list of ids, not a single {type(values).__name__}")
    return [uuid_argument(f"{name}[{index}]", value) for index, value in enumerate(values)]


def choice_argument(name: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise InvalidArgumentError(f"{name} must be one of {', '.join(map(repr, choices))}, got {str(value)[:80]!r}")
    return value
