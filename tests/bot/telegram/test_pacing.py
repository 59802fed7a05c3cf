"""Telegram's limits on our side: bursts go at once, no second holds more than the window, a
chat's messages go a second apart and in order; requests without a chat are never held.

Time is a virtual clock: ``sleep`` moves it forward to the sleeper's deadline, so the tests
check the deadlines the limiter keeps without waiting for them.
"""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

from telegram.ext import AIORateLimiter

from bot.telegram.pacing import PacedRateLimiter


class VirtualClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        # Time only moves forward; a sleeper never wakes before its deadline.
        self.now = max(self.now, self.now + seconds)
        await asyncio.sleep(0)


def _limiter(clock: VirtualClock, per_second: int = 29) -> PacedRateLimiter:
    inner = AIORateLimiter(overall_max_rate=0, overall_time_period=0, max_retries=0)
    return PacedRateLimiter(inner, per_second=per_second, clock=clock, sleep=clock.sleep)


async def _request(limiter: PacedRateLimiter, clock: VirtualClock, log: list[tuple[float, str, Any]],
                   endpoint: str, chat_id: int | None, text: str = "") -> None:
    async def call() -> bool:
        log.append((clock(), endpoint, text or chat_id))
        await asyncio.sleep(0)  # the answer comes back on a later turn of the loop
        return True

    data: dict[str, Any] = {"text": text} if chat_id is None else {"chat_id": chat_id, "text": text}
    await limiter.process_request(call, (), {}, endpoint, data, None)


def test_a_burst_goes_at_once_and_no_second_holds_more_than_the_window() -> None:
    clock = VirtualClock()
    limiter = _limiter(clock)
    log: list[tuple[float, str, Any]] = []

    async def scenario() -> None:
        await asyncio.gather(*(_request(limiter, clock, log, "sendMessage", chat) for chat in range(1, 61)))

    asyncio.run(scenario())
    times = sorted(at for at, _, _ in log)
    assert len(times) == 60 and {chat for _, _, chat in log} == set(range(1, 61))
    assert times[:29] == [0.0] * 29  # the first 29 go out at once
    # Any 30 consecutive requests span at least a second: Telegram never sees 30 in one.
    assert all(times[i + 29] - times[i] >= 1.0 for i in range(len(times) - 29))
    assert times[-1] <= 2.0  # 29 + 29 + 2: two more seconds at most, not 60/25


def test_messages_to_one_chat_go_a_second_apart_in_order_and_chat_actions_are_not_held() -> None:
    clock = VirtualClock()
    limiter = _limiter(clock)
    log: list[tuple[float, str, Any]] = []

    async def scenario() -> None:
        parts = [asyncio.create_task(_request(limiter, clock, log, "sendMessage", 7, f"part {n}"))
                 for n in (1, 2, 3)]
        await asyncio.sleep(0)
        typing = asyncio.create_task(_request(limiter, clock, log, "sendChatAction", 7, "typing"))
        other = asyncio.create_task(_request(limiter, clock, log, "sendMessage", 8, "other chat"))
        await asyncio.gather(typing, other)
        # Neither the chat action nor another chat waited for chat 7's turns.
        assert [(at, what) for at, _, what in log if what in ("typing", "other chat")] == \
            [(0.0, "typing"), (0.0, "other chat")]
        await asyncio.gather(*parts)

    asyncio.run(scenario())
    parts = [(at, what) for at, endpoint, what in log if str(what).startswith("part")]
    assert [what for _, what in parts] == ["part 1", "part 2", "part 3"]
    assert [b[0] - a[0] for a, b in itertools.pairwise(parts)] == [1.0, 1.0]


def test_requests_without_a_chat_are_never_held_by_the_window() -> None:
    clock = VirtualClock()
    limiter = _limiter(clock, per_second=2)
    log: list[tuple[float, str, Any]] = []

    async def scenario() -> None:
        await asyncio.gather(*(_request(limiter, clock, log, "sendMessage", chat) for chat in (1, 2)))
        await _request(limiter, clock, log, "getUpdates", None, "poll")
        await _request(limiter, clock, log, "sendMessage", 3)

    asyncio.run(scenario())
    assert [(at, endpoint) for at, endpoint, _ in log] == [
        (0.0, "sendMessage"), (0.0, "sendMessage"), (0.0, "getUpdates"), (1.0, "sendMessage")]


def test_idle_chats_are_forgotten() -> None:
    clock = VirtualClock()
    limiter = _limiter(clock, per_second=5000)
    log: list[tuple[float, str, Any]] = []

    async def scenario() -> None:
        await asyncio.gather(*(_request(limiter, clock, log, "sendMessage", chat) for chat in range(1100)))
        clock.now += 2.0
        await _request(limiter, clock, log, "sendMessage", 5000)

    asyncio.run(scenario())
    assert len(log) == 1101
    assert len(limiter.chats) == 1  # only the chat that just got a message is remembered
