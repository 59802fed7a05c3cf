"""Feed calls of the news service, driven from synchronous tests (one event loop per call, as
each CLI command has)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from config import Settings
from news import FeedInfo, FeedStatus, ImportReport, NewsService, PassReport, PollReport
from news.ingest.netguard import URLPolicy
from news.store import Database

__all__ = ["add_feed", "export_opml", "import_opml", "list_feeds", "pipeline_pass", "poll_feeds", "remove_feed",
           "resume_feed"]

T = TypeVar("T")


def _call(db: Database, settings: Settings, work: Callable[[NewsService], Awaitable[T]], *,
          now: datetime | None = None, policy: URLPolicy | None = None) -> T:
    moment = now

    async def go() -> T:
        news = NewsService(settings, db, clock=(lambda: moment) if moment else (lambda: datetime.now(UTC)),
                           policy=policy)
        try:
            return await work(news)
        finally:
            await news.aclose()

    return asyncio.run(go())


def add_feed(db: Database, url: str, settings: Settings) -> FeedInfo:
    return _call(db, settings, lambda news: news.add_feed(url))


def pipeline_pass(db: Database, settings: Settings, *, now: datetime | None = None) -> PassReport:
    """A whole pipeline pass without the inbox: the feed poll, then summaries and stories."""
    return _call(db, settings, lambda news: news.run_pass(inbox=False), now=now)


def poll_feeds(db: Database, settings: Settings, *, now: datetime | None = None,
               policy: URLPolicy | None = None) -> PollReport:
    """One pipeline pass's feed poll (the rest of the pass runs too, as in production)."""

    async def work(news: NewsService) -> PollReport:
        report = await news.run_pass(inbox=False)
        assert report.feeds is not None
        return report.feeds

    return _call(db, settings, work, now=now, policy=policy)


def list_feeds(db: Database, settings: Settings | None = None) -> list[FeedStatus]:
    from config import load_settings

    return _call(db, settings or load_settings(), lambda news: news.list_feeds())


def resume_feed(db: Database, feed: int | str, settings: Settings | None = None) -> FeedStatus:
    from config import load_settings

    return _call(db, settings or load_settings(), lambda news: news.resume_feed(str(feed)))


def remove_feed(db: Database, feed: int | str, settings: Settings | None = None) -> FeedStatus:
    from config import load_settings

    return _call(db, settings or load_settings(), lambda news: news.remove_feed(str(feed)))


def import_opml(db: Database, path: Path, settings: Settings) -> ImportReport:
    return _call(db, settings, lambda news: news.import_opml(path.read_bytes(), name=str(path)))


def export_opml(db: Database, settings: Settings | None = None) -> str:
    from config import load_settings

    return _call(db, settings or load_settings(), lambda news: news.export_opml())
