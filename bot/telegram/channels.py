"""The Telegram side of /channel: find a chat, ask who administers it and whether the bot may
post there, post, and reschedule its digest (``Directory`` for ``bot.telegram.handlers.channel``).

"Is user X an admin of chat Y" is ``bot.telegram.permissions.is_chat_admin``, the one check the
group commands use too (cached a few minutes). The bot's own rights are asked fresh each time:
they matter only when a channel is added, and a stale "yes" would post into a void.
"""

from __future__ import annotations

import logging

from telegram import ChatMemberAdministrator, ChatMemberOwner, ChatMemberRestricted
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.telegram import context as ctx
from bot.telegram.digests import schedule_chat
from bot.telegram.handlers.directory import ChatInfo, PostFailed
from bot.telegram.permissions import admin_cache, is_chat_admin
from bot.telegram.sending import ChatUnreachable, send_messages
from news import Chat, ChatRef

__all__ = ["TelegramDirectory"]

log = logging.getLogger(__name__)


class TelegramDirectory:
    """``Directory`` over the running bot (one per update: it only holds the context)."""

    def __init__(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        self._context = context

    async def find_chat(self, ref: str) -> ChatInfo | None:
        try:
            found = await self._context.bot.get_chat(ref)
        except TelegramError as exc:  # "chat not found": unknown, private, or the bot is not in it
            log.info("getChat %s: %s", ref, exc)
            return None
        return ChatInfo(found.id, str(found.type), found.title, found.username, bool(found.is_forum))

    async def is_admin(self, chat_id: int, user_id: int) -> bool:
        return await is_chat_admin(self._context.bot, admin_cache(self._context.bot_data), chat_id, user_id)

    async def bot_may_post(self, chat: ChatInfo) -> bool:
        try:
            member = await self._context.bot.get_chat_member(chat.id, self._context.bot.id)
        except TelegramError as exc:
            log.info("getChatMember (the bot) in %s: %s", chat.id, exc)
            return False
        if isinstance(member, ChatMemberOwner):
            return True
        if chat.kind == ChatType.CHANNEL:
            # Only administrators post in channels, and only with the right to.
            return isinstance(member, ChatMemberAdministrator) and bool(member.can_post_messages)
        if isinstance(member, ChatMemberRestricted):
            return member.is_member and member.can_send_messages
        return member.status in (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR)

    async def post(self, chat: ChatRef, messages: list[str]) -> None:
        try:
            await send_messages(self._context.bot, chat.id, messages, thread_id=chat.thread_id, preview=False,
                                policy=ctx.policy(self._context.bot_data))
        except (TelegramError, ChatUnreachable) as exc:  # retries are spent: the user is told
            log.warning("could not post in chat %s: %s", chat.id, exc)
            raise PostFailed(str(exc)) from exc

    async def reschedule(self, chat: Chat) -> None:
        if self._context.job_queue is not None:
            schedule_chat(self._context.job_queue, chat)
