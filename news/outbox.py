"""Which digests are due: one per chat and local day, at the chat's own time.

The outbox rows themselves (claim, sent, failed, retry) are in ``news.store.outbox``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import Connection

from news.store import chats as chat_store
from news.store import outbox as store
from news.subscriptions import Chat

__all__ = ["last_due", "local_period", "missed_digests"]


def local_period(chat: Chat, now: datetime) -> date:
    """The chat's local calendar day at ``now``: one digest per chat and local day."""
    return now.astimezone(chat.tzinfo).date()


def last_due(chat: Chat, now: datetime) -> datetime:
    """The most recent scheduled digest moment at or before ``now`` (aware, chat-local)."""
    local = now.astimezone(chat.tzinfo)
    due = datetime.combine(local.date(), chat.digest_time, tzinfo=chat.tzinfo)
    if due > local:
        due = datetime.combine(local.date() - timedelta(days=1), chat.digest_time, tzinfo=chat.tzinfo)
    return due


def missed_digests(conn: Connection, now: datetime) -> list[tuple[Chat, date]]:
    """Chats whose most recent digest moment passed with no outbox row: one period each.

    Only the latest due day is considered, so a bot that was down for a week sends one digest
    per chat when it comes back, not seven.
    """
    missed: list[tuple[Chat, date]] = []
    for chat in chat_store.digest_chats(conn):
        due = last_due(chat, now)
        if chat.created_at is not None and chat.created_at > due:
            continue
        if chat.last_digest_at is not None and chat.last_digest_at >= due:
            continue
        if not store.delivery_exists(conn, chat.id, due.date()):
            missed.append((chat, due.date()))
    return missed
