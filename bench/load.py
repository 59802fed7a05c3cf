"""Load benchmark of the Telegram bot: one slow page never makes other chats wait (issue 12).

    .venv/bin/python bench/load.py                          # both scenarios, 180 s sustained
    .venv/bin/python bench/load.py --scenario burst
    .venv/bin/python bench/load.py --scenario sustained --duration 300 --json

The bot runs as it does in production, ``newsbrief run`` in its own process (so its RSS is its
own), against the tests' fake Bot API with Telegram's limits (bench/telegram_limits.py: 30
messages/s overall, 1/s per chat, 429 + retry_after beyond) and pages from the tests' local
HTTP server; every byte stays on 127.0.0.1. The database holds 1,000 articles built from
../shared/data by bench/corpus.py (read by path), dated up to now.

burst      one chat asks for a page that takes 15 s; once the bot is fetching it, 60 other chats
           ask "what's new on X?" at the same moment. Reported: p50/p95/max answer time, 429s,
           unanswered chats, and the floor: the same 60 messages sent straight to the server at
           exactly its limit (30/s), measured in the same run.
sustained  50 chats each ask again 2-4 s after their last answer, for --duration seconds; one
           more chat asks for a 15-s page every 30 s; new articles land in the inbox every
           minute for the pipeline pass that runs every minute. Reported: answers/s, p50/p95/max,
           lost questions, 429s, pipeline passes, and the bot's RSS over time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.telegram_limits import LimitedTelegram
from tests.helpers.fake_telegram import message_update
from tests.helpers.http_server import LocalServer, Reply

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
SLOW_PAGE_SECONDS = 15.0
ANSWER_TIMEOUT = 60.0  # an answer later than this counts as lost
BURST_CHAT = 10_000  # the chat with the slow page; others count up from 1


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))] if ordered else float("nan")


def _figures(latencies: list[float]) -> dict[str, float]:
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
    return _figures(latencies)


async def burst(directory: Path, url: str, topics: list[str], chats: int) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    answers = Answers(loop)
    fake = LimitedTelegram(TOKEN, on_message=answers.heard).start()
    fetching = threading.Event()

    def slow_page() -> Reply:
        fetching.set()
        return Reply(body=html, delay=SLOW_PAGE_SECONDS)

    html = page_html()
    with LocalServer() as pages:
        page_url = pages.route("/slow-article", slow_page)
        try:
            floor = await asyncio.to_thread(measure_floor, fake, chats)
            fake.refused.clear()
            fake.refusals.clear()
            bot = await start_bot(directory, url, fake, answers, topics)
            try:
                slow = answers.expect(BURST_CHAT)
                slow_pushed = time.monotonic()
                fake.push_update(message_update(f"/summarize {page_url}", chat_id=BURST_CHAT, user_id=BURST_CHAT))
                if not await asyncio.to_thread(fetching.wait, 60):
                    raise RuntimeError("the bot never fetched the slow page")
                waiting = {chat: answers.expect(chat) for chat in range(1, chats + 1)}
                start = time.monotonic()
                for chat in waiting:
                    fake.push_update(message_update(f"what's new on {topics[chat % len(topics)]}?",
                                                 chat_id=chat, user_id=chat))
                done, _ = await asyncio.wait(waiting.values(), timeout=ANSWER_TIMEOUT)
                latencies = [f.result() - start for f in done]
                slow_done, _ = await asyncio.wait([slow], timeout=ANSWER_TIMEOUT)
                slow_seconds = slow.result() - slow_pushed if slow_done else None
                rss = bot.rss_mb()
            finally:
                bot.stop()
        finally:
            fake.stop()
    return {
        "chats": chats, "answered": len(latencies), "unanswered": chats - len(latencies),
        "answer_seconds": _figures(latencies), "floor_seconds": floor,
        "responses_429": dict(fake.refused), "refused": fake.refusals[:10], "slow_page_answer_seconds":
            round(slow_seconds, 2) if slow_seconds is not None else None,
        "bot_rss_mb": round(rss, 1),
    }


async def sustained(directory: Path, url: str, topics: list[str], chats: int,
                    duration: float) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    answers = Answers(loop)
    fake = LimitedTelegram(TOKEN, on_message=answers.heard).start()
    html = page_html()
    slow_chat = BURST_CHAT
    with LocalServer() as pages:
        try:
            bot = await start_bot(directory, url, fake, answers, topics, input_per_minute=60)
        except BaseException:
            fake.stop()
            raise
        records: list[tuple[float, float]] = []  # (answered at, seconds) for the fast chats
        slow_records: list[float] = []
        lost = 0
        start = time.monotonic()
        end = start + duration
        rss: list[tuple[float, float]] = [(0.0, bot.rss_mb())]

        async def chat(chat_id: int) -> None:
            nonlocal lost
            rng = random.Random(chat_id)
            await asyncio.sleep(rng.uniform(0, 3))  # chats start spread, as people do
            while time.monotonic() < end:
                answered = answers.expect(chat_id)
                pushed = time.monotonic()
                topic = topics[rng.randrange(len(topics))]
                fake.push_update(message_update(f"what's new on {topic}?", chat_id=chat_id, user_id=chat_id))
                try:
                    at = await asyncio.wait_for(answered, ANSWER_TIMEOUT)
                except TimeoutError:
                    lost += 1
                    continue
                records.append((at, at - pushed))
                await asyncio.sleep(rng.uniform(2, 4))

        async def slow_asker() -> None:
            nonlocal lost
            number = 0
            while time.monotonic() < end:
                number += 1
                path = f"/slow-{number}"
                pages.route(path, Reply(body=html, delay=SLOW_PAGE_SECONDS))
                answered = answers.expect(slow_chat)
                pushed = time.monotonic()
                fake.push_update(message_update(f"/summarize {pages.url(path)}", chat_id=slow_chat,
                                                 user_id=slow_chat))
                try:
                    at = await asyncio.wait_for(answered, ANSWER_TIMEOUT)
                    slow_records.append(at - pushed)
                except TimeoutError:
                    lost += 1
                await asyncio.sleep(max(0.0, pushed + 30 - time.monotonic()))

        async def inbox_and_memory() -> None:
            number = 0
            next_batch = start
            while time.monotonic() < end:
                if time.monotonic() >= next_batch:
                    await asyncio.to_thread(drop_inbox_batch, directory / "inbox", number)
                    number += 1
                    next_batch += 60
                await asyncio.sleep(5)
                rss.append((time.monotonic() - start, bot.rss_mb()))

        try:
            await asyncio.gather(slow_asker(), inbox_and_memory(),
                                 *(chat(1 + index) for index in range(chats)))
            passes = bot.passes()
            refused_input = bot.count("over the input limit")
            errors = bot.count(" ERROR ")
        finally:
            bot.stop()
            fake.stop()
    in_window = [seconds for at, seconds in records if at <= end]
    half = [mb for t, mb in rss if t >= duration / 2]
    return {
        "chats": chats, "duration_seconds": duration,
        "answers": len(records), "answers_per_second": round(len(in_window) / duration, 2),
        "answer_seconds": _figures([s for _, s in records]), "lost": lost,
        "extra_messages": answers.extra, "responses_429": dict(fake.refused),
        "slow_pages": len(slow_records), "slow_page_seconds": _figures(slow_records),
        "pipeline_passes": passes, "input_limit_refusals": refused_input, "bot_errors_logged": errors,
        "rss_mb": {"start": round(rss[0][1], 1), "at_half": round(half[0], 1) if half else None,
                   "end": round(rss[-1][1], 1), "max": round(max(mb for _, mb in rss), 1),
                   "second_half_range": round(max(half) - min(half), 1) if half else None},
        "rss_series": [(round(t), round(mb, 1)) for t, mb in rss],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=["burst", "sustained", "both"], default="both")
    parser.add_argument("--burst-chats", type=int, default=60)
    parser.add_argument("--chats", type=int, default=50, help="sustained: chats asking in turn")
    parser.add_argument("--duration", type=float, default=180.0, help="sustained: seconds")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="newsbrief-load-") as tmp:
        directory = Path(tmp)
        prepared = time.monotonic()
        url, topics = prepare(directory, args.articles)
        results["prepare_seconds"] = round(time.monotonic() - prepared, 1)
        database = Path(url.removeprefix("sqlite:///"))
        snapshot = directory / "pristine.db"
        shutil.copy(database, snapshot)
        for scenario in ("burst", "sustained"):
            if args.scenario not in (scenario, "both"):
                continue
            shutil.copy(snapshot, database)  # each scenario starts from the same 1,000 articles
            for stale in directory.glob("load.db-*"):
                stale.unlink()
            for leftover in (directory / "inbox").glob("*"):
                leftover.unlink()
            if scenario == "burst":
                results["burst"] = asyncio.run(burst(directory, url, topics, args.burst_chats))
            else:
                results["sustained"] = asyncio.run(
                    sustained(directory, url, topics, args.chats, args.duration))
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for name, figures in results.items():
        print(f"{name}: {json.dumps(figures) if isinstance(figures, dict) else figures}")


if __name__ == "__main__":
    main()
