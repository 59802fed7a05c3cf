"""What a feature may ask the messaging platform about other chats: the seam between /channel
(which knows nothing of python-telegram-bot) and Telegram (``bot.telegram.channels``).

The console chat has no such platform (``Env.directory`` is None): channels are set up in
Telegram only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from news import Chat, ChatRef

__all__ = ["ChatInfo", "Directory", "PostFailed"]


class PostFailed(Exception):
    """The platform refused a post (the bot lost its rights, the chat is gone); the message says why."""


@dataclass(slots=True, frozen=True)
class ChatInfo:
    """A chat as Telegram describes it (getChat)."""

    id: int
    kind: str  # "channel", "supergroup", "group", "private"
    title: str | None
    username: str | None
    is_forum: bool = False


class Directory(Protocol):
    async def find_chat(self, ref: str) -> ChatInfo | None:
        """The chat "@name" or "-100…" names, or None when the platform knows no such chat
        (or the bot is not in it)."""

    async def is_admin(self, chat_id: int, user_id: int) -> bool:
        """Whether the user is the chat's creator or one of its administrators."""

    async def bot_may_post(self, chat: ChatInfo) -> bool:
        """Whether the bot can post there: an administrator allowed to post in a channel, a
        member allowed to send messages in a group."""

    async def post(self, chat: ChatRef, messages: list[str]) -> None:
        """Send HTML messages to the chat (its forum topic when it has one); PostFailed when
        the platform refuses them."""

    async def reschedule(self, chat: Chat) -> None:
        """Put the chat's daily digest job at its (new) time, or remove it when it is off."""
