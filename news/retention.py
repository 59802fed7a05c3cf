"""Pruning old articles (with their search rows, aliases and emptied stories) in small batches.

Small batches keep each write transaction short, so on SQLite the bot's reads and the pipeline's
writes are never held up for long, and on PostgreSQL no huge lock set builds up.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, exists, select, update

from news.db import Database
from news.db.schema import article_aliases, articles, stories

__all__ = ["prune_articles"]


def prune_articles(
    db: Database, *, older_than_days: int, batch: int = 500, now: datetime | None = None
) -> int:
    """Delete articles published before the cut-off; return how many were removed."""
    if older_than_days <= 0:
        return 0
    cutoff = (now or datetime.now(UTC)) - timedelta(days=older_than_days)
    removed = 0
    while True:
        with db.begin_write() as conn:
            rows = conn.execute(
                select(articles.c.id, articles.c.story_id)
                .where(articles.c.published_at < cutoff)
                .order_by(articles.c.id)
                .limit(batch)
            ).all()
            if not rows:
                break
            ids = [r.id for r in rows]
            touched = {r.story_id for r in rows if r.story_id is not None}
            # Newer near-duplicates pointing at a pruned original become originals themselves.
            conn.execute(update(articles).where(articles.c.duplicate_of.in_(ids)).values(duplicate_of=None))
            conn.execute(delete(article_aliases).where(article_aliases.c.article_id.in_(ids)))
            conn.execute(delete(articles).where(articles.c.id.in_(ids)))
            if touched:
                has_members = exists().where(articles.c.story_id == stories.c.id)
                conn.execute(delete(stories).where(stories.c.id.in_(touched), ~has_members))
                conn.execute(
                    update(stories).where(stories.c.id.in_(touched)).values(summary_stale=True)
                )
            removed += len(ids)
    return removed
