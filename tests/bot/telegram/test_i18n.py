"""The bot's own words in the user's language (Telegram's language_code), English otherwise."""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.telegram.i18n import _CATALOG, DEFAULT, LANGUAGES, language_of, t, translated
from config import Settings
from news.answers.query import parse_question
from news.store import Database
from tests.bot.conftest import RunningBot, seed_articles
from tests.helpers.fake_telegram import FakeTelegram, message_update
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


def _say(fake: FakeTelegram, text: str, language_code: str | None, chat_id: int = 100) -> list[str]:
    update: dict[str, Any] = message_update(text, chat_id=chat_id, user_id=chat_id)
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
