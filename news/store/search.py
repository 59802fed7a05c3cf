"""Full-text search over title and body: SQLite FTS5 (bm25) or PostgreSQL tsvector (ts_rank_cd).

This is the only module with dialect-specific SQL for search. Topics arrive as ``SearchTerm``s
(``news.answers.matching.search_terms``): plain word tokens, each an exact word or a prefix, and
each is quoted before it reaches either engine, so no user text is ever parsed as query syntax.
Both indexes stem English (FTS5's porter tokenizer, PostgreSQL's english configuration) and keep
other scripts' words whole; prefix terms are how inflected forms of those words meet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    Connection,
    Float,
    bindparam,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.sql import ColumnElement

from news.store.schema import articles

__all__ = ["SearchHit", "SearchTerm", "search_articles"]

# What survives of a term on its way into a query: letters and digits only.
_UNSAFE = re.compile(r"[\W_]+", re.UNICODE)


@dataclass(slots=True, frozen=True)
class SearchTerm:
    """One word of a topic: matched as a word, or as the start of words (``prefix``)."""

    text: str
    prefix: bool = False


@dataclass(slots=True, frozen=True)
class SearchHit:
    article_id: int
    story_id: int | None
    published_at: datetime
    relevance: float  # higher is better, comparable within one search only


def _clean(terms: list[SearchTerm]) -> list[SearchTerm]:
    cleaned = [SearchTerm(_UNSAFE.sub("", t.text.lower()), t.prefix) for t in terms]
    return [t for t in cleaned if t.text]


def _fts5_query(terms: list[SearchTerm], *, any_term: bool) -> str:
    quoted = [f'"{t.text}"' + ("*" if t.prefix else "") for t in terms]
    return (" OR " if any_term else " AND ").join(quoted)


def _pg_query(terms: list[SearchTerm], *, any_term: bool) -> str:
    return (" | " if any_term else " & ").join(f"'{t.text}'" + (":*" if t.prefix else "") for t in terms)


def _first_id_since(conn: Connection, since: datetime) -> int | None:
    """The smallest id among articles published since ``since`` (None: there are none).

    Ids grow with ingestion, so bounding the full-text match by id lets both engines skip the
    doclist of every older article instead of ranking all matches and dropping them by date: the
    cost of a search follows the period asked about, not the size of the archive. It is exact,
    not a guess: a late backfill only lowers the bound, and the date filter still applies.
    """
    # ``id + 0``: otherwise SQLite answers min(id) by walking the primary key from the oldest
    # article; this way it reads only the period's entries of ix_articles_published.
    first = conn.execute(select(func.min(articles.c.id + 0)).where(articles.c.published_at >= since)).scalar()
    return None if first is None else int(first)


def _run(
    conn: Connection, terms: list[SearchTerm], *, since: datetime | None, first_id: int | None, limit: int,
    any_term: bool, newest_first: bool,
) -> list[SearchHit]:
    query = select(articles.c.id, articles.c.story_id, articles.c.published_at).where(
        articles.c.duplicate_of.is_(None)
    )
    if since is not None:
        query = query.where(articles.c.published_at >= since)
    if conn.dialect.name == "sqlite":
        fts = table("articles_fts", column("rowid"))
        rank: ColumnElement[float] = literal_column("bm25(articles_fts, 8.0, 1.0)", Float)
        query = query.add_columns((-rank).label("relevance")).join(fts, fts.c.rowid == articles.c.id)
        query = query.where(text("articles_fts MATCH :match"))
        if first_id is not None:
            query = query.where(fts.c.rowid >= first_id)
        params = {"match": _fts5_query(terms, any_term=any_term)}
    else:
        vector: ColumnElement[object] = literal_column("articles.search_vector")
        tsquery = func.to_tsquery("english", bindparam("match"))
        rank = -func.ts_rank_cd(vector, tsquery, 32)
        query = query.add_columns((-rank).label("relevance")).where(vector.op("@@")(tsquery))
        if first_id is not None:
            query = query.where(articles.c.id >= first_id)
        params = {"match": _pg_query(terms, any_term=any_term)}
    # Newest first ranks only the latest matches (the caller wants the most recent coverage).
    query = query.order_by(articles.c.id.desc() if newest_first else rank).limit(limit)
    rows = conn.execute(query, params).all()
    return [SearchHit(r.id, r.story_id, r.published_at, float(r.relevance)) for r in rows]


def search_articles(
    conn: Connection, terms: list[SearchTerm], *, since: datetime | None = None, limit: int = 200,
    newest_first: bool = False,
) -> list[SearchHit]:
    """Articles matching every term; if none do, those matching any term.

    The best ``limit`` by relevance, or with ``newest_first`` the latest ``limit`` matches.
    """
    terms = _clean(terms)
    if not terms:
        return []
    first_id = None
    if since is not None:
        first_id = _first_id_since(conn, since)
        if first_id is None:
            return []  # nothing at all published in the period
    hits = _run(conn, terms, since=since, first_id=first_id, limit=limit, any_term=False,
                newest_first=newest_first)
    if not hits and len(terms) > 1:
        hits = _run(conn, terms, since=since, first_id=first_id, limit=limit, any_term=True,
                    newest_first=newest_first)
    return hits
