"""Running newsbrief: ``run`` (the bot and/or the scheduler), ``chat`` (the console), ``health``."""

from __future__ import annotations

import sys
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli.output import fail, say, settings_or_exit, with_service

if TYPE_CHECKING:
    from news import Health, NewsService, Quarantine, Stats

__all__ = ["chat", "health", "run", "stats"]


def run() -> None:
    """Run the scheduler (and the Telegram bot when TELEGRAM_BOT_TOKEN is set)."""
    from bot.run import run_service

    run_service(settings_or_exit())


def chat() -> None:
    """Talk to the bot in the terminal: same commands and answers, as plain text (Ctrl+D quits)."""
    from bot.console import ConsoleChat, run_console

    interactive = sys.stdin.isatty()

    def prompt() -> None:
        if interactive:
            print("> ", end="", flush=True)

    if interactive:
        say("newsbrief chat: ask \"what's new on X?\" or type /help; Ctrl+D quits.")
        prompt()

    async def work(news: NewsService) -> None:
        await run_console(ConsoleChat(news), sys.stdin, lambda text: say(text + "\n"), prompt=prompt)

    with_service(work)


def stats(
    recent: Annotated[int, typer.Option("--recent", min=0, max=200,
                                        help="How many set-aside items to list.")] = 10,
) -> None:
    """Collection and delivery figures, and the items the pipeline set aside (with reasons)."""
    async def work(news: NewsService) -> tuple[Stats, Quarantine]:
        return await news.stats(), await news.quarantine(limit=recent)

    figures, aside = with_service(work)
    say(f"articles {figures.articles} ({figures.articles_24h} in 24 h), stories {figures.stories}, "
        f"feeds {figures.feeds}")
    say(f"chats {figures.chats} ({figures.digest_chats} with a digest, {figures.paused_chats} paused), "
        f"digests sent in 24 h {figures.digests_sent_24h}")
    say(f"set aside {aside.total} items" + (":" if aside.recent else ""))
    for row in aside.recent:
        say(f"    {row.at:%Y-%m-%d %H:%M} {row.stage}: {row.item}: {row.reason}")


def health(
    role: Annotated[str | None, typer.Option(help="bot, worker or all (default: what `run` would be)")] = None,
    max_age: Annotated[int | None, typer.Option(
        "--max-age-minutes", min=1, help="Oldest acceptable beat (bot) or finished pass (worker).")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="List every process that has reported.")] = False,
) -> None:
    """Exit 0 if this host's bot or worker is alive (for container healthchecks), else 1."""
    from news import describe_age

    if role is not None and role not in ("bot", "worker", "all"):
        fail(f"unknown role {role!r} (bot, worker or all)")
    settings = settings_or_exit()

    async def work(news: NewsService) -> Health:
        chosen = role or news.role
        # A bot beats every minute; a worker must finish a pass within a few intervals.
        minutes = max_age or (5 if chosen == "bot" else max(3 * settings.pipeline_interval_minutes, 30))
        return await news.health(chosen, max_age=timedelta(minutes=minutes), everyone=show_all)

    report = with_service(work, settings)
    for beat in report.heartbeats:
        last = ""
        if beat.last_pass_at is not None:
            last = f", last pass {describe_age(report.checked_at - beat.last_pass_at)} ago: {beat.last_pass}"
        say(f"{beat.name}: seen {describe_age(report.checked_at - beat.last_seen_at)} ago{last}")
    if report.problem is not None:
        fail(f"unhealthy: {report.problem}")
    say(f"ok: {report.name}")
