"""SQL of the ``feeds`` table: rows in, statuses out, success and failure bookkeeping.

The failure policy (back-off, pausing) is decided in ``news.ingest.feeds.poll``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, delete, func, or_, select, update

from news.errors import NotFoundError
from news.store.schema import articles, feeds

__all__ = [
    "FeedRow",
    "FeedStatus",
    "claim_due_feeds",
    "count_feeds",
    "failure_count",
    "feed_by_url",
    "find_feed",
    "insert_feed",
    "list_feeds",
    "opml_rows",
    "record_failure",
    "record_not_modified",
    "record_success",
    "remove_feed",
    "resume_feed",
]


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


def remove_feed(conn: Connection, id_or_url: int | str) -> FeedStatus:
    """Delete a feed; its stored articles stay (they lose only the link to the feed)."""
    feed_id = _required(conn, id_or_url)
    status = _statuses(conn, feed_id)[0]
    conn.execute(update(articles).where(articles.c.feed_id == feed_id).values(feed_id=None))
    conn.execute(delete(feeds).where(feeds.c.id == feed_id))
    return status


def resume_feed(conn: Connection, id_or_url: int | str) -> FeedStatus:
    """Un-pause a feed and forget its failure streak so the next pass fetches it."""
    feed_id = _required(conn, id_or_url)
    conn.execute(
        update(feeds).where(feeds.c.id == feed_id)
        .values(paused=False, consecutive_failures=0, next_fetch_at=None)
    )
    return _statuses(conn, feed_id)[0]


def feed_by_url(conn: Connection, url: str) -> FeedStatus | None:
    feed_id = find_feed(conn, url) if not url.strip().isdigit() else None
    return _statuses(conn, feed_id)[0] if feed_id is not None else None


def count_feeds(conn: Connection) -> int:
    return int(conn.execute(select(func.count(feeds.c.id))).scalar_one())


def opml_rows(conn: Connection) -> list[tuple[str, str | None, str | None]]:
    """(url, title, site url) of every feed, in the order they were added."""
    return [(r.url, r.title, r.site_url) for r in conn.execute(
        select(feeds.c.url, feeds.c.title, feeds.c.site_url).order_by(feeds.c.id))]


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


def list_feeds(conn: Connection) -> list[FeedStatus]:
    """Every feed with its health: last success, last error, next try, paused."""
    return _statuses(conn)


def _due_feeds(conn: Connection, now: datetime, *, lock: bool) -> list[FeedRow]:
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


def claim_due_feeds(conn: Connection, now: datetime, *, lease: timedelta) -> list[FeedRow]:
    """Due feeds, leased to the caller until ``now + lease`` so concurrent workers skip them.

    Recording the outcome (success, 304, failure) replaces the lease; a worker that dies
    mid-pass leaves the lease to expire, and the feed is fetched again after it. Call it in a
    write transaction; on PostgreSQL the due rows are locked, skipping those another worker holds.
    """
    due = _due_feeds(conn, now, lock=conn.dialect.name == "postgresql")
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


def failure_count(conn: Connection, feed_id: int) -> int:
    row = conn.execute(select(feeds.c.consecutive_failures).where(feeds.c.id == feed_id)).first()
    return int(row.consecutive_failures) if row is not None else 0


def record_failure(
    conn: Connection, feed_id: int, message: str, *, now: datetime, failures: int, paused: bool,
    next_fetch_at: datetime,
) -> None:
    """Record a failed fetch: the message, the streak, when to try again, paused or not."""
    conn.execute(
        update(feeds).where(feeds.c.id == feed_id).values(
            last_fetch_at=now, last_error=message[:1000], last_error_at=now,
            consecutive_failures=failures, paused=paused, next_fetch_at=next_fetch_at,
        )
    )
