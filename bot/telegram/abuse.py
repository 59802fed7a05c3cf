"""Abuse limits on what chat users send: a token bucket per user per chat.

Every plain message and every ``limited`` command (searches, downloads) costs a token; a small
burst is free and tokens come back at a steady rate. A user who sends a hundred links in a
minute gets one polite "slow down" when the bucket first runs dry, then only what the refill
allows, silently refused otherwise, until a quiet spell fills the bucket again: answering each
refused message would itself flood the chat (and Telegram's limits). One user's
flood never costs another user or chat anything.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.telegram import context as ctx

__all__ = ["BURST", "PER_MINUTE", "SLOW_DOWN", "InputLimits", "Verdict", "input_limits"]

BURST = 6  # messages a user may send at once in one chat
PER_MINUTE = 10.0  # then this many a minute
SLOW_DOWN = ("You're sending messages faster than I can read them. "
             "Please slow down and try again in a minute.")
_LIMITS_KEY = "input_limits"

Verdict = Literal["ok", "warn", "drop"]  # answer it; refuse with SLOW_DOWN; refuse silently


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float
    warned: bool = False


@dataclass
class InputLimits:
    """Buckets per (chat, user) on ``clock`` (injected in tests)."""

    burst: int = BURST
    per_minute: float = PER_MINUTE
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[tuple[int, int], _Bucket] = field(default_factory=dict)

    def take(self, chat_id: int, user_id: int) -> Verdict:
        now = self.clock()
        bucket = self._buckets.get((chat_id, user_id))
        if bucket is None:
            if len(self._buckets) > 10_000:
                self._forget_full(now)
            bucket = self._buckets[(chat_id, user_id)] = _Bucket(float(self.burst), now)
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.updated) * self.per_minute / 60)
        bucket.updated = now
        if bucket.tokens >= self.burst:  # a quiet spell: a later flood is told again
            bucket.warned = False
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return "ok"
        if bucket.warned:
            return "drop"
        bucket.warned = True
        return "warn"

    def _forget_full(self, now: float) -> None:
        """Buckets that have refilled carry no state worth keeping (bounded memory)."""
        refill = self.burst * 60 / self.per_minute
        self._buckets = {k: b for k, b in self._buckets.items() if now - b.updated < refill}


def input_limits(bot_data: dict[str, Any]) -> InputLimits:
    """The application's limits (a test may place its own, with a clock, first)."""
    return ctx.shared(bot_data, _LIMITS_KEY, InputLimits, InputLimits)
