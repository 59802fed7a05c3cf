"""Two pipeline workers on one database and one loopback feed corpus: every item processed once."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from sqlalchemy import func, select

from config import Settings
from news import NewsService, PassReport
from news.ingest.feeds import poll
from news.store import Database, open_database
from news.store.feeds import FeedRow
from news.store.schema import articles
from tests.helpers.http_server import LocalServer, Reply
from tests.helpers.service import run
from tests.news.ingest.feeds.builders import Item, article_text, rss2
from tests.news.ingest.feeds.driver import add_feed

FEEDS = 8
ITEMS = 5


def test_two_concurrent_workers_fetch_and_store_each_item_once(
    db: Database, live_settings: Settings, server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for f in range(FEEDS):
        items = [Item(f"Harbour report {f}-{n}", server.url(f"/f{f}/{n}"), "Teaser.",
                      full=article_text(f"harbour{f}x{n}", n), guid=f"{f}-{n}") for n in range(ITEMS)]
        server.route(f"/feed{f}.xml", Reply(rss2(f"Outlet {f}", items), content_type="application/rss+xml"))
        add_feed(db, server.url(f"/feed{f}.xml"), live_settings)
    before = {f: server.hits(f"/feed{f}.xml") for f in range(FEEDS)}

    reports: list[PassReport] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)
    # Both passes claim their feeds before either fetches one: the passes overlap however the
    # threads are scheduled (a pass that ended first would leave every feed due again).
    claimed = threading.Barrier(2)
    claim = poll._claim

    def claim_together(worker_db: Database, now: datetime) -> tuple[list[FeedRow], int]:
        due = claim(worker_db, now)
        claimed.wait(timeout=60)
        return due

    monkeypatch.setattr(poll, "_claim", claim_together)

    async def one_pass(worker_db: Database) -> PassReport:
        news = NewsService(live_settings, worker_db)
        try:
            return await news.run_pass(inbox=False)
        finally:
            await news.aclose()

    def worker() -> None:
        worker_db = open_database(live_settings.resolved_database_url)
        try:
            start.wait()
            reports.append(run(one_pass(worker_db)))
        except BaseException as exc:  # re-raised below through the assertion
            errors.append(exc)
        finally:
            worker_db.dispose()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors, errors
    fetched = sum(r.feeds.feeds_ok for r in reports if r.feeds is not None)
    assert fetched == FEEDS
    assert all(server.hits(f"/feed{f}.xml") - before[f] == 1 for f in range(FEEDS))
    assert sum(r.summarized for r in reports) == FEEDS * ITEMS
    with db.read() as conn:
        assert conn.execute(select(func.count()).select_from(articles)).scalar_one() == FEEDS * ITEMS
        unsummarized = conn.execute(
            select(func.count()).select_from(articles).where(articles.c.summarized_at.is_(None))
        ).scalar_one()
    assert unsummarized == 0
