"""Running newsbrief: the pipeline scheduler alone, or beside the Telegram bot when a token is set."""

from __future__ import annotations

import asyncio
import logging
import signal
from datetime import UTC

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot import jobs
from config import Settings, configure_logging
from news import NewsService

__all__ = ["run_service"]

log = logging.getLogger(__name__)


async def _run_scheduler_only(settings: Settings) -> None:
    news = await NewsService.open(settings)
    scheduler = AsyncIOScheduler(timezone=UTC)
    jobs.add_pipeline_job(scheduler, news)
    await jobs.record_beat(news, "worker")
    scheduler.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        scheduler.shutdown(wait=False)
        await news.aclose()


def run_service(settings: Settings) -> None:
    """``newsbrief run``: the process's one event loop, for as long as it runs."""
    configure_logging(settings.log_level, secrets=[settings.token or ""])
    if settings.role == "bot" and settings.token is None:
        raise SystemExit("newsbrief: NEWSBRIEF_ROLE=bot needs TELEGRAM_BOT_TOKEN")
    if settings.token is None or settings.role == "worker":
        print(
            ("newsbrief: worker role" if settings.role == "worker" else "newsbrief: no TELEGRAM_BOT_TOKEN set")
            + ", so only the scheduled pipeline job runs "
            f"(every {settings.pipeline_interval_minutes} min, inbox {settings.resolved_inbox_dir}). "
            "Press Ctrl+C to stop.",
            flush=True,
        )
        asyncio.run(_run_scheduler_only(settings))
        return
    # Imported only here: a worker process never loads python-telegram-bot.
    from bot.telegram.application import build_application, run_application

    # A bot-role process leaves feeds and summaries to the worker processes.
    run_application(build_application(settings, run_pipeline=settings.role != "bot"), settings)
