"""Updates from different chats at the same time, updates from one chat in order.

python-telegram-bot processes one update after another unless told otherwise; with plain
concurrency a chat's second message could be answered before its first. This processor keys
each update by its chat (by its user where there is no chat: inline queries) and runs a chat's
updates strictly in arrival order, while different chats proceed concurrently. A chat waiting
for its turn holds no working slot: ``max_working`` bounds the updates actually being handled,
so one chat sending a hundred messages cannot take every slot from the others.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Hashable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

__all__ = ["ChatOrderedProcessor", "update_key"]


def update_key(update: object) -> Hashable | None:
    """What orders an update: its chat, else its user; None for updates of neither."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return ("chat", update.effective_chat.id)
    if update.effective_user is not None:
        return ("user", update.effective_user.id)
    return None


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Per-chat FIFO, concurrent across chats, at most ``max_working`` handled at once.

    ``max_pending`` (PTB's own bound) caps updates in flight altogether, waiting ones included.
    """

    def __init__(self, *, max_working: int = 64, max_pending: int = 4096) -> None:
        super().__init__(max_concurrent_updates=max_pending)
        self._working = asyncio.BoundedSemaphore(max_working)
        # A chat's lock and how many of its updates hold or wait for it (dropped at zero).
        self._chats: dict[Hashable, tuple[asyncio.Lock, list[int]]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = update_key(update)
        if key is None:
            async with self._working:
                await coroutine
            return
        lock, users = self._chats.setdefault(key, (asyncio.Lock(), [0]))
        users[0] += 1
        try:
            # asyncio.Lock wakes waiters first come, first served: arrival order is kept.
            async with lock, self._working:
                await coroutine
        finally:
            users[0] -= 1
            if users[0] == 0:
                del self._chats[key]

    @property
    def chats_in_flight(self) -> int:
        """Chats with an update being handled or waiting (memory stays bounded by the load)."""
        return len(self._chats)

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close: PTB awaits the updates in flight before calling this."""
