"""The one storing path: a batch gives what storing its drafts one by one gives, in fewer queries,
and one bad draft is rejected with its reason while the rest are stored."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Connection, select

import news.articles
from config import Settings
from news.articles import AddResult, add_articles
from news.ingest.files import drafts_from_file
from news.models import ArticleDraft
from news.pipeline import ingest_paths, summarize_pending, update_stories
from news.store import Database
from news.store.schema import article_aliases, articles, near_dup_keys, stories

WHEN = datetime(2026, 5, 1, 12, tzinfo=UTC)


def _seed(examples_dir: Path, prefix: str) -> ArticleDraft:
    (path,) = examples_dir.glob(f"{prefix}_*.txt")
    drafts, _ = drafts_from_file(path, max_bytes=10_000_000)
    return drafts[0]


def _edited(body: str, intro: str) -> str:
    paragraphs = body.split("\n\n")
    return f"{intro}\n\n" + "\n\n".join(paragraphs[:-1]).replace("yesterday", "on Monday")


def _drafts(examples_dir: Path) -> list[ArticleDraft]:
    """Every kind of duplicate, several of them within the batch itself."""
    first, other = _seed(examples_dir, "000"), _seed(examples_dir, "003")

    def make(body: str, ext_id: str | None, source: str, url: str | None = None) -> ArticleDraft:
        return ArticleDraft(body=body, title=f"t {ext_id}", source=source, published_at=WHEN, url=url,
                            ext_id=ext_id, language="english")

    short = "Markets rallied on Friday after the central bank held rates."
    return [
        make(first.body, "a", "wire", "https://example.com/a?utm_source=x"),
        make(first.body.upper(), "a-again", "mirror"),  # same text, other case: content hash
        make("Another text entirely about the bridge.", "a", "wire"),  # same ext_id
        make("Yet another text about the harbour.", "c", "blog", "https://EXAMPLE.com/a"),  # same URL
        make(_edited(first.body, "CAIRO (Wire) - Updated."), "copy-1", "wire2"),  # near-duplicate
        make(_edited(first.body, "CAIRO (Desk) - Revised.") + "\n\nMore later.", "copy-2", "wire3"),
        make(other.body, "other", "paper"),
        make(short, "short", "paper"),
        make(short, "short", "paper"),  # the very same draft twice: no second alias
        make("Unrelated words on a garden show.", "a-again", "x"),  # ext_id known only as an alias
        make(other.body, None, "paper"),
    ]


def _snapshot(conn: Connection, results: list[AddResult]) -> tuple[object, ...]:
    """Rows and results with ids replaced by ext_ids or bodies, comparable across runs."""
    rows = conn.execute(select(articles).order_by(articles.c.id)).all()
    name = {r.id: (r.ext_id, r.content_hash) for r in rows}
    stored = [(r.ext_id, r.content_hash, r.canonical_url, r.source, r.language, r.simhash,
               name.get(r.duplicate_of)) for r in rows]
    aliases = sorted(
        (name[a.article_id], a.ext_id or "", a.url or "", a.source or "")
        for a in conn.execute(select(article_aliases))
    )
    keys = sorted((k.key, name[k.article_id]) for k in conn.execute(select(near_dup_keys)))
    outcome = [(r.status, name[r.article_id] if r.article_id is not None else None,
                None if r.near_duplicate_of is None else name[r.near_duplicate_of]) for r in results]
    return stored, aliases, keys, outcome


@pytest.mark.parametrize("batch_size", [500, 3])
def test_batch_matches_one_by_one(
    db: Database, examples_dir: Path, monkeypatch: pytest.MonkeyPatch, batch_size: int
) -> None:
    monkeypatch.setattr(news.articles, "_BATCH", batch_size)
    drafts = _drafts(examples_dir)
    with db.engine.connect() as conn:
        outer = conn.begin()
        one_by_one = [add_articles(conn, [d], default_language="english", now=WHEN)[0] for d in drafts]
        expected = _snapshot(conn, one_by_one)
        outer.rollback()
        with conn.begin():
            batched = add_articles(conn, drafts, default_language="english", now=WHEN)
            assert _snapshot(conn, batched) == expected


def test_duplicates_within_one_batch(db: Database, examples_dir: Path) -> None:
    drafts = _drafts(examples_dir)
    with db.write() as conn:
        results = add_articles(conn, drafts, default_language="english", now=WHEN)
    statuses = [r.status for r in results]
    assert statuses == ["new", "duplicate", "duplicate", "duplicate", "new", "new", "new", "new",
                        "duplicate", "duplicate", "duplicate"]
    first = results[0].article_id
    assert [r.article_id for r in results[1:4]] == [first] * 3
    assert results[4].near_duplicate_of == first and results[5].near_duplicate_of == first
    assert results[8].article_id == results[7].article_id
    assert results[9].article_id == first  # through the alias recorded for "a-again"
    assert results[10].article_id == results[6].article_id
    with db.read() as conn:
        aliases = conn.execute(select(article_aliases.c.ext_id).where(article_aliases.c.article_id == first))
        assert sorted(a.ext_id or "" for a in aliases) == ["a-again", "a-again", "c"]


def test_reingesting_a_batch_only_finds_duplicates(db: Database, examples_dir: Path) -> None:
    drafts = _drafts(examples_dir)
    with db.write() as conn:
        first = add_articles(conn, drafts, default_language="english", now=WHEN)
    with db.write() as conn:
        again = add_articles(conn, drafts, default_language="english", now=WHEN)
        alias_count = len(conn.execute(select(article_aliases)).all())
    with db.write() as conn:
        add_articles(conn, drafts, default_language="english", now=WHEN)
        assert len(conn.execute(select(article_aliases)).all()) == alias_count
    assert all(r.status == "duplicate" for r in again)
    assert [r.article_id for r in again] == [r.article_id for r in first]


def test_single_article_story_takes_the_article_summary(
    db: Database, settings: Settings, examples_dir: Path
) -> None:
    report = ingest_paths(db, [next(examples_dir.glob("000_*.txt"))], settings, now=WHEN)
    summarize_pending(db, settings, now=WHEN)
    update_stories(db, settings, report.new_ids)
    with db.read() as conn:
        (article,) = conn.execute(select(articles.c.id, articles.c.summary)).all()
        (story,) = conn.execute(select(stories.c.summary, stories.c.summary_stale)).all()
    assert story.summary_stale is False
    assert story.summary == [{"article_id": article.id, "text": text}
                             for text in article.summary[: settings.story_summary_sentences]]


def test_a_draft_the_database_refuses_is_rejected_and_the_rest_are_stored(db: Database) -> None:
    good = [ArticleDraft(body=f"Report {n} on the harbour works, which resumed on Monday.", title=f"Harbour {n}",
                         source="Wire", published_at=WHEN) for n in range(2)]
    # A naive time cannot be stored as UTC: the database layer refuses the row.
    bad = ArticleDraft(body="A report whose time has no timezone at all.", title="Bad", source="Wire",
                       published_at=datetime(2026, 5, 1, 12))
    with db.write() as conn:
        results = add_articles(conn, [good[0], bad, good[1]], default_language="english", now=WHEN)
    assert [r.status for r in results] == ["new", "rejected", "new"]
    assert results[1].article_id is None and "refused by the database" in (results[1].reason or "")
    with db.read() as conn:
        assert sorted(conn.execute(select(articles.c.title)).scalars()) == ["Harbour 0", "Harbour 1"]
