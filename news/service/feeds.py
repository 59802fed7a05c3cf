"""The feed list: add (validated or discovered), list, remove, resume, OPML in and out.

The feed reader (``news.ingest.feeds.manage``) is imported by the calls that download or
parse, so a process that only answers questions starts without it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from news.store import feeds as store
from news.store.feeds import FeedStatus

from .base import ServiceBase

if TYPE_CHECKING:
    from news.ingest.feeds.manage import FeedInfo, ImportReport

__all__ = ["FeedsMixin"]


class FeedsMixin(ServiceBase):
    async def add_feed(self, url: str) -> FeedInfo:
        """Download the URL once: a feed is added as is, a page is searched for its feed.

        Raises FetchError (BlockedURLError for refused addresses) saying what went wrong.
        """
        from news.ingest.feeds import manage

        return await manage.add_feed(self.db, self._workers, self._fetcher_here(), url, now=self.now())

    async def list_feeds(self) -> list[FeedStatus]:
        """Every feed with its health: last success, last error, next try, paused."""
        return await self._run(self._read_feeds)

    def _read_feeds(self) -> list[FeedStatus]:
        with self.db.read() as conn:
            return store.list_feeds(conn)

    async def remove_feed(self, id_or_url: str) -> FeedStatus:
        """Delete a feed by id or URL; its articles stay. NotFoundError when there is none."""
        return await self._run(self._feed_change, store.remove_feed, id_or_url)

    async def resume_feed(self, id_or_url: str) -> FeedStatus:
        """Un-pause a feed and forget its failures, so the next pass polls it."""
        return await self._run(self._feed_change, store.resume_feed, id_or_url)

    def _feed_change(self, change: Callable[[Connection, int | str], FeedStatus], id_or_url: str) -> FeedStatus:
        target: int | str = int(id_or_url) if id_or_url.strip().isdigit() else id_or_url.strip()
        with self.db.write() as conn:
            return change(conn, target)

    async def import_opml(self, data: bytes, *, name: str) -> ImportReport:
        """Add every feed an OPML document lists (checked at every poll, not downloaded now)."""
        from news.ingest.feeds import manage

        return await self._run(manage.import_opml, self.db, data, name=name, policy=self._policy,
                               now=self.now())

    async def export_opml(self) -> str:
        from news.ingest.feeds import manage

        return await self._run(manage.export_opml, self.db)
