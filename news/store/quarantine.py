"""SQL of the ``quarantine`` table: items a pipeline stage set aside, with their reasons.

What is quarantined and why is decided in ``news.quarantine``; the article stages read
``quarantined`` to leave those articles alone on later passes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, exists, func, insert, select

from news.store.schema import quarantine

__all__ = ["QuarantineRow", "add", "count", "is_quarantined", "prune", "recent"]


@dataclass(slots=True, frozen=True)
class QuarantineRow:
    stage: str
    item: str
    reason: str
    article_id: int | None
    feed_id: int | None
    at: datetime


def add(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """One executemany of rows with stage, item, reason, article_id, feed_id, at."""
    if rows:
        conn.execute(insert(quarantine), [
            {"article_id": None, "feed_id": None, **row} for row in rows
        ])


def count(conn: Connection, *, since: datetime | None = None) -> int:
    query = select(func.count()).select_from(quarantine)
    if since is not None:
        query = query.where(quarantine.c.at >= since)
    return int(conn.execute(query).scalar_one())


def recent(conn: Connection, *, limit: int) -> list[QuarantineRow]:
    """The newest quarantined items first."""
    rows = conn.execute(
        select(quarantine).order_by(quarantine.c.at.desc(), quarantine.c.id.desc()).limit(limit)
    ).all()
    return [
        QuarantineRow(str(r.stage), str(r.item), str(r.reason), r.article_id, r.feed_id, r.at)
        for r in rows
    ]


def prune(conn: Connection, cutoff: datetime) -> int:
    """Forget items set aside before ``cutoff`` (retention); how many."""
    return int(conn.execute(delete(quarantine).where(quarantine.c.at < cutoff)).rowcount or 0)


def is_quarantined(article_id_column: Any) -> Any:
    """A WHERE clause true for articles a stage set aside (``~is_quarantined(...)`` to skip them)."""
    return exists().where(quarantine.c.article_id == article_id_column)
