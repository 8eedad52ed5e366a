"""Keeping credentials out of everything the suite prints or writes."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

REDACTED = "[Filtered]"
SENSITIVE_HEADERS = frozenset({"authorization", "cookie", "set-cookie", "proxy-authorization"})
_MIN_SECRET_LENGTH = 6
_AUTH_HEADER_TEXT = re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)(token|bearer)\s+[^'\"\s,}]+")


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {name: REDACTED if name.lower() in SENSITIVE_HEADERS else value for name, value in headers.items()}


def redact_text(text: str, secrets: Iterable[str] = ()) -> str:
    """The text with every given secret and every `Authorization: Token …`/`Bearer …` value filtered."""
    for secret in secrets:
        if secret and len(secret) >= _MIN_SECRET_LENGTH:
            text = text.replace(secret, REDACTED)
    return _AUTH_HEADER_TEXT.sub(lambda match: f"{match.group(1)}{REDACTED}", text)


def scrub_directory(directory: Path, secrets: Iterable[str]) -> list[Path]:
    """Rewrite the text files under `directory` that contain a secret; the files changed."""
    wanted = [secret for secret in secrets if secret and len(secret) >= _MIN_SECRET_LENGTH]
    changed: list[Path] = []
    if not wanted or not directory.is_dir():
        return changed
    for path in sorted(directory.rglob("*")):
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if any(secret in text for secret in wanted):
            path.write_text(redact_text(text, wanted), encoding="utf-8")
            changed.append(path)
    return changed
