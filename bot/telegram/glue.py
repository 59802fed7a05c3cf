"""The Telegram glue: an update becomes an ``Env``, a feature runs, its ``Reply`` is sent.

Features (``bot.telegram.handlers``) know nothing of python-telegram-bot; this module turns them
into PTB callbacks. A reply that takes a while (a page to download) shows "typing…" until it is
ready; the chat's next update waits its turn (``bot.telegram.processor``), other chats do not.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction, ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.telegram import context as ctx
from bot.telegram.digests import schedule_chat
from bot.telegram.handlers import CommandSpec
from bot.telegram.handlers.common import Env, Feature, Reply
from bot.telegram.photos import send_photo
from bot.telegram.sending import edit_message, send_messages
from news import ChatRef, StorageError

__all__ = ["ADMIN_REFUSAL", "Handler", "callback", "command", "env_from_update", "keyboard", "text"]

log = logging.getLogger(__name__)

Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]
ADMIN_REFUSAL = "Sorry, only the bot's admins can do that."
STORAGE_TROUBLE = "Sorry, I can't reach my news archive right now. Please try again in a minute."
# "typing…" appears once a reply has taken this long, and is renewed before Telegram's own
# 5-second expiry while the work goes on.
TYPING_AFTER = 0.8
TYPING_EVERY = 4.5


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
    news = ctx.service(context.bot_data)
    return Env(
        news=news,
        chat=ChatRef(chat.id, kind=chat.type, title=chat.title or chat.username or chat.first_name,
                     thread_id=thread_id),
        user_id=user.id if user else None,
        state=context.chat_data if context.chat_data is not None else {},
        is_admin=user is not None and user.id in news.settings.admin_ids,
    )


@contextlib.asynccontextmanager
async def _typing(context: ContextTypes.DEFAULT_TYPE, env: Env) -> AsyncIterator[None]:
    """Show "typing…" in the chat while the body runs longer than ``TYPING_AFTER``."""

    async def keep_typing() -> None:
        await asyncio.sleep(TYPING_AFTER)
        while True:
            try:
                await context.bot.send_chat_action(env.chat.id, ChatAction.TYPING,
                                                   message_thread_id=env.chat.thread_id)
            except TelegramError as exc:  # cosmetic: never fail a reply for it
                log.debug("typing indicator not shown in chat %s: %s", env.chat.id, exc)
            await asyncio.sleep(TYPING_EVERY)

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _run(feature: Feature, env: Env, args: str, context: ContextTypes.DEFAULT_TYPE) -> Reply:
    async with _typing(context, env):
        try:
            return await feature(env, args)
        except StorageError as exc:  # the operator's detail goes to the log, the chat gets the gist
            log.warning("chat %s: %s", env.chat.id, exc)
            return Reply([STORAGE_TROUBLE])


async def _send(update: Update, context: ContextTypes.DEFAULT_TYPE, env: Env, reply: Reply) -> None:
    if reply.reschedule and context.job_queue is not None:
        # Before replying, so the reply describes what is in force.
        schedule_chat(context.job_queue, await env.news.chat(env.chat))
    if not reply.messages:
        return
    query = update.callback_query
    policy = ctx.policy(context.bot_data)
    if reply.photo is not None:
        await send_photo(context.bot, env.chat.id, reply.photo, reply.messages[0],
                         thread_id=env.chat.thread_id, policy=policy)
    elif reply.edit and query is not None and query.message is not None and len(reply.messages) == 1:
        await edit_message(context.bot, env.chat.id, query.message.message_id, reply.messages[0],
                           markup=keyboard(reply.buttons), policy=policy)
    else:
        await send_messages(context.bot, env.chat.id, reply.messages, thread_id=env.chat.thread_id,
                            preview=reply.preview, markup=keyboard(reply.buttons), policy=policy)
    if reply.after_sent is not None:
        await reply.after_sent()


def _named(handle: Handler, feature: Feature) -> Handler:
    handle.__name__ = f"handle_{getattr(feature, '__name__', 'feature')}"
    handle.__doc__ = feature.__doc__
    return handle


def command(spec: CommandSpec) -> Handler:
    """A PTB callback for ``/name args``; admin commands refuse everyone else first."""

    async def handle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        env = env_from_update(update, context)
        if spec.admin and not env.is_admin:
            reply = Reply([ADMIN_REFUSAL])
        else:
            reply = await _run(spec.feature, env, " ".join(context.args or []), context)
        await _send(update, context, env, reply)

    return _named(handle, spec.feature)


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
        await _send(update, context, env, await _run(feature, env, content.strip(), context))

    return _named(handle, feature)


def callback(feature: Feature) -> Handler:
    """A PTB callback for inline buttons: acknowledge the press, then run ``feature``."""

    async def handle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        await query.answer()
        env = env_from_update(update, context)
        await _send(update, context, env, await _run(feature, env, query.data or "", context))

    return _named(handle, feature)
