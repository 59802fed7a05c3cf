"""Answering "what's new on X?": search with recency, group by story, rank, explain fallbacks."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import Connection

from news.answers.matching import search_terms
from news.answers.query import parse_question
from news.models import Answer, Query
from news.store.search import SearchHit, search_articles
from news.store.stories import load_stories

__all__ = ["TOPIC_ECHO_CHARS", "answer_query", "answer_question", "describe_age", "shown_topic"]

TOPIC_ECHO_CHARS = 60  # longest topic echoed back whole in "No news about …"

_RECENCY_HALF_LIFE_HOURS = 48.0


def describe_age(delta: timedelta) -> str:
    """'3 hours', '5 days', '2 years': rough and readable."""
    seconds = max(delta.total_seconds(), 0)
    for unit, size in (("year", 365 * 86400), ("month", 30 * 86400), ("week", 7 * 86400),
                       ("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return "moments"


def rank_stories(hits: list[SearchHit], *, now: datetime) -> list[int]:
    """Story ids by relevance and freshness; several matching articles lift a story a little."""
    if not hits:
        return []
    top = max(h.relevance for h in hits) or 1.0
    best: dict[int, float] = {}
    counts: dict[int, int] = {}
    for hit in hits:
        if hit.story_id is None:
            continue
        age_hours = max((now - hit.published_at).total_seconds() / 3600, 0.0)
        freshness = 0.5 ** (age_hours / _RECENCY_HALF_LIFE_HOURS)
        score = 0.6 * (hit.relevance / top) + 0.4 * freshness
        best[hit.story_id] = max(best.get(hit.story_id, 0.0), score)
        counts[hit.story_id] = counts.get(hit.story_id, 0) + 1
    scored = {sid: s + 0.05 * math.log1p(counts[sid] - 1) for sid, s in best.items()}
    return sorted(scored, key=lambda sid: (-scored[sid], -sid))


def answer_query(
    conn: Connection, query: Query, *, now: datetime, default_period_days: int, limit: int,
    summary_sentences: int,
) -> Answer:
    since = query.since or now - timedelta(days=default_period_days)
    terms = search_terms(query.topic)
    hits = search_articles(conn, terms, since=since)
    note = None
    if not hits:
        hits = search_articles(conn, terms, since=None, newest_first=True, limit=50)
        if hits:
            newest = max(h.published_at for h in hits)
            period = query.period_label or f"the last {default_period_days} days"
            period = f"in {period}" if period.startswith("the ") else period  # "today", "since Monday"
            note = (
                f"Nothing new on {shown_topic(query.topic)} {period}. The most recent coverage is "
                f"{describe_age(now - newest)} old:"
            )
    story_ids = rank_stories(hits, now=now)[:limit]
    stories = load_stories(conn, story_ids, max_sentences=summary_sentences)
    if not stories:
        note = f"No news about {shown_topic(query.topic)} yet."
    return Answer(query=query, stories=stories, note=note, searched_since=since)


def shown_topic(topic: str, limit: int = TOPIC_ECHO_CHARS) -> str:
    """The topic as echoed back to the asker: whole when short, else cut on a word with "…",
    so a pasted wall of text is not repeated back in full."""
    if len(topic) <= limit:
        return topic
    cut = topic[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space >= limit // 2 else cut).rstrip(" ,.;:") + "…"


def answer_question(
    conn: Connection, question: str, *, now: datetime, default_period_days: int, limit: int,
    summary_sentences: int,
) -> Answer:
    """Parse and answer; raises QueryError for a question without a topic."""
    query = parse_question(question, now=now)
    return answer_query(
        conn, query, now=now, default_period_days=default_period_days, limit=limit,
        summary_sentences=summary_sentences,
    )
