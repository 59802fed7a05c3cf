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
from news.dedupe import Fingerprint, fingerprint, link_near_duplicate, link_near_duplicates
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


def _row_values(
    draft: ArticleDraft, canonical: str | None, digest: str, *, now: datetime, default_language: str
) -> dict[str, object]:
    """The articles row for a draft that is new news."""
    from summarizers import detect_language

    return {
        "ext_id": draft.ext_id,
        "url": draft.url,
        "canonical_url": canonical,
        "content_hash": digest,
        "title": draft.title.strip() or "(untitled)",
        "body": draft.body,
        "source": draft.source,
        "language": draft.language or detect_language(draft.body) or default_language,
        "published_at": draft.published_at or now,
        "ingested_at": now,
        "feed_id": draft.feed_id,
    }


def add_article(
    conn: Connection, draft: ArticleDraft, *, default_language: str, now: datetime | None = None
) -> AddResult:
    """Store a draft unless it is already known; never raises on a duplicate."""

    now = now or datetime.now(UTC)
    canonical = canonical_url(draft.url)
    digest = content_hash(draft.body)
    existing = _find_existing(conn, draft, canonical, digest)
    if existing is not None:
        _record_alias(conn, existing, draft, now)
        return AddResult("duplicate", existing)
    values = _row_values(draft, canonical, digest, now=now, default_language=default_language)
    try:
        with conn.begin_nested():
            key = conn.execute(articles.insert().values(**values)).inserted_primary_key
            assert key is not None  # an INSERT always reports its primary key
            article_id = key[0]
    except IntegrityError:
        # Another worker stored the same article between our check and our insert.
        existing = _find_existing(conn, draft, canonical, digest)
        if existing is None:
            raise
        return AddResult("duplicate", existing)
    original = link_near_duplicate(conn, int(article_id), draft.body)
    return AddResult("new", int(article_id), original)


# Drafts stored per round of queries: bounded so IN lists and multi-row INSERTs stay small.
_BATCH = 500

Ref = tuple[int, int]  # (0, stored article id) or (1, index of a draft of this batch): min = oldest


def add_articles(
    conn: Connection, drafts: Iterable[ArticleDraft], *, default_language: str, now: datetime | None = None
) -> list[AddResult]:
    """Store drafts in order; the same results as ``add_article`` on each in turn, far fewer queries.

    Each chunk of drafts costs a lookup of what is already stored, one multi-row INSERT and a
    few batched writes for aliases and near-duplicate keys, instead of about a dozen statements
    per draft. Should the INSERT collide with a worker storing the same articles at the same
    time, the chunk falls back to ``add_article`` draft by draft, which settles each race alone.
    """
    now = now or datetime.now(UTC)
    pending = list(drafts)
    results: list[AddResult] = []
    for start in range(0, len(pending), _BATCH):
        results.extend(_add_chunk(conn, pending[start : start + _BATCH], default_language, now))
    return results


@dataclass(slots=True)
class _Known:
    """What is stored (or being stored by this batch) under each de-duplication key."""

    by_hash: dict[str, Ref]
    by_ext_id: dict[str, Ref]
    by_canonical: dict[str, Ref]
    by_alias: dict[str, Ref]

    @classmethod
    def load(cls, conn: Connection, keys: list[tuple[ArticleDraft, str | None, str]]) -> _Known:
        hashes = sorted({digest for _, _, digest in keys})
        ext_ids = sorted({d.ext_id for d, _, _ in keys if d.ext_id})
        canonicals = sorted({c for _, c, _ in keys if c})
        conditions = [articles.c.content_hash.in_(hashes)]
        if ext_ids:
            conditions.append(articles.c.ext_id.in_(ext_ids))
        if canonicals:
            conditions.append(articles.c.canonical_url.in_(canonicals))
        known = cls({}, {}, {}, {})
        rows = conn.execute(
            select(articles.c.id, articles.c.ext_id, articles.c.canonical_url, articles.c.content_hash)
            .where(or_(*conditions))
            .order_by(articles.c.id)
        )
        for row in rows:
            ref = (0, int(row.id))
            known.by_hash.setdefault(row.content_hash, ref)
            if row.ext_id:
                known.by_ext_id.setdefault(row.ext_id, ref)
            if row.canonical_url:
                known.by_canonical.setdefault(row.canonical_url, ref)
        if ext_ids:
            for alias in conn.execute(
                select(article_aliases.c.ext_id, article_aliases.c.article_id)
                .where(article_aliases.c.ext_id.in_(ext_ids))
                .order_by(article_aliases.c.id)
            ):
                known.by_alias.setdefault(alias.ext_id, (0, int(alias.article_id)))
        return known

    def find(self, draft: ArticleDraft, canonical: str | None, digest: str) -> Ref | None:
        found = [ref for ref in (
            self.by_hash.get(digest),
            self.by_ext_id.get(draft.ext_id) if draft.ext_id else None,
            self.by_canonical.get(canonical) if canonical else None,
        ) if ref is not None]
        if found:
            return min(found)
        return self.by_alias.get(draft.ext_id) if draft.ext_id else None

    def remember(self, ref: Ref, draft: ArticleDraft, canonical: str | None, digest: str) -> None:
        self.by_hash.setdefault(digest, ref)
        if draft.ext_id:
            self.by_ext_id.setdefault(draft.ext_id, ref)
        if canonical:
            self.by_canonical.setdefault(canonical, ref)


