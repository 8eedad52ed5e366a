"""Faults injected on demand: slow answers, error statuses, broken bodies, dropped connections,
answers that break the contract, and deployments that fail.

A fault applies to one operation (its operationId) or to all ("*"), optionally only to requests for
one resource id or with given query values. With `count`, only the first `count` matching requests
get it; with `rate`, each matching request gets it with that probability (drawn from a seeded random
generator); with neither, every matching request gets it.
"""

from __future__ import annotations

import dataclasses
import math
import random
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any


class FaultKind(StrEnum):
    LATENCY = "latency"
    STATUS = "status"
    NON_JSON = "non_json"
    DROP = "drop"
    ERROR_FOR_INPUT = "error_for_input"
    FLIP_TYPE = "flip_type"
    DROP_FIELD = "drop_field"
    DEPLOY_FAILURE = "deploy_failure"


TERMINAL_KINDS = frozenset({FaultKind.STATUS, FaultKind.NON_JSON, FaultKind.DROP, FaultKind.ERROR_FOR_INPUT})
BODY_KINDS = frozenset({FaultKind.FLIP_TYPE, FaultKind.DROP_FIELD})
DEFAULT_STATUS = {FaultKind.STATUS: 503, FaultKind.NON_JSON: 202, FaultKind.ERROR_FOR_INPUT: 500}
DEFAULT_NON_JSON_BODY = "<html><body><h1>502 Bad Gateway</h1></body></html>"
DEFAULT_NON_JSON_TYPE = "text/html; charset=utf-8"
DEFAULT_FLIP_FIELDS = ("deployment_requests_count", "state")
DEFAULT_DROP_FIELD = "state"
RETRY_AFTER_FORMATS = ("seconds", "http-date")


class FaultError(ValueError):
    """A fault description that cannot be used."""


@dataclass
class Fault:
    kind: FaultKind
    operation: str = "*"
    count: int | None = None
    rate: float | None = None
    seed: int | None = None
    status: int | None = None
    retry_after: int | str | None = None
    retry_after_format: str = "seconds"
    latency: float | None = None
    field: str | None = None
    body: str | None = None
    content_type: str | None = None
    resource_id: str | None = None
    query: dict[str, str] | None = None
    id: int = 0
    hits: int = 0
    _random: random.Random = dataclasses.field(default_factory=random.Random, repr=False)

    @property
    def exhausted(self) -> bool:
        return self.count is not None and self.hits >= self.count

    def matches(self, operation_id: str, resource_id: str | None, query: Mapping[str, list[str]]) -> bool:
        if self.operation not in ("*", operation_id):
            return False
        if self.resource_id is not None and self.resource_id != resource_id:
            return False
        if self.query:
            return all(query.get(name) == [value] for name, value in self.query.items())
        return True

    def describe(self) -> dict[str, Any]:
        described = {
            item.name: getattr(self, item.name)
            for item in fields(self)
            if not item.name.startswith("_") and getattr(self, item.name) is not None
        }
        described["kind"] = self.kind.value
        described["remaining"] = None if self.count is None else max(self.count - self.hits, 0)
        return described


FAULT_PARAMETERS = frozenset(
    item.name for item in fields(Fault) if not item.name.startswith("_") and item.name not in ("id", "hits")
)


