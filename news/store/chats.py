"""SQL of chats and their topics: the state a chat's digest depends on.

A chat row carries its digest settings (local time, IANA timezone, forum thread); its topics are
rows of ``subscriptions``. Delivery state lives in ``news.store.outbox``.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    PrimaryKeyConstraint,
    Table,
    UniqueConstraint,
    delete,
    exists,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from news.store.schema import chats, metadata, subscriptions
from news.subscriptions import Chat

__all__ = [
    "add_topics",
    "chat_counts",
    "digest_chats",
    "ensure_chat",
    "get_chat",
    "move_chat",
    "pause_chat",
    "remove_topics",
    "resume_chat",
    "set_digest_enabled",
    "set_digest_time",
    "set_language",
    "set_timezone",
    "topics_of",
]


def _chat_from_row(conn: Connection, row: object) -> Chat:
    chat_id = int(row.id)  # type: ignore[attr-defined]
    topics = topics_of(conn, chat_id)
    return Chat(
        id=chat_id,
        timezone=row.timezone,  # type: ignore[attr-defined]
        digest_time=row.digest_time,  # type: ignore[attr-defined]
        digest_enabled=bool(row.digest_enabled),  # type: ignore[attr-defined]
        paused=bool(row.paused),  # type: ignore[attr-defined]
        title=row.title,  # type: ignore[attr-defined]
        kind=row.kind,  # type: ignore[attr-defined]
        thread_id=row.thread_id,  # type: ignore[attr-defined]
        paused_reason=row.paused_reason,  # type: ignore[attr-defined]
        last_digest_at=row.last_digest_at,  # type: ignore[attr-defined]
        created_at=row.created_at,  # type: ignore[attr-defined]
        topics=list(topics),
        language=row.language,  # type: ignore[attr-defined]
    )


def get_chat(conn: Connection, chat_id: int) -> Chat | None:
    row = conn.execute(select(chats).where(chats.c.id == chat_id)).first()
    return _chat_from_row(conn, row) if row is not None else None


def ensure_chat(
    conn: Connection,
    chat_id: int,
    *,
    default_time: time,
    default_timezone: str,
    title: str | None = None,
    kind: str | None = None,
    thread_id: int | None = None,
    now: datetime,
) -> Chat:
    """The chat's row, created with the defaults on first contact (races end in one row)."""
    existing = get_chat(conn, chat_id)
    if existing is not None:
        return existing
    try:
        with conn.begin_nested():
            conn.execute(
                insert(chats).values(
                    id=chat_id, title=title, kind=kind, timezone=default_timezone,
                    digest_time=default_time, digest_enabled=False, thread_id=thread_id,
                    paused=False, created_at=now,
                )
            )
    except IntegrityError:
        pass
    chat = get_chat(conn, chat_id)
    assert chat is not None
    return chat


def topics_of(conn: Connection, chat_id: int) -> list[str]:
    return list(conn.execute(
        select(subscriptions.c.topic).where(subscriptions.c.chat_id == chat_id).order_by(subscriptions.c.id)
    ).scalars())


def add_topics(conn: Connection, chat_id: int, topics: list[str], *, thread_id: int | None,
               now: datetime) -> list[str]:
    """Add the topics not followed yet and enable (and un-pause) the digest; return those added."""
    existing = set(topics_of(conn, chat_id))
    added = [t for t in topics if t not in existing]
    for topic in added:
        conn.execute(insert(subscriptions).values(chat_id=chat_id, topic=topic, created_at=now))
    values: dict[str, object] = {"digest_enabled": True, "paused": False, "paused_reason": None}
    if thread_id is not None:
        values["thread_id"] = thread_id
    conn.execute(update(chats).where(chats.c.id == chat_id).values(**values))
    return added


def remove_topics(conn: Connection, chat_id: int, topics: list[str] | None) -> list[str]:
    """Remove the given topics, or all of them and the digest itself when ``topics`` is None."""
    existing = topics_of(conn, chat_id)
    removed = existing if topics is None else [t for t in topics if t in existing]
    if removed:
        conn.execute(
            delete(subscriptions).where(
                subscriptions.c.chat_id == chat_id, subscriptions.c.topic.in_(removed)
            )
        )
    if topics is None:
        set_digest_enabled(conn, chat_id, False)
    return removed


def set_digest_time(conn: Connection, chat_id: int, value: time) -> None:
    conn.execute(update(chats).where(chats.c.id == chat_id).values(digest_time=value))


