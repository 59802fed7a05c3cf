"""Sending messages through Telegram's faults: replies and digests alike.

Faults and what they mean for a message:
  429 (``RetryAfter``)         wait what Telegram asks, send again (the message is not dropped);
                               only this chat waits (``bot.telegram.ratelimit``)
  timeouts, 5xx (NetworkError) retry with exponential backoff and jitter, a few times
  400 "can't parse entities"   send the same message as plain text
  400 "message is too long"    send it as plain text in parts that fit, in order (an edit says
                               "MESSAGE_TOO_LONG"; the text then comes as new messages)
  400 message to edit gone     an edit becomes a new message (deleted, or too old to edit)
  400 ``ChatMigrated``         the group became a supergroup: send to the new chat id (the
                               migrate_to_chat_id update then moves the chat's rows)
  403 (``Forbidden``),         the bot was blocked or removed, or the chat is gone: raise
  400 "chat not found"         ``ChatUnreachable`` so the caller pauses the chat instead of
                               retrying forever
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from bot.telegram.render import MESSAGE_LIMIT, html_to_text, tg_len

__all__ = ["DEFAULT_POLICY", "ChatUnreachable", "RetryPolicy", "edit_message", "plain_parts",
           "send_messages"]

# PTB 22 warns on every 429 (even inside its own RetryAfter constructor) that ``retry_after`` will
# become a timedelta; opting in to that future behaviour silences it, and _retry_seconds takes both.
os.environ.setdefault("PTB_TIMEDELTA", "1")

log = logging.getLogger(__name__)


@dataclass(slots=True, frozen=True)
class RetryPolicy:
    attempts: int = 5
    base_delay: float = 1.0
    max_delay: float = 30.0
    max_retry_after: float = 600.0  # beyond this a flood wait is an outage: give up, log


DEFAULT_POLICY = RetryPolicy()


class ChatUnreachable(Exception):
    """Telegram refuses messages to this chat (403: blocked, kicked, deactivated; 400: chat
    not found)."""


def _says(exc: Exception, *phrases: str) -> bool:
    text = str(exc).lower()
    return any(phrase in text for phrase in phrases)


# How Telegram words "too long": sendMessage says "message is too long", editMessageText
# "MESSAGE_TOO_LONG" (which PTB shows as "Message_too_long").
_TOO_LONG = ("message is too long", "text is too long", "message_too_long")
# An edit with nothing left to edit: the message was deleted, or is past Telegram's edit window.
_EDIT_GONE = ("message to edit not found", "message can't be edited", "there is no message to edit")


def plain_parts(message: str, limit: int = MESSAGE_LIMIT - 96) -> list[str]:
    """``message`` as plain text in parts under ``limit``, cut between lines, else between
    words, else anywhere: what cannot be sent whole is still sent, all of it, in order."""
    parts: list[str] = []
    current = ""
    for line in html_to_text(message).split("\n"):
        while tg_len(line) >= limit:  # one line longer than a message
            cut = line.rfind(" ", 0, limit // 2)
            cut = cut if cut > 0 else limit // 2  # halves: UTF-16 units never exceed the limit
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:cut])
            line = line[cut:].lstrip(" ")
        joined = f"{current}\n{line}" if current else line
        if tg_len(joined) < limit:
            current = joined
        else:
            parts.append(current)
            current = line
    if current.strip():
        parts.append(current)
    return [part for part in parts if part.strip()]


def _retry_seconds(exc: RetryAfter) -> float:
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def _call_with_retries(send: Callable[[bool], Awaitable[Message | bool]],
                             policy: RetryPolicy, *, what: str) -> Message | bool:
    """Run ``send(plain: bool)`` until it succeeds, per the fault table in the module docstring."""
    plain = False
    delay = policy.base_delay
    for attempt in range(1, policy.attempts + 1):
        try:
            return await send(plain)
        except RetryAfter as exc:
            wait = _retry_seconds(exc)
            if wait > policy.max_retry_after or attempt == policy.attempts:
                raise
            log.warning("flood limit on %s: waiting %.1f s as Telegram asks", what, wait)
            await asyncio.sleep(wait)
        except Forbidden as exc:
            raise ChatUnreachable(str(exc)) from exc
        except BadRequest as exc:
            if _says(exc, "chat not found"):
                raise ChatUnreachable(str(exc)) from exc
            if _says(exc, "can't parse entities") and not plain:
                log.warning("Telegram rejected our HTML for %s (%s); sending plain text", what, exc)
                plain = True
                continue
            raise
        except NetworkError as exc:  # timeouts and 5xx; RetryAfter/BadRequest are caught above
            if attempt == policy.attempts:
                raise
            # Jitter: many chats failing at once must not all come back at the same instant.
            pause = delay * random.uniform(0.5, 1.0)
            log.warning("sending %s failed (%s); retry %d in %.1f s", what, exc, attempt, pause)
            await asyncio.sleep(pause)
            delay = min(delay * 2, policy.max_delay)
    raise AssertionError("unreachable")


async def send_messages(
    bot: Bot,
    chat_id: int,
    messages: list[str],
    *,
    thread_id: int | None = None,
    preview: bool = True,
    markup: InlineKeyboardMarkup | None = None,
    policy: RetryPolicy = DEFAULT_POLICY,
) -> list[Message]:
    """Send HTML messages in order (buttons under the last one), surviving Telegram's faults."""
    sent: list[Message] = []
    for index, text in enumerate(messages):
        last = index == len(messages) - 1

        async def send(plain: bool, text: str = text, last: bool = last, to: int = chat_id) -> Message:
            return await bot.send_message(
                to,
                html_to_text(text) if plain else text,
                parse_mode=None if plain else ParseMode.HTML,
                message_thread_id=thread_id,
                link_preview_options=LinkPreviewOptions(is_disabled=not preview),
                reply_markup=markup if last else None,
            )

        try:
            try:
                result = await _call_with_retries(send, policy, what=f"a message to chat {chat_id}")
            except ChatMigrated as exc:  # this message and the rest go to the new id
                log.info("chat %s is now supergroup %s; sending there", chat_id, exc.new_chat_id)
                chat_id = exc.new_chat_id
                result = await _call_with_retries(functools.partial(send, to=chat_id), policy,
                                                  what=f"a message to chat {chat_id}")
        except BadRequest as exc:
            if not _says(exc, *_TOO_LONG):
                raise
            log.warning("Telegram found a message to chat %s too long (%s); sending it in parts",
                        chat_id, exc)
            sent += await _send_parts(bot, chat_id, plain_parts(text), thread_id=thread_id,
                                      markup=markup if last else None, policy=policy)
            continue
        assert isinstance(result, Message)
        sent.append(result)
    return sent


