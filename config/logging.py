"""Logging set-up with secret redaction.

The bot token is part of every Bot API URL (``/bot<token>/getUpdates``) and httpx logs every
URL it requests, so redaction happens in a filter on the root handlers, not at call sites.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

__all__ = ["RedactingFilter", "configure_logging", "redact"]

_TOKEN_SHAPE = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")
_BOT_URL = re.compile(r"/bot[^/\s]+/")


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """Hide known secrets and anything shaped like a bot token or a /bot<token>/ path."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    text = _BOT_URL.sub("/bot***/", text)
    return _TOKEN_SHAPE.sub("***", text)


class RedactingFilter(logging.Filter):
    """Rewrites each record's message (arguments and exception text included) without secrets."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info:
            formatter = logging.Formatter()
            message = f"{message}\n{formatter.formatException(record.exc_info)}"
            record.exc_info = None
            record.exc_text = None
        record.msg = redact(message, self._secrets)
        record.args = None
        return True


_base_factory = logging.getLogRecordFactory()
_traceback_formatter = logging.Formatter()


def _install_record_factory(secrets: tuple[str, ...]) -> None:
    """Redact at record creation too, so every handler (pytest's caplog included) sees clean text."""

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = _base_factory(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed format string: leave it for the handler to report
            return record
        if record.exc_info and record.exc_info[0] is not None:
            # Exception texts carry URLs too: fold the traceback in, redacted, for every handler.
            message = f"{message}\n{_traceback_formatter.formatException(record.exc_info)}"
            record.exc_info = None
            record.exc_text = None
        record.msg = redact(message, secrets)
        record.args = None
        return record

    logging.setLogRecordFactory(factory)


def configure_logging(level: str = "INFO", secrets: Iterable[str] = ()) -> None:
    """Install one redacting stream handler on the root logger (idempotent)."""
    secrets = tuple(s for s in secrets if s)
    _install_record_factory(secrets)
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_newsbrief", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(secrets))
    handler._newsbrief = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    # httpx logs each request at INFO with the full URL; keep it, redacted, only when debugging.
    logging.getLogger("httpx").setLevel(logging.DEBUG if level == "DEBUG" else logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
