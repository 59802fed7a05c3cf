"""/channel through the real python-telegram-bot stack: channels, groups and forum topics run
from a private chat, with Telegram (getChat, getChatMember) deciding who may."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.telegram.permissions import AdminCache
from config import Settings
from news.store import Database
from news.store.chats import get_chat
from tests.bot.conftest import RunningBot, article, seed_articles
from tests.helpers.fake_telegram import BOT_ID, FakeTelegram, message_update

ADA, BOB = 100, 200  # Ada administers the channel, Bob does not
CHANNEL, GROUP, FORUM = -1001111, -1002222, -1003333
LIGHTHOUSE = [article("Lighthouse at Cape Vale restored",
                      "The lighthouse at Cape Vale was restored after two years of work. "
                      "Engineers replaced the lamp and repaired the stone stairs.", source="Coast News")]


@pytest.fixture
def chats(fake: FakeTelegram) -> FakeTelegram:
    fake.add_chat(CHANNEL, "channel", "Harbour News", username="harbour_news")
    fake.add_chat(GROUP, "supergroup", "Harbour Club", username="harbour_club")
    fake.add_chat(FORUM, "supergroup", "Harbour Forum", username="harbour_forum", is_forum=True)
    fake.add_chat(ADA, "private", "Ada", username="ada_lovelace")
    for chat in (CHANNEL, GROUP, FORUM):
        fake.set_member(chat, ADA, "administrator")
    fake.set_member(CHANNEL, BOT_ID, "administrator")
    fake.grant(CHANNEL, BOT_ID, can_post_messages=True)
    fake.set_member(FORUM, BOT_ID, "member")
    fake.set_member(GROUP, BOT_ID, "left")
    return fake


def _say(fake: FakeTelegram, text: str, *, user: int = ADA, **kwargs: Any) -> str:
    """A message from ``user`` in their private chat (or ``chat_id``); the bot's one reply."""
    chat_id = int(kwargs.pop("chat_id", user))
    before = len(fake.sent_messages(chat_id))
    fake.push_update(message_update(text, chat_id=chat_id, user_id=user, **kwargs))
    fake.wait_for("sendMessage", before + 1, chat_id=chat_id)
    return html.unescape(str(fake.sent_messages(chat_id)[before]["text"]))


def test_an_admin_adds_a_channel_sets_it_up_and_posts_its_digest(
    start_bot: Callable[[], RunningBot], chats: FakeTelegram, db: Database, settings: Settings, tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, LIGHTHOUSE)
    start_bot()

    added = _say(chats, "/channel add @harbour_news")
    subscribed = _say(chats, "/channel @harbour_news subscribe lighthouse")
    timed = _say(chats, "/channel @harbour_news settings time 07:00")
    listed = _say(chats, "/channel list")
    posted = _say(chats, "/channel @harbour_news digest")

    assert added.startswith("Added @harbour_news.")
    assert "lighthouse" in subscribed and "07:00" in timed
    assert "@harbour_news: lighthouse; daily at 07:00" in listed
    assert posted == "Posted the digest in @harbour_news (1 story)."
    [digest] = chats.sent_messages(CHANNEL)
    assert "Lighthouse at Cape Vale restored" in str(digest["text"])
    with db.read() as conn:
        channel = get_chat(conn, CHANNEL)
    assert channel is not None and channel.topics == ["lighthouse"] and channel.digest_enabled


def test_the_scheduled_digest_reaches_the_channel(
    start_bot: Callable[[], RunningBot], chats: FakeTelegram, db: Database, settings: Settings, tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, LIGHTHOUSE)
    bot = start_bot()
    _say(chats, "/channel add @harbour_news")
    _say(chats, "/channel @harbour_news subscribe lighthouse")

    bot.fire(f"digest:{CHANNEL}")
    [digest] = chats.wait_for("sendMessage", chat_id=CHANNEL)

    assert "Lighthouse at Cape Vale restored" in str(digest.params["text"])


