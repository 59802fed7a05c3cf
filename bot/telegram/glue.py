"""The Telegram glue: an update becomes an ``Env``, a feature runs, its ``Reply`` is sent.

Features (``bot.telegram.handlers``) know nothing of python-telegram-bot; this module turns them
into PTB callbacks. A reply that takes a while (a page to download) shows "typing…" until it is
ready; the chat's next update waits its turn (``bot.telegram.processor``), other chats do not.

Who may do what is decided here, once, from the ``CommandSpec`` flags: ``admin`` commands are
for the bot's admins, ``changes_chat`` ones (and the buttons that stand for them) for the chat's
administrators in groups (``bot.telegram.permissions``); every user's input is rate limited
(``bot.telegram.abuse``). A chat Telegram refuses to write to (403, "chat not found") is paused.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction, ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.telegram import context as ctx
from bot.telegram.abuse import SLOW_DOWN, input_limits
from bot.telegram.channels import TelegramDirectory
from bot.telegram.digests import schedule_chat
from bot.telegram.handlers import CommandSpec
from bot.telegram.handlers.common import Env, Feature, Pressed, Reply
from bot.telegram.i18n import CHAT_LANGUAGE, DEFAULT, language_of
from bot.telegram.permissions import may_change_chat
from bot.telegram.photos import send_photo
from bot.telegram.sending import ChatUnreachable, edit_message, send_messages
from news import ChatRef, NewsService, StorageError

__all__ = ["ADMIN_REFUSAL", "CHAT_ADMIN_REFUSAL", "Handler", "callback", "command", "env_from_update",
           "keyboard", "pause_unreachable", "remember_language", "text"]

log = logging.getLogger(__name__)

Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]
ADMIN_REFUSAL = "Sorry, only the bot's admins can do that."
CHAT_ADMIN_REFUSAL = "Sorry, only this group's admins can change that."
BUTTON_FAILED = "Sorry, that didn't work. Please try again."
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


def _pressed(update: Update) -> Pressed | None:
    """The message under a pressed button as it reads now, so a card's Back can restore it."""
    query = update.callback_query
    message = query.message if query is not None else None
    if not isinstance(message, Message) or not message.text:
        return None  # no button press, or a message too old for Telegram to include
    markup = message.reply_markup.inline_keyboard if message.reply_markup else ()
    rows = [[(b.text, b.callback_data) for b in row if isinstance(b.callback_data, str)] for row in markup]
    return Pressed(message.message_id, message.text_html, [row for row in rows if row])


def _heard(update: Update) -> str | None:
    """The catalog language of the person behind the update; None for a bot (an anonymous
    admin is @GroupAnonymousBot) or no sender, who say nothing about the chat's language."""
    user = update.effective_user
    if user is None or user.is_bot:
        return None
    return language_of(user.language_code)


