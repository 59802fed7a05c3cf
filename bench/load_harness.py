"""What bench/load.py's scenarios share: the database and pages, the bot in its own process, the
answers awaited per chat, and the floor (messages sent straight to the fake server at its limit).

Every byte stays on 127.0.0.1: the bot talks to the tests' fake Bot API (with Telegram's limits,
bench/telegram_limits.py) and fetches pages from the tests' local HTTP server.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.telegram_limits import LimitedTelegram
from tests.helpers.fake_telegram import message_update

__all__ = [
    "ANSWER_TIMEOUT", "BURST_CHAT", "SLOW_PAGE_SECONDS", "TOKEN", "Answers", "BotProcess",
    "drop_inbox_batch", "figures", "measure_floor", "page_html", "prepare", "start_bot",
]

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
SLOW_PAGE_SECONDS = 15.0
ANSWER_TIMEOUT = 60.0  # an answer later than this counts as lost
BURST_CHAT = 10_000  # the chat with the slow page; others count up from 1


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))] if ordered else float("nan")


def figures(latencies: list[float]) -> dict[str, float]:
    return {"min": round(min(latencies), 3) if latencies else float("nan"),
            "p50": round(_quantile(latencies, 0.5), 3), "p95": round(_quantile(latencies, 0.95), 3),
            "max": round(max(latencies), 3) if latencies else float("nan")}


# ---- the database and the pages

def _rows(count: int, *, seed: int, prefix: str, days: int, end: datetime) -> Iterator[dict[str, object]]:
    """Corpus rows re-dated so the newest is ``end`` and re-numbered under ``prefix``."""
    from bench.corpus import generate

    rows = list(generate(count, seed=seed, days=days))
    newest = max(datetime.fromisoformat(str(r["published"])) for r in rows)
    for number, row in enumerate(rows):
        published = datetime.fromisoformat(str(row["published"])) + (end - newest)
        yield row | {"id": f"{prefix}-{number}", "published": published.isoformat()}


def prepare(directory: Path, articles: int) -> tuple[str, list[str]]:
    """A SQLite database with ``articles`` summarized, clustered articles; its URL and topics."""
    from bench.corpus import topics
    from config import load_settings
    from news import NewsService

    url = f"sqlite:///{directory / 'load.db'}"
    corpus = directory / "corpus.jsonl"
    with corpus.open("w") as out:
        for row in _rows(articles, seed=7, prefix="load", days=30, end=datetime.now(UTC)):
            out.write(json.dumps(row) + "\n")

    async def load() -> None:
        settings = load_settings(database_url=url, data_dir=directory)
        async with await NewsService.open(settings) as news:
            await news.ingest([corpus])

    asyncio.run(load())
    with sqlite3.connect(directory / "load.db") as conn:  # all in the main file, for copies
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return url, topics(50)


def drop_inbox_batch(inbox: Path, number: int, count: int = 30) -> None:
    """New articles for the next pipeline pass, written whole before the pass can see them."""
    staging = inbox.parent / f"batch-{number}.part"
    with staging.open("w") as out:
        for row in _rows(count, seed=100 + number, prefix=f"live{number}", days=1, end=datetime.now(UTC)):
            out.write(json.dumps(row) + "\n")
    staging.rename(inbox / f"batch-{number}.jsonl")


def page_html() -> str:
    """A plain article page (the slow one): title and paragraphs from the evaluation data."""
    from bench.corpus import base_articles

    _, title, sentences = next(b for b in base_articles() if len(b[2]) >= 12)
    paragraphs = "".join(f"<p>{escape(' '.join(sentences[i:i + 3]))}</p>" for i in range(0, len(sentences), 3))
    return (f"<html><head><title>{escape(title)}</title></head><body><article>"
            f"<h1>{escape(title)}</h1>{paragraphs}</article></body></html>")


# ---- the bot process

class BotProcess:
    """``newsbrief run`` against the fake server; its log in ``directory``."""

    def __init__(self, directory: Path, database_url: str, api_url: str,
                 input_per_minute: int | None = None) -> None:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("NEWSBRIEF_") and k != "TELEGRAM_BOT_TOKEN"}
        env |= {
            "TELEGRAM_BOT_TOKEN": TOKEN, "NEWSBRIEF_TELEGRAM_API_URL": api_url,
            "NEWSBRIEF_DATABASE_URL": database_url, "NEWSBRIEF_DATA_DIR": str(directory),
            "NEWSBRIEF_INBOX_DIR": str(directory / "inbox"), "NEWSBRIEF_ALLOW_PRIVATE_URLS": "true",
            "NEWSBRIEF_PIPELINE_INTERVAL_MINUTES": "1", "NEWSBRIEF_LOG_LEVEL": "INFO",
        }
        (directory / "inbox").mkdir(exist_ok=True)
        self.log = directory / "bot.log"
        self._log_file = self.log.open("w")
        command = ([str(Path(sys.executable).with_name("newsbrief")), "run"] if input_per_minute is None
                   else [sys.executable, str(ROOT / "bench" / "serve_bot.py"), str(input_per_minute)])
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self._log_file,
                                        stderr=subprocess.STDOUT)

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def count(self, text: str) -> int:
        """Lines of the bot's log that contain ``text``."""
        return self.log.read_text(errors="replace").count(text)

    def passes(self) -> int:
        return self.count("pipeline pass:")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log_file.close()


