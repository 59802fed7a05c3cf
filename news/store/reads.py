"""SQL of what each chat was sent of each story (``story_reads``), and the reports it has not seen.

``news.answers.updates`` decides what is new for a chat; this module keeps what it was sent.
Rows are written only once a digest was delivered (the outbox's sent marking, or a face's word
that its messages went out), so a digest that failed to send never counts as read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select

from news.models import ArticleRef
from news.store.articles import CHUNK
from news.store.schema import articles, chats, story_reads
from news.store.upsert import upsert_insert

__all__ = [
    "NewReport",
    "Read",
    "ReadMark",
    "load_reads",
    "member_ids",
    "move_reads",
    "record_reads",
    "unseen_reports",
]


@dataclass(slots=True, frozen=True)
class Read:
    """What a chat was sent of one story: the reports it has seen, the sentences it was shown."""

    article_ids: frozenset[int]
    sentences: tuple[tuple[int, ...], ...]


@dataclass(slots=True, frozen=True)
class ReadMark:
    """What one digest adds to a chat's read state for one story, once it is delivered."""

    story_id: int
    article_ids: tuple[int, ...]
    sentences: tuple[tuple[int, ...], ...]


@dataclass(slots=True, frozen=True)
class NewReport:
    """A report of a story that a chat has not seen, with its own summary sentences."""

    ref: ArticleRef
    sentences: tuple[str, ...]


def _read(row: Any) -> Read:
    return Read(frozenset(int(a) for a in row.article_ids),
                tuple(tuple(int(t) for t in s) for s in row.sentences))


# Built once: composing 10,000 digests runs these per chat, and building a statement costs more
# than running it (SQLAlchemy caches the compiled form of a statement built once).
_READS_OF = select(story_reads).where(story_reads.c.chat_id == bindparam("chat"),
                                      story_reads.c.story_id.in_(bindparam("ids", expanding=True)))
_MEMBERS_OF = (
    select(articles.c.id, articles.c.story_id)
    .where(articles.c.story_id.in_(bindparam("ids", expanding=True)), articles.c.duplicate_of.is_(None))
    .order_by(articles.c.published_at, articles.c.id)
)


def load_reads(conn: Connection, chat_id: int, story_ids: Iterable[int]) -> dict[int, Read]:
    """story id -> what the chat was sent of it, for those of the stories it was sent."""
    ids = sorted(set(story_ids))
    found: dict[int, Read] = {}
    for start in range(0, len(ids), CHUNK):
        for row in conn.execute(_READS_OF, {"chat": chat_id, "ids": ids[start:start + CHUNK]}):
            found[int(row.story_id)] = _read(row)
    return found


def _merge(old: Read | None, article_ids: Iterable[int],
           sentences: Iterable[tuple[int, ...]]) -> tuple[list[int], list[list[int]]]:
    seen = set(old.article_ids) if old else set()
    seen.update(article_ids)
    shown = list(old.sentences) if old else []
    known = set(shown)
    for sentence in sentences:
        if sentence not in known:
            known.add(sentence)
            shown.append(sentence)
    return sorted(seen), [list(s) for s in shown]


def _upsert(conn: Connection, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    insert = upsert_insert(conn, story_reads)
    conn.execute(
        insert.on_conflict_do_update(
            index_elements=[story_reads.c.chat_id, story_reads.c.story_id],
            set_={"article_ids": insert.excluded.article_ids, "sentences": insert.excluded.sentences,
                  "sent_at": insert.excluded.sent_at},
        ),
        rows,
    )


def record_reads(conn: Connection, chat_id: int, marks: Sequence[ReadMark], *, now: datetime) -> None:
    """Add what a delivered digest showed to the chat's read state (unions, never loses)."""
    if not marks:
        return
    # One writer per chat at a time (a scheduled digest and /digest may be delivered together):
    # each reads what the other wrote, so neither union is lost. SQLite has one writer anyway.
    conn.execute(select(chats.c.id).where(chats.c.id == chat_id).with_for_update())
    reads = load_reads(conn, chat_id, (m.story_id for m in marks))
    for mark in marks:
        article_ids, sentences = _merge(reads.get(mark.story_id), mark.article_ids, mark.sentences)
        reads[mark.story_id] = Read(frozenset(article_ids), tuple(tuple(s) for s in sentences))
    _upsert(conn, [
        {"chat_id": chat_id, "story_id": story_id, "article_ids": sorted(reads[story_id].article_ids),
         "sentences": [list(s) for s in reads[story_id].sentences], "sent_at": now}
        for story_id in dict.fromkeys(m.story_id for m in marks)
    ])


def move_reads(conn: Connection, merged: Mapping[int, int]) -> None:
    """Stories absorbed into others (key -> survivor): their chats' read state goes along, so a
    merge never makes a story look unread."""
    if not merged:
        return
    rows = conn.execute(select(story_reads).where(story_reads.c.story_id.in_(sorted(merged)))).all()
    if not rows:
        return
    by_target: dict[tuple[int, int], list[Any]] = {}
    for row in rows:
        by_target.setdefault((int(row.chat_id), merged[int(row.story_id)]), []).append(row)
    out: list[dict[str, Any]] = []
    for (chat_id, survivor), moved in sorted(by_target.items()):
        current = load_reads(conn, chat_id, [survivor]).get(survivor)
        for row in moved:
            old = _read(row)
            ids, sentences = _merge(current, old.article_ids, old.sentences)
            current = Read(frozenset(ids), tuple(tuple(s) for s in sentences))
        assert current is not None
        out.append({"chat_id": chat_id, "story_id": survivor, "article_ids": sorted(current.article_ids),
                    "sentences": [list(s) for s in current.sentences],
                    "sent_at": max(r.sent_at for r in moved)})
    conn.execute(delete(story_reads).where(story_reads.c.story_id.in_(sorted(merged))))
    _upsert(conn, out)


def member_ids(conn: Connection, story_ids: Sequence[int]) -> dict[int, list[int]]:
    """story id -> ids of its original reports (near-duplicates are not new reports)."""
    ids = sorted(set(story_ids))
    found: dict[int, list[int]] = {}
    for start in range(0, len(ids), CHUNK):
        for row in conn.execute(_MEMBERS_OF, {"ids": ids[start:start + CHUNK]}):
            found.setdefault(int(row.story_id), []).append(int(row.id))
    return found


def unseen_reports(conn: Connection, seen: Mapping[int, frozenset[int]]) -> dict[int, list[NewReport]]:
    """story id -> its original reports outside ``seen[story id]``, oldest first."""
    members = member_ids(conn, list(seen))
    wanted = sorted(a for story_id, ids in members.items() for a in ids if a not in seen[story_id])
    found: dict[int, list[NewReport]] = {}
    for start in range(0, len(wanted), CHUNK):
        for row in conn.execute(
            select(articles.c.id, articles.c.ext_id, articles.c.title, articles.c.url, articles.c.source,
                   articles.c.published_at, articles.c.story_id, articles.c.summary)
            .where(articles.c.id.in_(wanted[start:start + CHUNK]))
            .order_by(articles.c.published_at, articles.c.id)
        ):
            ref = ArticleRef(int(row.id), row.ext_id, str(row.title), row.url, str(row.source), row.published_at)
            found.setdefault(int(row.story_id), []).append(
                NewReport(ref, tuple(str(s) for s in row.summary or ())))
    for reports in found.values():
        reports.sort(key=lambda r: (r.ref.published_at, r.ref.id))
    return found
