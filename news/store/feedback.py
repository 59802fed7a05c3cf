"""SQL of a chat's feedback on stories (``story_feedback``), and the counts "Why?" shows.

One row per chat and story (pressing again replaces it). Rows keep the pressed story's terms and
outlets, so feedback outlives the story (pruned or merged); rows older than the horizon the
ranking reads are dropped when the chat presses again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, delete, func, select

from news.store.schema import articles, story_feedback
from news.store.upsert import upsert_insert

__all__ = ["FeedbackRow", "clear_feedback", "feedback_rows", "record_feedback", "story_reach"]


@dataclass(slots=True, frozen=True)
class FeedbackRow:
    story_id: int
    sign: int
    terms: tuple[int, ...]
    outlets: tuple[str, ...]
    at: datetime


def record_feedback(conn: Connection, chat_id: int, row: FeedbackRow, *, forget_before: datetime) -> None:
    """Store (or replace) the chat's press on the story; drop its presses older than ``forget_before``."""
    conn.execute(delete(story_feedback).where(story_feedback.c.chat_id == chat_id,
                                              story_feedback.c.at < forget_before))
    values = {"chat_id": chat_id, "story_id": row.story_id, "sign": row.sign, "terms": list(row.terms),
              "outlets": list(row.outlets), "at": row.at}
    insert = upsert_insert(conn, story_feedback)
    conn.execute(insert.values(values).on_conflict_do_update(
        index_elements=[story_feedback.c.chat_id, story_feedback.c.story_id],
        set_={"sign": insert.excluded.sign, "terms": insert.excluded.terms,
              "outlets": insert.excluded.outlets, "at": insert.excluded.at},
    ))


# Built once: every digest composed for a chat runs it (see news.store.reads).
_ROWS_OF = select(story_feedback).where(story_feedback.c.chat_id == bindparam("chat"),
                                        story_feedback.c.at >= bindparam("since"))


def feedback_rows(conn: Connection, chat_id: int, *, since: datetime) -> list[FeedbackRow]:
    return [
        FeedbackRow(int(r.story_id), int(r.sign), tuple(int(t) for t in r.terms), tuple(str(o) for o in r.outlets),
                    r.at)
        for r in conn.execute(_ROWS_OF, {"chat": chat_id, "since": since})
    ]


def clear_feedback(conn: Connection, chat_id: int) -> int:
    """Forget all of the chat's feedback; how many presses were forgotten."""
    return int(conn.execute(delete(story_feedback).where(story_feedback.c.chat_id == chat_id)).rowcount)


def story_reach(conn: Connection, story_id: int) -> tuple[int, int]:
    """(original reports, distinct outlets) of a story."""
    row = conn.execute(
        select(func.count(), func.count(articles.c.source.distinct()))
        .where(articles.c.story_id == story_id, articles.c.duplicate_of.is_(None))
    ).one()
    return int(row[0]), int(row[1])
