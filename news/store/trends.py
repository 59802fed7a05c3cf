"""SQL of coverage over time: which outlet published each matching report, when, in which story."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from news.store.schema import articles, stories

__all__ = ["CoverageRow", "coverage_rows"]

_CHUNK = 500  # ids per IN (...) list: well under every backend's bound-parameter limit


@dataclass(slots=True, frozen=True)
class CoverageRow:
    article_id: int
    story_id: int | None
    story_title: str | None
    source: str
    published_at: datetime


def coverage_rows(conn: Connection, article_ids: Sequence[int]) -> list[CoverageRow]:
    """The outlet, time and story of each given article."""
    found: list[CoverageRow] = []
    for offset in range(0, len(article_ids), _CHUNK):
        chunk = list(article_ids[offset : offset + _CHUNK])
        query = (
            select(articles.c.id, articles.c.story_id, stories.c.title, articles.c.source,
                   articles.c.published_at)
            .select_from(articles.outerjoin(stories, stories.c.id == articles.c.story_id))
            .where(articles.c.id.in_(chunk))
        )
        found.extend(CoverageRow(r.id, r.story_id, r.title, r.source, r.published_at)
                     for r in conn.execute(query))
    return found
