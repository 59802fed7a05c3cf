"""Storing articles in tests below the service: the one storing path, then the pipeline stages."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from config import Settings
from news.articles import AddResult, add_articles
from news.models import ArticleDraft
from news.pipeline import ingest_paths, summarize_pending, update_stories
from news.store import Database

__all__ = ["add_one", "article", "seed_articles", "store_drafts"]


def add_one(db: Database, draft: ArticleDraft, *, now: datetime | None = None) -> AddResult:
    """Store one draft in its own transaction."""
    with db.write() as conn:
        [result] = add_articles(conn, [draft], default_language="english", now=now)
    return result


def store_drafts(db: Database, settings: Settings, *drafts: ArticleDraft) -> list[int]:
    """Store drafts, summarize them and group them into stories; their ids, in order."""
    with db.write() as conn:
        results = add_articles(conn, list(drafts), default_language="english")
    ids = [r.article_id for r in results if r.article_id is not None]
    summarize_pending(db, settings, now=datetime.now(UTC))
    update_stories(db, settings, ids)
    return ids


def seed_articles(db: Database, settings: Settings, folder: Path, items: list[dict[str, Any]]) -> list[int]:
    """Import articles (JSONL rows) as ``newsbrief ingest`` does, so they form summarized
    stories; the ids of the new ones."""
    path = folder / f"seed-{len(list(folder.glob('seed-*')))}.jsonl"
    path.write_text("\n".join(json.dumps(item) for item in items), encoding="utf-8")
    now = datetime.now(UTC)
    report = ingest_paths(db, [path], settings, now=now)
    assert not report.rejected, report.rejected
    summarize_pending(db, settings, now=now)
    update_stories(db, settings, report.new_ids)
    return report.new_ids


def article(title: str, text: str, *, source: str = "Example News", url: str | None = None,
            published: datetime | None = None, ext: str | None = None, language: str | None = None) -> dict[str, Any]:
    """A JSONL row for ``seed_articles``."""
    row: dict[str, Any] = {
        "id": ext or title, "title": title, "text": text, "source": source,
        "url": url or f"https://news.example/{abs(hash(title))}",
        "published": (published or datetime.now(UTC)).isoformat(),
    }
    if language:
        row["language"] = language
    return row
