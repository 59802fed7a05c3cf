"""Sending messages through Telegram's faults: replies and digests alike.

Faults and what they mean for a message:
  429 (``RetryAfter``)         wait what Telegram asks, send again (the message is not dropped)
  timeouts, 5xx (NetworkError) retry with exponential backoff, a few times
  400 "can't parse entities"   send the same message as plain text
  403 (``Forbidden``)          the bot was blocked or removed: raise ``ChatUnreachable`` so the
                               digest path pauses the chat instead of retrying forever
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from bot.telegram.render import html_to_text

__all__ = ["DEFAULT_POLICY", "ChatUnreachable", "RetryPolicy", "edit_message", "send_messages"]

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
    """Telegram refuses messages to this chat (403: blocked, kicked, deactivated)."""


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
            if "can't parse entities" in str(exc).lower() and not plain:
                log.warning("Telegram rejected our HTML for %s (%s); sending plain text", what, exc)
                plain = True
                continue
            raise
        except NetworkError as exc:  # timeouts and 5xx; RetryAfter/BadRequest are caught above
            if attempt == policy.attempts:
                raise
            log.warning("sending %s failed (%s); retry %d in %.1f s", what, exc, attempt, delay)
            await asyncio.sleep(delay)
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

        async def send(plain: bool, text: str = text, last: bool = last) -> Message:
            return await bot.send_message(
                chat_id,
                html_to_text(text) if plain else text,
                parse_mode=None if plain else ParseMode.HTML,
                message_thread_id=thread_id,
                link_preview_options=LinkPreviewOptions(is_disabled=not preview),
                reply_markup=markup if last else None,
            )

        result = await _call_with_retries(send, policy, what=f"a message to chat {chat_id}")
        assert isinstance(result, Message)
        sent.append(result)
    return sent


async def edit_message(bot: Bot, chat_id: int, message_id: int, text: str, *,
                       markup: InlineKeyboardMarkup | None = None,
                       policy: RetryPolicy = DEFAULT_POLICY) -> None:
    """Replace a message (a pressed settings keyboard); "not modified" is not an error."""

    async def edit(plain: bool) -> Message | bool:
        return await bot.edit_message_text(
            html_to_text(text) if plain else text, chat_id=chat_id, message_id=message_id,
            parse_mode=None if plain else ParseMode.HTML, reply_markup=markup,
        )

    try:
        await _call_with_retries(edit, policy, what=f"an edit in chat {chat_id}")
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise
