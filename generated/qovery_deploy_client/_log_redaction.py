"""Keeping tokens out of log records, those of httpx and httpcore included.

httpcore logs, at DEBUG, the headers of each answer: a server that echoes the credential in a header
would put the token in a log record. A filter on the loggers of this package, httpx and httpcore
replaces every token a client of this package holds with `[REDACTED]` in each record's message. A
logger's filters only see the records logged on it, so each of httpcore's loggers gets one.
"""

import logging
import threading

REDACTED = "[REDACTED]"
_LOGGERS = (
    __name__.rpartition(".")[0],
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
)


class SecretFilter(logging.Filter):
    """Replaces the secrets it was given in the message of every record it sees."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._forms: tuple[str, ...] = ()

    def add(self, secret: str) -> None:
        # The secret as text, and as it shows inside the repr of bytes (how httpcore logs headers).
        forms = {secret, repr(secret.encode("ascii", "backslashreplace"))[2:-1]}
        with self._lock:
            self._forms = tuple(sorted({*self._forms, *forms} - {""}, key=len, reverse=True))

    def filter(self, record: logging.LogRecord) -> bool:
        forms = self._forms
        if not forms:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a record whose arguments do not format: left to logging to report
            return True
        redacted = message
        for form in forms:
            redacted = redacted.replace(form, REDACTED)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


SECRETS = SecretFilter()
_installed = False
_install_lock = threading.Lock()


def keep_out_of_logs(secret: str) -> None:
    """Redact this secret from every record of the package's, httpx's and httpcore's loggers."""
    global _installed  # noqa: PLW0603
    SECRETS.add(secret)
    with _install_lock:
        if not _installed:
            for name in _LOGGERS:
                logging.getLogger(name).addFilter(SECRETS)
            _installed = True
