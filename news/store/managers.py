"""SQL of who manages which channel or group from a private chat (``chat_managers``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, func, insert, select, update

from news.store.schema import chat_managers, chats

__all__ = ["add_manager", "managed_chat_ids", "manager_count", "remove_manager", "set_thread"]


def add_manager(conn: Connection, chat_id: int, user_id: int, *, handle: str | None, now: datetime) -> None:
    """Record (or refresh the @name of) a user managing a chat."""
    found = conn.execute(select(chat_managers.c.chat_id).where(
        chat_managers.c.chat_id == chat_id, chat_managers.c.user_id == user_id)).first()
    if found is None:
        conn.execute(insert(chat_managers).values(chat_id=chat_id, user_id=user_id, handle=handle, added_at=now))
    elif handle:
        conn.execute(update(chat_managers).where(
            chat_managers.c.chat_id == chat_id, chat_managers.c.user_id == user_id).values(handle=handle))


def remove_manager(conn: Connection, chat_id: int, user_id: int) -> bool:
    result = conn.execute(delete(chat_managers).where(
        chat_managers.c.chat_id == chat_id, chat_managers.c.user_id == user_id))
    return result.rowcount == 1


def managed_chat_ids(conn: Connection, user_id: int) -> list[tuple[int, str | None]]:
    """(chat id, @name) of every chat the user manages, in the order they were added."""
    rows = conn.execute(
        select(chat_managers.c.chat_id, chat_managers.c.handle)
        .where(chat_managers.c.user_id == user_id).order_by(chat_managers.c.added_at, chat_managers.c.chat_id)
    ).all()
    return [(int(r.chat_id), r.handle) for r in rows]


def manager_count(conn: Connection, chat_id: int) -> int:
    return int(conn.execute(select(func.count()).select_from(chat_managers)
                            .where(chat_managers.c.chat_id == chat_id)).scalar_one())


def set_thread(conn: Connection, chat_id: int, thread_id: int | None) -> None:
    """Where in a forum the chat's digests go (None: the general topic)."""
    conn.execute(update(chats).where(chats.c.id == chat_id).values(thread_id=thread_id))
