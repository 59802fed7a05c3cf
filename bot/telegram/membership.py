"""The bot's place in chats, as Telegram reports it: groups that become supergroups, and the bot
being removed from a chat (or blocked) and added back.

These are service messages, not conversation: nothing is sent in reply.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatMemberStatus
from telegram.ext import ContextTypes

from bot.telegram import context as ctx
from bot.telegram.digests import schedule_chat, unschedule_chat
from bot.telegram.glue import pause_unreachable
from bot.telegram.permissions import admin_cache
from news import ChatRef

__all__ = ["GONE", "membership_changed", "migrated"]

log = logging.getLogger(__name__)

GONE = frozenset({ChatMemberStatus.LEFT, ChatMemberStatus.BANNED})  # "left", "kicked"


async def migrated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group became a supergroup: its topics, settings, outbox and digest job move to the new
    id. Telegram tells both chats (``migrate_to_chat_id`` in the old one, ``migrate_from_chat_id``
    in the new one); whichever comes first moves the chat, the other finds nothing left to move."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        old_id, new_id = message.chat.id, message.migrate_to_chat_id
        # PTB keeps chat_data (the chat's language) per chat id; move it along (once), and the
        # answers and messages the chat's buttons refer to.
        context.application.migrate_chat_data(message=message)
        ctx.chat_memories(context.bot_data).move(old_id, new_id)
    elif message.migrate_from_chat_id:
        old_id, new_id = message.migrate_from_chat_id, message.chat.id
    else:
        return
    news = ctx.service(context.bot_data)
    moved = await news.migrate_chat(old_id, ChatRef(new_id, kind="supergroup", title=message.chat.title))
    admin_cache(context.bot_data).forget_chat(old_id)
    if moved is None:
        return
    log.info("chat %s became supergroup %s: its subscriptions and digest moved", old_id, new_id)
    if context.job_queue is not None:
        unschedule_chat(context.job_queue, old_id)
        schedule_chat(context.job_queue, moved)


async def membership_changed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot was removed from a chat (or blocked in a private one): pause the chat and its
    digest. Added back (or unblocked): resume both."""
    change = update.my_chat_member
    if change is None:
        return
    chat = ChatRef(change.chat.id, kind=change.chat.type,
                   title=change.chat.title or change.chat.username or change.chat.first_name)
    was_gone = change.old_chat_member.status in GONE
    is_gone = change.new_chat_member.status in GONE
    news = ctx.service(context.bot_data)
    if is_gone and not was_gone:
        admin_cache(context.bot_data).forget_chat(chat.id)
        await pause_unreachable(context, news, chat, f"the bot was removed ({change.new_chat_member.status})")
    elif was_gone and not is_gone:
        resumed = await news.resume_chat(chat)
        log.info("chat %s added the bot back: resumed", chat.id)
        if context.job_queue is not None:
            schedule_chat(context.job_queue, resumed)
