"""Reading stories back as plain Story objects for answers and digests."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, select

from news.db.schema import articles, stories
from news.models import ArticleRef, Story, StorySentence

__all__ = ["load_stories", "story_ids_for_articles"]


def story_ids_for_articles(conn: Connection, article_ids: Sequence[int]) -> dict[int, int]:
    rows = conn.execute(
        select(articles.c.id, articles.c.story_id).where(articles.c.id.in_(list(article_ids)))
    ).all()
    return {r.id: r.story_id for r in rows if r.story_id is not None}


def load_stories(conn: Connection, story_ids: Sequence[int], *, max_sentences: int = 4) -> list[Story]:
    """Stories in the order of ``story_ids``, members oldest first, summaries verbatim."""
    if not story_ids:
        return []
    story_rows = {
        r.id: r for r in conn.execute(select(stories).where(stories.c.id.in_(list(story_ids)))).all()
    }
    member_rows = conn.execute(
        select(
            articles.c.id,
            articles.c.ext_id,
            articles.c.title,
            articles.c.url,
            articles.c.source,
            articles.c.published_at,
            articles.c.story_id,
            articles.c.summary,
        )
        .where(articles.c.story_id.in_(list(story_ids)), articles.c.duplicate_of.is_(None))
        .order_by(articles.c.published_at, articles.c.id)
    ).all()
    members: dict[int, list[object]] = {}
    for row in member_rows:
        members.setdefault(row.story_id, []).append(row)
    result: list[Story] = []
    for story_id in story_ids:
        story_row = story_rows.get(story_id)
        rows = members.get(story_id, [])
        if story_row is None or not rows:
            continue
        refs = tuple(
            ArticleRef(m.id, m.ext_id, m.title, m.url, m.source, m.published_at)  # type: ignore[attr-defined]
            for m in rows
        )
        summary: list[StorySentence] = []
        if story_row.summary:
            summary = [StorySentence(int(s["article_id"]), str(s["text"])) for s in story_row.summary]
        else:
            # Not yet refreshed: fall back to the members' own summaries.
            for m in rows:
                for sentence in m.summary or []:  # type: ignore[attr-defined]
                    summary.append(StorySentence(m.id, sentence))  # type: ignore[attr-defined]
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
            )
        )
    return result