def _add_chunk(
    conn: Connection, drafts: list[ArticleDraft], default_language: str, now: datetime
) -> list[AddResult]:

    keys = [(draft, canonical_url(draft.url), content_hash(draft.body)) for draft in drafts]
    known = _Known.load(conn, keys)
    refs: list[Ref | None] = []  # per draft: what it duplicates, or None when it is new
    new_rows: list[dict[str, object]] = []
    prints: list[Fingerprint] = []
    for index, (draft, canonical, digest) in enumerate(keys):
        existing = known.find(draft, canonical, digest)
        refs.append(existing)
        if existing is not None:
            if draft.ext_id:
                # A duplicate's ext_id becomes an alias: later drafts under it match through it.
                known.by_alias.setdefault(draft.ext_id, existing)
            continue
        known.remember((1, index), draft, canonical, digest)
        print_ = fingerprint(draft.body)
        prints.append(print_)
        new_rows.append({
            **_row_values(draft, canonical, digest, now=now, default_language=default_language),
            "simhash": print_.simhash,
        })
    new_ids: list[int] = []
    if new_rows:
        try:
            with conn.begin_nested():
                inserted = conn.execute(
                    articles.insert().returning(articles.c.id, sort_by_parameter_order=True), new_rows
                )
                new_ids = [int(row.id) for row in inserted]
        except IntegrityError:
            # Another worker stored some of these articles between our lookup and our insert.
            return [add_article(conn, draft, default_language=default_language, now=now) for draft in drafts]
    id_of_draft = dict(zip((i for i, ref in enumerate(refs) if ref is None), new_ids, strict=True))

    def resolve(ref: Ref) -> int:
        return ref[1] if ref[0] == 0 else id_of_draft[ref[1]]

    originals = iter(link_near_duplicates(conn, list(zip(new_ids, prints, strict=True))))
    duplicates = [(resolve(ref), draft) for ref, (draft, _, _) in zip(refs, keys, strict=True) if ref is not None]
    _record_aliases(conn, duplicates, now)
    return [
        AddResult("new", id_of_draft[index], next(originals)) if ref is None else AddResult("duplicate", resolve(ref))
        for index, ref in enumerate(refs)
    ]


def _record_aliases(conn: Connection, duplicates: list[tuple[int, ArticleDraft]], now: datetime) -> None:
    """``_record_alias`` for each (article id, draft) in turn, with two queries in all."""
    duplicates = [(a, d) for a, d in duplicates if d.ext_id or d.url or d.source]
    if not duplicates:
        return
    ids = sorted({article_id for article_id, _ in duplicates})
    seen: set[tuple[int, str | None, str | None, str | None]] = set()
    stored: dict[int, tuple[str | None, str | None]] = {}
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        for alias in conn.execute(
            select(article_aliases.c.article_id, article_aliases.c.ext_id, article_aliases.c.url,
                   article_aliases.c.source).where(article_aliases.c.article_id.in_(chunk))
        ):
            seen.add((int(alias.article_id), alias.ext_id, alias.url, alias.source))
        for row in conn.execute(
            select(articles.c.id, articles.c.source, articles.c.ext_id).where(articles.c.id.in_(chunk))
        ):
            stored[int(row.id)] = (row.source, row.ext_id)
    rows: list[dict[str, object]] = []
    for article_id, draft in duplicates:
        key = (article_id, draft.ext_id, draft.url, draft.source)
        if key in seen or stored.get(article_id) == (draft.source, draft.ext_id):
            continue
        seen.add(key)
        rows.append({"article_id": article_id, "ext_id": draft.ext_id, "url": draft.url,
                     "source": draft.source, "seen_at": now})
    if rows:
        conn.execute(article_aliases.insert(), rows)
