"""Questions in the forms people type them map to a topic and a period."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from news.answers.query import parse_question
from news.errors import QueryError

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
        ("gaza week", NOW - timedelta(days=7), "the past week"),
        ("Gaza month", NOW - timedelta(days=30), "the past month"),
        ("Gaza since 3 May", datetime(2026, 5, 3, tzinfo=UTC), "since 3 May"),
        ("Gaza since May 3rd", datetime(2026, 5, 3, tzinfo=UTC), "since 3 May"),
        ("Gaza since 20 December", datetime(2025, 12, 20, tzinfo=UTC), "since 20 December"),
        ("Gaza last 48 hours", NOW - timedelta(hours=48), "the last 48 hours"),
        ("Gaza 24h", NOW - timedelta(hours=24), "the last 24 hours"),
    ],
)
def test_periods(question: str, since: datetime, label: str) -> None:
    query = parse_question(question, now=NOW)
    assert query.topic.lower() in ("gaza", "apple")
    assert query.since == since
    assert query.period_label == label


@pytest.mark.parametrize("question", ["", "   ", "what's new?", "news today", "?!"])
def test_question_without_topic_is_refused_with_usage(question: str) -> None:
    with pytest.raises(QueryError, match="Ask like"):
        parse_question(question, now=NOW)


def test_a_period_in_the_chats_timezone_starts_at_its_local_midnight() -> None:
    from zoneinfo import ZoneInfo

    local_now = NOW.astimezone(ZoneInfo("Asia/Tokyo"))  # already 19 November there
    query = parse_question("gaza today", now=local_now)
    assert query.since == datetime(2026, 11, 19, tzinfo=ZoneInfo("Asia/Tokyo"))


def test_a_word_that_only_looks_like_a_period_stays_in_the_topic() -> None:
    assert parse_question("weekly markets", now=NOW).topic == "weekly markets"
    with pytest.raises(QueryError, match="not a date"):
        parse_question("Gaza since 31 February", now=NOW)
