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

What both scenarios share (the database, the bot process, the answers awaited per chat, the
floor) is in bench/load_harness.py.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load_harness import (
    ANSWER_TIMEOUT,
    BURST_CHAT,
    SLOW_PAGE_SECONDS,
    TOKEN,
    Answers,
    drop_inbox_batch,
    figures,
    measure_floor,
    page_html,
    prepare,
    start_bot,
)
from bench.telegram_limits import LimitedTelegram
from tests.helpers.fake_telegram import message_update
from tests.helpers.http_server import LocalServer, Reply


async def burst(directory: Path, url: str, topics: list[str], chats: int) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    answers = Answers(loop)
    fake = LimitedTelegram(TOKEN, on_message=answers.heard)
    fake.start()
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
        "answer_seconds": figures(latencies), "floor_seconds": floor,
        "responses_429": dict(fake.refused), "refused": fake.refusals[:10], "slow_page_answer_seconds":
            round(slow_seconds, 2) if slow_seconds is not None else None,
        "bot_rss_mb": round(rss, 1),
    }


async def sustained(directory: Path, url: str, topics: list[str], chats: int,
                    duration: float, new_per_minute: int = 30) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    answers = Answers(loop)
    fake = LimitedTelegram(TOKEN, on_message=answers.heard)
    fake.start()
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
                if new_per_minute and time.monotonic() >= next_batch:
                    await asyncio.to_thread(drop_inbox_batch, directory / "inbox", number,
                                            new_per_minute)
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
        "chats": chats, "duration_seconds": duration, "new_articles_per_minute": new_per_minute,
        "answers": len(records), "answers_per_second": round(len(in_window) / duration, 2),
        "answer_seconds": figures([s for _, s in records]), "lost": lost,
        "extra_messages": answers.extra, "responses_429": dict(fake.refused),
        "slow_pages": len(slow_records), "slow_page_seconds": figures(slow_records),
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
    parser.add_argument("--new-per-minute", type=int, default=30,
                        help="sustained: articles dropped in the inbox each minute (0: none, to tell "
                             "the growth of the data from the bot's own)")
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
                    sustained(directory, url, topics, args.chats, args.duration, args.new_per_minute))
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for name, result in results.items():
        print(f"{name}: {json.dumps(result) if isinstance(result, dict) else result}")


if __name__ == "__main__":
    main()
