"""SQL of the ``articles`` table family: rows, aliases, near-duplicate keys, summaries, pruning.

The decisions (what is a duplicate, what nearly duplicates what) are made in ``news.articles``
and ``news.dedupe``; this module only reads and writes what they decide.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import Connection, Row, bindparam, delete, exists, func, or_, select, update

from news.store.quarantine import is_quarantined
from news.store.schema import article_aliases, articles, near_dup_keys, quarantine, stories

__all__ = [
    "KeyRow",
    "PendingSummary",
    "alias_state",
    "article_bodies",
    "article_count",
    "articles_since",
    "feed_items_known",
    "insert_aliases",
    "insert_articles",
    "insert_band_keys",
    "known_by_keys",
    "link_duplicates",
    "near_duplicate_candidates",
    "pending_summaries",
    "prune_batch",
    "save_summaries",
    "source_counts",
    "unassigned_article_ids",
]

# Ids per IN list: bounded so statements stay small on both backends.
CHUNK: Final = 500


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


@dataclass(slots=True, frozen=True)
class KeyRow:
    """A stored article's de-duplication keys."""

    id: int
    ext_id: str | None
    canonical_url: str | None
    content_hash: str


def known_by_keys(
    conn: Connection, hashes: Sequence[str], ext_ids: Sequence[str], canonicals: Sequence[str]
) -> tuple[list[KeyRow], list[tuple[str, int]]]:
    """Stored articles matching any key (oldest first), and (ext_id, article id) aliases."""
    conditions = [articles.c.content_hash.in_(list(hashes))]
    if ext_ids:
        conditions.append(articles.c.ext_id.in_(list(ext_ids)))
    if canonicals:
        conditions.append(articles.c.canonical_url.in_(list(canonicals)))
    rows = [
        KeyRow(int(r.id), r.ext_id, r.canonical_url, r.content_hash)
        for r in conn.execute(
            select(articles.c.id, articles.c.ext_id, articles.c.canonical_url, articles.c.content_hash)
            .where(or_(*conditions))
            .order_by(articles.c.id)
        )
    ]
    aliases: list[tuple[str, int]] = []
    if ext_ids:
        aliases = [
            (str(r.ext_id), int(r.article_id))
            for r in conn.execute(
                select(article_aliases.c.ext_id, article_aliases.c.article_id)
                .where(article_aliases.c.ext_id.in_(list(ext_ids)))
                .order_by(article_aliases.c.id)
            )
        ]
    return rows, aliases


def insert_articles(conn: Connection, rows: list[dict[str, Any]]) -> list[int]:
    """Insert article rows in one statement, in a savepoint; their ids in the same order.

    Raises ``IntegrityError`` (with nothing inserted) when a unique key is already taken.
    """
    with conn.begin_nested():
        inserted = conn.execute(
            articles.insert().returning(articles.c.id, sort_by_parameter_order=True), rows
        )
        return [int(row.id) for row in inserted]


def alias_state(
    conn: Connection, article_ids: Sequence[int]
) -> tuple[set[tuple[int, str | None, str | None, str | None]], dict[int, tuple[str, str | None]]]:
    """Aliases already recorded for these articles, and each article's own (source, ext_id)."""
    seen: set[tuple[int, str | None, str | None, str | None]] = set()
    stored: dict[int, tuple[str, str | None]] = {}
    for chunk in _chunks(sorted(set(article_ids))):
        for alias in conn.execute(
            select(article_aliases.c.article_id, article_aliases.c.ext_id, article_aliases.c.url,
                   article_aliases.c.source).where(article_aliases.c.article_id.in_(chunk))
        ):
            seen.add((int(alias.article_id), alias.ext_id, alias.url, alias.source))
        for row in conn.execute(
            select(articles.c.id, articles.c.source, articles.c.ext_id).where(articles.c.id.in_(chunk))
        ):
            stored[int(row.id)] = (row.source, row.ext_id)
    return seen, stored


