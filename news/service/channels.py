"""Channels and groups whose digests a user runs from a private chat (``/channel``).

A managed channel is an ordinary chat row (its topics, time, timezone, outbox), so scheduled
digests reach it like any chat; ``chat_managers`` records who added it and under which @name.
Whether the user administers it, and whether the bot may post there, is Telegram's to say: the
face checks both (``getChatMember``) before every change, and the service keeps only the link.
"""

from __future__ import annotations

from sqlalchemy import Connection

from news.store import chats as chat_store
from news.store import managers as store
from news.subscriptions import Chat, SubscriptionError

from .base import ServiceBase
from .reach import ManagedChat
from .results import ChatRef

__all__ = ["ChannelsMixin"]

MAX_MANAGED = 20  # channels and groups one user may run from a private chat


def _managed(conn: Connection, chat_id: int, handle: str | None) -> ManagedChat | None:
    chat = chat_store.get_chat(conn, chat_id)
    return ManagedChat(chat, handle) if chat is not None else None


def _same_handle(a: str | None, b: str) -> bool:
    return a is not None and a.lstrip("@").casefold() == b.lstrip("@").casefold()


class ChannelsMixin(ServiceBase):
    async def add_channel(self, user_id: int, chat: ChatRef, *, handle: str | None = None) -> ManagedChat:
        """Let ``user_id`` run ``chat``'s digest from a private chat (after the face checked with
        Telegram that they administer it and the bot may post there). The chat's row is
        created on first use; a forum topic (``chat.thread_id``) becomes where digests go.
        Raises SubscriptionError past ``MAX_MANAGED`` chats."""
        return await self._run(self._add_channel, user_id, chat, handle)

    def _add_channel(self, user_id: int, chat: ChatRef, handle: str | None) -> ManagedChat:
        now = self.now()
        with self.db.write() as conn:
            known = {chat_id for chat_id, _ in store.managed_chat_ids(conn, user_id)}
            if chat.id not in known and len(known) >= MAX_MANAGED:
                raise SubscriptionError(f"you can run at most {MAX_MANAGED} channels and groups")
            self._ensure_chat(conn, chat, now)
            if chat.thread_id is not None:
                store.set_thread(conn, chat.id, chat.thread_id)
            store.add_manager(conn, chat.id, user_id, handle=handle, now=now)
            found = _managed(conn, chat.id, handle)
        assert found is not None
        return found

    async def channels(self, user_id: int) -> list[ManagedChat]:
        """The channels and groups ``user_id`` runs, in the order they were added."""
        return await self._run(self._channels, user_id)

    def _channels(self, user_id: int) -> list[ManagedChat]:
        with self.db.read() as conn:
            found = (_managed(conn, chat_id, handle) for chat_id, handle in store.managed_chat_ids(conn, user_id))
            return [item for item in found if item is not None]

    async def managed_channel(self, user_id: int, ref: str) -> ManagedChat | None:
        """One of the user's channels by @name or numeric id, or None."""
        return next((m for m in await self.channels(user_id)
                     if _same_handle(m.handle, ref) or str(m.chat.id) == ref.strip()), None)

    async def remove_channel(self, user_id: int, chat_id: int) -> Chat | None:
        """Stop running a channel from this user's private chat; when nobody runs it any more
        its daily digest is switched off (its topics stay, for whoever adds it again). The
        chat as it is now, or None when the user did not run it."""
        return await self._run(self._remove_channel, user_id, chat_id)

    def _remove_channel(self, user_id: int, chat_id: int) -> Chat | None:
        with self.db.write() as conn:
            if not store.remove_manager(conn, chat_id, user_id):
                return None
            if store.manager_count(conn, chat_id) == 0:
                chat_store.set_digest_enabled(conn, chat_id, False)
            return chat_store.get_chat(conn, chat_id)
