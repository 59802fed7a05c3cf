"""What every feature shares: the conversation context, the reply shape and the Telegram glue.

A feature is a plain synchronous function ``(Env, str) -> Reply``: it may call the news core
(SQL, search, summarizing) but knows nothing of Telegram. The glue below runs it off the event
loop, sends the reply in the same chat and forum topic, and reschedules the chat's digest when
its settings changed. The console chat calls the very same functions, so both faces parse and
answer alike.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from config import Settings
from news.db import Database
from news.subscriptions import (
    Chat,
    ensure_chat,
)

__all__ = [
    "DB_KEY",
    "SETTINGS_KEY",
    "WORKER_KEY",
    "Env",
    "Feature",
    "Handler",
    "Reply",
    "callback",
    "command",
    "env_from_update",
    "keyboard",
    "reschedule",
    "send_reply",
    "text",
]

log = logging.getLogger(__name__)

SETTINGS_KEY = "settings"
DB_KEY = "db"
WORKER_KEY = "worker"


@dataclass(slots=True)
class Env:
    """Who is asking, where, and with which resources."""

    settings: Settings
    db: Database
    chat_id: int
    user_id: int | None
    now: datetime
    chat_kind: str | None = None
    chat_title: str | None = None
    thread_id: int | None = None
    state: dict[str, Any] = field(default_factory=dict)  # per-chat memory (PTB chat_data)
    admin: bool | None = None  # None: decided by settings.admin_ids

    @property
    def is_admin(self) -> bool:
        if self.admin is not None:
            return self.admin
        return self.user_id is not None and self.user_id in self.settings.admin_ids

    def chat(self) -> Chat:
        """This chat's row, created with the default digest time and timezone on first use."""
        with self.db.engine.begin() as conn:
            return ensure_chat(
                conn, self.chat_id, default_time=self.settings.digest_time,
                default_timezone=self.settings.timezone, title=self.chat_title,
                kind=self.chat_kind, thread_id=self.thread_id, now=self.now,
            )


@dataclass(slots=True)
class Reply:
    """HTML messages to send; buttons go under the last one."""

    messages: list[str]
    buttons: list[list[tuple[str, str]]] | None = None
    preview: bool = True
    reschedule: bool = False  # the chat's digest time, timezone or state changed
    edit: bool = False  # a button press: replace the pressed message instead of adding one


Feature = Callable[[Env, str], Reply]
Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def keyboard(rows: list[list[tuple[str, str]]] | None) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


def env_from_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Env:
    chat = update.effective_chat
    message = update.effective_message
    user = update.effective_user
    assert chat is not None
    thread_id = None
    if message is not None and message.is_topic_message and message.message_thread_id:
        thread_id = message.message_thread_id
    return Env(
        settings=context.bot_data[SETTINGS_KEY],
        db=context.bot_data[DB_KEY],
        chat_id=chat.id,
        user_id=user.id if user else None,
        now=datetime.now(UTC),
        chat_kind=chat.type,
        chat_title=chat.title or chat.username or chat.first_name,
        thread_id=thread_id,
        state=context.chat_data if context.chat_data is not None else {},
    )


async def send_reply(update: Update, context: ContextTypes.DEFAULT_TYPE, env: Env,
                     reply: Reply) -> None:
    from bot.delivery import edit_message, send_messages

    if reply.reschedule and context.job_queue is not None:
        await reschedule(context, env)  # before replying, so the reply describes what is in force
    if not reply.messages:
        return
    query = update.callback_query
    if reply.edit and query is not None and query.message is not None and len(reply.messages) == 1:
        await edit_message(context.bot, env.chat_id, query.message.message_id, reply.messages[0],
                           markup=keyboard(reply.buttons))
    else:
        await send_messages(
            context.bot, env.chat_id, reply.messages, thread_id=env.thread_id,
            preview=reply.preview, markup=keyboard(reply.buttons),
        )


async def reschedule(context: ContextTypes.DEFAULT_TYPE, env: Env) -> None:
    from bot.delivery import schedule_chat

    chat = await asyncio.to_thread(env.chat)
    assert context.job_queue is not None
    schedule_chat(context.job_queue, chat)


def command(feature: Feature) -> Handler:
    """A PTB callback running ``feature`` on the command's arguments off the event loop."""

    async def handle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        env = env_from_update(update, context)
        args = " ".join(context.args or [])
        reply = await asyncio.to_thread(feature, env, args)
        await send_reply(update, context, env, reply)

    handle.__name__ = f"handle_{feature.__name__}"
    handle.__doc__ = feature.__doc__
    return handle


def text(feature: Feature) -> Handler:
    """A PTB callback for plain messages; in groups only when the bot is addressed."""

    async def handle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or not message.text:
            return
        content = message.text
        if message.chat.type != ChatType.PRIVATE:
            mention = f"@{context.bot.username}"
            replied_to_bot = (
                message.reply_to_message is not None
                and message.reply_to_message.from_user is not None
                and message.reply_to_message.from_user.id == context.bot.id
            )
            if mention.lower() not in content.lower() and not replied_to_bot:
                return  # group chatter not meant for us
            content = content.replace(mention, "").replace(mention.lower(), "")
        env = env_from_update(update, context)
        reply = await asyncio.to_thread(feature, env, content.strip())
        await send_reply(update, context, env, reply)

    handle.__name__ = f"handle_{feature.__name__}"
    return handle


def callback(feature: Feature) -> Handler:
    """A PTB callback for inline buttons: acknowledge the press, then run ``feature``."""

    async def handle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        await query.answer()
        env = env_from_update(update, context)
        reply = await asyncio.to_thread(feature, env, query.data or "")
        await send_reply(update, context, env, reply)

    handle.__name__ = f"handle_{feature.__name__}"
    return handle