def set_timezone(conn: Connection, chat_id: int, name: str) -> None:
    conn.execute(update(chats).where(chats.c.id == chat_id).values(timezone=name))


def set_language(conn: Connection, chat_id: int, language: str) -> bool:
    """Record the chat's language; True when it changed (an unchanged one is not rewritten)."""
    result = conn.execute(
        update(chats)
        .where(chats.c.id == chat_id, or_(chats.c.language.is_(None), chats.c.language != language))
        .values(language=language)
    )
    return result.rowcount == 1


def set_digest_enabled(conn: Connection, chat_id: int, enabled: bool) -> None:
    conn.execute(update(chats).where(chats.c.id == chat_id).values(digest_enabled=enabled))


def pause_chat(conn: Connection, chat_id: int, reason: str) -> bool:
    """Pause a chat's digest; True only for the call that paused it (so it is logged once)."""
    result = conn.execute(
        update(chats)
        .where(chats.c.id == chat_id, chats.c.paused.is_(False))
        .values(paused=True, paused_reason=reason)
    )
    return result.rowcount == 1


def resume_chat(conn: Connection, chat_id: int) -> None:
    conn.execute(update(chats).where(chats.c.id == chat_id).values(paused=False, paused_reason=None))


def _per_chat_tables() -> list[tuple[Table, Column[Any], list[str]]]:
    """Every table with rows per chat (a foreign key to ``chats.id``), with the columns that,
    besides the chat, make a row unique (a topic, a day, a story): found from the schema, so
    a per-chat table added later moves with its chat too."""
    found = []
    for table in metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column is not chats.c.id:
                continue
            column = key.parent
            unique: list[str] = []
            for constraint in table.constraints:
                if (isinstance(constraint, UniqueConstraint | PrimaryKeyConstraint)
                        and column.name in constraint.columns and len(constraint.columns) > 1):
                    unique = [c.name for c in constraint.columns if c.name != column.name]
                    break
            found.append((table, column, unique))
    return found


def move_chat(conn: Connection, old_id: int, new_id: int, *, kind: str | None = None,
              title: str | None = None) -> bool:
    """Give everything of chat ``old_id`` to ``new_id`` (a group became a supergroup).

    The row is copied (the id is a key other tables point to, so it is not updated in place),
    then every per-chat row follows (topics, the outbox, what the chat has read) and the old
    row goes. When the new chat already has a row (a message from the supergroup came first)
    the two are merged: the old settings win unless the new chat has a digest of its own, and a
    row the new chat already has (the same topic, an outbox row for the same day, the same
    story) is kept and the old one dropped, so nothing is sent twice.
    False when there is no old chat (already moved).
    """
    old = conn.execute(select(chats).where(chats.c.id == old_id)).first()
    if old is None or old_id == new_id:
        return False
    values = {key: value for key, value in old._mapping.items() if key != "id"}
    for key, value in (("kind", kind), ("title", title)):
        if value is not None:
            values[key] = value
    new = get_chat(conn, new_id)
    if new is None:
        conn.execute(insert(chats).values(id=new_id, **values))
    elif not new.digest_enabled and not new.topics:
        values["created_at"] = new.created_at
        conn.execute(update(chats).where(chats.c.id == new_id).values(**values))
    for table, column, unique in _per_chat_tables():
        other = table.alias("taken")
        taken = exists().where(other.c[column.name] == new_id,
                               *(other.c[name] == table.c[name] for name in unique))
        conn.execute(update(table).where(column == old_id, ~taken).values({column.name: new_id}))
        # What did not move (the new chat already had it) goes with the old row.
        conn.execute(delete(table).where(column == old_id))
    conn.execute(delete(chats).where(chats.c.id == old_id))
    return True


def digest_chats(conn: Connection) -> list[Chat]:
    """Chats that should receive digests: enabled and not paused."""
    rows = conn.execute(
        select(chats).where(chats.c.digest_enabled.is_(True), chats.c.paused.is_(False))
        .order_by(chats.c.id)
    ).all()
    return [_chat_from_row(conn, row) for row in rows]


def chat_counts(conn: Connection) -> tuple[int, int, int]:
    """(chats known, chats with digests on, chats paused)."""
    rows = conn.execute(select(chats.c.digest_enabled, chats.c.paused)).all()
    return len(rows), sum(1 for r in rows if r.digest_enabled and not r.paused), sum(
        1 for r in rows if r.paused
    )
