"""Who may change what the bot does in a chat: the one place that asks Telegram.

In groups and supergroups the chat's administrators decide what the group follows and when its
digest comes; a plain member may read (/new, questions, /digest) but not change it. Telegram is
the authority on who is an administrator (``getChatMember``); its answer is cached for a few
minutes so a busy group does not cost a request per command, and a demoted admin loses the
right within that time. ``is_chat_admin`` is the reusable question ("is user X an admin of chat
Y"), e.g. for a later feature that routes a channel's digest; ``may_change_chat`` applies it to
an update (private chats, channels, anonymous admins).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from telegram import Bot, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError

from bot.telegram import context as ctx

__all__ = ["ADMIN_STATUSES", "CACHE_SECONDS", "AdminCache", "admin_cache", "is_chat_admin",
           "may_change_chat"]

log = logging.getLogger(__name__)

ADMIN_STATUSES = frozenset({ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR})
CACHE_SECONDS = 300.0  # how long Telegram's answer is trusted (a demotion takes effect within it)
_CACHE_KEY = "chat_admins"


@dataclass
class AdminCache:
    """Telegram's verdicts per (chat, user), each kept ``ttl`` seconds of ``clock``."""

    ttl: float = CACHE_SECONDS
    clock: Callable[[], float] = time.monotonic
    _verdicts: dict[tuple[int, int], tuple[bool, float]] = field(default_factory=dict)

    def get(self, chat_id: int, user_id: int) -> bool | None:
        found = self._verdicts.get((chat_id, user_id))
        if found is None or found[1] <= self.clock():
            return None
        return found[0]

    def put(self, chat_id: int, user_id: int, verdict: bool) -> None:
        now = self.clock()
        if len(self._verdicts) > 10_000:  # drop expired verdicts now and then: bounded memory
            self._verdicts = {k: v for k, v in self._verdicts.items() if v[1] > now}
        self._verdicts[(chat_id, user_id)] = (verdict, now + self.ttl)

    def forget_chat(self, chat_id: int) -> None:
        """After a migration or removal: the chat's old verdicts mean nothing."""
        self._verdicts = {k: v for k, v in self._verdicts.items() if k[0] != chat_id}


def admin_cache(bot_data: dict[str, Any]) -> AdminCache:
    """The application's cache (a test may place one with its own clock first)."""
    return ctx.shared(bot_data, _CACHE_KEY, AdminCache, AdminCache)


async def is_chat_admin(bot: Bot, cache: AdminCache, chat_id: int, user_id: int) -> bool:
    """True when Telegram says ``user_id`` is the creator or an administrator of ``chat_id``.

    A failed check (Telegram down, the bot no longer in the chat) answers False and is not
    cached: refusing a change is safe, and the next try asks again.
    """
    cached = cache.get(chat_id, user_id)
    if cached is not None:
        return cached
    try:
        member = await bot.get_chat_member(chat_id, user_id)
    except TelegramError as exc:
        log.warning("could not check whether user %s administers chat %s: %s", user_id, chat_id, exc)
        return False
    verdict = member.status in ADMIN_STATUSES
    cache.put(chat_id, user_id, verdict)
    return verdict


async def may_change_chat(update: Update, bot: Bot, bot_data: dict[str, Any]) -> bool:
    """May the sender of ``update`` change what the bot does in its chat?

    Private chats belong to their user; only a channel's admins can post in it; in groups the
    chat's administrators may, including anonymous ones (they post as the group itself).
    """
    chat = update.effective_chat
    if chat is None:
        return False
    if chat.type in (ChatType.PRIVATE, ChatType.CHANNEL, ChatType.SENDER):
        return True
    message = update.effective_message
    if update.callback_query is None and message is not None and message.sender_chat is not None:
        # Anonymous admins post as the group; a linked channel's forward is not the group.
        return message.sender_chat.id == chat.id
    user = update.effective_user
    if user is None:
        return False
    return await is_chat_admin(bot, admin_cache(bot_data), chat.id, user.id)
