"""What every command shares: settings, the news service for one command, output, failures.

Library errors (``NewsError``, ``SettingsError``) become one line on stderr and exit 1. The news
core and the settings are imported when a command runs, not when the CLI starts, so that
``newsbrief --help`` answers without loading them.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer
from rich.console import Console

if TYPE_CHECKING:
    from config import Settings
    from news import NewsService

__all__ = ["err", "fail", "out", "print_json", "say", "settings_or_exit", "with_service"]

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)
T = TypeVar("T")


def say(text: str, *, error: bool = False) -> None:
    """Print text as it is (no rich markup or highlighting: article text is data)."""
    (err if error else out).print(text, markup=False, highlight=False)


def fail(message: str) -> NoReturn:
    say(f"newsbrief: {message}", error=True)
    raise typer.Exit(1)


def settings_or_exit(**overrides: Any) -> Settings:
    from config import SettingsError, configure_logging, load_settings

    try:
        settings = load_settings(**overrides)
    except SettingsError as exc:
        fail(str(exc))
    configure_logging("WARNING" if settings.log_level == "INFO" else settings.log_level,
                      secrets=[settings.token or ""])
    return settings


def with_service(work: Callable[[NewsService], Awaitable[T]], settings: Settings | None = None) -> T:
    """Run ``work`` with a news service over the configured database, on this command's one
    event loop; the service is closed (and the database disposed) when it is done."""
    from news import NewsError, NewsService

    settings = settings or settings_or_exit()

    async def main() -> T:
        try:
            news = await NewsService.open(settings)
        except Exception as exc:  # unreachable server, bad URL, unwritable file
            fail(f"cannot open the database {settings.resolved_database_url.split('@')[-1]}: {exc}")
        try:
            return await work(news)
        finally:
            await news.aclose()

    try:
        return asyncio.run(main())
    except NewsError as exc:
        fail(str(exc))


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
