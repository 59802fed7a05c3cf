"""Running newsbrief: the pipeline scheduler alone, or beside the Telegram bot when a token is set."""

from __future__ import annotations

import asyncio
import logging
import signal
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from config import Settings, configure_logging
from news.db import Database, open_database
from news.heartbeats import beat, process_name
from news.pipeline import run_pass

__all__ = ["PIPELINE_JOB_ID", "add_pipeline_job", "record_beat", "run_service", "service_role"]

log = logging.getLogger(__name__)
PIPELINE_JOB_ID = "pipeline"


def service_role(settings: Settings) -> str:
    """What this process does: ``bot`` (Telegram only), ``worker`` (pipeline only) or ``all``."""
    if settings.role == "worker" or settings.token is None:
        return "worker"
    return settings.role


def _beat(db: Database, role: str, finished_pass: str | None) -> None:
    with db.begin_write() as conn:
        beat(conn, process_name(role), role, now=datetime.now(UTC), finished_pass=finished_pass)


async def record_beat(db: Database, role: str, finished_pass: str | None = None) -> None:
    """Heartbeat off the event loop (a SQLite write may wait for the pipeline's lock)."""
    try:
        await asyncio.to_thread(_beat, db, role, finished_pass)
    except Exception as exc:  # a missed beat shows in `newsbrief health`; never stop the service
        log.warning("could not record heartbeat: %s", exc)


async def pipeline_job(db: Database, settings: Settings) -> None:
    """One pass off the event loop; errors are logged so the next pass still runs."""
    try:
        report = await asyncio.to_thread(run_pass, db, settings)
    except Exception:
        log.exception("pipeline pass failed")
        return
    log.info("pipeline: %s", report.summary_line())
    await record_beat(db, service_role(settings), report.summary_line())


def add_pipeline_job(scheduler: AsyncIOScheduler, db: Database, settings: Settings) -> None:
    scheduler.add_job(
        pipeline_job,
        "interval",
        minutes=settings.pipeline_interval_minutes,
        args=(db, settings),
        id=PIPELINE_JOB_ID,
        next_run_time=datetime.now(UTC),
        max_instances=1,
        coalesce=True,
        misfire_grace_time=settings.pipeline_misfire_grace_seconds,
        replace_existing=True,
    )


async def _run_scheduler_only(settings: Settings) -> None:
    db = open_database(settings.resolved_database_url)
    scheduler = AsyncIOScheduler(timezone=UTC)
    add_pipeline_job(scheduler, db, settings)
    await record_beat(db, "worker")
    scheduler.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        scheduler.shutdown(wait=False)
        db.dispose()


def run_service(settings: Settings) -> None:
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
    from bot.application import build_application, run_application

    # A bot-role process leaves feeds and summaries to the worker processes.
    run_application(build_application(settings, run_pipeline=settings.role != "bot"), settings)
