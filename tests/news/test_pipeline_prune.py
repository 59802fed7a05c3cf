"""Old articles are pruned with their search rows and emptied stories; recent ones stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from config import Settings
from news.answers.matching import search_terms
from news.articles import add_articles
from news.models import ArticleDraft
from news.pipeline import prune_articles, update_stories
from news.store import Database
from news.store.schema import articles, stories
from news.store.search import search_articles

NOW = datetime(2026, 11, 20, tzinfo=UTC)


def test_prune_removes_old_articles_search_rows_and_empty_stories(db: Database, settings: Settings) -> None:
    drafts = [
        ArticleDraft(body=f"Glacier number {i} in the valley retreated again this year, surveyors said.",
                     title=f"Glacier {i}", source="Alpine Post", published_at=NOW - timedelta(days=age))
        for i, age in enumerate([400, 380, 200, 5])
    ]
    with db.write() as conn:
        ids = [r.article_id for r in add_articles(conn, drafts, default_language="english")]
    update_stories(db, settings, ids)
    removed = prune_articles(db, older_than_days=365, batch=1, now=NOW)
    assert removed == 2
    with db.read() as conn:
        remaining = conn.execute(select(articles.c.title).order_by(articles.c.id)).scalars().all()
        assert remaining == ["Glacier 2", "Glacier 3"]
        hits = search_articles(conn, search_terms("glacier"))
        assert sorted(h.article_id for h in hits) == ids[2:]
        orphan_stories = conn.execute(
            select(func.count()).select_from(stories).where(
                ~select(articles.c.id).where(articles.c.story_id == stories.c.id).exists()
            )
        ).scalar_one()
        assert orphan_stories == 0
    assert prune_articles(db, older_than_days=365, now=NOW) == 0
    assert prune_articles(db, older_than_days=0, now=NOW) == 0
