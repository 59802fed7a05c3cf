"""Adding articles to the collection: the one path every source stores through.

De-duplication is by external id, canonical URL and content hash. A duplicate is recorded as
an alias of the stored article (another outlet, URL or id under which it arrived), so nothing is
lost and nothing is shown twice; a near-duplicate (``news.dedupe``) is stored but linked to its
original. Each chunk of drafts costs a lookup of what is stored, one multi-row INSERT and a few
batched writes. Should the INSERT collide (a worker storing the same articles at the same time)
or a row be refused by the database, the chunk is stored draft by draft, each in its own
savepoint: races settle alone, and one bad item is rejected with its reason while the rest of
the batch is stored.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import Connection
from sqlalchemy.exc import DataError, IntegrityError, StatementError

from news.ingest.normalize import believable_time, canonical_url, content_hash
from news.models import ArticleDraft
from news.store import articles as store
from news.store.faults import classify

if TYPE_CHECKING:
    from news.dedupe import Fingerprint

__all__ = ["MAX_TITLE_CHARS", "AddResult", "add_articles"]

log = logging.getLogger(__name__)

Status = Literal["new", "duplicate", "rejected"]
# Drafts stored per round of queries: bounded so IN lists and multi-row INSERTs stay small.
_BATCH = 500
# A headline longer than this is a source's mistake (or a trap): cut on a word, marked with "…".
MAX_TITLE_CHARS = 300

Ref = tuple[int, int]  # (0, stored article id) or (1, index of a draft of this chunk): min = oldest


@dataclass(slots=True, frozen=True)
class AddResult:
    status: Status
    article_id: int | None
    # A "new" article that nearly duplicates an earlier one (news.dedupe): stored, but linked.
    near_duplicate_of: int | None = None
    reason: str | None = None  # why a "rejected" draft was not stored


def add_articles(
    conn: Connection, drafts: Iterable[ArticleDraft], *, default_language: str,
    now: datetime | None = None,
) -> list[AddResult]:
    """Store drafts in order; one result per draft, never an exception for one bad draft."""
    now = now or datetime.now(UTC)
    pending = list(drafts)
    results: list[AddResult] = []
    for start in range(0, len(pending), _BATCH):
        results.extend(_add_chunk(conn, pending[start : start + _BATCH], default_language, now))
    return results


@dataclass(slots=True)
class _Known:
    """What is stored (or being stored by this chunk) under each de-duplication key."""

    by_hash: dict[str, Ref]
    by_ext_id: dict[str, Ref]
    by_canonical: dict[str, Ref]
    by_alias: dict[str, Ref]

    @classmethod
    def load(cls, conn: Connection, keys: list[tuple[ArticleDraft, str | None, str]]) -> _Known:
        rows, aliases = store.known_by_keys(
            conn,
            sorted({digest for _, _, digest in keys}),
            sorted({d.ext_id for d, _, _ in keys if d.ext_id}),
            sorted({c for _, c, _ in keys if c}),
        )
        known = cls({}, {}, {}, {})
        for row in rows:
            ref = (0, row.id)
            known.by_hash.setdefault(row.content_hash, ref)
            if row.ext_id:
                known.by_ext_id.setdefault(row.ext_id, ref)
            if row.canonical_url:
                known.by_canonical.setdefault(row.canonical_url, ref)
        for ext_id, article_id in aliases:
            known.by_alias.setdefault(ext_id, (0, article_id))
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


def _web_link(url: str | None) -> str | None:
    """Only an http(s) link is an article's link (never ``javascript:``, ``data:`` or ``file:``)."""
    if not url:
        return None
    url = url.strip()
    return url if url[:8].lower().startswith(("http://", "https://")) and len(url) <= 4096 else None


def _short_title(title: str) -> str:
    """One line, at most MAX_TITLE_CHARS, cut at a word boundary."""
    title = " ".join(title.split())
    if len(title) <= MAX_TITLE_CHARS:
        return title or "(untitled)"
    cut = title[: MAX_TITLE_CHARS - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > MAX_TITLE_CHARS // 2 else cut).rstrip(" ,;:-") + "…"


def _row_values(
    draft: ArticleDraft, canonical: str | None, digest: str, *, now: datetime, default_language: str
) -> dict[str, Any]:
    """The articles row for a draft that is new news."""
    from summarizers import detect_language

    # Every source's dates pass here: a far-future, ancient or unreadable one becomes the fetch
    # time (downstream date arithmetic and ordering stay sane), the original is kept.
    published, raw = believable_time(draft.published_at, draft.published_raw, now=now)
    return {
        "ext_id": draft.ext_id,
        "url": _web_link(draft.url),
        "canonical_url": canonical,
        "content_hash": digest,
        "title": _short_title(draft.title),
        "body": draft.body,
        "source": draft.source,
        "language": draft.language or detect_language(draft.body) or default_language,
        "published_at": published,
        "published_raw": raw,
        "ingested_at": now,
        "feed_id": draft.feed_id,
    }


def _add_chunk(
    conn: Connection, drafts: list[ArticleDraft], default_language: str, now: datetime
) -> list[AddResult]:
    from news.dedupe import fingerprint, link_near_duplicates  # slow (numpy): only when storing

    keys = [(draft, canonical_url(draft.url), content_hash(draft.body)) for draft in drafts]
    known = _Known.load(conn, keys)
    refs: list[Ref | None] = []  # per draft: what it duplicates, or None when it is new
    new_rows: list[dict[str, Any]] = []
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
            new_ids = store.insert_articles(conn, new_rows)
        except (IntegrityError, DataError, StatementError) as exc:
            if classify(exc) is not None:
                raise  # the database is busy, gone or full: not this item's fault, nothing to reject
            if len(drafts) > 1:
                # A race with another worker, or one row the database refuses: settle each alone.
                return [r for draft in drafts for r in _add_chunk(conn, [draft], default_language, now)]
            if isinstance(exc, IntegrityError):
                again = _Known.load(conn, keys).find(*keys[0])
                if again is not None:  # stored by another worker meanwhile
                    return [AddResult("duplicate", again[1])]
            reason = f"refused by the database ({type(exc.orig or exc).__name__})"
            log.warning("article %r not stored: %s", drafts[0].url or drafts[0].title[:80], exc)
            return [AddResult("rejected", None, reason=reason)]
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
    """Record each duplicate's outlet, URL and ext id unless the article already has them."""
    duplicates = [(a, d) for a, d in duplicates if d.ext_id or d.url or d.source]
    if not duplicates:
        return
    seen, stored = store.alias_state(conn, [article_id for article_id, _ in duplicates])
    rows: list[dict[str, Any]] = []
    for article_id, draft in duplicates:
        key = (article_id, draft.ext_id, draft.url, draft.source)
        if key in seen or stored.get(article_id) == (draft.source, draft.ext_id):
            continue
        seen.add(key)
        rows.append({"article_id": article_id, "ext_id": draft.ext_id, "url": draft.url,
                     "source": draft.source, "seen_at": now})
    store.insert_aliases(conn, rows)
