"""One pass over the due feeds: fetch, parse, complete teasers, normalise, store.

Item identity: ``ext_id`` is ``feed:<feed id>:<guid>`` (the entry's id/guid, else its link). The
guid is the one identifier a feed promises to keep while it edits an item's text or link, so a
re-published, corrected or re-linked item is recognised and not stored twice; namespacing by feed
stops two feeds that both number items 1, 2, 3 from colliding. Across feeds and outlets,
``news.articles.add_article`` still de-duplicates by canonical URL (tracking parameters gone) and
by content hash.

Items already known (by ext_id or canonical URL) are not completed again, so a second pass over an
unchanged feed without ETag support costs one feed download and no page downloads.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import Connection, func, select

from config import Settings
from news.articles import add_article
from news.db import Database
from news.db.schema import article_aliases, articles, feeds
from news.errors import FetchError
from news.feeds.parse import FeedEntry, ParsedFeed, parse_feed
from news.feeds.store import (
    FeedRow,
    claim_due_feeds,
    record_failure,
    record_not_modified,
    record_success,
)
from news.fetch import FEED_ACCEPT, Fetcher, run_sync
from news.models import ArticleDraft
from news.netguard import URLPolicy
from news.normalize import canonical_url, first_sentence
from news.pages import fetch_page

__all__ = ["FeedProblem", "FetchReport", "fetch_all", "fetch_all_async", "store_parsed_feed"]

log = logging.getLogger(__name__)

# How long a claimed feed stays out of other workers' passes if its worker dies mid-fetch.
FEED_LEASE = timedelta(minutes=15)

Progress = Callable[[int, int], None]


@dataclass(slots=True, frozen=True)
class FeedProblem:
    url: str
    message: str


@dataclass(slots=True)
class FetchReport:
    """What a pass over the feeds did."""

    feeds_ok: int = 0
    not_modified: int = 0
    failed: int = 0
    skipped: int = 0  # paused or backing off
    new_ids: list[int] = field(default_factory=list)
    duplicates: int = 0
    item_errors: int = 0
    pages_fetched: int = 0
    problems: list[FeedProblem] = field(default_factory=list)

    @property
    def articles_new(self) -> int:
        return len(self.new_ids)

    def summary_line(self) -> str:
        return (
            f"feeds: {self.feeds_ok} ok, {self.not_modified} not modified, {self.failed} failed"
            f"{f', {self.skipped} waiting' if self.skipped else ''}; "
            f"articles: {self.articles_new} new, {self.duplicates} duplicate"
            f"{f', {self.item_errors} unreadable' if self.item_errors else ''}"
        )


@dataclass(slots=True)
class _Item:
    entry: FeedEntry
    ext_id: str | None
    canonical: str | None
    body: str = ""
    title: str = ""
    published_at: datetime | None = None


def _canonical(link: str | None) -> str | None:
    try:
        return canonical_url(link)
    except ValueError:  # e.g. a port out of range: not a URL we could fetch or match anyway
        return None


def _items(feed_id: int, entries: list[FeedEntry]) -> list[_Item]:
    return [_Item(e, _ext_id(feed_id, e), _canonical(e.link)) for e in entries]


def _ext_id(feed_id: int, entry: FeedEntry) -> str | None:
    return f"feed:{feed_id}:{entry.guid}" if entry.guid else None


def _known(conn: Connection, items: list[_Item]) -> tuple[set[str], set[str]]:
    """Ext ids and canonical URLs of these items that are already stored."""
    ext_ids = [i.ext_id for i in items if i.ext_id]
    canon = [i.canonical for i in items if i.canonical]
    known_ext: set[str] = set()
    known_url: set[str] = set()
    for start in range(0, max(len(ext_ids), len(canon)), 400):
        ext_chunk, url_chunk = ext_ids[start:start + 400], canon[start:start + 400]
        if ext_chunk:
            known_ext |= {r[0] for r in conn.execute(
                select(articles.c.ext_id).where(articles.c.ext_id.in_(ext_chunk)))}
            known_ext |= {r[0] for r in conn.execute(
                select(article_aliases.c.ext_id).where(article_aliases.c.ext_id.in_(ext_chunk)))}
        if url_chunk:
            known_url |= {r[0] for r in conn.execute(
                select(articles.c.canonical_url).where(articles.c.canonical_url.in_(url_chunk)))}
    return known_ext, known_url


class _Pass:
    """State shared by the feeds of one pass: the fetcher, the clock, the write lock, the report."""

    def __init__(
        self, db: Database, settings: Settings, fetcher: Fetcher | None, now: datetime
    ) -> None:
        self.db = db
        self.settings = settings
        self.fetcher = fetcher
        self.now = now
        self.report = FetchReport()
        # SQLite has one writer; serialising our own writes avoids busy waits between feeds.
        self.write_lock = asyncio.Lock()

    async def run_feed(self, feed: FeedRow) -> None:
        assert self.fetcher is not None
        try:
            result = await self.fetcher.get(
                feed.url, etag=feed.etag, last_modified=feed.last_modified, accept=FEED_ACCEPT
            )
            if result.not_modified:
                await self._write(record_not_modified, feed.id, now=self.now)
                self.report.not_modified += 1
                return
            parsed = await asyncio.to_thread(
                parse_feed, result.content, url=result.url, content_type=result.content_type,
                charset=result.charset,
            )
            if not parsed.is_feed:
                raise FetchError(f"{feed.url}: not an RSS or Atom feed ({parsed.problem or 'empty'})")
            if parsed.problem:
                log.info("feed %s is malformed, kept what parsed: %s", feed.url, parsed.problem)
            drafts = await self._drafts(feed, parsed)
            async with self.write_lock:
                await asyncio.to_thread(self._store, feed, parsed, drafts, result.etag,
                                        result.last_modified)
            self.report.feeds_ok += 1
        except FetchError as exc:
            await self._fail(feed, str(exc))
        except Exception as exc:  # a bug or a hostile document: one line, the batch goes on
            log.debug("feed %s crashed", feed.url, exc_info=True)
            await self._fail(feed, f"{feed.url}: {type(exc).__name__}: {exc}")

    async def _write(self, func: Callable[..., object], *args: object, **kwargs: object) -> None:
        def work() -> None:
            with self.db.engine.begin() as conn:
                func(conn, *args, **kwargs)

        async with self.write_lock:
            await asyncio.to_thread(work)

    async def _fail(self, feed: FeedRow, message: str) -> None:
        self.report.failed += 1
        self.report.problems.append(FeedProblem(feed.url, message))

        def work() -> tuple[int, bool]:
            with self.db.engine.begin() as conn:
                return record_failure(
                    conn, feed.id, message, now=self.now,
                    interval_minutes=self.settings.pipeline_interval_minutes,
                    max_failures=self.settings.feed_max_failures,
                )

        async with self.write_lock:
            streak, paused = await asyncio.to_thread(work)
        log.warning("feed #%d failed (%d in a row%s): %s", feed.id, streak,
                    ", now paused" if paused else "", message)

    async def _drafts(self, feed: FeedRow, parsed: ParsedFeed) -> list[ArticleDraft]:
        items = _items(feed.id, parsed.entries)

        def lookup() -> tuple[set[str], set[str]]:
            with self.db.engine.connect() as conn:
                return _known(conn, items)

        known_ext, known_url = await asyncio.to_thread(lookup)
        fresh: list[_Item] = []
        skip_page: list[bool] = []
        for item in items:
            if item.ext_id and item.ext_id in known_ext:
                self.report.duplicates += 1
                continue
            # The same article listed twice in a feed (tracking variants) is completed once; the
            # second copy is stored as an alias by add_article.
            skip_page.append(item.canonical is not None and item.canonical in known_url)
            if item.canonical:
                known_url.add(item.canonical)
            fresh.append(item)
        completed = await asyncio.gather(
            *(self._complete(item, known=known) for item, known in zip(fresh, skip_page, strict=True))
        )
        source = parsed.title or feed.title or urlsplit(feed.url).hostname or feed.url
        drafts = []
        for item, ok in zip(fresh, completed, strict=True):
            if not ok:
                self.report.item_errors += 1
                continue
            drafts.append(ArticleDraft(
                body=item.body, title=item.title, source=source,
                published_at=item.published_at or self.now, url=item.entry.link,
                ext_id=item.ext_id, language=None, feed_id=feed.id,
            ))
        return drafts

    async def _complete(self, item: _Item, *, known: bool) -> bool:
        """Fill body, title and time; fetch the page when the feed gave only a teaser."""
        entry = item.entry
        item.body, item.title, item.published_at = entry.text, entry.title, entry.published_at
        teaser = len(entry.text.split()) < self.settings.teaser_words
        if teaser and entry.link and not known and self.fetcher is not None:
            try:
                page = await fetch_page(self.fetcher, entry.link)
            except FetchError as exc:
                log.warning("article page not used, kept the feed's text: %s", exc)
            except Exception as exc:
                log.warning("article page %s not used (%s: %s)", entry.link, type(exc).__name__, exc)
            else:
                self.report.pages_fetched += 1
                if len(page.body) > len(item.body):
                    item.body = page.body
                item.title = item.title or page.title or ""
                item.published_at = item.published_at or page.published_at
        if not item.body.strip():
            log.warning("feed item %s has no text", entry.link or entry.guid or entry.title)
            return False
        item.title = item.title or first_sentence(item.body)
        return True

    def _store(self, feed: FeedRow, parsed: ParsedFeed, drafts: list[ArticleDraft],
               etag: str | None, last_modified: str | None) -> None:
        """Store a feed's drafts and its new validators in one transaction (runs in a thread)."""
        new_ids: list[int] = []
        duplicates = errors = 0
        with self.db.engine.begin() as conn:
            for draft in drafts:
                try:
                    with conn.begin_nested():
                        # add_article detects the language (summarizers.detect_language).
                        result = add_article(conn, draft, default_language=self.settings.language,
                                             now=self.now)
                except Exception as exc:
                    log.warning("feed item %s not stored: %s", draft.url or draft.ext_id, exc)
                    errors += 1
                    continue
                if result.status == "new":
                    new_ids.append(result.article_id)
                else:
                    duplicates += 1
            record_success(
                conn, feed.id, now=self.now, etag=etag, last_modified=last_modified,
                title=parsed.title, site_url=parsed.site_url, item_count=len(parsed.entries),
            )
        # Counted only once committed, so a failed transaction reports nothing it did not keep.
        self.report.new_ids += new_ids
        self.report.duplicates += duplicates
        self.report.item_errors += errors


