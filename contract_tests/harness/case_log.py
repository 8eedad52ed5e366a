"""How many cases each part of the suite ran, per operation, for the summary printed at the end."""

from __future__ import annotations

from collections import Counter

_COUNTS: Counter[tuple[str, str]] = Counter()


def record(operation_id: str, column: str, count: int = 1) -> None:
    _COUNTS[(operation_id, column)] += count


def counts() -> Counter[tuple[str, str]]:
    return Counter(_COUNTS)


def table() -> list[str]:
    """One row per operation, one column per part of the suite, columns two spaces or more apart."""
    if not _COUNTS:
        return []
    columns = sorted({column for _, column in _COUNTS})
    operations = sorted({operation for operation, _ in _COUNTS})
    width = max(len("operation"), *(len(name) for name in operations))
    header = "operation".ljust(width) + "".join(f"  {column}" for column in columns)
    lines = [header, "-" * len(header)]
    for operation in operations:
        cells = "".join(f"  {_COUNTS.get((operation, column), 0):>{len(column)}}" for column in columns)
        lines.append(operation.ljust(width) + cells)
    return lines
