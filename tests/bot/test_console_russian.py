"""Russian end to end in the console chat: reports ingested, grouped, summarized, found."""

from __future__ import annotations

from pathlib import Path

from bot.console import ConsoleChat
from config import Settings
from news import NewsService
from news.store import Database
from tests.helpers.articles import seed_articles
from tests.helpers.russian_news import BAIKAL_SOURCES, BAIKAL_TITLES, METRO_TITLE, SENTENCES, rows
from tests.helpers.service import run


def test_a_russian_question_finds_the_one_story_of_three_outlets_in_russian_sentences(
    news: NewsService, db: Database, settings: Settings, tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, rows())
    chat = ConsoleChat(news)
    reply = run(chat.handle("что нового о Байкале?"))
    assert METRO_TITLE not in reply  # "что", "нового", "о" match nothing by themselves
    assert sum(title in reply for title in BAIKAL_TITLES) >= 1
    assert all(source in reply for source in BAIKAL_SOURCES)  # one story across outlets
    answer = run(news.ask("что нового о Байкале?"))
    [story] = answer.stories
    assert {a.source for a in story.articles} == BAIKAL_SOURCES
    assert story.summary and all(s.text in SENTENCES for s in story.summary)  # whole sentences
    assert all(s.text in reply for s in story.summary)


def test_the_metro_story_is_found_by_an_inflected_form_with_its_abbreviations_whole(
    news: NewsService, db: Database, settings: Settings, tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, rows())
    answer = run(news.ask("что нового по метро за неделю"))
    [story] = answer.stories
    assert story.title in {METRO_TITLE, "Новая станция метро открылась на юге Москвы"}
    # "ул. Профсоюзной" and "12 млрд руб." stay inside their sentences: split as Russian.
    assert all(s.text in SENTENCES for s in story.summary)
    assert any("ул. Профсоюзной" in s.text for s in story.summary)
    reply = run(ConsoleChat(news).handle("что нового по метро за неделю"))
    assert "Байкал" not in reply
