"""Inline mode through the real python-telegram-bot stack: @bot <topic> offers story cards."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.telegram.inline import CACHE_SECONDS, MAX_RESULTS, InlineCache
from config import Settings
from news.store import Database
from tests.bot.conftest import RunningBot, article, seed_articles
from tests.helpers.fake_telegram import FakeTelegram, inline_update

GAZA = [
    article("Ceasefire talks in Cairo end without a deal",
            "Negotiations on a ceasefire in Gaza have ended in Cairo without agreement. "
            "Mediators from Egypt and Qatar said talks would resume next week. "
            "Both sides blamed each other for the impasse over hostages.", source="Wire One"),
    article("Gaza truce talks stall as both sides trade blame",
            "Truce talks over Gaza stalled in Cairo on Sunday. "
            "Negotiators said any agreement must end the offensive in Gaza. "
            "Israel said it cannot accept that demand and will continue operations.", source="Daily Two"),
]
LIGHTHOUSE = article("Lighthouse at Cape Vale restored",
                     "The lighthouse at Cape Vale was restored after two years of work. "
                     "Engineers replaced the lamp and repaired the stone stairs. "
                     "The harbour council paid for the restoration.", source="Coast News")
RAFAH = article("Aid convoys wait at the Rafah crossing into Gaza",
                "Aid convoys for Gaza waited at the Rafah crossing for a second day. "
                "Drivers said trucks carrying flour and medicine could not pass. "
                "Relief agencies warned that food in Gaza is running out.", source="Herald Three",
                published=datetime.now(UTC) + timedelta(minutes=1))


def _answers(fake: FakeTelegram, count: int) -> list[dict[str, Any]]:
    return [call.params for call in fake.wait_for("answerInlineQuery", count)]


def test_a_topic_offers_story_cards_and_an_empty_query_the_top_stories(
    start_bot: Callable[[], RunningBot], fake: FakeTelegram, db: Database, settings: Settings, tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, [*GAZA, LIGHTHOUSE])
    start_bot()

    fake.push_update(inline_update("gaza"))
    [answer] = _answers(fake, 1)
    fake.push_update(inline_update(""))
    top = _answers(fake, 2)[1]

    results = answer["results"]
    assert int(answer["cache_time"]) == CACHE_SECONDS
    assert 1 <= len(results) <= MAX_RESULTS
    first = results[0]
    assert first["type"] == "article" and "Gaza" in first["title"] + first["description"]
    assert first["description"].count(".") <= 3  # two sentences, not the article
    card = first["input_message_content"]
    assert card["parse_mode"] == "HTML" and len(card["message_text"]) <= 4096
    assert "Cairo" in card["message_text"] and "<b>" in card["message_text"]
    assert all("Lighthouse" not in r["title"] for r in results)
    assert {r["title"] for r in top["results"]} >= {"Lighthouse at Cape Vale restored"}
    assert len({r["id"] for r in top["results"]}) == len(top["results"])


def test_results_are_cached_for_a_minute(
    start_bot: Callable[[], RunningBot], fake: FakeTelegram, db: Database, settings: Settings, tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, GAZA)
    bot = start_bot()
    now = [1000.0]
    bot.app.bot_data["inline_cache"] = InlineCache(clock=lambda: now[0])

    fake.push_update(inline_update("gaza"))
    first = _answers(fake, 1)[0]["results"]
    seed_articles(db, settings, tmp_path, [RAFAH])  # new coverage arrives meanwhile
    now[0] += CACHE_SECONDS - 1
    fake.push_update(inline_update("  GAZA "))  # the same query, typed differently
    cached = _answers(fake, 2)[1]["results"]
    now[0] += 2
    fake.push_update(inline_update("gaza"))
    fresh = _answers(fake, 3)[2]["results"]

    assert cached == first
    assert any("Rafah" in r["title"] for r in fresh) and not any("Rafah" in r["title"] for r in first)


def test_a_query_without_a_topic_offers_nothing(
    start_bot: Callable[[], RunningBot], fake: FakeTelegram,
) -> None:
    start_bot()
    fake.push_update(inline_update("this week"))
    [answer] = _answers(fake, 1)
    assert answer["results"] == []


def test_the_cache_keeps_a_bounded_number_of_queries() -> None:
    now = [0.0]
    cache = InlineCache(clock=lambda: now[0], max_entries=2)
    cache.put("a", [])
    cache.put("b", [])
    cache.put("c", [])
    assert cache.get("a") is None and cache.get("b") == [] and cache.get("C ") == []
    now[0] += CACHE_SECONDS
    assert cache.get("b") is None
