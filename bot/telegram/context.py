"""What the application keeps in ``bot_data``, with typed accessors (one place names the keys)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from bot.telegram.sending import DEFAULT_POLICY, RetryPolicy
from news import NewsService

__all__ = ["POLICY_KEY", "RUN_PIPELINE_KEY", "SERVICE_KEY", "SETTINGS_KEY", "WORKER_KEY", "policy",
           "service", "shared", "worker"]

SETTINGS_KEY = "settings"  # the Settings the application was built with
SERVICE_KEY = "news"  # the NewsService, opened in post_init
WORKER_KEY = "worker"  # this process's name in the outbox (who claimed a digest)
POLICY_KEY = "retry_policy"  # how sending retries Telegram's faults
RUN_PIPELINE_KEY = "run_pipeline"  # whether this process also runs pipeline passes

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
