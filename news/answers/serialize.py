"""JSON shapes of answers and stories (contract: design.md, `ask --json` and `stories --json`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from news.models import Answer, ArticleRef, Story, StoryListing

__all__ = ["answer_to_json", "listing_to_json", "story_to_json"]


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


def listing_to_json(listing: Sequence[StoryListing]) -> list[dict[str, Any]]:
    """``stories --json``: every story with its member articles (ids and external ids)."""
    return [
        {"id": story.id, "title": story.title, "articles": [{"id": a, "ext_id": e} for a, e in story.articles]}
        for story in listing
    ]