# ---- the driver

class Answers:
    """Futures for the next message to each chat, resolved from the fake server's threads."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._waiting: dict[int, asyncio.Future[float]] = {}
        self.extra = 0  # messages no question was waiting for (second parts of long answers)

    def heard(self, chat_id: int, at: float) -> None:  # a fake-server thread
        self._loop.call_soon_threadsafe(self._resolve, chat_id, at)

    def _resolve(self, chat_id: int, at: float) -> None:
        future = self._waiting.pop(chat_id, None)
        if future is None or future.done():
            self.extra += 1
            return
        future.set_result(at)

    def expect(self, chat_id: int) -> asyncio.Future[float]:
        future: asyncio.Future[float] = self._loop.create_future()
        self._waiting[chat_id] = future
        return future


async def start_bot(directory: Path, url: str, fake: LimitedTelegram, answers: Answers,
                    topics: list[str], input_per_minute: int | None = None) -> BotProcess:
    bot = BotProcess(directory, url, fake.url, input_per_minute)
    try:
        await asyncio.to_thread(fake.wait_for, "setMyCommands", timeout=120)
        # Warm up as a real bot would be: one question answered, the first pipeline pass over.
        warm = answers.expect(BURST_CHAT + 1)
        fake.push_update(message_update(f"what's new on {topics[0]}?", chat_id=BURST_CHAT + 1,
                                         user_id=BURST_CHAT + 1))
        await asyncio.wait_for(warm, ANSWER_TIMEOUT)
        for _ in range(600):  # bounded: 60 s
            if bot.passes() >= 1:
                break
            await asyncio.sleep(0.1)
    except BaseException:
        bot.stop()
        print(bot.log.read_text()[-3000:], file=sys.stderr)
        raise
    return bot


def measure_floor(fake: LimitedTelegram, count: int) -> dict[str, float]:
    """``count`` messages to ``count`` chats sent straight to the server at exactly its limit."""
    import httpx

    base = f"{fake.url}/bot{TOKEN}/sendMessage"
    latencies: list[float] = []
    with httpx.Client() as client:
        start = time.monotonic()
        for index in range(count):
            due = start + index / fake.overall_per_second
            while (left := due - time.monotonic()) > 0:
                time.sleep(left)
            # A message that meets the sliding second a hair early is refused: try again at
            # once, so the floor is the fastest the server accepts, not an idealised 59/30 s.
            for _ in range(1000):
                response = client.post(base, data={"chat_id": str(900_000 + index), "text": "floor"})
                if response.status_code != 429:
                    break
                time.sleep(0.002)
            assert response.status_code == 200, response.text
            latencies.append(time.monotonic() - start)
    return figures(latencies)
