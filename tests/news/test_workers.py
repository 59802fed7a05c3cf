"""KeyedSlots: at most ``size`` holders per key, keys independent, idle keys forgotten.

Every step waits for an event: a holder that announced itself before asking for its slot has
either entered or is queued on the slot by the time the test runs again (asyncio hands over
control only when a task waits).
"""

from __future__ import annotations

import asyncio
from collections.abc import Hashable

from news.workers import KeyedSlots
from tests.helpers.service import run


class Holders:
    """Tasks that take a slot of ``slots`` and keep it until the test lets them go."""

    def __init__(self, slots: KeyedSlots) -> None:
        self.slots = slots
        self.inside: list[str] = []
        self._asked: dict[str, asyncio.Event] = {}
        self._entered: dict[str, asyncio.Event] = {}
        self._leave: dict[str, asyncio.Event] = {}
        self.tasks: dict[str, asyncio.Task[None]] = {}

    async def start(self, name: str, key: Hashable) -> None:
        """Start a holder and return once it holds its slot or waits in line for it."""
        self._asked[name], self._entered[name], self._leave[name] = (asyncio.Event() for _ in range(3))
        self.tasks[name] = asyncio.create_task(self._hold(name, key))
        await self._asked[name].wait()

    async def _hold(self, name: str, key: Hashable) -> None:
        self._asked[name].set()
        async with self.slots.hold(key):
            self.inside.append(name)
            self._entered[name].set()
            await self._leave[name].wait()
            self.inside.remove(name)

    async def entered(self, name: str) -> None:
        await self._entered[name].wait()

    async def leave(self, name: str) -> None:
        self._leave[name].set()
        await self.tasks[name]


def test_one_holder_per_key_and_other_keys_go_on() -> None:
    async def scenario() -> None:
        holders = Holders(KeyedSlots(1))
        for name, key in (("a1", "chat a"), ("a2", "chat a"), ("a3", "chat a"), ("b1", "chat b")):
            await holders.start(name, key)
        await holders.entered("b1")
        assert holders.inside == ["a1", "b1"]  # a2, a3 wait for chat a; chat b is not held back
        assert len(holders.slots) == 2
        await holders.leave("a1")
        await holders.entered("a2")  # in the order they asked
        assert holders.inside == ["b1", "a2"]
        await holders.leave("b1")
        assert len(holders.slots) == 1  # chat b: nobody holds or waits, forgotten
        await holders.leave("a2")
        await holders.entered("a3")
        await holders.leave("a3")
        assert len(holders.slots) == 0

    run(scenario())


def test_a_wider_slot_and_a_waiter_that_gives_up() -> None:
    async def scenario() -> None:
        holders = Holders(KeyedSlots(2))
        for name in ("x1", "x2", "x3", "x4"):
            await holders.start(name, "host")
        await holders.entered("x2")
        assert holders.inside == ["x1", "x2"]
        holders.tasks["x3"].cancel()  # a chat gone while it waited: its place is not kept
        await asyncio.gather(holders.tasks["x3"], return_exceptions=True)
        await holders.leave("x1")
        await holders.entered("x4")
        assert holders.inside == ["x2", "x4"]
        await holders.leave("x2")
        await holders.leave("x4")
        assert len(holders.slots) == 0  # the cancelled waiter left nothing behind

    run(scenario())