MAX_COUNT = 10**9
MAX_LATENCY = 60.0
# A Retry-After in seconds goes out as written; as an HTTP date, it must stay a date the mock can write.
MAX_RETRY_AFTER = 10**18
MAX_RETRY_AFTER_DATE = 10**10
MAX_TEXT = 256
MAX_BODY = 1024 * 1024
MAX_QUERY_PARAMETERS = 32
MAX_FAULTS = 1000
# Controls allowed in a non-JSON body (it is text made of lines); none is allowed in the other fields.
BODY_CONTROLS = frozenset("\t\n\r")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_text(
    name: str,
    value: Any,
    *,
    limit: int = MAX_TEXT,
    header: bool = False,
    allowed: frozenset[str] = frozenset(),
) -> str:
    """`value` as text fit to go out in an answer: a string of at most `limit` characters, without
    control characters (but `allowed`), encodable as UTF-8, and printable ASCII when it is a header."""
    if not isinstance(value, str):
        raise FaultError(f"{name} must be a string")
    if len(value) > limit:
        raise FaultError(f"{name} must be at most {limit} characters long")
    if header and not all(" " <= char <= "~" for char in value):
        raise FaultError(f"{name} goes out in a header: printable ASCII only")
    if any(unicodedata.category(char) == "Cc" and char not in allowed for char in value):
        raise FaultError(f"{name} must not hold control characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise FaultError(f"{name} must be valid Unicode text (no lone surrogates)") from None
    return value


def _check_retry_after(fault: Fault) -> None:
    if fault.retry_after_format not in RETRY_AFTER_FORMATS:
        raise FaultError(f"retry_after_format must be one of {', '.join(RETRY_AFTER_FORMATS)}")
    value = fault.retry_after
    if fault.retry_after_format == "http-date":
        if not _is_int(value) or abs(value) > MAX_RETRY_AFTER_DATE:  # type: ignore[arg-type]
            raise FaultError(
                "an HTTP-date Retry-After needs `retry_after` as whole seconds from now, "
                f"at most {MAX_RETRY_AFTER_DATE} either way"
            )
        return
    if value is None:
        return
    if _is_int(value):
        if abs(value) > MAX_RETRY_AFTER:  # type: ignore[arg-type]
            raise FaultError(f"retry_after must be at most {MAX_RETRY_AFTER} either way")
        return
    _check_text("retry_after", value, header=True)


def _check_fields(fault: Fault, operations: Iterable[str]) -> None:
    """Every field of the right type and within bounds; raises FaultError naming the first wrong one."""
    if not isinstance(fault.operation, str):
        raise FaultError("operation must be a string")
    if fault.operation != "*" and fault.operation not in set(operations):
        raise FaultError(f"unknown operation {fault.operation!r}; use an operationId of the spec or '*'")
    if fault.count is not None and not (_is_int(fault.count) and 1 <= fault.count <= MAX_COUNT):
        raise FaultError(f"count must be a whole number between 1 and {MAX_COUNT}")
    if fault.rate is not None and not (_is_number(fault.rate) and 0 <= fault.rate <= 1):
        raise FaultError("rate must be a probability between 0 and 1")
    if fault.seed is not None and not _is_int(fault.seed):
        raise FaultError("seed must be a whole number")
    if fault.latency is not None and not (_is_number(fault.latency) and 0 <= fault.latency <= MAX_LATENCY):
        raise FaultError(f"latency must be a number of seconds between 0 and {MAX_LATENCY:g}")
    if fault.kind is FaultKind.LATENCY and fault.latency is None:
        raise FaultError("a latency fault needs `latency` (seconds)")
    # 1xx answers are not final answers, so they cannot stand for one.
    if fault.status is not None and not (_is_int(fault.status) and 200 <= fault.status <= 599):
        raise FaultError("status must be an HTTP status code between 200 and 599")
    _check_retry_after(fault)
    if fault.field is not None:
        _check_text("field", fault.field)
    if fault.body is not None:
        _check_text("body", fault.body, limit=MAX_BODY, allowed=BODY_CONTROLS)
    if fault.content_type is not None:
        _check_text("content_type", fault.content_type, header=True)
    if fault.resource_id is not None:
        _check_text("resource_id", fault.resource_id)
    if fault.query is not None:
        if not isinstance(fault.query, Mapping) or len(fault.query) > MAX_QUERY_PARAMETERS:
            raise FaultError(f"query must map at most {MAX_QUERY_PARAMETERS} parameter names to values")
        for name, value in fault.query.items():
            _check_text("a query parameter name", name)
            _check_text(f"query parameter {name}", value)


def _build(spec: Mapping[str, Any], operations: Iterable[str], number: int, base_seed: int) -> Fault:
    unknown = set(spec) - FAULT_PARAMETERS
    if unknown:
        raise FaultError(f"unknown fault parameter(s): {', '.join(sorted(map(str, unknown)))}")
    values = dict(spec)
    kind_value = values.pop("kind", FaultKind.STATUS)
    known = ", ".join(kind.value for kind in FaultKind)
    if not isinstance(kind_value, str) or kind_value not in FaultKind.__members__.values():
        raise FaultError(f"unknown fault kind {kind_value!r}; known kinds: {known}")
    kind = FaultKind(kind_value)
    fault = Fault(kind=kind, **values)
    if fault.status is None:
        fault.status = DEFAULT_STATUS.get(kind)
    _check_fields(fault, operations)
    if kind is FaultKind.ERROR_FOR_INPUT and fault.resource_id is None and not fault.query:
        raise FaultError("an error_for_input fault needs `resource_id` or `query` to say which input")
    if fault.resource_id is not None:
        fault.resource_id = fault.resource_id.lower()
    if fault.query is not None:
        fault.query = dict(fault.query)
    if fault.field is None:
        fault.field = DEFAULT_DROP_FIELD if kind is FaultKind.DROP_FIELD else None
    fault.id = number
    fault._random = random.Random(fault.seed if fault.seed is not None else base_seed * 1_000_003 + number)
    return fault


class FaultBook:
    """The faults in force. Thread-safe: a fault's count is never over-spent under concurrency."""

    def __init__(self, operations: Iterable[str], seed: int = 0) -> None:
        self._operations = tuple(operations)
        self._seed = seed
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._numbers = 0

    def add(self, spec: Mapping[str, Any]) -> Fault:
        return self.add_all([spec])[0]

    def add_all(self, specs: Iterable[Mapping[str, Any]]) -> list[Fault]:
        """Add every fault, or none when one of them cannot be used (FaultError naming it)."""
        with self._lock:
            built: list[Fault] = []
            for index, spec in enumerate(specs):
                if not isinstance(spec, Mapping):
                    raise FaultError(f"fault {index + 1}: a fault is an object of named parameters")
                try:
                    built.append(_build(spec, self._operations, self._numbers + index + 1, self._seed))
                except FaultError as error:
                    raise FaultError(f"fault {index + 1}: {error}" if index else str(error)) from None
            if len(self._faults) + len(built) > MAX_FAULTS:
                raise FaultError(f"at most {MAX_FAULTS} faults can be in force at once")
            self._numbers += len(built)
            self._faults.extend(built)
            return built

    def clear(self) -> None:
        with self._lock:
            self._faults = []
            self._numbers = 0

    def __bool__(self) -> bool:
        return bool(self._faults)

    def describe(self) -> list[dict[str, Any]]:
        with self._lock:
            return [fault.describe() for fault in self._faults]

    def take(
        self,
        kinds: frozenset[FaultKind],
        operation_id: str,
        resource_id: str | None,
        query: Mapping[str, list[str]],
    ) -> list[Fault]:
        """The faults of `kinds` that fire for this request, in the order they were added; each one
        returned has spent one of its `count`. At most one fault that replaces the answer fires."""
        if not self._faults:
            return []
        fired: list[Fault] = []
        terminal_fired = False
        with self._lock:
            for fault in self._faults:
                if fault.kind not in kinds or fault.exhausted:
                    continue
                if terminal_fired and fault.kind in TERMINAL_KINDS:
                    continue
                if not fault.matches(operation_id, resource_id, query):
                    continue
                if fault.rate is not None and fault._random.random() >= fault.rate:
                    continue
                fault.hits += 1
                fired.append(fault)
                terminal_fired = terminal_fired or fault.kind in TERMINAL_KINDS
        return fired


def with_latency(kinds: frozenset[FaultKind]) -> frozenset[FaultKind]:
    return kinds | {FaultKind.LATENCY}


PRE_RESPONSE_KINDS = with_latency(TERMINAL_KINDS)


def flip_type(value: Any) -> Any:
    """A value of another JSON type than `value`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return 12345
    if value is None:
        return 0
    if isinstance(value, list):
        return {"items": value}
    return [value]


def _locate(body: dict[str, Any], dotted: str) -> tuple[dict[str, Any], str] | None:
    *parents, last = dotted.split(".")
    node: Any = body
    for name in parents:
        node = node.get(name) if isinstance(node, dict) else None
    if isinstance(node, dict) and last in node:
        return node, last
    return None


def break_body(fault: Fault, body: dict[str, Any]) -> bool:
    """Apply a contract-breaking fault to an answer body in place; False when its field is absent."""
    if fault.kind is FaultKind.FLIP_TYPE:
        candidates = (fault.field,) if fault.field else DEFAULT_FLIP_FIELDS
        for candidate in candidates:
            found = _locate(body, candidate)
            if found:
                parent, name = found
                parent[name] = flip_type(parent[name])
                return True
        return False
    found = _locate(body, fault.field or DEFAULT_DROP_FIELD)
    if not found:
        return False
    parent, name = found
    del parent[name]
    return True
