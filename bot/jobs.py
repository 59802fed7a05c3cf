"""Scheduled jobs that do not need Telegram: the pipeline pass and the heartbeat.

Under the bot they run on PTB's JobQueue; in a worker process (no token, or
``NEWSBRIEF_ROLE=worker``) on a plain APScheduler ``AsyncIOScheduler``. Either way a job never
raises: a failed pass is logged and the next one runs on time.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from config import Settings
from news import NewsService

__all__ = ["HEARTBEAT_JOB", "HEARTBEAT_SECONDS", "PIPELINE_JOB", "PIPELINE_JOB_OPTIONS", "add_pipeline_job",
           "pipeline_interval", "pipeline_pass", "record_beat"]

log = logging.getLogger(__name__)
PIPELINE_JOB: Final = "pipeline"
HEARTBEAT_JOB: Final = "heartbeat"
HEARTBEAT_SECONDS: Final = 60
# One pass at a time; a pass that overran its interval is not run twice to catch up.
PIPELINE_JOB_OPTIONS: Final[dict[str, Any]] = {"max_instances": 1, "coalesce": True}


def pipeline_interval(settings: Settings) -> timedelta:
    return timedelta(minutes=settings.pipeline_interval_minutes)


async def record_beat(news: NewsService, role: str, finished_pass: str | None = None) -> None:
    """Heartbeat for ``newsbrief health``; a missed beat shows there, it never stops the service."""
    try:
        await news.beat(role, finished_pass)
    except Exception as exc:
        log.warning("could not record heartbeat: %s", exc)


async def pipeline_pass(news: NewsService) -> None:
    """One pass; errors are logged so the next pass still runs."""
    try:
        report = await news.run_pass()
    except Exception:
        log.exception("pipeline pass failed")
        return
    await record_beat(news, news.role, report.summary_line())


def add_pipeline_job(scheduler: AsyncIOScheduler, news: NewsService) -> None:
    """The pipeline job of a worker process: now, then every interval."""
    settings = news.settings
    scheduler.add_job(
        pipeline_pass, "interval", minutes=settings.pipeline_interval_minutes, args=(news,),
        id=PIPELINE_JOB, next_run_time=datetime.now(UTC), replace_existing=True,
        misfire_grace_time=settings.pipeline_misfire_grace_seconds, **PIPELINE_JOB_OPTIONS,
    )
