"""Questions in other languages, and inflected words in other scripts, find their stories."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from config import Settings
from news import ChatRef, NewsService
from news.answers.digest import TopicMatcher, story_stems
from news.answers.matching import search_terms, stems, stems_meet
from news.answers.query import parse_question
from news.models import ArticleRef, Story, StorySentence
from news.store import Database
from tests.helpers.articles import article, seed_articles
from tests.helpers.service import run

NOW = datetime(2026, 11, 18, 15, 30, tzinfo=UTC)

QUESTIONS = [
    ("что нового о Байкале?", "Байкале", None),
    ("что нового по Украине за неделю", "Украине", "the past week"),
    ("Какие новости о выборах сегодня?", "выборах", "today"),
    ("новости Байкал за последние 3 дня", "Байкал", "the last 3 days"),
    ("що нового про Київ", "Київ", None),
    ("o que há de novo sobre Lula?", "Lula", None),
    ("qué hay de nuevo sobre Gaza esta semana", "Gaza", "this week"),
    ("was gibt es Neues zu Scholz seit Montag?", "Scholz", "since Monday"),
    ("quoi de neuf sur Macron aujourd'hui", "Macron", "today"),
    ("cosa c'è di nuovo su Meloni", "Meloni", None),
    ("Erdoğan hakkında ne var ne yok", "Erdoğan", None),
    ("wat is er nieuw over Rutte", "Rutte", None),
    ("co nowego w sprawie Tuska", "Tuska", None),
    ("از ایران چه خبر؟", "ایران", None),
    ("ما الجديد عن غزة", "غزة", None),
    # Czech, Slovak, Swedish and Hebrew: each lead of news/answers/phrases.py, with a period.
    ("co je nového o Babišovi?", "Babišovi", None),
    ("co je nového v Praze dnes", "Praze", "today"),
    ("zprávy o Fialovi tento týden", "Fialovi", "this week"),
    ("novinky z Brna včera", "Brna", "since yesterday"),
    ("čo je nové o Ficovi?", "Ficovi", None),
    ("čo je nové v Bratislave tento týždeň", "Bratislave", "this week"),
    ("správy o Tatrách dnes", "Tatrách", "today"),
    ("novinky z Košíc tento mesiac", "Košíc", "this month"),
    ("vad är nytt om Kristersson?", "Kristersson", None),
    ("vad är nytt i Göteborg idag", "Göteborg", "today"),
    ("nyheter om Nato den här veckan", "Nato", "this week"),
    ("senaste nytt från Malmö i går", "Malmö", "since yesterday"),
    ("מה חדש עם נתניהו?", "נתניהו", None),
    ("מה חדש על ירושלים היום", "ירושלים", "today"),
    ("חדשות על עזה השבוע", "עזה", "this week"),
    ("חדשות על אילת החודש", "אילת", "this month"),
]


@pytest.mark.parametrize(("question", "topic", "period"), QUESTIONS)
def test_everyday_questions_in_each_language(question: str, topic: str, period: str | None) -> None:
    query = parse_question(question, now=NOW)
    assert (query.topic, query.period_label) == (topic, period)


@pytest.mark.parametrize("question", ["что нового?", "o que há de novo?", "quoi de neuf ?", "co je nového?",
                                      "čo je nové?", "vad är nytt?", "מה חדש?"])
def test_a_foreign_question_without_a_topic_is_refused(question: str) -> None:
    from news import QueryError

    with pytest.raises(QueryError, match="What topic"):
        parse_question(question, now=NOW)


@pytest.mark.parametrize(("a", "b"), [
    ("Байкал", "Байкале"), ("Байкал", "Байкалом"), ("Москва", "Москве"), ("Украина", "Украины"),
    ("выборы", "выборах"),
])
def test_inflected_forms_outside_latin_script_meet(a: str, b: str) -> None:
    (sa,), (sb,) = stems(a), stems(b)
    assert stems_meet(sa, sb)


def test_different_words_and_latin_stems_do_not_meet_by_prefix() -> None:
    assert not stems_meet(*stems("Москва"), *stems("Мос"))  # too short to be the same word
    assert not stems_meet("elect", "electr")  # Latin script: Porter already folded the forms
    [term] = search_terms("Байкале")
    assert term.prefix and "байкал".startswith(term.text)


def test_digest_topics_match_inflected_russian_words() -> None:
    ref = ArticleRef(1, None, "t", None, "s", NOW)
    story = Story(1, "Пожар на Байкале", (ref,), (StorySentence(1, "Огонь подошёл к берегу озера."),), NOW, NOW)
    assert TopicMatcher.from_topics(["байкал"]).matches(story_stems(story))
    assert not TopicMatcher.from_topics(["москва"]).matches(story_stems(story))


RUSSIAN = [
    article("Пожар на Байкале: огонь подошёл к заповеднику",
            "Лесной пожар на берегу Байкала подошёл к границе заповедника во вторник. Спасатели "
            "МЧС перебросили к озеру два самолёта. Жителей соседних посёлков попросили быть готовыми "
            "к эвакуации.", source="Вести", published=NOW - timedelta(hours=4)),
    article("Байкальский пожар: к тушению привлекли авиацию",
            "К тушению пожара у Байкала привлекли два самолёта Бе-200, сообщили в МЧС. Огонь "
            "подошёл к заповеднику на берегу озера. Эвакуация посёлков пока не объявлена.",
            source="Коммерсант", published=NOW - timedelta(hours=3)),
    article("В Москве открыли новую станцию метро",
            "В Москве во вторник открыли новую станцию метро на юге города. Мэр пообещал ещё три "
            "станции до конца года. Пассажиры оценили новые вагоны.", source="Вести",
            published=NOW - timedelta(hours=2)),
]


def test_a_russian_question_finds_the_russian_story_and_only_it(
    db: Database, settings: Settings, tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, RUSSIAN)
    news = NewsService(settings, db, clock=lambda: NOW)
    answer = run(news.ask("что нового о Байкале?", chat=ChatRef(1)))
    assert len(answer.stories) == 1
    story = answer.stories[0]
    assert {a.source for a in story.articles} == {"Вести", "Коммерсант"}  # one story, two outlets
    assert all(s.text in " ".join(a["text"] for a in RUSSIAN[:2]) for s in story.summary)
    assert [s.title for s in run(news.ask("новости о Москве")).stories] == ["В Москве открыли новую станцию метро"]
