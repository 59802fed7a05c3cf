"""JSON shapes of answers and stories (contract: design.md, `ask --json` and `stories --json`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from news.db.schema import articles, stories
from news.models import Answer, ArticleRef, Story

__all__ = ["answer_to_json", "list_stories_json", "story_to_json"]


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _article_json(ref: ArticleRef) -> dict[str, Any]:
    return {
        "id": ref.id,
        "ext_id": ref.ext_id,
        "title": ref.title,
        "url": ref.url,
        "source": ref.source,
        "published": _iso(ref.published_at),
    }


def story_to_json(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "title": story.title,
        "summary": [s.text for s in story.summary],
        "summary_sources": [story.source_number(s.article_id) for s in story.summary],
        "articles": [_article_json(a) for a in story.articles],
        "more_articles": story.more_sources,
        "first_published": _iso(story.first_published_at),
        "last_published": _iso(story.last_published_at),
    }


def answer_to_json(answer: Answer) -> dict[str, Any]:
    return {
        "query": answer.query.text,
        "topic": answer.query.topic,
        "since": _iso(answer.query.since or answer.searched_since),
        "note": answer.note,
        "stories": [story_to_json(s) for s in answer.stories],
    }


def list_stories_json(conn: Connection) -> list[dict[str, Any]]:
    """Every story with its member articles (ids and external ids), newest first."""
    story_rows = conn.execute(
        select(stories.c.id, stories.c.title, stories.c.last_published_at).order_by(
            stories.c.last_published_at.desc(), stories.c.id.desc()
        )
    ).all()
    members: dict[int, list[dict[str, Any]]] = {}
    for row in conn.execute(
        select(articles.c.id, articles.c.ext_id, articles.c.story_id)
        .where(articles.c.story_id.is_not(None))
        .order_by(articles.c.published_at, articles.c.id)
    ).all():
        members.setdefault(row.story_id, []).append({"id": row.id, "ext_id": row.ext_id})
    return [
        {"id": r.id, "title": r.title, "articles": members.get(r.id, [])}
        for r in story_rows
        if members.get(r.id)
    ]
