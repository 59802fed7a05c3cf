"""Telegram's flood waits, per chat: a 429 in one chat holds back that chat only.

PTB's ``AIORateLimiter`` halts *every* request for ``retry_after`` seconds when any request gets
a 429 (its documentation says so: "stricter than necessary ... the bot may hit a rate limit in
one group but might still be allowed to send messages in another group"). One group that trips
a per-chat limit with a long ``retry_after`` would then freeze the answers of every other chat.

``PerChatFloodWait`` wraps the pacing limiter (which keeps doing the pacing: overall rate, per
group, per chat) and takes over what happens on a 429: the inner limiter must be built with
``max_retries=0`` so it raises at once and never stalls everyone; here the chat Telegram named
is held back until its deadline and the request is retried, while other chats go on.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram._utils.types import JSONDict
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

__all__ = ["PerChatFloodWait"]

log = logging.getLogger(__name__)


class _NoInnerGiveUp(logging.Filter):
    """AIORateLimiter logs every 429 it passes on as an error with a traceback ("Rate limit hit
    after maximum of 0 retries"); with max_retries=0 that is every 429, which is ours to handle
    and report, so that record is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Rate limit hit after maximum of")


logging.getLogger("telegram.ext.AIORateLimiter").addFilter(_NoInnerGiveUp())

_Key = int | str


def _seconds(exc: RetryAfter) -> float:
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class PerChatFloodWait(BaseRateLimiter[int]):
    """Around ``inner`` (built with ``max_retries=0``): a 429 holds back only its own chat.

    Up to ``max_retries`` retries happen here while the wait is at most ``max_wait`` seconds; a
    longer flood wait is raised to the caller (``bot.telegram.sending`` decides whether the
    message is worth waiting for), and the chat stays held until Telegram's deadline either way.
    """

    def __init__(self, inner: BaseRateLimiter[Any], *, max_retries: int = 2, max_wait: float = 60.0,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self._inner = inner
        self._max_retries = max_retries
        self._max_wait = max_wait
        self._clock = clock
        self._sleep = sleep  # clock and sleep: injected by tests
        self._held_until: dict[_Key, float] = {}  # chat (or method, without a chat) -> deadline

    async def initialize(self) -> None:
        await self._inner.initialize()

    async def shutdown(self) -> None:
        await self._inner.shutdown()

    def held_for(self, key: _Key) -> float:
        """Seconds until requests for ``key`` may go out again (0 when free)."""
        until = self._held_until.get(key)
        if until is None:
            return 0.0
        left = until - self._clock()
        if left <= 0:
            self._held_until.pop(key, None)
            return 0.0
        return left

    def _hold(self, key: _Key, seconds: float) -> None:
        if len(self._held_until) > 1024:  # forget deadlines that passed: bounded memory
            now = self._clock()
            self._held_until = {k: v for k, v in self._held_until.items() if v > now}
        until = self._clock() + seconds
        self._held_until[key] = max(until, self._held_until.get(key, until))

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        chat = data.get("chat_id")
        key: _Key = f"method:{endpoint}" if chat is None else (
            int(chat) if isinstance(chat, int) or str(chat).lstrip("-").isdigit() else str(chat))
        retries = self._max_retries if rate_limit_args is None else rate_limit_args
        for attempt in range(retries + 1):
            wait = self.held_for(key)
            if wait > 0:
                await self._sleep(wait)  # this chat only: other chats' requests go on
            try:
                return await self._inner.process_request(callback, args, kwargs, endpoint, data, None)
            except RetryAfter as exc:
                seconds = _seconds(exc)
                self._hold(key, seconds)
                if attempt == retries or seconds > self._max_wait:
                    raise
                log.info("flood limit for %s: holding it back %.1f s", key, seconds)
        raise AssertionError("unreachable")
