"""Bot fixtures: a fake Bot API server, settings pointing at it, and a bot running in a thread.

The bot runs exactly as in production (``run_polling``: post_init, JobQueue, rate limiter,
post_shutdown) on its own event loop, so tests talk to it only through the fake server.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.telegram.application import build_application
from bot.telegram.sending import RetryPolicy
from config import Settings, load_settings
from news.store import Database
from tests.helpers import articles
from tests.helpers.fake_telegram import FakeTelegram

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
ADMIN_ID = 7
FAST_RETRIES = RetryPolicy(attempts=4, base_delay=0.05, max_delay=0.2)


class RunningBot:
    """The application under ``run_polling`` in a background thread."""

    def __init__(self, settings: Settings, fake: FakeTelegram, *,
                 run_pipeline: bool = False, read_timeout: float | None = None) -> None:
        self.settings = settings
        self.fake = fake
        # chat_interval=0: Telegram's one message a second per chat is proven with a virtual
        # clock (test_pacing.py); here a conversation would wait a real second per reply.
        self.app = build_application(settings, run_pipeline=run_pipeline,
                                     retry_policy=FAST_RETRIES, poll_timeout=1, chat_interval=0,
                                     read_timeout=read_timeout)
        self.loop: asyncio.AbstractEventLoop | None = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        try:
            self.app.run_polling(poll_interval=0, timeout=1, stop_signals=None, close_loop=True)
        except BaseException as exc:
            self.error = exc

    def start(self) -> RunningBot:
        before = len(self.fake.calls_to("getUpdates"))
        self._thread.start()
        self.fake.wait_for("getUpdates", before + 1)  # polling: post_init has run
        return self

    def call(self, coro_factory: Callable[[], Any], timeout: float = 20) -> Any:
        """Run a coroutine on the bot's loop (to fire a job as the scheduler would)."""
        assert self.loop is not None
        return asyncio.run_coroutine_threadsafe(coro_factory(), self.loop).result(timeout)

    def fire(self, job_name: str) -> None:
        """Make the scheduler run a job now, as if its time had come (no waiting for the clock)."""
        async def due_now() -> None:
            assert self.app.job_queue is not None
            [job] = self.app.job_queue.get_jobs_by_name(job_name)
            job.job.modify(next_run_time=datetime.now(UTC))

        self.call(due_now)

    def stop(self) -> None:
        if self.loop is not None and self._thread.is_alive():
            self.loop.call_soon_threadsafe(self.app.stop_running)
        self._thread.join(15)
        assert not self._thread.is_alive(), "bot did not stop"
        if self.error is not None:
            raise self.error


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    server = FakeTelegram(TOKEN).start()
    yield server
    server.stop()


@pytest.fixture
def bot_settings(settings: Settings, fake: FakeTelegram) -> Settings:
    return load_settings(
        database_url=settings.resolved_database_url, data_dir=settings.data_dir,
        telegram_bot_token=TOKEN, telegram_api_url=fake.url, admin_ids=str(ADMIN_ID),
    )


@pytest.fixture
def start_bot(bot_settings: Settings, fake: FakeTelegram) -> Iterator[Callable[..., RunningBot]]:
    """Start a bot (call it again after stopping one to simulate a restart)."""
    bots: list[RunningBot] = []

    def start(*, run_pipeline: bool = False, read_timeout: float | None = None,
              **overrides: Any) -> RunningBot:
        settings = bot_settings.model_copy(update=overrides) if overrides else bot_settings
        bot = RunningBot(settings, fake, run_pipeline=run_pipeline, read_timeout=read_timeout).start()
        bots.append(bot)
        return bot

    yield start
    for bot in bots:
        bot.stop()


def eventually(check: Callable[[], bool], timeout: float = 10.0) -> None:
    """Wait for an outcome the bot records after its last API call (e.g. the outbox row)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.02)


def seed_articles(db: Database, settings: Settings, tmp_path: Path,
                  items: list[dict[str, Any]]) -> None:
    """Import articles (JSONL rows) so they form summarized stories."""
    articles.seed_articles(db, settings, tmp_path, items)


article = articles.article
