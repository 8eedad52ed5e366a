"""Durations as `qovery-deploy --timeout` takes them: `1800` (seconds), `90s`, `30m`, `2h`, `1h30m`, `1h 30m 10s`."""

import re

_UNITS = {"h": 3600.0, "m": 60.0, "s": 1.0}
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([hms])")


def parse_duration(text: str) -> float:
    """Seconds in `text`; ValueError when it is not a duration greater than zero."""
    value = text.strip().lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", value):
        seconds = float(value)
    else:
        parts = _PART.findall(value)
        if not parts or _PART.sub("", value).strip():
            raise ValueError(f"{text!r} is not a duration: give seconds (1800) or units h, m, s (30m, 1h30m)")
        units = [unit for _, unit in parts]
        if len(set(units)) != len(units) or units != sorted(units, key="hms".index):
            raise ValueError(f"{text!r} is not a duration: give each unit once, in the order h, m, s")
        seconds = sum(float(number) * _UNITS[unit] for number, unit in parts)
    if seconds <= 0:
        raise ValueError(f"{text!r} is not a duration greater than zero")
    return seconds


def format_duration(seconds: float) -> str:
    """`75.4` -> `1m15s`; under a minute, `8.2s`."""
    if seconds < 60:
        return f"{seconds:.1f}s"
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return (f"{hours}h" if hours else "") + f"{minutes}m{secs:02d}s"
