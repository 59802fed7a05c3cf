"""JSON shapes of answers, stories and story cards (contract: design.md, `ask --json` and
`stories --json`; a story's ``card`` object is an addition to the contract's keys)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from news.models import Answer, ArticleRef, Story, StoryListing

if TYPE_CHECKING:  # `ask --json` serializes answers without loading the story cards' NLP
    from news.stories.card import StoryCard

__all__ = ["answer_to_json", "card_to_json", "listing_to_json", "story_to_json"]


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


def card_to_json(card: StoryCard) -> dict[str, Any]:
    """A story card; every ``source`` is a number in its ``sources`` list."""
    return {
        "id": card.id,
        "title": card.title,
        "summary": [{"text": s.text, "source": s.source} for s in card.summary],
        "key_points": [{"text": p.text, "source": p.source} for p in card.key_points],
        "perspectives": [{"outlet": p.outlet, "text": p.text, "source": p.source} for p in card.perspectives],
        "quote": None if card.quote is None else {
            "text": card.quote.text, "speaker": card.quote.speaker, "source": card.quote.source},
        "timeline": [{"date": e.day.isoformat(), "text": e.text, "source": e.source, "from_text": e.from_text}
                     for e in card.timeline],
        "sources": [{"number": s.number, "id": s.article_id, "title": s.title, "outlet": s.outlet, "url": s.url,
                     "published": _iso(s.published_at)} for s in card.sources],
        "more_sources": card.more_sources,
    }


def listing_to_json(listing: Sequence[StoryListing],
                    cards: Sequence[StoryCard] | None = None) -> list[dict[str, Any]]:
    """``stories --json``: every story with its member articles (ids and external ids), and its
    card when ``cards`` are given."""
    by_id = {card.id: card for card in cards or ()}
    rows: list[dict[str, Any]] = []
    for story in listing:
        row: dict[str, Any] = {"id": story.id, "title": story.title,
                               "articles": [{"id": a, "ext_id": e} for a, e in story.articles]}
        if story.id in by_id:
            row["card"] = card_to_json(by_id[story.id])
        rows.append(row)
    return rows