def insert_aliases(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(article_aliases.insert(), rows)


def near_duplicate_candidates(
    conn: Connection, keys: Sequence[int]
) -> tuple[dict[int, set[int]], dict[int, tuple[int | None, int | None]]]:
    """Stored articles under each LSH band key, and their (simhash, duplicate_of)."""
    by_key: dict[int, set[int]] = {}
    info: dict[int, tuple[int | None, int | None]] = {}
    for chunk in _chunks(list(keys)):
        for row in conn.execute(
            select(near_dup_keys.c.key, articles.c.id, articles.c.simhash, articles.c.duplicate_of)
            .join(articles, near_dup_keys.c.article_id == articles.c.id)
            .where(near_dup_keys.c.key.in_(chunk))
        ):
            by_key.setdefault(int(row.key), set()).add(int(row.id))
            info[int(row.id)] = (row.simhash, row.duplicate_of)
    return by_key, info


def article_bodies(conn: Connection, article_ids: Sequence[int]) -> dict[int, str]:
    bodies: dict[int, str] = {}
    for chunk in _chunks(sorted(set(article_ids))):
        for row in conn.execute(select(articles.c.id, articles.c.body).where(articles.c.id.in_(chunk))):
            bodies[int(row.id)] = str(row.body)
    return bodies


def link_duplicates(conn: Connection, links: list[tuple[int, int]]) -> None:
    """Mark each (article, original) pair as a near-duplicate."""
    if links:
        conn.execute(
            articles.update().where(articles.c.id == bindparam("aid")).values(duplicate_of=bindparam("orig")),
            [{"aid": a, "orig": o} for a, o in links],
        )


def insert_band_keys(conn: Connection, rows: list[tuple[int, int]]) -> None:
    """Store (band key, article id) rows for near-duplicate lookup."""
    if rows:
        conn.execute(near_dup_keys.insert(), [{"key": k, "article_id": a} for k, a in rows])


def feed_items_known(
    conn: Connection, ext_ids: Sequence[str], canonicals: Sequence[str]
) -> tuple[set[str], set[str]]:
    """Which of these ext ids (stored or as aliases) and canonical URLs are already stored."""
    known_ext: set[str] = set()
    known_url: set[str] = set()
    for chunk in _chunks(list(ext_ids)):
        known_ext |= {r[0] for r in conn.execute(select(articles.c.ext_id).where(articles.c.ext_id.in_(chunk)))}
        known_ext |= {r[0] for r in conn.execute(
            select(article_aliases.c.ext_id).where(article_aliases.c.ext_id.in_(chunk)))}
    for chunk in _chunks(list(canonicals)):
        known_url |= {r[0] for r in conn.execute(
            select(articles.c.canonical_url).where(articles.c.canonical_url.in_(chunk)))}
    return known_ext, known_url


@dataclass(slots=True, frozen=True)
class PendingSummary:
    id: int
    body: str
    language: str


def pending_summaries(
    conn: Connection, *, limit: int, exclude: Iterable[int] = (), skip_locked: bool = False
) -> list[PendingSummary]:
    """Articles without a summary, oldest first; ``skip_locked`` (PostgreSQL) lets two workers
    take disjoint batches."""
    query = (
        select(articles.c.id, articles.c.body, articles.c.language)
        .where(articles.c.summarized_at.is_(None), ~is_quarantined(articles.c.id))
        .order_by(articles.c.id)
        .limit(limit)
    )
    excluded = sorted(set(exclude))
    if excluded:
        query = query.where(articles.c.id.not_in(excluded))
    if skip_locked:
        query = query.with_for_update(skip_locked=True)
    return [PendingSummary(int(r.id), str(r.body), str(r.language)) for r in conn.execute(query)]


def save_summaries(
    conn: Connection, summaries: list[tuple[int, list[str]]], *, summarizer: str, now: datetime
) -> None:
    """One executemany for a batch of (article id, sentences)."""
    if summaries:
        conn.execute(
            articles.update()
            .where(articles.c.id == bindparam("aid"))
            .values(summary=bindparam("summary"), summarizer=summarizer, summarized_at=now),
            [{"aid": a, "summary": s} for a, s in summaries],
        )


def unassigned_article_ids(conn: Connection) -> list[int]:
    """Articles without a story, except those clustering set aside (they would fail again)."""
    return [int(r.id) for r in conn.execute(
        select(articles.c.id).where(articles.c.story_id.is_(None), ~is_quarantined(articles.c.id))
    )]


def source_counts(conn: Connection, *, limit: int) -> list[tuple[str, int, datetime]]:
    """(outlet, article count, newest article), most prolific first."""
    count = func.count(articles.c.id)
    rows = conn.execute(
        select(articles.c.source, count.label("n"), func.max(articles.c.published_at).label("newest"))
        .group_by(articles.c.source)
        .order_by(count.desc(), articles.c.source)
        .limit(limit)
    ).all()
    return [(str(r.source), int(r.n), _utc(r.newest)) for r in rows]


def _utc(moment: object) -> datetime:
    if isinstance(moment, str):  # SQLite returns aggregates of a TypeDecorator column raw
        moment = datetime.fromisoformat(moment)
    assert isinstance(moment, datetime)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def article_count(conn: Connection, *, ingested_since: datetime | None = None) -> int:
    query = select(func.count()).select_from(articles)
    if ingested_since is not None:
        query = query.where(articles.c.ingested_at >= ingested_since)
    return int(conn.execute(query).scalar_one())


def articles_since(conn: Connection, since: datetime) -> list[Row[Any]]:
    """(id, story_id, source, published_at) of originals published since ``since``."""
    return list(conn.execute(
        select(articles.c.id, articles.c.story_id, articles.c.source, articles.c.published_at)
        .where(articles.c.published_at >= since, articles.c.duplicate_of.is_(None))
        .order_by(articles.c.published_at)
    ))


def prune_batch(conn: Connection, cutoff: datetime, *, limit: int) -> int:
    """Delete up to ``limit`` articles published before ``cutoff`` with their aliases, and
    the stories they leave empty; the stories they leave behind get a fresh summary."""
    rows = conn.execute(
        select(articles.c.id, articles.c.story_id)
        .where(articles.c.published_at < cutoff)
        .order_by(articles.c.id)
        .limit(limit)
    ).all()
    if not rows:
        return 0
    ids = [r.id for r in rows]
    touched = {r.story_id for r in rows if r.story_id is not None}
    # Newer near-duplicates pointing at a pruned original become originals themselves.
    conn.execute(update(articles).where(articles.c.duplicate_of.in_(ids)).values(duplicate_of=None))
    conn.execute(delete(article_aliases).where(article_aliases.c.article_id.in_(ids)))
    conn.execute(delete(quarantine).where(quarantine.c.article_id.in_(ids)))
    conn.execute(delete(articles).where(articles.c.id.in_(ids)))
    if touched:
        has_members = exists().where(articles.c.story_id == stories.c.id)
        conn.execute(delete(stories).where(stories.c.id.in_(touched), ~has_members))
        conn.execute(update(stories).where(stories.c.id.in_(touched)).values(summary_stale=True))
    return len(ids)
