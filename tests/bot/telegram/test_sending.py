"""Retries of 5xx and timeouts back off with jitter, on an injected random source and sleep.

The documented bounds (``bot.telegram.sending``): the n-th pause is the backoff ``d`` times a
random factor in [0.5, 1.0], where ``d`` starts at ``base_delay`` and doubles up to ``max_delay``.
Nothing here waits: the pauses are recorded, not slept.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from telegram import Chat, Message
from telegram.error import NetworkError, TimedOut

from bot.telegram import sending
from bot.telegram.sending import RetryPolicy, send_messages
from tests.helpers.service import run

POLICY = RetryPolicy(attempts=6, base_delay=1.0, max_delay=4.0)
BACKOFF = [1.0, 2.0, 4.0, 4.0, 4.0]  # d for each of the five retries: doubled, then capped


class FlakyBot:
    """``send_message`` fails ``failures`` times per chat (a 502, then a timeout, in turn)."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.attempts: dict[int, int] = {}

    async def send_message(self, chat_id: int, text: str, **_: Any) -> Message:
        done = self.attempts[chat_id] = self.attempts.get(chat_id, 0) + 1
        if done <= self.failures:
            raise NetworkError("Bad Gateway") if done % 2 else TimedOut()
        return Message(done, datetime.now(UTC), Chat(chat_id, "private"), text=text)


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every pause the sender asks for, in order (its sleep returns at once)."""
    asked: list[float] = []

    async def sleep(seconds: float) -> None:
        asked.append(seconds)

    monkeypatch.setattr(sending, "asyncio", SimpleNamespace(sleep=sleep))
    return asked


def test_each_retry_pause_is_jittered_within_its_doubling_bound(
    monkeypatch: pytest.MonkeyPatch, pauses: list[float],
) -> None:
    monkeypatch.setattr(sending, "random", random.Random(20261118))
    bot = FlakyBot(failures=5)

    [sent] = run(send_messages(bot, 5, ["hello"], policy=POLICY))  # type: ignore[arg-type]

    assert sent.text == "hello" and bot.attempts == {5: 6}
    assert len(pauses) == len(BACKOFF)
    for pause, bound in zip(pauses, BACKOFF, strict=True):
        assert bound * 0.5 <= pause <= bound
    assert len(set(pauses[2:])) == 3  # capped at max_delay, yet no two alike


def test_the_bounds_are_reached_at_both_ends_of_the_random_factor(
    monkeypatch: pytest.MonkeyPatch, pauses: list[float],
) -> None:
    asked: list[tuple[float, float]] = []
    ends = iter([0.5, 1.0, 0.5, 1.0, 0.5])

    def uniform(low: float, high: float) -> float:
        asked.append((low, high))
        return next(ends)

    monkeypatch.setattr(sending, "random", SimpleNamespace(uniform=uniform))

    run(send_messages(FlakyBot(failures=5), 5, ["hello"], policy=POLICY))  # type: ignore[arg-type]

    assert asked == [(0.5, 1.0)] * 5
    assert pauses == [0.5, 2.0, 2.0, 4.0, 2.0]


def test_many_chats_failing_at_once_do_not_come_back_at_the_same_instant(
    monkeypatch: pytest.MonkeyPatch, pauses: list[float],
) -> None:
    monkeypatch.setattr(sending, "random", random.Random(7))
    bot = FlakyBot(failures=1)

    async def everyone() -> None:
        for chat in range(100, 120):
            await send_messages(bot, chat, ["digest"], policy=POLICY)  # type: ignore[arg-type]

    run(everyone())

    assert len(pauses) == 20 and all(0.5 <= p <= 1.0 for p in pauses)
    assert len(set(pauses)) == 20
    assert max(pauses) - min(pauses) > 0.25  # spread over the window, not bunched


def test_the_last_attempt_gives_up_without_a_pause(pauses: list[float]) -> None:
    with pytest.raises(NetworkError):
        run(send_messages(FlakyBot(failures=6), 5, ["hello"], policy=POLICY))  # type: ignore[arg-type]
    assert len(pauses) == POLICY.attempts - 1
