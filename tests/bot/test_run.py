"""`newsbrief run` without a token: the scheduled pipeline job alone, announced, importing the inbox."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import func, select

from bot.jobs import PIPELINE_JOB, add_pipeline_job, pipeline_pass
from config import Settings
from news import NewsService
from news.store import Database
from news.store.schema import articles


def _count(db: Database) -> int:
    with db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(articles)).scalar_one())


def test_pipeline_job_never_overlaps_and_coalesces(news: NewsService, settings: Settings) -> None:
    async def scenario() -> None:
        scheduler = AsyncIOScheduler()
        add_pipeline_job(scheduler, news)
        job = scheduler.get_job(PIPELINE_JOB)
        assert job is not None
        assert job.max_instances == 1
        assert job.coalesce is True
        assert job.misfire_grace_time == settings.pipeline_misfire_grace_seconds
        assert job.trigger.interval.total_seconds() == settings.pipeline_interval_minutes * 60

    asyncio.run(scenario())


def test_pipeline_job_imports_the_inbox(news: NewsService, db: Database, settings: Settings,
                                        examples_dir: Path) -> None:
    inbox = settings.resolved_inbox_dir
    inbox.mkdir(parents=True)
    for sample in examples_dir.glob("*.txt"):
        (inbox / sample.name).write_bytes(sample.read_bytes())
    asyncio.run(pipeline_pass(news))
    assert _count(db) == 2


def test_run_without_token_runs_the_job_alone(tmp_path: Path, examples_dir: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for sample in examples_dir.glob("*.txt"):
        (inbox / sample.name).write_bytes(sample.read_bytes())
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBRIEF_") and k != "TELEGRAM_BOT_TOKEN"}
    env.update(NEWSBRIEF_DATA_DIR=str(tmp_path / "data"), NEWSBRIEF_INBOX_DIR=str(inbox),
               NEWSBRIEF_PROCESS_NAME="test-host")
    health = [sys.executable, "-m", "bot.cli", "health"]
    before = subprocess.run(health, env=env, capture_output=True, text=True, timeout=60)
    assert before.returncode == 1
    assert "unhealthy: worker@test-host has not reported yet" in before.stderr
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        done: list[str] = []
        while time.monotonic() < deadline and len(done) < 2:
            time.sleep(0.2)
            if (inbox / "done").is_dir():
                done = sorted(p.name for p in (inbox / "done").iterdir())
        # The healthcheck turns green once the first pass has ended.
        after = subprocess.run(health, env=env, capture_output=True, text=True, timeout=60)
        while after.returncode != 0 and time.monotonic() < deadline:
            time.sleep(0.5)
            after = subprocess.run(health, env=env, capture_output=True, text=True, timeout=60)
        assert after.stdout.strip() == "ok: worker@test-host", after.stderr
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    assert "no TELEGRAM_BOT_TOKEN set, so only the scheduled pipeline job runs" in out
    assert process.returncode == 0, err
    assert done == sorted(p.name for p in examples_dir.glob("*.txt"))


@pytest.mark.parametrize("role", ["bot"])
def test_bot_role_needs_a_token(tmp_path: Path, role: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBRIEF_") and k != "TELEGRAM_BOT_TOKEN"}
    env.update(NEWSBRIEF_DATA_DIR=str(tmp_path), NEWSBRIEF_ROLE=role)
    result = subprocess.run([sys.executable, "-m", "bot.cli", "run"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "NEWSBRIEF_ROLE=bot needs TELEGRAM_BOT_TOKEN" in result.stderr


@pytest.mark.parametrize(("role", "pipeline"), [("all", True), ("bot", False)])
def test_token_starts_the_bot_with_or_without_the_pipeline(
    monkeypatch: pytest.MonkeyPatch, role: str, pipeline: bool
) -> None:
    import bot.telegram.application
    from bot.run import run_service
    from config import load_settings

    built: list[bool] = []
    monkeypatch.setattr("bot.run.configure_logging", lambda *args, **kwargs: None)
    monkeypatch.setattr(bot.telegram.application, "build_application",
                        lambda settings, *, run_pipeline=True: built.append(run_pipeline) or "app")
    monkeypatch.setattr(bot.telegram.application, "run_application", lambda app, settings: built.append(app == "app"))
    run_service(load_settings(telegram_bot_token="123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ", role=role))
    assert built == [pipeline, True]
