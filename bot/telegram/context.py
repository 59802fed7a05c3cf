"""What the application keeps in ``bot_data``, with typed accessors (one place names the keys)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Final, TypeVar

from bot.telegram.sending import DEFAULT_POLICY, RetryPolicy
from news import NewsService

__all__ = ["MEMORIES_KEY", "POLICY_KEY", "RUN_PIPELINE_KEY", "SERVICE_KEY", "SETTINGS_KEY",
           "WORKER_KEY", "ChatMemories", "chat_memories", "policy", "service", "shared",
           "worker"]

SETTINGS_KEY = "settings"  # the Settings the application was built with
SERVICE_KEY = "news"  # the NewsService, opened in post_init
WORKER_KEY = "worker"  # this process's name in the outbox (who claimed a digest)
POLICY_KEY = "retry_policy"  # how sending retries Telegram's faults
RUN_PIPELINE_KEY = "run_pipeline"  # whether this process also runs pipeline passes
MEMORIES_KEY = "chat_memories"  # ChatMemories: each recent chat's short-term memory

_T = TypeVar("_T")


def service(bot_data: dict[str, Any]) -> NewsService:
    news = bot_data[SERVICE_KEY]
    assert isinstance(news, NewsService)
    return news


def worker(bot_data: dict[str, Any]) -> str:
    return str(bot_data[WORKER_KEY])


def policy(bot_data: dict[str, Any]) -> RetryPolicy:
    found = bot_data.get(POLICY_KEY, DEFAULT_POLICY)
    assert isinstance(found, RetryPolicy)
    return found


def shared(bot_data: dict[str, Any], key: str, kind: type[_T], make: Callable[[], _T]) -> _T:
    """One object per application in ``bot_data``, made on first use."""
    value = bot_data.get(key)
    if not isinstance(value, kind):
        value = bot_data[key] = make()
    return value


class ChatMemories:
    """Each chat's short-term memory (answers kept for "More", messages "« Back" restores), for
    the ``limit`` chats heard from most recently.

    PTB's ``chat_data`` keeps a dict for every chat ever served, for the life of the process;
    a bot in many chats would hold every one's answers for good. Here a chat silent while
    ``limit`` others spoke starts afresh, and its old buttons say they expired.
    """

    DEFAULT_LIMIT: Final = 1_000

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        self._limit = limit
        self._chats: OrderedDict[int, dict[str, Any]] = OrderedDict()

    def of(self, chat_id: int) -> dict[str, Any]:
        """The chat's memory (new and empty if it had none, or lost it); the chat is now the
        most recent."""
        memory = self._chats.setdefault(chat_id, {})
        self._chats.move_to_end(chat_id)
        while len(self._chats) > self._limit:
            self._chats.popitem(last=False)
        return memory

    def move(self, old_id: int, new_id: int) -> None:
        """A group became a supergroup: its memory goes with it (its buttons keep working)."""
        memory = self._chats.pop(old_id, None)
        if memory is not None:
            self.of(new_id).update(memory)

    def __len__(self) -> int:
        return len(self._chats)


def chat_memories(bot_data: dict[str, Any]) -> ChatMemories:
    """The application's ChatMemories (a test may place a smaller one first)."""
    return shared(bot_data, MEMORIES_KEY, ChatMemories, ChatMemories)
