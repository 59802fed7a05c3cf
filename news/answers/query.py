"""Understanding "what's new on X?" questions: the topic and the period asked about."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import cache

from news.answers.phrases import LANGUAGES
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
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"]
_UNITS = {"hour": 1 / 24, "h": 1 / 24, "day": 1, "d": 1, "week": 7, "month": 30}
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# Every period phrase, as it may end a question. One table serves both the tail search and the
# parse, so a phrase is either understood as a period or left in the topic, never half of each.
_PERIOD = (
    r"today|so\s+far\s+today|yesterday|(?:this|the\s+past|past|last)\s+(?:hour|day|week|month)"
    r"|week|month|(?:in\s+)?(?:the\s+)?(?:last|past)\s+\d{1,4}\s*(?:hours?|h|days?|d|weeks?|months?)"
    r"|\d{1,3}\s*h|since\s+(?:last\s+)?[a-z]+day|since\s+\d{4}-\d{2}-\d{2}"
    rf"|since\s+\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|since\s+{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?"
)


def _start_of_day(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'s' if count != 1 else ''}"


def _since_date(day: int, month_name: str, now: datetime, label: str) -> tuple[datetime, str]:
    month = next(i for i, name in enumerate(_MONTHS, start=1) if name.startswith(month_name[:3]))
    try:
        start = now.replace(month=month, day=day, hour=0, minute=0, second=0, microsecond=0)
    except ValueError as exc:
        raise QueryError(f"{label} is not a date") from exc
    if start > now:  # "since 20 December" asked in January means last December
        start = start.replace(year=start.year - 1)
    return start, label


def parse_period(words: str, now: datetime) -> tuple[datetime, str] | None:
    """A period phrase ("today", "week", "since Monday", "since 3 May", "last 48 hours") to its
    start, in ``now``'s timezone, with a label to show."""
    phrase = " ".join(words.strip().lower().split())
    if phrase in ("today", "so far today"):
        return _start_of_day(now), "today"
    if phrase == "yesterday":
        return _start_of_day(now) - timedelta(days=1), "since yesterday"
    if phrase in ("week", "month"):
        return now - timedelta(days=_UNITS[phrase]), f"the past {phrase}"
    match = re.fullmatch(r"(?:this|the past|past|last) (hour|day|week|month)", phrase)
    if match:
        unit = match.group(1)
        if phrase.startswith("this") and unit == "week":
            return _start_of_day(now) - timedelta(days=now.weekday()), "this week"
        if phrase.startswith("this") and unit == "month":
            return _start_of_day(now).replace(day=1), "this month"
        return now - timedelta(days=_UNITS[unit]), f"the past {unit}"
    match = re.fullmatch(r"(?:in )?(?:the )?(?:(?:last|past) )?(\d{1,4}) ?(hour|h|day|d|week|month)s?", phrase)
    if match:
        count, unit = int(match.group(1)), match.group(2)
        name = {"h": "hour", "d": "day"}.get(unit, unit)
        return now - timedelta(days=count * _UNITS[unit]), f"the last {_plural(count, name)}"
    match = re.fullmatch(r"since (?:last )?(\w+day)", phrase)
    if match and match.group(1) in _WEEKDAYS:
        back = (now.weekday() - _WEEKDAYS.index(match.group(1))) % 7 or 7
        return _start_of_day(now) - timedelta(days=back), f"since {match.group(1).capitalize()}"
    match = re.fullmatch(r"since (\d{4}-\d{2}-\d{2})", phrase)
    if match:
        try:
            start = datetime.fromisoformat(match.group(1)).replace(tzinfo=now.tzinfo)
        except ValueError as exc:
            raise QueryError(f"{match.group(1)} is not a date (use YYYY-MM-DD)") from exc
        return start, f"since {match.group(1)}"
    match = re.fullmatch(rf"since (\d{{1,2}})(?:st|nd|rd|th)? ({_MONTH})", phrase) or re.fullmatch(
        rf"since ({_MONTH}) (\d{{1,2}})(?:st|nd|rd|th)?", phrase)
    if match:
        day, month = (match.group(1), match.group(2)) if match.group(1).isdigit() else (match.group(2), match.group(1))
        return _since_date(int(day), month, now, f"since {int(day)} {month.rstrip('.').capitalize()}")
    return None


