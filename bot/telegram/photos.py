"""Sending a picture (a /trend chart) through Telegram's faults, like any message."""

from __future__ import annotations

from telegram import Bot, InputFile, Message
from telegram.constants import ParseMode

from bot.telegram.render import html_to_text
from bot.telegram.sending import DEFAULT_POLICY, RetryPolicy, _call_with_retries

__all__ = ["send_photo"]


async def send_photo(bot: Bot, chat_id: int, png: bytes, caption: str, *, thread_id: int | None = None,
                     policy: RetryPolicy = DEFAULT_POLICY) -> Message:
    """Upload ``png`` (multipart, as sendPhoto requires for new files) with an HTML caption."""

    async def send(plain: bool) -> Message:
        return await bot.send_photo(
            chat_id, InputFile(png, filename="chart.png"),
            caption=html_to_text(caption) if plain else caption,
            parse_mode=None if plain else ParseMode.HTML, message_thread_id=thread_id,
        )

    sent = await _call_with_retries(send, policy, what=f"a picture to chat {chat_id}")
    assert isinstance(sent, Message)
    return sent
