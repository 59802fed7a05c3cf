"""The feed poll: one pass over the due feeds (GET, parse, complete teasers, normalise, store).

Item identity: ``ext_id`` is ``feed:<feed id>:<guid>`` (the entry's id/guid, else its link). The
guid is the one identifier a feed promises to keep while it edits an item's text or link, so a
re-published, corrected or re-linked item is recognised and not stored twice; namespacing by feed
stops two feeds that both number items 1, 2, 3 from colliding. Across feeds and outlets,
``news.articles.add_articles`` still de-duplicates by canonical URL (tracking parameters gone)
and by content hash.

Items already known (by ext_id or canonical URL) are not completed again, so a second pass over an
unchanged feed without ETag support costs one feed download and no page downloads. At most
``feed_items_per_pass`` new items of a feed are taken in one pass, newest first; a feed that had
more is stored without its validators (ETag, Last-Modified), so the next pass downloads it again
and takes the next ones.

Network I/O runs on the caller's event loop (bounded by the ``Fetcher``); parsing, extraction and
database work run in the caller's worker pool. Failure policy: after a failed poll the feed waits
``interval × 2^(failures-1)`` (capped at a day) before the next try, and after
``feed_max_failures`` failures in a row it is paused until an operator resumes it. Times are
computed from the pass's start, so a feed backed off by exactly one interval is due again at the
very next pass.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from config import Settings
from news.articles import add_articles
from news.errors import FetchError
from news.ingest.feeds.parse import FeedEntry, ParsedFeed, parse_feed
from news.ingest.http import FEED_ACCEPT, Fetcher
from news.ingest.normalize import canonical_url, first_sentence
from news.ingest.outlets import outlet_name
from news.ingest.pages import fetch_page
from news.memory import release_free_memory
from news.models import ArticleDraft
from news.quarantine import SetAside, set_aside
from news.store import Database
from news.store import articles as article_store
from news.store import feeds as store
from news.store.feeds import FeedRow
from news.workers import Workers

__all__ = ["FEED_LEASE", "MAX_BACKOFF", "FeedProblem", "PollReport", "backoff_delay", "poll_feeds",
           "store_parsed_feed"]

log = logging.getLogger(__name__)

# How long a claimed feed stays out of other workers' passes if its worker dies mid-poll.
FEED_LEASE = timedelta(minutes=15)
MAX_BACKOFF = timedelta(days=1)

Progress = Callable[[int, int], None]


@dataclass(slots=True, frozen=True)
class FeedProblem:
    url: str
    message: str


@dataclass(slots=True)
class PollReport:
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
    set_aside: list[SetAside] = field(default_factory=list)  # items quarantined, with reasons

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


def backoff_delay(failures: int, interval_minutes: int) -> timedelta:
    """Wait after the n-th failure in a row: one interval, then doubling, at most a day."""
    exponent = min(max(failures - 1, 0), 20)
    delay: timedelta = timedelta(minutes=interval_minutes * 2**exponent)
    return min(delay, MAX_BACKOFF)


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


def _stamp(moment: datetime | None) -> float:
    return moment.timestamp() if moment is not None else 0.0


def _name(entry: FeedEntry) -> str:
    return entry.link or entry.guid or entry.title[:120] or "(untitled item)"


def _draft_name(draft: ArticleDraft) -> str:
    return draft.url or draft.ext_id or draft.title[:120]


def _items(feed_id: int, entries: list[FeedEntry]) -> list[_Item]:
    return [_Item(e, f"feed:{feed_id}:{e.guid}" if e.guid else None, _canonical(e.link)) for e in entries]


def _record_failure(db: Database, feed: FeedRow, message: str, *, now: datetime,
                    settings: Settings) -> tuple[int, bool]:
    """Count a failure, schedule the retry, pause past the limit; return (streak, paused)."""
    with db.write() as conn:
        failures = store.failure_count(conn, feed.id) + 1
        paused = failures >= settings.feed_max_failures
        store.record_failure(
            conn, feed.id, message, now=now, failures=failures, paused=paused,
            next_fetch_at=now + backoff_delay(failures, settings.pipeline_interval_minutes),
        )
    return failures, paused


class _Pass:
    """State shared by the feeds of one pass: resources, the clock, the write lock, the report."""

    def __init__(self, db: Database, workers: Workers, settings: Settings, fetcher: Fetcher | None,
                 now: datetime) -> None:
        self.db = db
        self.workers = workers
        self.settings = settings
        self.fetcher = fetcher
        self.now = now
        self.report = PollReport()
        self.unusable: dict[int, list[tuple[str, str]]] = {}  # feed id → (item, reason) set aside
        self.truncated: set[int] = set()  # feeds with more new items than one pass takes
        # SQLite has one writer; serialising our own writes avoids busy waits between feeds.
        self.write_lock = asyncio.Lock()

    async def run_feed(self, feed: FeedRow) -> None:
        assert self.fetcher is not None
        try:
            result = await self.fetcher.get(
                feed.url, etag=feed.etag, last_modified=feed.last_modified, accept=FEED_ACCEPT
            )
            if result.not_modified:
                async with self.write_lock:
                    await self.workers.run(self._record_not_modified, feed.id)
                self.report.not_modified += 1
                return
            parsed = await self.workers.run(
                parse_feed, result.content, url=result.url, content_type=result.content_type,
                charset=result.charset,
            )
            if not parsed.is_feed:
                raise FetchError(f"{feed.url}: not an RSS or Atom feed ({parsed.problem or 'empty'})")
            if parsed.problem:
                log.info("feed %s is malformed, kept what parsed: %s", feed.url, parsed.problem)
            drafts = await self._drafts(feed, parsed)
            # A feed with items left for the next pass must be downloaded again then, not 304.
            etag, modified = (None, None) if feed.id in self.truncated else (result.etag, result.last_modified)
            async with self.write_lock:
                await self.workers.run(self.store, feed, parsed, drafts, etag, modified)
            self.report.feeds_ok += 1
        except FetchError as exc:
            await self._fail(feed, str(exc))
        except Exception as exc:  # a bug or a hostile document: one line, the batch goes on
            log.debug("feed %s crashed", feed.url, exc_info=True)
            await self._fail(feed, f"{feed.url}: {type(exc).__name__}: {exc}")

    def _record_not_modified(self, feed_id: int) -> None:
        with self.db.write() as conn:
            store.record_not_modified(conn, feed_id, now=self.now)

    async def _fail(self, feed: FeedRow, message: str) -> None:
        self.report.failed += 1
        self.report.problems.append(FeedProblem(feed.url, message))
        async with self.write_lock:
            streak, paused = await self.workers.run(
                _record_failure, self.db, feed, message, now=self.now, settings=self.settings
            )
        log.warning("feed #%d failed (%d in a row%s): %s", feed.id, streak,
                    ", now paused" if paused else "", message)

    def _known(self, items: list[_Item]) -> tuple[set[str], set[str]]:
        with self.db.read() as conn:
            return article_store.feed_items_known(
                conn, [i.ext_id for i in items if i.ext_id], [i.canonical for i in items if i.canonical]
            )

    async def _drafts(self, feed: FeedRow, parsed: ParsedFeed) -> list[ArticleDraft]:
        items = _items(feed.id, parsed.entries)
        known_ext, known_url = await self.workers.run(self._known, items)
        fresh: list[_Item] = []
        skip_page: list[bool] = []
        for item in items:
            if item.ext_id and item.ext_id in known_ext:
                self.report.duplicates += 1
                continue
            # The same article listed twice in a feed (tracking variants) is completed once; the
            # second copy is stored as an alias by add_articles.
            fresh.append(item)
        fresh = self._newest(feed, fresh)
        for item in fresh:
            skip_page.append(item.canonical is not None and item.canonical in known_url)
            if item.canonical:
                known_url.add(item.canonical)
        completed = await asyncio.gather(
            *(self._complete(item, known=known) for item, known in zip(fresh, skip_page, strict=True))
        )
        source = outlet_name(parsed.title, feed.title, url=parsed.site_url or feed.url)
        drafts = []
        unusable = self.unusable.setdefault(feed.id, list(parsed.rejected))
        for item, ok in zip(fresh, completed, strict=True):
            if not ok:
                self.report.item_errors += 1
                unusable.append((_name(item.entry), "no article text"))
                continue
            drafts.append(ArticleDraft(
                body=item.body, title=item.title, source=source,
                published_at=item.published_at, published_raw=item.entry.published_raw,
                url=item.entry.link, ext_id=item.ext_id, language=None, feed_id=feed.id,
            ))
        return drafts

    def _newest(self, feed: FeedRow, fresh: list[_Item]) -> list[_Item]:
        """The newest ``feed_items_per_pass`` new items (undated ones after dated, in feed order)."""
        limit = self.settings.feed_items_per_pass
        if len(fresh) <= limit:
            return fresh
        self.truncated.add(feed.id)
        log.info("feed #%d: %d new items, %d taken this pass (newest first)", feed.id, len(fresh), limit)
        order = sorted(range(len(fresh)), key=lambda i: (fresh[i].entry.published_at is None,
                                                         -_stamp(fresh[i].entry.published_at), i))
        return [fresh[i] for i in order[:limit]]

    async def _complete(self, item: _Item, *, known: bool) -> bool:
        """Fill body, title and time; fetch the page when the feed gave only a teaser."""
        entry = item.entry
        item.body, item.title, item.published_at = entry.text, entry.title, entry.published_at
        teaser = len(entry.text.split()) < self.settings.teaser_words
        if teaser and entry.link and not known and self.fetcher is not None:
            try:
                page = await fetch_page(self.fetcher, entry.link, self.workers)
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

    def store(self, feed: FeedRow, parsed: ParsedFeed, drafts: list[ArticleDraft],
              etag: str | None, last_modified: str | None) -> None:
        """Store a feed's drafts and its new validators in one transaction (runs in a worker)."""
        with self.db.write() as conn:
            results = add_articles(conn, drafts, default_language=self.settings.language, now=self.now)
            unusable = self.unusable.pop(feed.id, list(parsed.rejected)) + [
                (_draft_name(draft), result.reason or "not stored")
                for draft, result in zip(drafts, results, strict=True) if result.status == "rejected"
            ]
            aside = set_aside(conn, "feed item", [(item, reason, None) for item, reason in unusable],
                              now=self.now, feed_id=feed.id)
            store.record_success(
                conn, feed.id, now=self.now, etag=etag, last_modified=last_modified,
                title=parsed.title, site_url=parsed.site_url, item_count=len(parsed.entries),
            )
        self.report.set_aside.extend(aside)
        self.report.item_errors += len(parsed.rejected)
        # Counted only once committed, so a failed transaction reports nothing it did not keep.
        for result in results:
            if result.status == "new" and result.article_id is not None:
                self.report.new_ids.append(result.article_id)
            elif result.status == "duplicate":
                self.report.duplicates += 1
            else:
                self.report.item_errors += 1


