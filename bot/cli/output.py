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

if TYPE_CHECKING:
    from rich.console import Console

    from config import Settings
    from news import NewsService

__all__ = ["console", "fail", "print_json", "say", "settings_or_exit", "with_service"]

T = TypeVar("T")


def say(text: str, *, error: bool = False) -> None:
    """Print text as it is: article text is data, never markup or emoji codes to render.

    The stream is looked up at each call, so a live progress bar (which redirects it) and
    a test's captured output both receive the line.
    """
    print(text, file=sys.stderr if error else sys.stdout)


def console(*, stderr: bool = False) -> Console:
    """A rich console, for the commands that draw a progress bar or a table."""
    from rich.console import Console  # slow (~0.05 s): `ask` and most commands print plain text

    return Console(stderr=stderr, soft_wrap=True)


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
