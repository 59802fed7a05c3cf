"""Explicit dates in a report's sentences, resolved against the report's own date.

News writes relative dates ("on Monday", "yesterday", "last Friday", "next Tuesday") and dates
without a year ("on 3 May", "May 3"); a timeline needs calendar days. A weekday is the latest
such day on or before the report's date, unless the sentence looks ahead ("will", "would", "next",
"is due to", "plans"), then the next one after it; a day and month take the report's year, or
the neighbouring year when that lands more than half a year away. English only: other
languages' reports contribute their report dates to the timeline, not resolved phrases.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Final

__all__ = ["explicit_date"]

_WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS: Final = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")),
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = re.compile(
    rf"\b(?:(?P<rel>last|next|this|on|since|by|until|from|early|late)\s+)?(?P<day>{'|'.join(_WEEKDAYS)})\b",
    re.IGNORECASE,
)
_DAY_MONTH = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH})\.?|(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)"
    r"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b",
    re.IGNORECASE,
)
_YESTERDAY = re.compile(r"\b(?:yesterday|the day before)\b", re.IGNORECASE)
_FUTURE = re.compile(r"\b(?:will|would|next|due to|is set to|are set to|plans? to|scheduled|expected to)\b",
                     re.IGNORECASE)
_HALF_YEAR: Final = 183


def _weekday(match: re.Match[str], report: date, future: bool) -> date:
    target = _WEEKDAYS.index(match.group("day").lower())
    rel = (match.group("rel") or "").lower()
    if rel == "next" or (future and rel != "last"):
        ahead = (target - report.weekday()) % 7 or 7
        return report + timedelta(days=ahead)
    back = (report.weekday() - target) % 7
    if rel == "last" and back == 0:
        back = 7
    return report - timedelta(days=back)


def _day_month(match: re.Match[str], report: date, future: bool) -> date | None:
    day = int(match.group("d1") or match.group("d2"))
    month = _MONTHS[(match.group("m1") or match.group("m2")).lower()]
    year = int(match.group("year")) if match.group("year") else report.year
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    if match.group("year"):
        return found
    if (found - report).days > _HALF_YEAR and not future:
        found = found.replace(year=year - 1) if not (month == 2 and day == 29) else found
    elif (report - found).days > _HALF_YEAR:
        found = found.replace(year=year + 1) if not (month == 2 and day == 29) else found
    return found


def explicit_date(sentence: str, report: date) -> date | None:
    """The calendar day a sentence's own date phrase names, if any (the first phrase wins)."""
    future = _FUTURE.search(sentence) is not None
    candidates: list[tuple[int, date]] = []
    if (m := _DAY_MONTH.search(sentence)) is not None:
        resolved = _day_month(m, report, future)
        if resolved is not None:
            candidates.append((m.start(), resolved))
    # "May" alone is a verb far more often than a month; only "May 3"/"3 May" count (above).
    if (w := _WEEKDAY.search(sentence)) is not None:
        candidates.append((w.start(), _weekday(w, report, future)))
    if (y := _YESTERDAY.search(sentence)) is not None:
        candidates.append((y.start(), report - timedelta(days=1)))
    return min(candidates)[1] if candidates else None
