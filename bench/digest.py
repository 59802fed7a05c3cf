"""Benchmark digest delivery: N subscribed chats whose digests all fall due at the same moment.

The real application (JobQueue, outbox, AIORateLimiter, python-telegram-bot's HTTP stack) sends
to the fake Bot API server of the tests, which enforces Telegram's broadcast limit (about 30
messages per second; here: at most 30 in any sliding second, answered with 429 like Telegram).
Reported: messages per second, 429 responses caused, duplicates and lost digests (checked in the
server's record and in the outbox).

Run: ``.venv/bin/python bench/digest.py [--chats 1000] [--limit 30] [--json]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time as clock
from collections import Counter
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select, update

from bot.telegram.application import build_application
from config import load_settings
from news import NewsService
from news.store import open_database
from news.store.chats import add_topics, ensure_chat
from news.store.schema import chats, digest_deliveries
from tests.helpers.fake_telegram import FakeTelegram

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TOPICS = [[], ["gaza"], ["cairo", "-football"], ["ceasefire"], ["hamas"]]


def prepare(url: str, count: int) -> None:
    settings = load_settings(database_url=url)

    async def load_samples() -> None:
        async with await NewsService.open(settings) as news:
            await news.ingest([EXAMPLES])

    asyncio.run(load_samples())
    db = open_database(url)
    created = datetime.now(UTC)
    # Digests due later today, so none is "missed" at start-up; the bench makes them due now.
    due = (created + timedelta(hours=2)).time().replace(second=0, microsecond=0)
    with db.engine.begin() as conn:
        for chat_id in range(1, count + 1):
            ensure_chat(conn, chat_id, default_time=time(due.hour, due.minute),
                        default_timezone="UTC", now=created)
            add_topics(conn, chat_id, TOPICS[chat_id % len(TOPICS)], thread_id=None, now=created)
            # The samples are old news: look far back so every digest carries stories.
            conn.execute(update(chats).where(chats.c.id == chat_id)
                         .values(last_digest_at=created - timedelta(days=3650)))
    db.dispose()


async def deliver_all(url: str, fake: FakeTelegram, count: int) -> dict[str, float]:
    settings = load_settings(database_url=url, telegram_bot_token=TOKEN,
                             telegram_api_url=fake.url)
    application = build_application(settings, run_pipeline=False)
    async with application:
        assert application.post_init is not None and application.job_queue is not None
        await application.post_init(application)
        await application.start()
        jobs = [job for job in application.job_queue.jobs() if job.name and
                job.name.startswith("digest:")]
        assert len(jobs) == count, f"{len(jobs)} digest jobs scheduled for {count} chats"
        start = clock.monotonic()
        now = datetime.now(UTC)
        for job in jobs:  # every digest due at this very moment
            job.job.modify(next_run_time=now)
        await asyncio.to_thread(fake.wait_for, "sendMessage", count, timeout=count)
        elapsed = clock.monotonic() - start
        await asyncio.sleep(0.5)  # let the last jobs mark their rows sent
        await application.stop()
        assert application.post_shutdown is not None
        await application.post_shutdown(application)
    return {"elapsed": elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=1000)
    parser.add_argument("--limit", type=int, default=30, help="fake server: messages per second")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        prepare(url, args.chats)
        fake = FakeTelegram(TOKEN, flood_per_second=args.limit).start()
        try:
            timing = asyncio.run(deliver_all(url, fake, args.chats))
        finally:
            fake.stop()
        sends = [c for c in fake.calls if c.method == "sendMessage"]
        ok = Counter(int(c.params["chat_id"]) for c in sends if c.status == 200)
        db = open_database(url, migrate_schema=False)
        with db.engine.connect() as conn:
            states = Counter(r.state for r in conn.execute(select(digest_deliveries.c.state)))
        db.dispose()
    result = {
        "chats": args.chats,
        "seconds": round(timing["elapsed"], 2),
        "messages": sum(ok.values()),
        "messages_per_second": round(sum(ok.values()) / timing["elapsed"], 1),
        "server_limit_per_second": args.limit,
        "responses_429": sum(1 for c in sends if c.status == 429),
        "duplicates": sum(n - 1 for n in ok.values() if n > 1),
        "lost": sum(1 for chat in range(1, args.chats + 1) if ok[chat] == 0),
        "outbox": dict(states),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for key, value in result.items():
        print(f"{key:>24}: {value}")


if __name__ == "__main__":
    main()
