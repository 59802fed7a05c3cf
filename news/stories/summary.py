"""Multi-article story summaries: sentences across the members, redundancy removed, sources kept."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Connection, select

from news.db.schema import articles, stories

__all__ = ["refresh_story_summaries"]

log = logging.getLogger(__name__)


def refresh_story_summaries(
    conn: Connection, story_ids: Iterable[int], *, sentences: int, language: str = "english"
) -> int:
    """Recompute the summary of each given story; return how many were refreshed."""
    from summarizers import summarize_articles

    refreshed = 0
    for story_id in sorted(set(story_ids)):
        members = conn.execute(
            select(articles.c.id, articles.c.body, articles.c.language)
            .where(articles.c.story_id == story_id, articles.c.duplicate_of.is_(None))
            .order_by(articles.c.published_at, articles.c.id)
        ).all()
        if not members:
            continue
        try:
            chosen = summarize_articles(
                [m.body for m in members], sentences=sentences, language=members[0].language or language
            )
        except Exception:  # one bad story must not stop the pass
            log.exception("could not summarize story %s", story_id)
            continue
        summary = [{"article_id": members[s.article_index].id, "text": s.text} for s in chosen]
        conn.execute(
            stories.update()
            .where(stories.c.id == story_id)
            .values(summary=summary, summary_stale=False, updated_at=datetime.now(UTC))
        )
        refreshed += 1
    return refreshed
