"""Multi-article story summaries: sentences across the members, redundancy removed, sources kept.

A story's summary states the story first (what its outlets share) and then adds what single
outlets carried, outlet by outlet (``summarizers.summarize_articles``); every sentence keeps the
id of its report, which answers and digests show as the source number.

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

from sqlalchemy import Connection

from news.store import articles as article_store
from news.store import stories as store
from news.store.stories import SummaryMember

__all__ = ["refresh_story_summaries"]

log = logging.getLogger(__name__)

# Stories whose members are read in one query; bounded so the IN list stays small.
_CHUNK = 200
# A long-running story is summarized from its first report and its latest ones: the cost of a
# refresh stays flat as the story grows, and the summary follows the news.
MAX_SUMMARY_MEMBERS = 8


def _summarized(members: Sequence[SummaryMember]) -> Sequence[SummaryMember]:
    if len(members) <= MAX_SUMMARY_MEMBERS:
        return members
    return [members[0], *members[-(MAX_SUMMARY_MEMBERS - 1) :]]


def _single(members: Sequence[SummaryMember]) -> bool:
    return len(members) == 1 and bool(members[0].summary)


def _summary_of(
    story_id: int, members: Sequence[SummaryMember], bodies: dict[int, str], *, sentences: int,
    language: str,
) -> list[dict[str, object]] | None:
    from summarizers import summarize_articles

    if _single(members):
        only = members[0]
        return [{"article_id": only.id, "text": str(text)} for text in (only.summary or [])[:sentences]]
    try:
        chosen = summarize_articles(
            [bodies[m.id] for m in members], sentences=sentences, language=members[0].language or language
        )
    except Exception:  # one bad story must not stop the pass
        log.exception("could not summarize story %s", story_id)
        return None
    return [{"article_id": members[s.article_index].id, "text": s.text} for s in chosen]


def refresh_story_summaries(
    conn: Connection, story_ids: Iterable[int], *, sentences: int, language: str = "english"
) -> int:
    """Recompute the summary of each given story; return how many were refreshed."""
    ordered = sorted(set(story_ids))
    refreshed = 0
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        members = {sid: list(_summarized(rows)) for sid, rows in store.summary_members(conn, chunk).items()}
        # Bodies are read only for the stories that go through the multi-article summarizer.
        needing_bodies = [m.id for rows in members.values() if not _single(rows) for m in rows]
        bodies = article_store.article_bodies(conn, needing_bodies)
        updates: list[tuple[int, list[dict[str, object]]]] = []
        for story_id in chunk:
            rows = members.get(story_id)
            if not rows:
                continue
            summary = _summary_of(story_id, rows, bodies, sentences=sentences, language=language)
            if summary is not None:
                updates.append((story_id, summary))
        store.save_story_summaries(conn, updates, now=datetime.now(UTC))
        refreshed += len(updates)
    return refreshed
