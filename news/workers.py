"""The bounded thread pool where blocking work runs: database calls, summarizing, clustering.

Async callers (the bot's event loop, a feed poll) hand blocking functions to ``Workers.run``
and await them; the loop stays free for network I/O. The pool is bounded so a burst of chats
cannot open more database connections than the pool allows or starve the machine's two cores;
work beyond the bound queues in the executor.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import AsyncIterator, Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import ParamSpec, TypeVar

__all__ = ["KeyedSlots", "Workers"]

P = ParamSpec("P")
T = TypeVar("T")


class Workers:
    """A bounded ``ThreadPoolExecutor`` with an awaitable ``run``."""

    def __init__(self, size: int, *, name: str = "newsbrief") -> None:
        self.size = size
        self._pool = ThreadPoolExecutor(max_workers=size, thread_name_prefix=name)

    async def run(self, function: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run ``function`` in the pool and wait for it without blocking the event loop."""
        loop = asyncio.get_running_loop()
        # Context variables (e.g. the log context) follow the call into the thread.
        call = functools.partial(contextvars.copy_context().run, function, *args, **kwargs)
        return await loop.run_in_executor(self._pool, call)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class KeyedSlots:
    """At most ``size`` holders per key at once (e.g. one page download per chat); keys nobody
    holds or waits for are forgotten, so the table stays as small as the current load."""

    def __init__(self, size: int = 1) -> None:
        self._size = size
        self._entries: dict[Hashable, tuple[asyncio.Semaphore, list[int]]] = {}

    @asynccontextmanager
    async def hold(self, key: Hashable) -> AsyncIterator[None]:
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = (asyncio.Semaphore(self._size), [0])
        semaphore, users = entry
        users[0] += 1
        try:
            async with semaphore:
                yield
        finally:
            users[0] -= 1
            if users[0] == 0:
                del self._entries[key]

    def __len__(self) -> int:
        return len(self._entries)