async def _send_parts(bot: Bot, chat_id: int, parts: list[str], *, thread_id: int | None,
                      markup: InlineKeyboardMarkup | None, policy: RetryPolicy) -> list[Message]:
    sent: list[Message] = []
    for index, part in enumerate(parts):
        last = index == len(parts) - 1

        async def send(plain: bool, part: str = part, last: bool = last) -> Message:
            return await bot.send_message(
                chat_id, part, parse_mode=None, message_thread_id=thread_id,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                reply_markup=markup if last else None,
            )

        result = await _call_with_retries(send, policy, what=f"part of a message to chat {chat_id}")
        assert isinstance(result, Message)
        sent.append(result)
    return sent


async def edit_message(bot: Bot, chat_id: int, message_id: int, text: str, *,
                       markup: InlineKeyboardMarkup | None = None, thread_id: int | None = None,
                       policy: RetryPolicy = DEFAULT_POLICY) -> None:
    """Replace a message (a card view, a pressed settings keyboard); "not modified" is not an
    error. What cannot replace it (too long for one message, or the message is gone) is sent
    as new messages with the buttons under the last, and the pressed one stays as it was:
    either way the chat gets all of it."""

    async def edit(plain: bool) -> Message | bool:
        return await bot.edit_message_text(
            html_to_text(text) if plain else text, chat_id=chat_id, message_id=message_id,
            parse_mode=None if plain else ParseMode.HTML, reply_markup=markup,
        )

    try:
        await _call_with_retries(edit, policy, what=f"an edit in chat {chat_id}")
    except BadRequest as exc:
        if _says(exc, "not modified"):
            return
        if _says(exc, *_TOO_LONG):
            log.warning("Telegram found an edit in chat %s too long (%s); sending it in parts", chat_id, exc)
            await _send_parts(bot, chat_id, plain_parts(text), thread_id=thread_id, markup=markup,
                              policy=policy)
        elif _says(exc, *_EDIT_GONE):
            log.info("message %s in chat %s can no longer be edited (%s); sending anew", message_id,
                     chat_id, exc)
            await send_messages(bot, chat_id, [text], thread_id=thread_id, preview=False,
                                markup=markup, policy=policy)
        else:
            raise