def store_parsed_feed(db: Database, workers: Workers, settings: Settings, feed: FeedRow,
                      parsed: ParsedFeed, *, now: datetime) -> PollReport:
    """Store a parsed feed's entries as they are, without page fetches: the offline path.

    Used for feed files on disk (and the real-world corpus test); same identity, normalising and
    de-duplication as a live pass. Blocking: call it from a worker thread.
    """
    state = _Pass(db, workers, settings, fetcher=None, now=now)
    drafts = []
    unusable = state.unusable.setdefault(feed.id, list(parsed.rejected))
    for item in _items(feed.id, parsed.entries):
        entry = item.entry
        if not entry.text.strip():
            state.report.item_errors += 1
            unusable.append((_name(entry), "no article text"))
            continue
        drafts.append(ArticleDraft(
            body=entry.text, title=entry.title or first_sentence(entry.text),
            source=outlet_name(parsed.title, feed.title, url=parsed.site_url or feed.url),
            published_at=entry.published_at, published_raw=entry.published_raw, url=entry.link,
            ext_id=item.ext_id, feed_id=feed.id,
        ))
    state.store(feed, parsed, drafts, None, None)
    state.report.feeds_ok += 1
    return state.report


def _claim(db: Database, now: datetime) -> tuple[list[FeedRow], int]:
    with db.write() as conn:
        return store.claim_due_feeds(conn, now, lease=FEED_LEASE), store.count_feeds(conn)


async def poll_feeds(
    db: Database, workers: Workers, settings: Settings, fetcher: Fetcher, *, now: datetime,
    progress: Progress | None = None,
) -> PollReport:
    """Poll every due feed concurrently (within the fetcher's limits) and store what is new."""
    due, total = await workers.run(_claim, db, now)
    if not due:
        return PollReport(skipped=total)
    state = _Pass(db, workers, settings, fetcher, now)
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
    # The bodies and parsed entries of every feed are garbage now: hand their pages back.
    await workers.run(release_free_memory)
    return state.report