def store_parsed_feed(
    db: Database, settings: Settings, feed: FeedRow, parsed: ParsedFeed,
    *, now: datetime | None = None,
) -> FetchReport:
    """Store a parsed feed's entries as they are, without page fetches: the offline path.

    Used for feed files on disk (and the real-world corpus test); same identity, normalising and
    de-duplication as a live pass.
    """
    state = _Pass(db, settings, fetcher=None, now=now or datetime.now(UTC))
    drafts = []
    for item in _items(feed.id, parsed.entries):
        entry = item.entry
        if not entry.text.strip():
            state.report.item_errors += 1
            continue
        drafts.append(ArticleDraft(
            body=entry.text, title=entry.title or first_sentence(entry.text),
            source=parsed.title or feed.title or feed.url,
            published_at=entry.published_at or state.now, url=entry.link, ext_id=item.ext_id,
            feed_id=feed.id,
        ))
    state._store(feed, parsed, drafts, None, None)
    state.report.feeds_ok += 1
    return state.report


async def fetch_all_async(
    db: Database,
    settings: Settings,
    *,
    progress: Progress | None = None,
    policy: URLPolicy | None = None,
    now: datetime | None = None,
) -> FetchReport:
    """Fetch every due feed concurrently (within the fetcher's limits) and store what is new."""
    now = now or datetime.now(UTC)

    def load() -> tuple[list[FeedRow], int]:
        due = claim_due_feeds(db, now, lease=FEED_LEASE)
        with db.engine.connect() as conn:
            total = conn.execute(select(func.count(feeds.c.id))).scalar_one()
        return due, int(total)

    due, total = await asyncio.to_thread(load)
    if not due:
        return FetchReport(skipped=total)
    async with Fetcher(settings, policy=policy) as fetcher:
        state = _Pass(db, settings, fetcher, now)
        state.report.skipped = total - len(due)
        done = 0

        async def one(feed: FeedRow) -> None:
            nonlocal done
            try:
                await state.run_feed(feed)
            except Exception:  # the database failing while recording a failure; keep going
                log.exception("feed #%d: could not record the outcome", feed.id)
            done += 1
            if progress is not None:
                progress(done, len(due))

        await asyncio.gather(*(one(feed) for feed in due))
    return state.report


def fetch_all(
    db: Database,
    settings: Settings,
    *,
    progress: Progress | None = None,
    policy: URLPolicy | None = None,
    now: datetime | None = None,
) -> FetchReport:
    """The synchronous face of :func:`fetch_all_async` (runs its own event loop)."""
    return run_sync(fetch_all_async(db, settings, progress=progress, policy=policy, now=now))
