"""Digests that know what the chat has read, through the fake Bot API: the scheduled digest and
/digest bring a story once, then only its new facts as "Update · <title>"; a digest Telegram
refused is not counted as read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from config import Settings
from news.store import Database
from news.store.chats import add_topics, ensure_chat
from news.store.schema import digest_deliveries
from tests.bot.conftest import RunningBot, article, eventually, seed_articles
from tests.helpers.fake_telegram import FakeTelegram, message_update

CHAT = 606
NOW = datetime.now(UTC)
FIRST = ("Negotiations on a Gaza ceasefire ended in Cairo without agreement on Monday. "
         "Mediators from Egypt and Qatar said the ceasefire talks would resume next week.")
SECOND = ("Gaza ceasefire negotiations in Cairo ended without agreement on Monday, mediators said. "
          "Qatar offered to host a second round of the Gaza talks in Doha.")
THIRD = ("Mediators of the Gaza ceasefire talks in Cairo proposed an exchange of 40 hostages for 300 prisoners. "
         "Qatar offered to host a second round of the Gaza talks in Doha.")


def _report(title: str, text: str, source: str, days_ago: float) -> dict[str, object]:
    return article(title, text, source=source, published=NOW - timedelta(days=days_ago))


def _refused(fake: FakeTelegram) -> list[object]:
    return [c for c in fake.calls_to("sendMessage", ok_only=False)
            if c.status != 200 and int(c.params["chat_id"]) == CHAT]


def _sent(db: Database) -> bool:
    with db.read() as conn:
        return conn.execute(select(digest_deliveries.c.state)).scalars().all() == ["sent"]


def test_scheduled_then_on_demand_digests_bring_only_new_facts_as_updates(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram, db: Database, settings: Settings,
    tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, [_report("Gaza ceasefire talks in Cairo end without a deal",
                                                   FIRST, "Wire One", 2)])
    with db.write() as conn:
        ensure_chat(conn, CHAT, default_time=time(0, 0), default_timezone="UTC", now=NOW)
        add_topics(conn, CHAT, ["gaza"], thread_id=None, now=NOW)
    bot = start_bot()
    bot.fire(f"digest:{CHAT}")
    [first] = [c.params["text"] for c in fake.wait_for("sendMessage", 1, chat_id=CHAT)]
    assert "Negotiations on a Gaza ceasefire ended in Cairo" in first and "Update ·" not in first
    eventually(lambda: _sent(db))  # delivered: what it showed is now read

    seed_articles(db, settings, tmp_path, [_report("Gaza ceasefire talks in Cairo: Doha offers a round",
                                                   SECOND, "City Desk", 1)])
    fake.push_update(message_update("/digest", chat_id=CHAT))
    second = str(fake.wait_for("sendMessage", 2, chat_id=CHAT)[1].params["text"])
    assert "<b>1. Update · Gaza ceasefire talks" in second
    assert "• Qatar offered to host a second round of the Gaza talks in Doha. [1]" in second
    assert "Negotiations" not in second and "ended without agreement" not in second
    assert "City Desk" in second and "Wire One" not in second

    # Telegram refuses the next digest (every retry): nothing of it counts as read.
    seed_articles(db, settings, tmp_path, [_report("Gaza ceasefire talks in Cairo: hostage exchange proposed",
                                                   THIRD, "Gulf Post", 0.1)])
    fake.fail_chat(CHAT, 500, "Internal Server Error", times=4)  # the bot's retry policy: 4 tries
    fake.push_update(message_update("/digest", chat_id=CHAT))
    eventually(lambda: len(_refused(fake)) == 4)
    fake.push_update(message_update("/digest", chat_id=CHAT))  # handled after the failed one
    texts = fake.wait_for("sendMessage", 4, chat_id=CHAT)  # the apology, then the digest
    third = str(texts[-1].params["text"])
    assert "Update · Gaza ceasefire talks" in third
    assert "• Mediators of the Gaza ceasefire talks in Cairo proposed an exchange of 40 hostages" in third
    assert "Qatar offered" not in third  # sent the day before: not repeated


def test_subscribe_answers_with_the_latest_story_which_the_digest_then_leaves_out(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram, db: Database, settings: Settings,
    tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, [_report("Gaza ceasefire talks in Cairo end without a deal",
                                                   FIRST, "Wire One", 1)])
    start_bot()
    fake.push_update(message_update("/subscribe gaza", chat_id=CHAT))
    [reply] = [str(c.params["text"]) for c in fake.wait_for("sendMessage", 1, chat_id=CHAT)]
    assert reply.startswith("Added: gaza.")
    assert "Here is the latest on gaza; your next digest is at 08:00." in reply
    assert "• Negotiations on a Gaza ceasefire ended in Cairo without agreement on Monday." in reply
    fake.push_update(message_update("/digest", chat_id=CHAT))
    digest = str(fake.wait_for("sendMessage", 2, chat_id=CHAT)[1].params["text"])
    assert "Nothing new on your topics" in digest and "Negotiations" not in digest
