"""The bot's own words in the user's language (Telegram's language_code), English otherwise."""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.telegram.handlers import COMMANDS
from bot.telegram.i18n import (
    _CATALOG,
    _MONTHS,
    DEFAULT,
    LANGUAGES,
    command_description,
    format_day,
    language_of,
    t,
    translated,
)
from config import Settings
from news.answers.query import parse_question
from news.store import Database
from tests.bot.conftest import RunningBot, seed_articles
from tests.helpers.fake_telegram import BOT_ID, FakeTelegram, message_update
from tests.helpers.russian_news import BAIKAL_SOURCES, METRO_TITLE, SENTENCES, rows

ASKED_FOR = {"ru", "es", "pt", "de", "fr", "it"}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_speaks_every_catalog_language_with_the_same_fields() -> None:
    assert ASKED_FOR | {DEFAULT} <= LANGUAGES
    for key, entry in _CATALOG.items():
        assert set(entry) >= ASKED_FOR, key
        assert len({frozenset(_fields(text)) for text in entry.values()}) == 1, key


@pytest.mark.parametrize(("code", "expected"), [
    ("ru", "ru"), ("pt-br", "pt"), ("de-AT", "de"), ("en-GB", "en"), ("ja", "en"), (None, "en"),
    ("", "en"),
])
def test_telegram_language_codes_map_to_the_catalog(code: str | None, expected: str) -> None:
    assert language_of(code) == expected


def test_english_keeps_the_core_s_own_notes_and_usage() -> None:
    assert translated("no_news", "en", topic="x") is None
    assert translated("question_usage", "en") is None
    assert t("help_header", "xx") == "Commands"  # an unknown code reads in English


@pytest.mark.parametrize("language", sorted(ASKED_FOR))
def test_every_example_question_is_understood_in_its_language(language: str) -> None:
    usage = translated("question_usage", language)
    assert usage is not None
    examples = re.findall(r"[«„\"]\s?([^»“\"]+?)\s?[»“\"]", usage)
    assert len(examples) >= 2, usage
    for example in examples:
        query = parse_question(example, now=datetime.now(UTC))
        assert len(query.topic.split()) == 1, (example, query.topic)  # the lead was understood


def _say(fake: FakeTelegram, text: str, language_code: str | None, chat_id: int = 100, *,
         user_id: int | None = None, **kwargs: Any) -> list[str]:
    update: dict[str, Any] = message_update(text, chat_id=chat_id, user_id=user_id or chat_id, **kwargs)
    if language_code is not None:
        update["message"]["from"]["language_code"] = language_code
    before = len(fake.sent_messages(chat_id))
    fake.push_update(update)
    fake.wait_for("sendMessage", before + 1, chat_id=chat_id)
    return [str(m["text"]) for m in fake.sent_messages(chat_id)[before:]]


def test_a_russian_user_reads_the_bot_in_russian_and_the_news_as_written(
    start_bot: Callable[[], RunningBot], fake: FakeTelegram, db: Database, bot_settings: Settings,
    tmp_path: Path,
) -> None:
    seed_articles(db, bot_settings, tmp_path, rows())
    start_bot()
    [welcome] = _say(fake, "/start", "ru")
    assert welcome.startswith("<b>Здравствуйте!") and "что нового о Байкале?" in welcome
    [help_text] = _say(fake, "/help", "ru")
    assert help_text.startswith("<b>Команды</b>") and "/new" in help_text
    answer = "\n".join(_say(fake, "что нового о Байкале?", "ru"))
    assert answer.startswith("<b>Что нового: Байкале</b>")
    assert all(source in answer for source in BAIKAL_SOURCES)  # one story, three outlets
    assert METRO_TITLE not in answer
    assert any(sentence in answer for sentence in SENTENCES)  # the article's own Russian
    [unknown] = _say(fake, "/nonsense", "ru")
    assert unknown.startswith("Я не знаю команду")


def test_users_of_other_languages_get_english(
    start_bot: Callable[[], RunningBot], fake: FakeTelegram,
) -> None:
    start_bot()
    [welcome] = _say(fake, "/start", "ja", chat_id=101)
    assert welcome.startswith("<b>Hello! I read the news for you.</b>")
    [welcome] = _say(fake, "/start", None, chat_id=102)
    assert welcome.startswith("<b>Hello!")
    [usage] = _say(fake, "/new", "pt-br", chat_id=103)
    assert usage.startswith("Uso: /new &lt;tema&gt;") and "o que há de novo sobre Gaza?" in usage


def test_a_scheduled_digest_speaks_the_language_last_heard_in_the_chat(
    start_bot: Callable[[], RunningBot], fake: FakeTelegram, db: Database, bot_settings: Settings,
    tmp_path: Path,
) -> None:
    seed_articles(db, bot_settings, tmp_path, rows())
    bot = start_bot()
    _say(fake, "/subscribe байкал", "de", chat_id=104)
    _say(fake, "/help", "ru", chat_id=104)  # the last user heard speaks Russian
    before = len(fake.sent_messages(104))
    bot.fire("digest:104")
    fake.wait_for("sendMessage", before + 1, chat_id=104)
    digest = "\n".join(str(m["text"]) for m in fake.sent_messages(104)[before:])
    assert digest.startswith("<b>Ваша сводка новостей,"), digest
    assert METRO_TITLE not in digest


_RUSSIAN_MONTHS = "|".join(_MONTHS["ru"])
RUSSIAN_HEADER = re.compile(rf"^<b>Ваша сводка новостей, \d{{1,2}} ({_RUSSIAN_MONTHS}) \d{{4}}</b>")


