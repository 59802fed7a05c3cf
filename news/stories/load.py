"""Reading stories back as plain Story objects for answers and digests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from sqlalchemy import Connection, func, select

from news.db.schema import articles, stories
from news.models import ArticleRef, Story, StorySentence

__all__ = ["MAX_SOURCES", "load_stories", "story_ids_for_articles"]

# Reports listed under a story in answers and digests; the rest are counted, not listed.
MAX_SOURCES: Final = 6


def story_ids_for_articles(conn: Connection, article_ids: Sequence[int]) -> dict[int, int]:
    rows = conn.execute(
        select(articles.c.id, articles.c.story_id).where(articles.c.id.in_(list(article_ids)))
    ).all()
    return {r.id: r.story_id for r in rows if r.story_id is not None}


def _shown_members(
    conn: Connection, story_ids: Sequence[int], cited: dict[int, set[int]], max_sources: int
) -> tuple[list[Any], dict[int, int]]:
    """Each story's member count, and the members worth listing: those its summary cites, then
    the latest reports up to ``max_sources`` in all. A story with hundreds of reports is read
    as a handful of rows (ix_articles_story_members), whatever its size."""
    members = (
        select(
            articles.c.id,
            articles.c.story_id,
            func.row_number().over(
                partition_by=articles.c.story_id,
                order_by=(articles.c.published_at.desc(), articles.c.id.desc()),
            ).label("recency"),
            func.count().over(partition_by=articles.c.story_id).label("total"),
        )
        .where(articles.c.story_id.in_(story_ids), articles.c.duplicate_of.is_(None))
        .subquery()
    )
    counts: dict[int, int] = {}
    wanted = {article_id for ids in cited.values() for article_id in ids}
    room = {story_id: max_sources - len(cited.get(story_id, ())) for story_id in story_ids}
    for row in conn.execute(
        select(members.c.id, members.c.story_id, members.c.total)
        .where(members.c.recency <= max_sources)
        .order_by(members.c.story_id, members.c.recency)
    ):
        counts[row.story_id] = int(row.total)
        if row.id not in wanted and room.get(row.story_id, 0) > 0:
            wanted.add(row.id)
            room[row.story_id] -= 1
    rows = conn.execute(
        select(
            articles.c.id, articles.c.ext_id, articles.c.title, articles.c.url, articles.c.source,
            articles.c.published_at, articles.c.story_id, articles.c.summary,
        )
        .where(articles.c.id.in_(sorted(wanted)), articles.c.duplicate_of.is_(None))
        .order_by(articles.c.published_at, articles.c.id)
    ).all()
    return list(rows), counts


def load_stories(
    conn: Connection, story_ids: Sequence[int], *, max_sentences: int = 4, max_sources: int = MAX_SOURCES
) -> list[Story]:
    """Stories in the order of ``story_ids``: summaries verbatim, listed members oldest first.

    The members listed are the articles the summary cites, then the latest reports, up to
    ``max_sources`` in all (more only if the summary cites more); ``Story.more_sources`` counts
    the rest.
    """
    if not story_ids:
        return []
    ids = list(story_ids)
    story_rows = {r.id: r for r in conn.execute(select(stories).where(stories.c.id.in_(ids))).all()}
    summaries: dict[int, list[StorySentence]] = {
        sid: [StorySentence(int(s["article_id"]), str(s["text"])) for s in row.summary[:max_sentences]]
        for sid, row in story_rows.items()
        if row.summary
    }
    cited = {sid: {s.article_id for s in sentences} for sid, sentences in summaries.items()}
    member_rows, counts = _shown_members(conn, ids, cited, max_sources)
    members: dict[int, list[Any]] = {}
    for row in member_rows:
        members.setdefault(row.story_id, []).append(row)
    result: list[Story] = []
    for story_id in ids:
        story_row = story_rows.get(story_id)
        rows = members.get(story_id, [])
        if story_row is None or not rows:
            continue
        refs = tuple(ArticleRef(m.id, m.ext_id, m.title, m.url, m.source, m.published_at) for m in rows)
        summary = summaries.get(story_id)
        if summary is None:
            # Not yet refreshed: fall back to the listed members' own summaries.
            summary = [StorySentence(m.id, sentence) for m in rows for sentence in m.summary or []]
        known = {ref.id for ref in refs}
        summary = [s for s in summary if s.article_id in known][:max_sentences]
        result.append(
            Story(
                id=story_row.id,
                title=story_row.title,
                articles=refs,
                summary=tuple(summary),
                first_published_at=story_row.first_published_at,
                last_published_at=story_row.last_published_at,
                more_sources=max(counts.get(story_id, len(refs)) - len(refs), 0),
                updated_at=story_row.updated_at,
            )
        )
    return result