def test_anyone_else_is_refused_politely_and_nothing_is_posted(
    start_bot: Callable[[], RunningBot], chats: FakeTelegram,
) -> None:
    start_bot()

    refused = _say(chats, "/channel add @harbour_news", user=BOB)
    _say(chats, "/channel add @harbour_news")  # Ada's: Bob's commands still do not reach it
    not_his = _say(chats, "/channel @harbour_news digest", user=BOB)
    in_group = _say(chats, "/channel list", chat_id=GROUP, chat_type="supergroup")

    assert refused == "Sorry, only administrators of @harbour_news can set up or change its digest."
    assert not_his == "You haven't added @harbour_news yet: /channel add @harbour_news"
    assert in_group.startswith("Set up channels in a private chat with me")
    assert chats.sent_messages(CHANNEL) == []


def test_the_bot_must_be_allowed_to_post_and_the_chat_must_exist(
    start_bot: Callable[[], RunningBot], chats: FakeTelegram,
) -> None:
    chats.grant(CHANNEL, BOT_ID, can_post_messages=False)
    start_bot()

    cannot = _say(chats, "/channel add @harbour_news")
    group = _say(chats, "/channel add @harbour_club")  # the bot is not in the group
    unknown = _say(chats, "/channel add @no_such_channel")
    person = _say(chats, "/channel add @ada_lovelace")
    usage = _say(chats, "/channel frobnicate")

    assert cannot.startswith("I can't post in @harbour_news yet: make me an administrator")
    assert group.startswith("I can't post in @harbour_club yet: add me to the group")
    assert unknown.startswith("I can't find @no_such_channel.")
    assert person == "@ada_lovelace is a person, not a channel or group."
    assert usage.startswith("Usage: /channel add @name")


def test_a_forum_topic_gets_the_digest_in_its_thread(
    start_bot: Callable[[], RunningBot], chats: FakeTelegram, db: Database, settings: Settings, tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, LIGHTHOUSE)
    start_bot()

    no_topics = _say(chats, "/channel add @harbour_club/7")
    added = _say(chats, "/channel add t.me/harbour_forum/42")
    _say(chats, "/channel @harbour_forum digest")

    assert no_topics == "@harbour_club has no topics; leave out the /7 part."
    assert added.startswith("Added @harbour_forum.")
    [digest] = chats.sent_messages(FORUM)
    assert int(digest["message_thread_id"]) == 42


def test_an_admin_who_lost_the_role_can_no_longer_change_the_channel(
    start_bot: Callable[[], RunningBot], chats: FakeTelegram,
) -> None:
    bot = start_bot()
    now = [0.0]
    bot.app.bot_data["chat_admins"] = AdminCache(clock=lambda: now[0])
    _say(chats, "/channel add @harbour_news")

    chats.set_member(CHANNEL, ADA, "member")  # demoted in Telegram
    now[0] += 301  # past the cache of Telegram's earlier answer
    refused = _say(chats, "/channel @harbour_news subscribe gaza")
    removed = _say(chats, "/channel remove @harbour_news")  # letting go needs no rights

    assert refused == "Sorry, only administrators of @harbour_news can set up or change its digest."
    assert removed == "Removed @harbour_news. Its daily digest is off."
    assert chats.sent_messages(CHANNEL) == []


def test_a_refused_post_is_reported_and_not_counted_as_read(
    start_bot: Callable[[], RunningBot], chats: FakeTelegram, db: Database, settings: Settings, tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, LIGHTHOUSE)
    start_bot()
    _say(chats, "/channel add @harbour_news")
    _say(chats, "/channel @harbour_news subscribe lighthouse")

    chats.block_chat(CHANNEL)  # e.g. the bot's rights were taken away meanwhile
    failed = _say(chats, "/channel @harbour_news digest")
    chats.unblock_chat(CHANNEL)
    posted = _say(chats, "/channel @harbour_news digest")

    assert failed == "I couldn't post in @harbour_news: check that I may still post there, then try again."
    assert posted == "Posted the digest in @harbour_news (1 story)."  # the story was not marked read
