"""Chat settings as users type them: topics, digest times, timezones; plain functions, no I/O.

Topics are words and phrases, never regular expressions; ``-word`` excludes. Matching lives in
``news.answers.digest``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from news.errors import SubscriptionError

__all__ = [
    "MAX_TOPICS",
    "MAX_TOPIC_CHARS",
    "Chat",
    "SubscriptionError",
    "check_timezone",
    "parse_digest_time",
    "parse_topics",
]

MAX_TOPICS = 20
MAX_TOPIC_CHARS = 80


@dataclass(slots=True)
class Chat:
    """A chat's digest settings and topics (``-word`` topics are exclusions)."""

    id: int
    timezone: str
    digest_time: time
    digest_enabled: bool
    paused: bool
    title: str | None = None
    kind: str | None = None
    thread_id: int | None = None
    paused_reason: str | None = None
    last_digest_at: datetime | None = None
    created_at: datetime | None = None
    topics: list[str] = field(default_factory=list)
    language: str | None = None  # the bot's own words here (a face's code, e.g. "ru"); None: unknown

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def local_digest_time(self) -> time:
        """The digest time carrying the chat's tzinfo, as ``JobQueue.run_daily`` expects."""
        return self.digest_time.replace(tzinfo=self.tzinfo)


_TOKEN = re.compile(r'(-?)["“”]([^"“”]+)["“”]|(,|[^\s,"“”]+)')


def _clean(topic: str) -> str:
    words = re.findall(r"[^\W_]+(?:['’.&+-][^\W_]+)*", topic, re.UNICODE)
    return " ".join(words).lower()


def parse_topics(text: str) -> list[str]:
    """'gaza, "climate change" -football' -> ['gaza', 'climate change', '-football'].

    Commas separate phrases; quotes keep a phrase together; a leading ``-`` excludes. Everything
    but letters and digits is dropped, so nothing a user types is ever interpreted as a pattern.
    """
    found: list[str] = []

    def keep(topic: str, exclude: bool) -> None:
        cleaned = _clean(topic)
        if not cleaned:
            return
        if len(cleaned) > MAX_TOPIC_CHARS:
            raise SubscriptionError(f"topic too long (at most {MAX_TOPIC_CHARS} characters)")
        value = f"-{cleaned}" if exclude else cleaned
        if value not in found:
            found.append(value)

    words: list[str] = []

    def flush() -> None:
        keep(" ".join(words), False)
        words.clear()

    for match in _TOKEN.finditer(text):
        negated, phrase, token = match.groups()
        if phrase is not None:
            flush()
            keep(phrase, bool(negated))
        elif token == ",":
            flush()
        elif token.startswith("-"):
            flush()
            keep(token[1:], True)
        else:
            words.append(token)
    flush()
    if len(found) > MAX_TOPICS:
        raise SubscriptionError(f"too many topics (at most {MAX_TOPICS})")
    return found


def parse_digest_time(text: str) -> time:
    """'8', '08:30', '7.15', '18h' -> a time; SubscriptionError otherwise."""
    match = re.fullmatch(r"\s*(\d{1,2})(?:[:.hH](\d{2})?)?\s*", text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise SubscriptionError(f"{text.strip()!r} is not a time of day (use HH:MM, e.g. 07:30)")


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SubscriptionError(
            f"{name!r} is not an IANA timezone (e.g. Europe/Berlin, America/New_York, UTC)"
        ) from exc
    return name


