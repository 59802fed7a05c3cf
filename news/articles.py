"""Storing articles: de-duplication by external id, canonical URL and content hash.

A duplicate is recorded as an alias of the stored article (another outlet, URL or id under which
it arrived), so nothing is lost and nothing is shown twice. Inserts run in a savepoint so that two
workers racing on the same article end with one row and one "duplicate", never an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import Connection, or_, select
from sqlalchemy.exc import IntegrityError

from news.db.schema import article_aliases, articles
from news.dedupe import link_near_duplicate
from news.models import ArticleDraft
from news.normalize import canonical_url, content_hash

__all__ = ["AddResult", "ArticleRow", "add_article", "add_articles"]

Status = Literal["new", "duplicate"]


@dataclass(slots=True, frozen=True)
class AddResult:
    status: Status
    article_id: int
    # A "new" article that nearly duplicates an earlier one (news.dedupe): stored, but linked.
    near_duplicate_of: int | None = None


@dataclass(slots=True, frozen=True)
class ArticleRow:
    """A stored article as the pipeline sees it."""

    id: int
    title: str
    body: str
    language: str
    published_at: datetime


def _find_existing(conn: Connection, draft: ArticleDraft, canonical: str | None, digest: str) -> int | None:
    conditions = [articles.c.content_hash == digest]
    if draft.ext_id:
        conditions.append(articles.c.ext_id == draft.ext_id)
    if canonical:
        conditions.append(articles.c.canonical_url == canonical)
    row = conn.execute(select(articles.c.id).where(or_(*conditions)).limit(1)).first()
    if row is not None:
        return int(row.id)
    if draft.ext_id:
        alias = conn.execute(
            select(article_aliases.c.article_id).where(article_aliases.c.ext_id == draft.ext_id).limit(1)
        ).first()
        if alias is not None:
            return int(alias.article_id)
    return None


def _record_alias(conn: Connection, article_id: int, draft: ArticleDraft, now: datetime) -> None:
    if not (draft.ext_id or draft.url or draft.source):
        return
    known = conn.execute(
        select(article_aliases.c.id).where(
            article_aliases.c.article_id == article_id,
            article_aliases.c.ext_id.is_(None) if draft.ext_id is None else article_aliases.c.ext_id == draft.ext_id,
            article_aliases.c.url.is_(None) if draft.url is None else article_aliases.c.url == draft.url,
            article_aliases.c.source == draft.source,
        )
    ).first()
    same_as_stored = conn.execute(
        select(articles.c.id).where(
            articles.c.id == article_id,
            articles.c.source == draft.source,
            (articles.c.ext_id.is_(None) if draft.ext_id is None else articles.c.ext_id == draft.ext_id),
        )
    ).first()
    if known is None and same_as_stored is None:
        conn.execute(
            article_aliases.insert().values(
                article_id=article_id, ext_id=draft.ext_id, url=draft.url, source=draft.source, seen_at=now
            )
        )


def add_article(
    conn: Connection, draft: ArticleDraft, *, default_language: str, now: datetime | None = None
) -> AddResult:
    """Store a draft unless it is already known; never raises on a duplicate."""
    from summarizers import detect_language

    now = now or datetime.now(UTC)
    canonical = canonical_url(draft.url)
    digest = content_hash(draft.body)
    existing = _find_existing(conn, draft, canonical, digest)
    if existing is not None:
        _record_alias(conn, existing, draft, now)
        return AddResult("duplicate", existing)
    language = draft.language or detect_language(draft.body) or default_language
    values = {
        "ext_id": draft.ext_id,
        "url": draft.url,
        "canonical_url": canonical,
        "content_hash": digest,
        "title": draft.title.strip() or "(untitled)",
        "body": draft.body,
        "source": draft.source,
        "language": language,
        "published_at": draft.published_at or now,
        "ingested_at": now,
        "feed_id": draft.feed_id,
    }
    try:
        with conn.begin_nested():
            article_id = conn.execute(articles.insert().values(**values)).inserted_primary_key[0]
    except IntegrityError:
        # Another worker stored the same article between our check and our insert.
        existing = _find_existing(conn, draft, canonical, digest)
        if existing is None:
            raise
        return AddResult("duplicate", existing)
    original = link_near_duplicate(conn, int(article_id), draft.body)
    return AddResult("new", int(article_id), original)


def add_articles(
    conn: Connection, drafts: Iterable[ArticleDraft], *, default_language: str
) -> list[AddResult]:
    return [add_article(conn, draft, default_language=default_language) for draft in drafts]
