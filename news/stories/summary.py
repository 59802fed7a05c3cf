"""Multi-article story summaries: sentences across the members, redundancy removed, sources kept.

A story with a single member (near-duplicates do not count: they are the same report again)
takes that member's own summary, verbatim and attributed to it: the multi-article summarizer
would only re-rank the same article's sentences, and most stories are single-article ones, so
this is where a pass spends most of its summary time otherwise. Only a member not summarized
yet (or whose summarization failed) goes through the multi-article summarizer.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row, bindparam, select

from news.db.schema import articles, stories

__all__ = ["refresh_story_summaries"]

log = logging.getLogger(__name__)

# A member row: id, story_id, language, summary.
Member = Row[Any, Any, Any, Any]

# Stories whose members are read in one query; bounded so the IN list stays small.
_CHUNK = 200
# A long-running story is summarized from its first report and its latest ones: the cost of a
# refresh stays flat as the story grows, and the summary follows the news.
MAX_SUMMARY_MEMBERS = 8


def _summarized(members: Sequence[Member]) -> Sequence[Member]:
    if len(members) <= MAX_SUMMARY_MEMBERS:
        return members
    return [members[0], *members[-(MAX_SUMMARY_MEMBERS - 1) :]]


def _members_by_story(conn: Connection, story_ids: Sequence[int]) -> dict[int, list[Member]]:
    """Non-duplicate members of each story, oldest first, without their bodies."""
    members: dict[int, list[Member]] = {}
    for row in conn.execute(
        select(articles.c.id, articles.c.story_id, articles.c.language, articles.c.summary)
        .where(articles.c.story_id.in_(list(story_ids)), articles.c.duplicate_of.is_(None))
        .order_by(articles.c.story_id, articles.c.published_at, articles.c.id)
    ):
        members.setdefault(int(row.story_id), []).append(row)
    return members


def _bodies(conn: Connection, article_ids: Sequence[int]) -> dict[int, str]:
    if not article_ids:
        return {}
    rows = conn.execute(select(articles.c.id, articles.c.body).where(articles.c.id.in_(list(article_ids))))
    return {int(r.id): str(r.body) for r in rows}


def _summary_of(
    story_id: int, members: Sequence[Member], bodies: dict[int, str], *, sentences: int, language: str
) -> list[dict[str, object]] | None:
    from summarizers import summarize_articles

    if len(members) == 1 and members[0].summary:
        only = members[0]
        return [{"article_id": int(only.id), "text": str(text)} for text in only.summary[:sentences]]
    try:
        chosen = summarize_articles(
            [bodies[int(m.id)] for m in members], sentences=sentences, language=members[0].language or language
        )
    except Exception:  # one bad story must not stop the pass
        log.exception("could not summarize story %s", story_id)
        return None
    return [{"article_id": int(members[s.article_index].id), "text": s.text} for s in chosen]


def refresh_story_summaries(
    conn: Connection, story_ids: Iterable[int], *, sentences: int, language: str = "english"
) -> int:
    """Recompute the summary of each given story; return how many were refreshed."""
    ordered = sorted(set(story_ids))
    refreshed = 0
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        members = {sid: list(_summarized(rows)) for sid, rows in _members_by_story(conn, chunk).items()}
        # Bodies are read only for the stories that go through the multi-article summarizer.
        needing_bodies = [
            int(m.id) for rows in members.values() if not (len(rows) == 1 and rows[0].summary) for m in rows
        ]
        bodies = _bodies(conn, needing_bodies)
        now = datetime.now(UTC)
        updates: list[dict[str, object]] = []
        for story_id in chunk:
            rows = members.get(story_id)
            if not rows:
                continue
            summary = _summary_of(story_id, rows, bodies, sentences=sentences, language=language)
            if summary is not None:
                updates.append({"sid": story_id, "summary": summary, "now": now})
        if updates:
            conn.execute(
                stories.update()
                .where(stories.c.id == bindparam("sid"))
                .values(summary=bindparam("summary"), summary_stale=False, updated_at=bindparam("now")),
                updates,
            )
        refreshed += len(updates)
    return refreshed
