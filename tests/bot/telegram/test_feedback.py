"""Feedback under digests through the fake Bot API: 👍 / 👎 / Why? buttons on each story, the
press stored and answered with a toast, the next digest's order changed; forged data refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.telegram.feedback import why_text
from bot.telegram.glue import CHAT_ADMIN_REFUSAL
from config import Settings
from news import StoryReason
from news.store import Database
from news.store.schema import story_feedback
from tests.bot.conftest import RunningBot, article, seed_articles
from tests.helpers.fake_telegram import FakeTelegram, callback_update, message_update

CHAT = 707
NOW = datetime.now(UTC)
FIRST = [
    article("Ceasefire talks in Cairo end without a deal",
            "Negotiations on a Gaza ceasefire ended in Cairo without agreement. Mediators said the "
            "talks would resume next week.", source="Wire One", published=NOW - timedelta(hours=5)),
    article("Harbour bridge reopens after repairs",
            "The harbour bridge reopened after two years of repairs. Traffic returned to normal by "
            "the evening.", source="City Desk", published=NOW - timedelta(hours=6)),
    article("Museum unveils restored medieval tapestry",
            "The national museum unveiled a restored medieval tapestry. Conservators spent four "
            "years cleaning the fragile wool.", source="Wire One", published=NOW - timedelta(hours=7)),
]
SECOND = [
    article("Ceasefire talks in Cairo: Qatar offers Doha round",
            "Negotiations on a Gaza ceasefire in Cairo ended without agreement. Qatar offered to host "
            "a second round of ceasefire talks in Doha.", source="Gulf Post", published=NOW - timedelta(hours=1)),
    article("Harbour bridge reopens after repairs, tolls to follow",
            "The harbour bridge reopened after two years of repairs. The city will charge a toll of "
            "2 euros from March.", source="Metro", published=NOW - timedelta(hours=2)),
    article("Museum unveils restored medieval tapestry to crowds",
            "The national museum unveiled its restored medieval tapestry. The tapestry will travel "
            "to Paris in 2027.", source="Arts Weekly", published=NOW - timedelta(hours=3)),
]


def _press(fake: FakeTelegram, data: str) -> dict[str, Any]:
    before = len(fake.calls_to("answerCallbackQuery"))
    fake.push_update(callback_update(data, chat_id=CHAT, user_id=CHAT))
    return fake.wait_for("answerCallbackQuery", before + 1)[-1].params


def _digest(fake: FakeTelegram) -> dict[str, Any]:
    before = len(fake.sent_messages(CHAT))
    fake.push_update(message_update("/digest", chat_id=CHAT, user_id=CHAT))
    fake.wait_for("sendMessage", before + 1, chat_id=CHAT)
    return fake.sent_messages(CHAT)[-1]


def _feedback_data(message: dict[str, Any]) -> list[list[str]]:
    """The callback data of the message's feedback rows (👍, 👎, Why? per story)."""
    return [[b["callback_data"] for b in row] for row in message["reply_markup"]["inline_keyboard"]
            if row[0]["callback_data"].startswith("fb:")]


def _titles(text: str) -> list[str]:
    return [line.split(". ", 1)[1].removesuffix("</b>") for line in text.splitlines()
            if line.startswith("<b>") and ". " in line and line[3].isdigit()]


def test_thumbs_and_why_under_a_digest_change_the_next_one(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram, db: Database, settings: Settings,
    tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, FIRST)
    start_bot()
    first = _digest(fake)
    assert _titles(first["text"]) == [a["title"] for a in FIRST]
    cards, *rows = first["reply_markup"]["inline_keyboard"]  # story cards first (bot.telegram.cards)
    assert [b["text"] for b in cards] == ["📖 1", "2", "3"]
    assert [[b["text"] for b in row] for row in rows] == [
        [f"👍 {n}", f"👎 {n}", f"Why? {n}"] for n in (1, 2, 3)]
    data = [[b["callback_data"] for b in row] for row in rows]
    assert all(len(d.encode()) <= 64 for row in data for d in row)

    # 👎 on the Cairo story: stored, answered with a toast.
    assert _press(fake, data[0][1])["text"] == "Noted: fewer stories like this one in your digests."
    with db.read() as conn:
        assert conn.execute(select(story_feedback.c.sign).where(story_feedback.c.chat_id == CHAT)).scalars().all() == [-1]
    why = _press(fake, data[2][2])["text"]  # the museum story: same outlet as the Cairo one
    assert why.startswith("A top story · 1 report from 1 outlet · latest 7 hours ago")
    assert "your 👎 lower it (-0.30)" in why and len(why) <= 200

    # Every story gets news; the Cairo story, newest, would lead; the 👎 sends it last.
    seed_articles(db, settings, tmp_path, SECOND)
    second = _digest(fake)
    titles = _titles(second["text"])
    assert all(t.startswith("Update · ") for t in titles)
    assert [t.split()[2] for t in titles] == ["Harbour", "Museum", "Ceasefire"]

    # Forged or stale data gets a toast and changes nothing.
    assert _press(fake, "fb:x:1")["text"] == "That button is not valid."
    assert _press(fake, "fb:u:99999999")["text"] == "That story is no longer available."
    assert _press(fake, "fb:w:1x")["text"] == "That button is not valid."

    # Reset from /settings (the command, then the button) forgets the 👎.
    fake.push_update(message_update("/settings feedback reset", chat_id=CHAT, user_id=CHAT))
    [reset] = fake.wait_for("sendMessage", 3, chat_id=CHAT)[2:]
    assert "Feedback reset" in str(reset.params["text"])
    with db.read() as conn:
        assert conn.execute(select(story_feedback)).all() == []
    assert _press(fake, "set:f:r")["text"].startswith("Feedback reset")


def test_why_fits_a_toast_however_many_topics_matched() -> None:
    reason = StoryReason(1, "Title", [f"topic number {n}" for n in range(40)], 12, 5, NOW, 0.4)
    text = why_text(reason, age="2 hours")
    assert len(text) <= 200 and text.startswith("Matched: topic number 0, topic number 1")
    assert text.endswith(" · 12 reports from 5 outlets · latest 2 hours ago · your 👍 lift it (+0.40)")
    assert why_text(StoryReason(1, "T", [], 1, 1, NOW, 0.0), age="5 minutes") == (
        "A top story · 1 report from 1 outlet · latest 5 minutes ago · no feedback on stories like it")


def test_in_a_group_thumbs_are_for_its_admins_and_why_for_everyone(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram, db: Database, settings: Settings,
    tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, FIRST[:1])
    start_bot()
    group, member, admin = -1002, 301, 302
    fake.set_member(group, admin, "administrator")

    def press(data: str, user_id: int) -> str:
        before = len(fake.calls_to("answerCallbackQuery"))
        fake.push_update(callback_update(data, chat_id=group, user_id=user_id, chat_type="supergroup"))
        return str(fake.wait_for("answerCallbackQuery", before + 1)[-1].params.get("text"))

    fake.push_update(message_update("/digest", chat_id=group, user_id=member, chat_type="supergroup"))
    [sent] = fake.wait_for("sendMessage", 1, chat_id=group)
    [(up, down, why)] = _feedback_data(sent.params)
    assert press(down, member) == CHAT_ADMIN_REFUSAL
    assert press(why, member).startswith("A top story · 1 report from 1 outlet")
    assert press(up, admin) == "Noted: more stories like this one in your digests."
    with db.read() as conn:
        assert conn.execute(select(story_feedback.c.chat_id, story_feedback.c.sign)).all() == [(group, 1)]
