"""A topic's coverage over time: reports and outlets per day, and where its biggest stories peaked.

Pure functions over plain rows (``news.store.trends`` reads them); the chart is drawn by
``news.charts`` and the words around it by the faces.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from news.errors import QueryError
from news.store.trends import CoverageRow

__all__ = [
    "DEFAULT_TREND_DAYS", "MAX_TREND_DAYS", "TREND_USAGE", "Trend", "TrendDay", "TrendPeak",
    "compute_trend", "split_trend_args",
]

DEFAULT_TREND_DAYS = 30
MAX_TREND_DAYS = 365  # a year of daily bars is still readable; more is a different chart
PEAKS_LABELLED = 3  # more labels than this crowd a chart the size of a phone screen
TREND_USAGE = "Usage: /trend <topic> [period], e.g. /trend gaza, /trend climate 90 days, /trend apple 2w"

_UNIT_DAYS = {"d": 1, "day": 1, "days": 1, "w": 7, "week": 7, "weeks": 7, "m": 30, "month": 30,
              "months": 30, "y": 365, "year": 365, "years": 365}
# A trailing period: "14", "14d", "2 weeks", "month". A bare letter needs a number ("2w"), so a
# topic that ends in a one-letter word ("vitamin d") keeps it.
_PERIOD = re.compile(
    r"(?:^|\s)(?:(\d{1,4})\s*(d|w|m|y|days?|weeks?|months?|years?)?|(day|week|month|year))\s*$",
    re.IGNORECASE,
)


@dataclass(slots=True, frozen=True)
class TrendDay:
    day: date
    articles: int
    outlets: int


@dataclass(slots=True, frozen=True)
class TrendPeak:
    """One of the biggest stories of the period, at the day it was reported most."""

    story_id: int
    title: str
    day: date
    articles: int  # that day's reports of the story
    total: int  # its reports in the whole period


@dataclass(slots=True, frozen=True)
class Trend:
    topic: str
    days: int
    start: date  # first day shown (local to the asker)
    end: date  # last day shown: today
    points: tuple[TrendDay, ...]  # one per day, empty days included
    total_articles: int
    total_outlets: int
    peaks: tuple[TrendPeak, ...]  # biggest stories first

    @property
    def peak_day(self) -> TrendDay | None:
        """The day with the most reports (the latest of equals: the freshest news)."""
        busy = [p for p in self.points if p.articles]
        return max(busy, key=lambda p: (p.articles, p.day)) if busy else None

    def caption(self) -> str:
        """"Gaza: 142 reports from 9 outlets in 30 days, peak 6 May"."""
        name = self.topic[:1].upper() + self.topic[1:]
        reports = f"{self.total_articles} report{'s' if self.total_articles != 1 else ''}"
        outlets = f"{self.total_outlets} outlet{'s' if self.total_outlets != 1 else ''}"
        line = f"{name}: {reports} from {outlets} in {self.days} day{'s' if self.days != 1 else ''}"
        peak = self.peak_day
        return f"{line}, peak {peak.day.day} {peak.day:%b}" if peak is not None else line


def split_trend_args(text: str) -> tuple[str, int]:
    """"gaza 2 weeks" -> ("gaza", 14); the period is optional (30 days). QueryError when no
    topic is left or the period is out of range."""
    text = " ".join(text.split())
    days = DEFAULT_TREND_DAYS
    match = _PERIOD.search(text)
    if match and match.group(0).strip() == text and not (match.group(2) or match.group(3)):
        match = None  # a bare number alone is a topic ("2024")
    if match:
        number, unit, word = match.groups()
        size = _UNIT_DAYS[(unit or word or "d").lower()]
        days = (int(number) if number else 1) * size
        text = text[: match.start()].strip()
    topic = text.strip(" \"'“”«»")
    if not re.search(r"[^\W_]", topic):
        raise QueryError("no topic given")
    if not 1 <= days <= MAX_TREND_DAYS:
        raise QueryError(f"the period must be between 1 and {MAX_TREND_DAYS} days")
    return topic, days


def compute_trend(rows: Sequence[CoverageRow], *, topic: str, days: int, now: datetime,
                  zone: tzinfo) -> Trend:
    """Per-day counts over the ``days`` local days ending today, and the biggest stories' peaks."""
    end = now.astimezone(zone).date()
    start = end - timedelta(days=days - 1)
    per_day: Counter[date] = Counter()
    outlets_per_day: dict[date, set[str]] = defaultdict(set)
    story_days: dict[int, Counter[date]] = defaultdict(Counter)
    titles: dict[int, str] = {}
    outlets: set[str] = set()
    for row in rows:
        day = row.published_at.astimezone(zone).date()
        if not start <= day <= end:
            continue
        per_day[day] += 1
        outlets_per_day[day].add(row.source)
        outlets.add(row.source)
        if row.story_id is not None:
            story_days[row.story_id][day] += 1
            titles[row.story_id] = row.story_title or ""
    points = tuple(
        TrendDay(d, per_day[d], len(outlets_per_day[d]))
        for d in (start + timedelta(days=i) for i in range(days))
    )
    biggest = sorted(story_days, key=lambda sid: (-sum(story_days[sid].values()), -sid))[:PEAKS_LABELLED]
    peaks = []
    for story_id in biggest:
        counts = story_days[story_id]
        day, count = max(counts.items(), key=lambda item: (item[1], item[0]))
        peaks.append(TrendPeak(story_id, titles[story_id], day, count, sum(counts.values())))
    return Trend(topic=topic, days=days, start=start, end=end, points=points,
                 total_articles=sum(per_day.values()), total_outlets=len(outlets), peaks=tuple(peaks))
