"""PerChatFloodWait on an injected clock: a 429 holds back its own chat only, for as long as
Telegram asks, retries within ``max_wait`` and passes a longer wait to the sender at once."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

import pytest
from telegram._utils.types import JSONDict
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.telegram.ratelimit import PerChatFloodWait
from tests.helpers.service import run


class _Inner(BaseRateLimiter[int]):
    """The pacing limiter stand-in: runs the call as it comes (max_retries=0 behaviour)."""

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(
        self, callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any, kwargs: dict[str, Any], endpoint: str, data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        return await callback(*args, **kwargs)


class _Telegram:
    """Answers 429 with ``retry_after`` for the chats in ``flooded`` until their time passes."""

    def __init__(self, now: list[float]) -> None:
        self.now = now
        self.until: dict[int, float] = {}
        self.calls: list[tuple[int, float]] = []

    def flood(self, chat_id: int, seconds: int) -> None:
        self.until[chat_id] = self.now[0] + seconds

    async def send(self, chat_id: int) -> bool:
        self.calls.append((chat_id, self.now[0]))
        left = self.until.get(chat_id, 0) - self.now[0]
        if left > 0:
            raise RetryAfter(int(left + 0.999))
        return True


@pytest.fixture
def clocked() -> tuple[list[float], list[float], PerChatFloodWait, _Telegram]:
    now = [100.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:  # time passes only as far as asked
        slept.append(seconds)
        now[0] += seconds

    limiter = PerChatFloodWait(_Inner(), max_retries=2, max_wait=60, clock=lambda: now[0], sleep=sleep)
    return now, slept, limiter, _Telegram(now)


def _send(limiter: PerChatFloodWait, telegram: _Telegram, chat_id: int, retries: int | None = None) -> Any:
    return limiter.process_request(telegram.send, (chat_id,), {}, "sendMessage", {"chat_id": chat_id},
                                   retries)


def test_a_flood_wait_holds_back_its_chat_for_as_long_as_asked_and_no_other(
    clocked: tuple[list[float], list[float], PerChatFloodWait, _Telegram],
) -> None:
    _, slept, limiter, telegram = clocked
    telegram.flood(1, 30)
    assert run(_send(limiter, telegram, 1)) is True
    assert slept == [30] and telegram.calls == [(1, 100.0), (1, 130.0)]  # waited, then sent
    telegram.flood(1, 20)
    with pytest.raises(RetryAfter):  # no retries left: passed to the sender, chat still held
        run(_send(limiter, telegram, 1, retries=0))
    assert limiter.held_for(1) == 20 and limiter.held_for(2) == 0
    assert run(_send(limiter, telegram, 2)) is True  # another chat goes at once
    assert slept == [30] and telegram.calls[-1] == (2, 130.0)


def test_a_wait_longer_than_max_wait_is_passed_on_at_once(
    clocked: tuple[list[float], list[float], PerChatFloodWait, _Telegram],
) -> None:
    now, slept, limiter, telegram = clocked
    telegram.flood(-1001, 3600)
    with pytest.raises(RetryAfter):
        run(_send(limiter, telegram, -1001))
    assert slept == [] and len(telegram.calls) == 1
    assert limiter.held_for(-1001) == 3600
    now[0] += 3600
    assert limiter.held_for(-1001) == 0 and run(_send(limiter, telegram, -1001)) is True
