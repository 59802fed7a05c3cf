"""The feed list in the ``feeds`` table: rows in, statuses out, success and failure bookkeeping.

Failure policy: after a failed fetch the feed waits ``interval × 2^(failures-1)`` (capped at a
day) before the next try, and after ``feed_max_failures`` failures in a row it is paused until an
operator resumes it. Times are computed from the pass's start, so a feed backed off by exactly one
interval is due again at the very next pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, delete, func, or_, select, update

from news.db import Database
from news.db.schema import articles, feeds
from news.errors import NotFoundError

__all__ = [
    "FeedRow",
    "FeedStatus",
    "backoff_delay",
    "claim_due_feeds",
    "due_feeds",
    "find_feed",
    "insert_feed",
    "list_feeds",
    "record_failure",
    "record_not_modified",
    "record_success",
    "remove_feed",
    "resume_feed",
]

MAX_BACKOFF = timedelta(days=1)


@dataclass(slots=True, frozen=True)
class FeedRow:
    """What a pass needs to fetch one feed."""

    id: int
    url: str
    title: str | None
    etag: str | None
    last_modified: str | None
    consecutive_failures: int


@dataclass(slots=True, frozen=True)
class FeedStatus:
    """A feed as ``feeds list`` shows it."""

    id: int
    url: str
    title: str | None
    site_url: str | None
    added_at: datetime
    last_success_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    consecutive_failures: int
    next_fetch_at: datetime | None
    paused: bool
    item_count: int
    articles: int


def backoff_delay(failures: int, interval_minutes: int) -> timedelta:
    """Wait after the n-th failure in a row: one interval, then doubling, at most a day."""
    exponent = min(max(failures - 1, 0), 20)
    delay: timedelta = timedelta(minutes=interval_minutes * 2**exponent)
    return min(delay, MAX_BACKOFF)


def find_feed(conn: Connection, id_or_url: int | str) -> int | None:
    """The id of a feed given by id (number) or URL, or None."""
    text = str(id_or_url).strip()
    if text.isdigit():
        row = conn.execute(select(feeds.c.id).where(feeds.c.id == int(text))).first()
    else:
        row = conn.execute(select(feeds.c.id).where(feeds.c.url == text)).first()
    return int(row.id) if row is not None else None


def insert_feed(
    conn: Connection, url: str, *, title: str | None, site_url: str | None, item_count: int = 0,
    now: datetime | None = None,
) -> int:
    # No ETag / Last-Modified stored yet: the first pass must fetch (and ingest) everything.
    result = conn.execute(
        feeds.insert().values(
            url=url, title=title, site_url=site_url, added_at=now or datetime.now(UTC),
            consecutive_failures=0, paused=False, item_count=item_count,
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _required(conn: Connection, id_or_url: int | str) -> int:
    feed_id = find_feed(conn, id_or_url)
    if feed_id is None:
        raise NotFoundError(f"no feed {id_or_url!s} (see `newsbrief feeds list`)")
    return feed_id


def remove_feed(db: Database, id_or_url: int | str) -> FeedStatus:
    """Delete a feed; its stored articles stay (they lose only the link to the feed)."""
    with db.engine.begin() as conn:
        feed_id = _required(conn, id_or_url)
        status = _statuses(conn, feed_id)[0]
        conn.execute(update(articles).where(articles.c.feed_id == feed_id).values(feed_id=None))
        conn.execute(delete(feeds).where(feeds.c.id == feed_id))
    return status


def resume_feed(db: Database, id_or_url: int | str) -> FeedStatus:
    """Un-pause a feed and forget its failure streak so the next pass fetches it."""
    with db.engine.begin() as conn:
        feed_id = _required(conn, id_or_url)
        conn.execute(
            update(feeds).where(feeds.c.id == feed_id)
            .values(paused=False, consecutive_failures=0, next_fetch_at=None)
        )
        return _statuses(conn, feed_id)[0]


def _statuses(conn: Connection, feed_id: int | None = None) -> list[FeedStatus]:
    counts = (
        select(articles.c.feed_id, func.count().label("n"))
        .where(articles.c.feed_id.is_not(None))
        .group_by(articles.c.feed_id)
        .subquery()
    )
    query = (
        select(feeds, func.coalesce(counts.c.n, 0).label("stored"))
        .outerjoin(counts, counts.c.feed_id == feeds.c.id)
        .order_by(feeds.c.id)
    )
    if feed_id is not None:
        query = query.where(feeds.c.id == feed_id)
    return [
        FeedStatus(
            id=row.id, url=row.url, title=row.title, site_url=row.site_url, added_at=row.added_at,
            last_success_at=row.last_success_at, last_error=row.last_error,
            last_error_at=row.last_error_at, consecutive_failures=row.consecutive_failures,
            next_fetch_at=row.next_fetch_at, paused=bool(row.paused), item_count=row.item_count,
            articles=int(row.stored),
        )
        for row in conn.execute(query).all()
    ]


def list_feeds(db: Database) -> list[FeedStatus]:
    """Every feed with its health: last success, last error, next try, paused."""
    with db.engine.connect() as conn:
        return _statuses(conn)


def due_feeds(conn: Connection, now: datetime, *, lock: bool = False) -> list[FeedRow]:
    """Feeds to fetch in a pass starting at ``now``: not paused and not backing off.

    ``lock`` (PostgreSQL) row-locks them and skips rows another worker holds.
    """
    query = (
        select(feeds.c.id, feeds.c.url, feeds.c.title, feeds.c.etag, feeds.c.last_modified,
               feeds.c.consecutive_failures)
        .where(~feeds.c.paused)
        .where(or_(feeds.c.next_fetch_at.is_(None), feeds.c.next_fetch_at <= now))
        .order_by(feeds.c.id)
    )
    if lock:
        query = query.with_for_update(skip_locked=True)
    return [
        FeedRow(id=r.id, url=r.url, title=r.title, etag=r.etag, last_modified=r.last_modified,
                consecutive_failures=r.consecutive_failures)
        for r in conn.execute(query).all()
    ]


def claim_due_feeds(db: Database, now: datetime, *, lease: timedelta) -> list[FeedRow]:
    """Due feeds, leased to the caller until ``now + lease`` so concurrent workers skip them.

    Recording the outcome (success, 304, failure) replaces the lease; a worker that dies
    mid-pass leaves the lease to expire, and the feed is fetched again after it.
    """
    with db.begin_write() as conn:
        due = due_feeds(conn, now, lock=not db.is_sqlite)
        if due:
            conn.execute(
                update(feeds).where(feeds.c.id.in_([f.id for f in due])).values(next_fetch_at=now + lease)
            )
    return due


def record_success(
    conn: Connection, feed_id: int, *, now: datetime, etag: str | None, last_modified: str | None,
    title: str | None, site_url: str | None, item_count: int,
) -> None:
    values: dict[str, object] = {
        "etag": etag, "last_modified": last_modified, "last_fetch_at": now, "last_success_at": now,
        "consecutive_failures": 0, "next_fetch_at": None, "item_count": item_count,
    }
    if title:
        values["title"] = title
    if site_url:
        values["site_url"] = site_url
    conn.execute(update(feeds).where(feeds.c.id == feed_id).values(**values))


def record_not_modified(conn: Connection, feed_id: int, *, now: datetime) -> None:
    conn.execute(
        update(feeds).where(feeds.c.id == feed_id)
        .values(last_fetch_at=now, last_success_at=now, consecutive_failures=0, next_fetch_at=None)
    )


def record_failure(
    conn: Connection, feed_id: int, message: str, *, now: datetime, interval_minutes: int,
    max_failures: int,
) -> tuple[int, bool]:
    """Count a failure, schedule the retry, pause past the limit; return (streak, paused)."""
    row = conn.execute(select(feeds.c.consecutive_failures).where(feeds.c.id == feed_id)).first()
    failures = (int(row.consecutive_failures) if row is not None else 0) + 1
    paused = failures >= max_failures
    conn.execute(
        update(feeds).where(feeds.c.id == feed_id).values(
            last_fetch_at=now, last_error=message[:1000], last_error_at=now,
            consecutive_failures=failures, paused=paused,
            next_fetch_at=now + backoff_delay(failures, interval_minutes),
        )
    )
    return failures, paused