def env_from_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Env:
    chat = update.effective_chat
    message = update.effective_message
    user = update.effective_user
    assert chat is not None
    thread_id = None
    if message is not None and message.is_topic_message and message.message_thread_id:
        thread_id = message.message_thread_id
    news = ctx.service(context.bot_data)
    remembered = context.chat_data.get(CHAT_LANGUAGE) if context.chat_data is not None else None
    language = _heard(update) or remembered or DEFAULT
    return Env(
        news=news,
        chat=ChatRef(chat.id, kind=chat.type, title=chat.title or chat.username or chat.first_name,
                     thread_id=thread_id),
        user_id=user.id if user else None,
        state=ctx.chat_memories(context.bot_data).of(chat.id),
        is_admin=user is not None and user.id in news.settings.admin_ids,
        pressed=_pressed(update),
        directory=TelegramDirectory(context),
        language=language,
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


async def remember_language(update: Update, context: ContextTypes.DEFAULT_TYPE, env: Env) -> None:
    """Store the language heard in the chat with the chat (bot.telegram.i18n says whose), once
    per change: digests sent with nobody writing, after a restart too, then speak it."""
    heard = _heard(update)
    if heard is None or context.chat_data is None or context.chat_data.get(CHAT_LANGUAGE) == heard:
        return
    try:
        await env.news.remember_language(env.chat, heard)
    except StorageError as exc:  # the reply matters more; the chat's next update tries again
        log.warning("chat %s: language not stored: %s", env.chat.id, exc)
        return
    context.chat_data[CHAT_LANGUAGE] = heard


async def _run(feature: Feature, env: Env, args: str, context: ContextTypes.DEFAULT_TYPE) -> Reply:
    async with _typing(context, env):
        try:
            return await feature(env, args)
        except StorageError as exc:  # the operator's detail goes to the log, the chat gets the gist
            log.warning("chat %s: %s", env.chat.id, exc)
            return Reply([STORAGE_TROUBLE])


async def pause_unreachable(context: ContextTypes.DEFAULT_TYPE, news: NewsService, chat: ChatRef,
                            reason: str) -> None:
    """Telegram refuses to write to the chat (blocked, removed, gone): pause it and its digest
    job until it writes again (/start) or the bot is added back; logged once, not per message."""
    if await news.chat_unreachable(chat.id, reason):
        log.warning("chat %s is unreachable (%s): paused until it writes to the bot again", chat.id, reason)
    if context.job_queue is not None:
        schedule_chat(context.job_queue, await news.chat(chat))  # paused: removes the daily job


async def _send(update: Update, context: ContextTypes.DEFAULT_TYPE, env: Env, reply: Reply) -> None:
    if reply.reschedule and context.job_queue is not None:
        # Before replying, so the reply describes what is in force.
        schedule_chat(context.job_queue, await env.news.chat(env.chat))
    if not reply.messages:
        return
    query = update.callback_query
    policy = ctx.policy(context.bot_data)
    try:
        if reply.photo is not None:
            await send_photo(context.bot, env.chat.id, reply.photo, reply.messages[0],
                             thread_id=env.chat.thread_id, policy=policy)
        elif reply.edit and query is not None and query.message is not None and len(reply.messages) == 1:
            await edit_message(context.bot, env.chat.id, query.message.message_id, reply.messages[0],
                               markup=keyboard(reply.buttons), thread_id=env.chat.thread_id,
                               policy=policy)
        else:
            await send_messages(context.bot, env.chat.id, reply.messages, thread_id=env.chat.thread_id,
                                preview=reply.preview, markup=keyboard(reply.buttons), policy=policy)
    except ChatUnreachable as exc:
        await pause_unreachable(context, env.news, env.chat, f"Telegram: {exc}")
        return
    if reply.after_sent is not None:
        await reply.after_sent()


def _limited(context: ContextTypes.DEFAULT_TYPE, env: Env) -> Reply | None:
    """A refusal when this user has sent too much in this chat lately, else None."""
    if env.user_id is None:
        return None
    verdict = input_limits(context.bot_data).take(env.chat.id, env.user_id)
    if verdict == "ok":
        return None
    log.info("user %s in chat %s is over the input limit (%s)", env.user_id, env.chat.id, verdict)
    return Reply([SLOW_DOWN] if verdict == "warn" else [])


async def _refusal(spec: CommandSpec | None, update: Update, context: ContextTypes.DEFAULT_TYPE,
                   env: Env) -> str | None:
    """Why the sender may not run ``spec`` here, or None: the one authorization check."""
    if spec is None:
        return None
    if spec.admin and not env.is_admin:
        return ADMIN_REFUSAL
    if spec.changes_chat and not await may_change_chat(update, context.bot, context.bot_data):
        return CHAT_ADMIN_REFUSAL
    return None


def _named(handle: Handler, feature: Feature) -> Handler:
    handle.__name__ = f"handle_{getattr(feature, '__name__', 'feature')}"
    handle.__doc__ = feature.__doc__
    return handle


def command(spec: CommandSpec) -> Handler:
    """A PTB callback for ``/name args``; admin commands refuse everyone else first."""

    async def handle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        env = env_from_update(update, context)
        await remember_language(update, context, env)
        reply = _limited(context, env) if spec.limited else None
        if reply is None:
            refusal = await _refusal(spec, update, context, env)
            if refusal is not None:
                reply = Reply([refusal])
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
        await remember_language(update, context, env)
        reply = _limited(context, env)
        if reply is None:
            reply = await _run(feature, env, content.strip(), context)
        await _send(update, context, env, reply)

    return _named(handle, feature)


def callback(feature: Feature, *, authorize_as: CommandSpec | None = None) -> Handler:
    """A PTB callback for inline buttons: authorized like the command ``authorize_as`` the
    button stands for, run ``feature``, and always answer the press (with its toast, if any)."""

    async def handle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        answered = False

        async def answer(toast: str | None) -> None:
            # Telegram shows a spinner on the button until the press is answered, once.
            nonlocal answered
            answered = True
            try:
                await query.answer(text=toast)
            except TelegramError as exc:  # too old, or Telegram down: nothing left to show
                log.debug("button press not answered: %s", exc)

        try:
            env = env_from_update(update, context)
            await remember_language(update, context, env)
            refusal = await _refusal(authorize_as, update, context, env)
            if refusal is not None:
                await answer(refusal)
                return
            reply = await _run(feature, env, query.data or "", context)
            await answer(reply.toast)  # before the reply goes out: the spinner stops at once
            await _send(update, context, env, reply)
        finally:
            if not answered:  # the press failed on our side; say so rather than spin
                await answer(BUTTON_FAILED)

    return _named(handle, feature)
