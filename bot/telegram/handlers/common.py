"""What every feature shares: who is asking, where, through which service; and the reply shape.

A feature is ``async (Env, str) -> Reply``: it parses its input, calls the news service and
renders the answer as Telegram HTML, knowing nothing of python-telegram-bot. The Telegram glue
(``bot.telegram.glue``) and the console chat (``bot.console``) call the very same functions, so
both faces parse and answer alike.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from config import Settings
from news import ChatRef, NewsService

if TYPE_CHECKING:  # a Protocol: only its type is needed here
    from bot.telegram.handlers.directory import Directory

__all__ = ["Env", "Feature", "Pressed", "Reply"]


@dataclass(slots=True, frozen=True)
class Pressed:
    """The message whose inline button was pressed, as it reads now (to restore it later)."""

    message_id: int
    html: str
    buttons: list[list[tuple[str, str]]]


@dataclass(slots=True)
class Env:
    """Who is asking, where, and with which service."""

    news: NewsService
    chat: ChatRef
    user_id: int | None
    # The chat's short-term memory (bot.telegram.context.ChatMemories; the console's own).
    state: dict[str, Any] = field(default_factory=dict)
    is_admin: bool = False  # one of the bot's admins (settings.admin_ids, or the console)
    pressed: Pressed | None = None  # a button press: the message it was under
    language: str = "en"  # the bot's own words: bot.telegram.i18n code of the user's language
    # Other chats, as the platform knows them (/channel); None where there is none (console).
    directory: Directory | None = None

    @property
    def settings(self) -> Settings:
        return self.news.settings


@dataclass(slots=True)
class Reply:
    """HTML messages to send; buttons go under the last one."""

    messages: list[str]
    buttons: list[list[tuple[str, str]]] | None = None
    preview: bool = True
    reschedule: bool = False  # the chat's digest time, timezone or state changed
    edit: bool = False  # a button press: replace the pressed message instead of adding one
    toast: str | None = None  # a button press: a short notice over the chat (answerCallbackQuery)
    photo: bytes | None = None  # a PNG to send (sendPhoto); the one message is its caption
    # Run once every message went out (a digest then counts as read); never after a failed send.
    after_sent: Callable[[], Awaitable[None]] | None = None


Feature = Callable[[Env, str], Awaitable[Reply]]
