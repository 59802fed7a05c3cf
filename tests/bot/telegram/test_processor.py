"""The update processor: one chat in order, chats at the same time, working slots bounded."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Update

from bot.telegram.processor import ChatOrderedProcessor, update_key
from tests.helpers.fake_telegram import message_update


def _update(chat_id: int, update_id: int) -> Update:
    data = message_update("hello", chat_id=chat_id, user_id=chat_id)
    data["update_id"] = update_id
    return Update.de_json(data, None)


def test_updates_of_one_chat_run_in_order_while_other_chats_proceed() -> None:
    async def scenario() -> list[str]:
        processor = ChatOrderedProcessor(max_working=8)
        log: list[str] = []
        release_first = asyncio.Event()

        async def handle(name: str, gate: asyncio.Event | None = None) -> None:
            log.append(f"start {name}")
            if gate is not None:
                await gate.wait()
            log.append(f"end {name}")

        first = asyncio.create_task(processor.process_update(_update(1, 1), handle("1a", release_first)))
        second = asyncio.create_task(processor.process_update(_update(1, 2), handle("1b")))
        other = asyncio.create_task(processor.process_update(_update(2, 3), handle("2a")))
        await other  # chat 2 is done while chat 1's first update still waits
        assert "start 1b" not in log
        assert processor.chats_in_flight == 1
        release_first.set()
        await asyncio.gather(first, second)
        assert processor.chats_in_flight == 0
        return log

    log = asyncio.run(scenario())
    assert log.index("end 1a") < log.index("start 1b")
    assert log.index("end 2a") < log.index("end 1a")


def test_a_chat_waiting_its_turn_holds_no_working_slot() -> None:
    async def scenario() -> int:
        processor = ChatOrderedProcessor(max_working=1)
        gate = asyncio.Event()
        done: list[int] = []

        async def handle(chat: int, wait: bool) -> None:
            if wait:
                await gate.wait()
            done.append(chat)

        busy = asyncio.create_task(processor.process_update(_update(1, 1), handle(1, True)))
        queued = [asyncio.create_task(processor.process_update(_update(1, n), handle(1, False)))
                  for n in range(2, 6)]
        await asyncio.sleep(0)  # let every task reach its lock
        other = asyncio.create_task(processor.process_update(_update(2, 9), handle(2, False)))
        gate.set()
        await asyncio.gather(busy, *queued, other)
        return done.index(2)

    # With one working slot the other chat goes right after the running update, not after the
    # four queued behind it in chat 1 (they hold no slot while they wait for their lock).
    assert asyncio.run(scenario()) <= 1


def test_updates_are_keyed_by_chat_then_user_and_others_run_unordered() -> None:
    update = _update(5, 1)
    assert update_key(update) == ("chat", 5)
    inline: dict[str, Any] = {"update_id": 2, "inline_query": {
        "id": "q", "from": {"id": 9, "is_bot": False, "first_name": "U"}, "query": "gaza", "offset": ""}}
    assert update_key(Update.de_json(inline, None)) == ("user", 9)
    assert update_key(object()) is None
