"""Planner statistics are refreshed once a table has changed enough, as autoanalyze would."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from news.articles import add_articles
from news.models import ArticleDraft
from news.store import Database
from news.store.maintenance import refresh_statistics

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _drafts(count: int) -> list[ArticleDraft]:
    return [
        ArticleDraft(body=f"Report number {n} on harbour works, item {n * 7}.", title=f"Harbour {n}",
                     source="Wire", published_at=NOW - timedelta(minutes=n))
        for n in range(count)
    ]


def test_changed_tables_are_analyzed_once(db: Database) -> None:
    with db.engine.begin() as conn:
        add_articles(conn, _drafts(300), default_language="english")
    if db.is_sqlite:
        assert refresh_statistics(db) == []  # PRAGMA optimize: SQLite decides on its own
        return
    # PostgreSQL publishes a session's table counters shortly after its transactions end.
    deadline = time.monotonic() + 20
    refreshed = refresh_statistics(db)
    while "articles" not in refreshed and time.monotonic() < deadline:
        time.sleep(0.5)
        refreshed = refresh_statistics(db)
    assert "articles" in refreshed
    assert "articles" not in refresh_statistics(db)  # analyzed: nothing changed since
