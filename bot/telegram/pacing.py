"""Telegram's sending limits kept on our side: ~30 messages a second overall, 1 a second per chat.

A leaky bucket at 25 requests a second (PTB's ``AIORateLimiter`` as we had set it) sends 60
answers due at once in 2.4 s, and nothing stopped the second message of a long answer from
following the first at once, which Telegram refuses (429). ``PacedRateLimiter`` wraps the rate
limiter that handles 429s and group limits (``bot.telegram.ratelimit``) and adds two rules:

* a window of slots overall: at most ``per_second`` requests in flight or answered within the
  last second. A slot is freed a second after Telegram *answered*, so no second of Telegram's
  own clock holds more than ``per_second`` of our requests however late a busy event loop lets
  them out, and a burst goes at once (60 answers: 29 now, 29 a second later, 2 after that);
* one message at a time per chat, a second after the previous one was answered.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any

from telegram._utils.types import JSONDict
from telegram.ext import BaseRateLimiter

__all__ = ["MESSAGE_ENDPOINTS", "ChatTurns", "PacedRateLimiter", "SlotWindow"]

# Endpoints that put a message in a chat: Telegram's per-chat limit is about these.
MESSAGE_ENDPOINTS = frozenset({
    "sendMessage", "editMessageText", "sendPhoto", "sendDocument", "sendMediaGroup",
    "copyMessage", "forwardMessage", "sendAnimation", "sendVideo", "sendAudio",
})
_PRUNE_AT = 1024  # chats remembered before the idle ones are forgotten

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class SlotWindow:
    """At most ``size`` requests in flight or answered within the last ``period`` seconds.

    Waiters are served first come, first served.
    """

    def __init__(self, size: int, period: float, *, clock: Clock, sleep: Sleep) -> None:
        self._size = size
        self._period = period
        self._clock = clock
        self._sleep = sleep
        self._in_flight = 0
        self._answered: deque[float] = deque()
        self._queue = asyncio.Lock()
        self._freed = asyncio.Event()

    async def _acquire(self) -> None:
        async with self._queue:
            while True:
                now = self._clock()
                while self._answered and self._answered[0] + self._period <= now:
                    self._answered.popleft()
                if self._in_flight + len(self._answered) < self._size:
                    self._in_flight += 1
                    return
                if self._answered:  # the oldest answered slot frees first
                    await self._sleep(self._answered[0] + self._period - now)
                else:  # every slot is in flight: wait for an answer
                    self._freed.clear()
                    await self._freed.wait()

    def _release(self) -> None:
        self._in_flight -= 1
        self._answered.append(self._clock())
        self._freed.set()

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        await self._acquire()
        try:
            yield
        finally:
            self._release()


class ChatTurns:
    """One message at a time per chat, each ``interval`` seconds after the previous was answered."""

    def __init__(self, interval: float, *, clock: Clock, sleep: Sleep) -> None:
        self._interval = interval
        self._clock = clock
        self._sleep = sleep
        # chat → (its turn, [messages holding or waiting for it, when its last one was answered])
        self._chats: dict[object, tuple[asyncio.Lock, list[float]]] = {}

    def __len__(self) -> int:
        return len(self._chats)

    def _forget_idle(self) -> None:
        now = self._clock()
        for key, (_, state) in list(self._chats.items()):
            if state[0] == 0 and now - state[1] >= self._interval:
                del self._chats[key]

    @contextlib.asynccontextmanager
    async def turn(self, chat_id: object) -> AsyncIterator[None]:
        if len(self._chats) > _PRUNE_AT:
            self._forget_idle()
        lock, state = self._chats.setdefault(chat_id, (asyncio.Lock(), [0, float("-inf")]))
        state[0] += 1
        try:
            async with lock:  # asyncio.Lock serves waiters in arrival order
                wait = state[1] + self._interval - self._clock()
                if wait > 0:
                    await self._sleep(wait)
                try:
                    yield
                finally:
                    state[1] = self._clock()
        finally:
            state[0] -= 1


class PacedRateLimiter(BaseRateLimiter[int]):
    """``inner`` (429s, group limits), plus the slot window and the chats' turns.

    Give ``inner`` no overall rate of its own (or a high one): the window replaces it.
    ``clock``/``sleep`` are for tests.
    """

    def __init__(self, inner: BaseRateLimiter[int], *, per_second: int = 29, chat_interval: float = 1.0,
                 clock: Clock = time.monotonic, sleep: Sleep = asyncio.sleep) -> None:
        self.inner = inner
        self.window = SlotWindow(per_second, 1.0, clock=clock, sleep=sleep)
        self.chats = ChatTurns(chat_interval, clock=clock, sleep=sleep)

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        """Requests to a chat wait for its turn and a slot; others (getUpdates) go at once."""
        chat_id = data.get("chat_id")
        if chat_id is None:
            return await self.inner.process_request(callback, args, kwargs, endpoint, data, rate_limit_args)

        async def paced(*call_args: Any, **call_kwargs: Any) -> bool | JSONDict | list[JSONDict]:
            # Called inside the inner limiter, after its flood and group waits: a request held
            # back there holds neither a slot nor its chat's turn.
            async with contextlib.AsyncExitStack() as stack:
                if endpoint in MESSAGE_ENDPOINTS:
                    await stack.enter_async_context(self.chats.turn(str(chat_id)))
                await stack.enter_async_context(self.window.slot())
                return await callback(*call_args, **call_kwargs)

        return await self.inner.process_request(paced, args, kwargs, endpoint, data, rate_limit_args)
