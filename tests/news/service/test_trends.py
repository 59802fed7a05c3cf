"""Trend calls at the service level: counts from stored reports, and a real PNG of them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from news import ChatRef, NewsService
from tests.helpers.articles import article
from tests.helpers.fake_telegram import png_size
from tests.helpers.service import ingest_rows, run

CHAT = ChatRef(555, kind="private")


def _coverage(days_ago: int, outlet: str, n: int) -> dict[str, object]:
    at = datetime.now(UTC) - timedelta(days=days_ago, hours=1)
    facts = ["the lamp was replaced by engineers from the mainland",
             "the stone stairs were repaired after years of neglect",
             "the harbour council paid for the work from its reserves",
             "volunteers painted the tower red and white again",
             "tourists queued for the first guided tour in a decade"]
    return article(f"Lighthouse at Cape Vale: {facts[n % len(facts)]}",
                   f"The lighthouse at Cape Vale reopened, {outlet} reports. "
                   f"According to the keepers, {facts[n % len(facts)]}. "
                   f"{facts[(n + 2) % len(facts)].capitalize()}, officials added on day {n * 7}.",
                   source=outlet, published=at, ext=f"lh-{n}")


def test_trend_counts_reports_and_outlets_per_day(news: NewsService, tmp_path: Path) -> None:
    rows = [_coverage(2, "Wire", 1), _coverage(2, "Daily", 2), _coverage(2, "Wire", 3),
            _coverage(5, "Herald", 4), _coverage(45, "Herald", 5)]
    ingest_rows(news, tmp_path, rows)

    trend = run(news.trend("lighthouse", days=30, chat=CHAT))
    week = run(news.trend("lighthouse", days=3))

    assert trend.total_articles == 4 and trend.total_outlets == 3  # the 45-day-old one is out
    assert max(p.articles for p in trend.points) == 3
    assert trend.peak_day is not None and trend.peaks
    assert week.total_articles == 3 and len(week.points) == 3
    assert run(news.trend("zeppelin")).total_articles == 0


def test_trend_chart_is_a_png_only_when_there_is_something_to_draw(news: NewsService, tmp_path: Path) -> None:
    ingest_rows(news, tmp_path, [_coverage(1, "Wire", 1), _coverage(3, "Daily", 2)])

    chart = run(news.trend_chart("lighthouse", days=14))
    empty = run(news.trend_chart("zeppelin"))

    assert chart.png is not None and png_size(chart.png) == (900, 480)
    assert chart.trend.caption().startswith("Lighthouse: 2 reports from 2 outlets in 14 days, peak ")
    assert empty.png is None
