"""What the application keeps per chat stays bounded however many chats it serves."""

from __future__ import annotations

from bot.telegram.context import ChatMemories


def test_the_least_recently_heard_chat_forgets_first() -> None:
    memories = ChatMemories(limit=2)
    memories.of(1)["answers"] = "one"
    memories.of(2)["answers"] = "two"
    assert memories.of(1)["answers"] == "one"  # chat 1 heard again: now the most recent
    memories.of(3)["answers"] = "three"
    assert len(memories) == 2
    assert memories.of(1) == {"answers": "one"}
    assert memories.of(2) == {}  # the least recent went when chat 3 came; it starts afresh


def test_a_chat_that_moves_takes_its_memory_along() -> None:
    memories = ChatMemories(limit=10)
    memories.of(-100)["answers"] = "kept"
    memories.move(-100, -1001)
    assert memories.of(-1001) == {"answers": "kept"}
    assert memories.of(-100) == {}
    memories.move(-5, -6)  # a chat with no memory moves nothing
    assert len(memories) == 2
