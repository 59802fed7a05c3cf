"""Questions in the forms people type them map to a topic and a period."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from news.errors import QueryError
from news.query import parse_question

NOW = datetime(2026, 11, 18, 15, 30, tzinfo=UTC)  # a Wednesday


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("what's new on Gaza?", "Gaza"),
        ("What’s new about the Fed", "Fed"),
        ("whats new with Apple?", "Apple"),
        ("what is new in climate policy?", "climate policy"),
        ("any news about Tesla", "Tesla"),
        ("Anything new on the election?", "election"),
        ("news on Ukraine", "Ukraine"),
        ("latest on NASA", "NASA"),
        ("tell me about SpaceX", "SpaceX"),
        ("Gaza ceasefire", "Gaza ceasefire"),
        ("climate", "climate"),
    ],
)
def test_topic_forms(question: str, topic: str) -> None:
    query = parse_question(question, now=NOW)
    assert query.topic == topic
    assert query.since is None


@pytest.mark.parametrize(
    ("question", "since", "label"),
    [
        ("news on Gaza today", datetime(2026, 11, 18, tzinfo=UTC), "today"),
        ("news about Apple this week", datetime(2026, 11, 16, tzinfo=UTC), "this week"),
        ("what's new on Gaza since Monday?", datetime(2026, 11, 16, tzinfo=UTC), "since Monday"),
        ("Gaza since wednesday", datetime(2026, 11, 11, tzinfo=UTC), "since Wednesday"),
        ("any news on Gaza in the last 3 days", NOW - timedelta(days=3), "the last 3 days"),
        ("news on Gaza yesterday", datetime(2026, 11, 17, tzinfo=UTC), "since yesterday"),
        ("Gaza since 2026-11-01", datetime(2026, 11, 1, tzinfo=UTC), "since 2026-11-01"),
    ],
)
def test_periods(question: str, since: datetime, label: str) -> None:
    query = parse_question(question, now=NOW)
    assert query.topic == "Gaza" or query.topic == "Apple"
    assert query.since == since
    assert query.period_label == label


@pytest.mark.parametrize("question", ["", "   ", "what's new?", "news today", "?!"])
def test_question_without_topic_is_refused_with_usage(question: str) -> None:
    with pytest.raises(QueryError, match="Ask like"):
        parse_question(question, now=NOW)