def _digest_after_restart(start_bot: Callable[[], RunningBot], bot: RunningBot, fake: FakeTelegram,
                          chat_id: int) -> str:
    """Stop the bot, start a new one (nothing kept in memory), fire the chat's daily job."""
    bot.stop()
    restarted = start_bot()
    before = len(fake.sent_messages(chat_id))
    restarted.fire(f"digest:{chat_id}")
    fake.wait_for("sendMessage", before + 1, chat_id=chat_id)
    return "\n".join(str(m["text"]) for m in fake.sent_messages(chat_id)[before:])


def test_a_chat_s_language_outlives_a_restart(
    start_bot: Callable[[], RunningBot], fake: FakeTelegram, db: Database, bot_settings: Settings,
    tmp_path: Path,
) -> None:
    bot = start_bot()
    _say(fake, "/subscribe байкал", "ru", chat_id=105)
    seed_articles(db, bot_settings, tmp_path, rows())  # news arrives after: the digest brings it
    digest = _digest_after_restart(start_bot, bot, fake, 105)
    assert RUSSIAN_HEADER.match(digest), digest  # the date too: "20 ноября 2026"
    assert all(source in digest for source in BAIKAL_SOURCES) and METRO_TITLE not in digest
    assert not re.search(r"\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}", digest)


def test_in_a_group_the_last_person_heard_sets_the_language_not_a_bot(
    start_bot: Callable[[], RunningBot], fake: FakeTelegram, db: Database, bot_settings: Settings,
    tmp_path: Path,
) -> None:
    group, admin, member = -700, 300, 301
    seed_articles(db, bot_settings, tmp_path, rows())
    fake.set_member(group, admin, "administrator")
    bot = start_bot()
    _say(fake, "/subscribe байкал", "de", group, user_id=admin, chat_type="group")
    _say(fake, "/help", "ru", group, user_id=member, chat_type="group")
    # An anonymous admin posts as the group: Telegram's sender is @GroupAnonymousBot, a bot
    # with no language of the chat's.
    anonymous = message_update("/sources", chat_id=group, chat_type="group", as_chat=True)
    anonymous["message"]["from"] |= {"is_bot": True, "language_code": "en"}
    before = len(fake.sent_messages(group))
    fake.push_update(anonymous)
    fake.wait_for("sendMessage", before + 1, chat_id=group)
    assert RUSSIAN_HEADER.match(_digest_after_restart(start_bot, bot, fake, group))


def test_a_channel_speaks_the_language_of_its_manager(
    start_bot: Callable[[], RunningBot], fake: FakeTelegram, db: Database, bot_settings: Settings,
    tmp_path: Path,
) -> None:
    channel, manager = -1004444, 106
    fake.add_chat(channel, "channel", "Байкал сегодня", username="baikal_today")
    fake.set_member(channel, manager, "administrator")
    fake.set_member(channel, BOT_ID, "administrator")
    fake.grant(channel, BOT_ID, can_post_messages=True)
    seed_articles(db, bot_settings, tmp_path, rows())
    bot = start_bot()
    _say(fake, "/channel add @baikal_today", "ru", manager)
    _say(fake, "/channel @baikal_today subscribe байкал", "ru", manager)
    assert RUSSIAN_HEADER.match(_digest_after_restart(start_bot, bot, fake, channel))


def test_the_menu_is_set_in_every_catalog_language_and_english_for_the_rest(
    start_bot: Callable[[], RunningBot], fake: FakeTelegram,
) -> None:
    start_bot()
    menus = {call.params.get("language_code"): call.params["commands"]
             for call in fake.calls_to("setMyCommands")}
    assert set(menus) == {None} | (LANGUAGES - {DEFAULT})  # None: everyone else
    names = [spec.name for spec in COMMANDS]
    for language, menu in menus.items():
        assert [c["command"] for c in menu] == names, language
        assert all(1 <= len(c["description"]) <= 256 for c in menu)  # Telegram's bounds
    assert [c["description"] for c in menus[None]] == [spec.description for spec in COMMANDS]
    russian = {c["command"]: c["description"] for c in menus["ru"]}
    assert russian["subscribe"] == "подписаться на темы ежедневной сводки"
    [help_text] = _say(fake, "/help", "ru", chat_id=107)
    assert "/subscribe &lt;topics&gt; — подписаться на темы ежедневной сводки" in help_text


def test_every_command_is_described_in_every_catalog_language() -> None:
    for spec in COMMANDS:
        for language in ASKED_FOR:
            described = command_description(spec.name, language, spec.description)
            assert described != spec.description, (spec.name, language)
    assert command_description("help", "ja", "list every command") == "list every command"


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "20 Nov 2026"), ("ru", "20 ноября 2026"), ("es", "20 de noviembre de 2026"),
    ("pt", "20 de novembro de 2026"), ("de", "20. November 2026"), ("fr", "20 novembre 2026"),
    ("it", "20 novembre 2026"), ("ja", "20 Nov 2026"),
])
def test_dates_read_in_the_chat_s_language(language: str, expected: str) -> None:
    assert format_day(date(2026, 11, 20), language) == expected


@pytest.mark.parametrize("language", sorted(ASKED_FOR))
def test_month_names_agree_with_cldr(language: str) -> None:
    """Where Babel is installed (it comes with trafilatura), the table says what CLDR says."""
    dates = pytest.importorskip("babel.dates")
    for month in range(1, 13):
        day = date(2026, month, 6)
        cldr = re.sub(r"\s+г\.$", "", dates.format_date(day, "long", locale=language))  # "2026 г."
        assert format_day(day, language) == cldr