_PERIOD_TAIL = re.compile(rf"\s+(?:from\s+|for\s+|in\s+|over\s+)?({_PERIOD})$", re.IGNORECASE)


def _pattern(phrase: str) -> str:
    """A phrase of the tables in ``news.answers.phrases`` as a regular expression."""
    parts = []
    for word in phrase.split():
        if word == "{n}":
            parts.append(r"(\d{1,4})")
        else:
            parts.append("(?:" + "|".join(re.escape(w) for w in word.split("|")) + ")")
    return r"\s+".join(parts)


def _longest_first(phrases: tuple[str, ...]) -> list[str]:
    return sorted(phrases, key=len, reverse=True)


_WORD_END = r"(?=[\s,:;]|$)"
_FOREIGN_TAILS = [re.compile(rf"\s+(?:{_pattern(p)})$", re.IGNORECASE)
                  for phrases in LANGUAGES.values() for p in _longest_first(phrases.tails)]
_FOREIGN_PERIODS = [(re.compile(rf"\s+(?:за\s+|for\s+)?({_pattern(p)})$", re.IGNORECASE), english)
                    for phrases in LANGUAGES.values()
                    for p, english in sorted(phrases.periods.items(), key=lambda kv: -len(kv[0]))]


@cache
def _foreign_leads() -> list[re.Pattern[str]]:
    """Compiled on first use (about a third of this module's import time): a question that
    opens the English way never needs them."""
    return [re.compile(rf"^(?:{_pattern(p)}){_WORD_END}[\s,:;]*", re.IGNORECASE)
            for phrases in LANGUAGES.values() for p in _longest_first(phrases.leads)]


def _strip_foreign_lead(body: str) -> str:
    for lead in _foreign_leads():
        stripped = lead.sub("", body, count=1)
        if stripped != body:
            return stripped
    return body


def _foreign_period(body: str, now: datetime) -> tuple[str, tuple[datetime, str] | None]:
    """A period phrase of another language at the end of ``body``: the body without it, and
    the period as ``parse_period`` gives it."""
    for pattern, english in _FOREIGN_PERIODS:
        match = pattern.search(" " + body)
        if match:
            numbers = [g for g in match.groups()[1:] if g and g.isdigit()]
            phrase = english.replace("{n}", numbers[0]) if numbers else english
            return (" " + body)[: match.start()].strip(), parse_period(phrase, now)
    return body, None


def parse_question(question: str, *, now: datetime) -> Query:
    """Split a question into topic and period; a bare topic is a question too.

    English forms are understood in full; the other supported languages' everyday forms
    ("что нового о X за неделю", "qué hay de nuevo sobre X") come from ``news.answers.phrases``.
    """
    text = " ".join(question.split())
    body = re.sub(r"[?!.…؟]+$", "", text).strip()
    english = _LEAD.sub("", body, count=1).strip()
    body = english if english != body else _strip_foreign_lead(body).strip()
    for closing in _FOREIGN_TAILS:
        if closing.search(body):
            body = _strip_foreign_lead(closing.sub("", body).strip()).strip()  # "از ایران چه خبر"
            break
    since = None
    label = None
    tail = _PERIOD_TAIL.search(" " + body)
    if tail:
        period = parse_period(tail.group(1), now)
        if period is not None:
            since, label = period
            body = (" " + body)[: tail.start()].strip()
    else:
        rest, period = _foreign_period(body, now)
        if period is not None:
            since, label = period
            body = rest
    body = re.sub(r"^(?:the\s+)", "", body, flags=re.IGNORECASE).strip(" ,;:-\"'“”")
    if not re.search(r"\w", body):
        raise QueryError(f"What topic? {USAGE}")
    return Query(text=text, topic=body, since=since, period_label=label)
