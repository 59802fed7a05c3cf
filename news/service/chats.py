"""A chat's own state: its topics and its digest settings."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, time, timedelta

from sqlalchemy import Connection

from news.store import chats as store
from news.subscriptions import (
    MAX_TOPICS,
    Chat,
    SubscriptionError,
    check_timezone,
    parse_digest_time,
    parse_topics,
)

from .base import ServiceBase
from .results import ChatRef, Subscribed, Unsubscribed

__all__ = ["ChatsMixin"]

_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})?")  # "ru", "pt-br": fits chats.language


def _shift(value: time, minutes: int) -> time:
    moved = datetime.combine(datetime(2000, 1, 1), value) + timedelta(minutes=minutes)
    return moved.time()


class ChatsMixin(ServiceBase):
    async def chat(self, chat: ChatRef) -> Chat:
        """The chat's settings and topics (its row is created on first contact)."""
        return await self._run(self._change, chat, lambda conn, row: None)

    def _change(self, chat: ChatRef, change: Callable[[Connection, Chat], object]) -> Chat:
        """One transaction: ensure the chat, apply ``change``, read the chat back."""
        now = self.now()
        with self.db.write() as conn:
            row = self._ensure_chat(conn, chat, now)
            change(conn, row)
            found = store.get_chat(conn, chat.id)
        assert found is not None
        return found

    async def subscribe(self, chat: ChatRef, topics_text: str) -> Subscribed:
        """Follow topics ('gaza, "climate change" -football') and enable the daily digest.

        Raises SubscriptionError for no topics, too many or too long ones.
        """
        topics = parse_topics(topics_text)
        if not topics:
            raise SubscriptionError("no topics given")
        return await self._run(self._subscribe, chat, topics)

    def _subscribe(self, chat: ChatRef, topics: list[str]) -> Subscribed:
        added: list[str] = []

        def change(conn: Connection, row: Chat) -> None:
            if len(set(row.topics) | set(topics)) > MAX_TOPICS:
                raise SubscriptionError(f"a chat can follow at most {MAX_TOPICS} topics")
            added.extend(store.add_topics(conn, chat.id, topics, thread_id=chat.thread_id, now=self.now()))

        updated = self._change(chat, change)
        return Subscribed(added, updated)

    async def unsubscribe(self, chat: ChatRef, topics_text: str = "") -> Unsubscribed:
        """Stop following the given topics, or everything (and the digest) when none are given."""
        topics = parse_topics(topics_text) if topics_text.strip() else None
        removed: list[str] = []

        def change(conn: Connection, row: Chat) -> None:
            removed.extend(store.remove_topics(conn, chat.id, topics))

        updated = await self._run(self._change, chat, change)
        return Unsubscribed(removed, topics is None, updated)

    async def set_digest_time(self, chat: ChatRef, text: str) -> Chat:
        """'8', '08:30', '7.15', '18h'; SubscriptionError otherwise."""
        value = parse_digest_time(text)
        return await self._run(self._change, chat, lambda conn, row: store.set_digest_time(conn, chat.id, value))

    async def shift_digest_time(self, chat: ChatRef, minutes: int) -> Chat:
        """Move the digest time by ``minutes`` (a settings button); wraps around midnight."""
        if abs(minutes) > 24 * 60:
            raise SubscriptionError("shift by at most a day")
        return await self._run(
            self._change, chat,
            lambda conn, row: store.set_digest_time(conn, chat.id, _shift(row.digest_time, minutes)),
        )

    async def set_timezone(self, chat: ChatRef, name: str) -> Chat:
        """An IANA timezone name; SubscriptionError otherwise."""
        zone = check_timezone(name.strip())
        return await self._run(self._change, chat, lambda conn, row: store.set_timezone(conn, chat.id, zone))

    async def set_digest_enabled(self, chat: ChatRef, enabled: bool) -> Chat:
        return await self._run(
            self._change, chat, lambda conn, row: store.set_digest_enabled(conn, chat.id, enabled)
        )

    async def remember_language(self, chat: ChatRef, language: str) -> bool:
        """Record the language of the bot's own words in ``chat`` (a face's code, "ru", "pt"),
        so what is sent there with nobody writing (scheduled digests, after a restart) speaks
        it; True when it changed. SubscriptionError for something that is not a language code."""
        code = language.strip().lower()
        if not _LANGUAGE_CODE.fullmatch(code):
            raise SubscriptionError(f"not a language code: {language[:20]!r}")
        return await self._run(self._remember_language, chat, code)

    def _remember_language(self, chat: ChatRef, code: str) -> bool:
        changed = False

        def change(conn: Connection, row: Chat) -> None:
            nonlocal changed
            changed = store.set_language(conn, chat.id, code)

        self._change(chat, change)
        return changed

    async def migrate_chat(self, old_id: int, new: ChatRef) -> Chat | None:
        """A group became a supergroup (Telegram's ``migrate_to_chat_id``): its topics, settings
        and outbox move to the new id in one transaction. None when there was nothing to move
        (already moved, or a chat the bot never knew); the new chat is then left as it is."""
        return await self._run(self._migrate, old_id, new)

    def _migrate(self, old_id: int, new: ChatRef) -> Chat | None:
        with self.db.write() as conn:
            if not store.move_chat(conn, old_id, new.id, kind=new.kind, title=new.title):
                return None
            return store.get_chat(conn, new.id)

    async def resume_chat(self, chat: ChatRef) -> Chat:
        """Un-pause a chat (it wrote to the bot again after blocking it)."""
        return await self._run(self._change, chat, lambda conn, row: store.resume_chat(conn, chat.id))

    async def digest_chats(self) -> list[Chat]:
        """Chats that receive daily digests: enabled and not paused."""
        return await self._run(self._digest_chats)

    def _digest_chats(self) -> list[Chat]:
        with self.db.read() as conn:
            return store.digest_chats(conn)
