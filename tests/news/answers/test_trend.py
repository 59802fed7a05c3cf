"""A topic's coverage per day: periods as people type them, day buckets, outlets, peaks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from news import QueryError
from news.answers.trend import compute_trend, split_trend_args
from news.store.trends import CoverageRow

NOW = datetime(2026, 5, 10, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("text", "expected"), [
    ("gaza", ("gaza", 30)),
    ("gaza 7", ("gaza", 7)),
    ("climate change 90 days", ("climate change", 90)),
    ("apple 2w", ("apple", 14)),
    ("apple 2 weeks", ("apple", 14)),
    ("elections month", ("elections", 30)),
    ("vitamin d", ("vitamin d", 30)),  # a one-letter word without a number is the topic's
    ("2024", ("2024", 30)),  # a number alone is a topic
    ('"Cairo talks" 1y', ("Cairo talks", 365)),
])
def test_periods_as_people_type_them(text: str, expected: tuple[str, int]) -> None:
    assert split_trend_args(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "30 days", "gaza 400 days", "gaza 0"])
def test_no_topic_or_a_period_out_of_range_is_refused(text: str) -> None:
    with pytest.raises(QueryError):
        split_trend_args(text)


def _row(article_id: int, story: int | None, source: str, at: datetime) -> CoverageRow:
    return CoverageRow(article_id, story, f"Story {story}" if story else None, source, at)


def test_counts_per_day_outlets_and_the_biggest_stories_peaks() -> None:
    rows = [
        _row(1, 1, "Wire", NOW - timedelta(days=3)),
        _row(2, 1, "Daily", NOW - timedelta(days=3, hours=2)),
        _row(3, 1, "Wire", NOW - timedelta(days=3, hours=4)),
        _row(4, 1, "Herald", NOW - timedelta(days=1)),
        _row(5, 2, "Herald", NOW - timedelta(days=1, hours=1)),
        _row(6, None, "Blog", NOW),
        _row(7, 3, "Wire", NOW - timedelta(days=40)),  # before the period: not counted
    ]

    trend = compute_trend(rows, topic="gaza", days=7, now=NOW, zone=UTC)

    assert trend.start == date(2026, 5, 4) and trend.end == date(2026, 5, 10)
    assert len(trend.points) == 7 and trend.points[0].articles == 0
    by_day = {p.day: (p.articles, p.outlets) for p in trend.points}
    assert by_day[date(2026, 5, 7)] == (3, 2)
    assert by_day[date(2026, 5, 9)] == (2, 1)
    assert by_day[date(2026, 5, 10)] == (1, 1)
    assert trend.total_articles == 6 and trend.total_outlets == 4
    assert [(p.story_id, p.day, p.articles, p.total) for p in trend.peaks] == [
        (1, date(2026, 5, 7), 3, 4), (2, date(2026, 5, 9), 1, 1)]
    assert trend.caption() == "Gaza: 6 reports from 4 outlets in 7 days, peak 7 May"


def test_days_are_the_askers_local_days() -> None:
    late = datetime(2026, 5, 9, 22, 30, tzinfo=UTC)  # already 10 May in Tokyo
    trend = compute_trend([_row(1, 1, "Wire", late)], topic="x", days=3, now=NOW,
                          zone=ZoneInfo("Asia/Tokyo"))
    assert [p.day for p in trend.points if p.articles] == [date(2026, 5, 10)]


def test_an_empty_period_has_no_peak() -> None:
    trend = compute_trend([], topic="nothing", days=30, now=NOW, zone=UTC)
    assert trend.total_articles == 0 and trend.peak_day is None and trend.peaks == ()
    assert trend.caption() == "Nothing: 0 reports from 0 outlets in 30 days"
