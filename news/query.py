"""Understanding "what's new on X?" questions: the topic and the period asked about."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from news.errors import QueryError
from news.models import Query

__all__ = ["USAGE", "parse_period", "parse_question"]

USAGE = (
    'Ask like "what\'s new on Gaza?", "news about Apple this week", "any news on the election '
    'since Monday", or just a topic such as "climate".'
)

_LEADS = [
    r"(?:so\s+)?what(?:'|’)?s\s+(?:new|happening|up|the\s+latest)(?:\s+(?:on|about|with|in|for|regarding))?",
    r"what\s+is\s+(?:new|happening|the\s+latest)(?:\s+(?:on|about|with|in|for|regarding))?",
    r"(?:is\s+there\s+)?any(?:thing)?\s+(?:new|news|updates?)(?:\s+(?:on|about|with|in|for|regarding))?",
    r"(?:the\s+)?latest(?:\s+(?:news|updates?))?(?:\s+(?:on|about|with|in|for|regarding))?",
    r"(?:give\s+me\s+|show\s+me\s+|get\s+)?(?:the\s+)?(?:news|updates?|headlines|stories)(?:\s+(?:on|about|with|in|for|regarding))?",
    r"tell\s+me\s+(?:about|what(?:'|’)?s\s+new\s+(?:on|about|with|in))",
    r"(?:how\s+about|what\s+about)",
]
_LEAD = re.compile(r"^\s*(?:" + "|".join(_LEADS) + r")\b\s*", re.IGNORECASE)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_UNITS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30}


def _start_of_day(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def parse_period(words: str, now: datetime) -> tuple[datetime, str] | None:
    """A period phrase ("today", "this week", "since Monday", "last 3 days") to its start."""
    phrase = words.strip().lower()
    if phrase in ("today", "so far today"):
        return _start_of_day(now), "today"
    if phrase == "yesterday":
        return _start_of_day(now) - timedelta(days=1), "since yesterday"
    match = re.fullmatch(r"(?:this|the\s+past|past|last)\s+(hour|day|week|month)", phrase)
    if match:
        unit = match.group(1)
        if phrase.startswith("this") and unit == "week":
            start = _start_of_day(now) - timedelta(days=now.weekday())
            return start, "this week"
        if phrase.startswith("this") and unit == "month":
            return _start_of_day(now).replace(day=1), "this month"
        return now - timedelta(days=_UNITS[unit]), f"the past {unit}"
    match = re.fullmatch(r"(?:in\s+)?(?:the\s+)?(?:last|past)\s+(\d{1,4})\s+(hour|day|week|month)s?", phrase)
    if match:
        count, unit = int(match.group(1)), match.group(2)
        return now - timedelta(days=count * _UNITS[unit]), f"the last {count} {unit}{'s' if count != 1 else ''}"
    match = re.fullmatch(r"since\s+(?:last\s+)?(\w+)", phrase)
    if match and match.group(1) in _WEEKDAYS:
        target = _WEEKDAYS.index(match.group(1))
        back = (now.weekday() - target) % 7 or 7
        return _start_of_day(now) - timedelta(days=back), f"since {match.group(1).capitalize()}"
    match = re.fullmatch(r"since\s+(\d{4}-\d{2}-\d{2})", phrase)
    if match:
        try:
            start = datetime.fromisoformat(match.group(1)).replace(tzinfo=now.tzinfo)
        except ValueError as exc:
            raise QueryError(f"{match.group(1)} is not a date (use YYYY-MM-DD)") from exc
        return start, f"since {match.group(1)}"
    return None


_PERIOD_TAIL = re.compile(
    r"\s+(?:from\s+|for\s+|in\s+)?("
    r"today|so\s+far\s+today|yesterday|(?:this|the\s+past|past|last)\s+(?:hour|day|week|month)"
    r"|(?:in\s+)?(?:the\s+)?(?:last|past)\s+\d{1,4}\s+(?:hour|day|week|month)s?"
    r"|since\s+(?:last\s+)?\w+|since\s+\d{4}-\d{2}-\d{2})$",
    re.IGNORECASE,
)


def parse_question(question: str, *, now: datetime) -> Query:
    """Split a question into topic and period; a bare topic is a question too."""
    text = " ".join(question.split())
    body = re.sub(r"[?!.…]+$", "", text).strip()
    body = _LEAD.sub("", body, count=1).strip()
    since = None
    label = None
    tail = _PERIOD_TAIL.search(" " + body)
    if tail:
        period = parse_period(tail.group(1), now)
        if period is not None:
            since, label = period
            body = (" " + body)[: tail.start()].strip()
    body = re.sub(r"^(?:the\s+)", "", body, flags=re.IGNORECASE).strip(" ,;:-\"'“”")
    if not re.search(r"\w", body):
        raise QueryError(f"What topic? {USAGE}")
    return Query(text=text, topic=body, since=since, period_label=label)
