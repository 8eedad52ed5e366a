"""The `Retry-After` header: how long the server asks a client to wait before it sends again."""

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# Delay-seconds as RFC 9110 has them (digits), and with a decimal fraction, which some servers send.
_SECONDS = re.compile(r"[0-9]{1,15}(\.[0-9]{1,9})?", re.ASCII)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header in seconds or HTTP-date form; None when absent or invalid.

    Invalid values (a negative or signed number, "inf", "1e9", text that is no date) count as absent, so
    that the client's own backoff applies. A date already past means now: 0.
    """
    if not value:
        return None
    value = value.strip()
    if _SECONDS.fullmatch(value):
        return float(value)
    if value[:1].isdigit() or value[:1] in "+-.":
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
