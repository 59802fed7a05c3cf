"""Features in other languages: words of any script, numbers in any digits, per-language rules."""

from __future__ import annotations

from datetime import timedelta

import pytest

from news.stories.cluster import Clusterer
from news.stories.features import article_features, term_id
from news.stories.languages import detect_language, normaliser, number_key
from tests.news.stories.corpus import BASE, RUSSIAN_EVENTS


def _flat_idf(_term: int) -> float:
    return 1.0


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("ru", "Президент заявил, что переговоры продолжатся, но стороны пока не договорились."),
        ("es", "El presidente del Gobierno anunció este lunes que las elecciones se celebrarán en julio."),
        ("de", "Der Bundeskanzler hat am Montag angekündigt, dass die Wahl im Juli stattfindet."),
        ("fr", "Le président a annoncé lundi que les élections auront lieu en juillet et non en automne."),
        ("tr", "Cumhurbaşkanı, seçimlerin mayıs ayında yapılacağını ve bu kararın bir daha "
               "değişmeyeceğini söyledi; muhalefet ise için erken seçim istiyor."),
        ("fa", "رئیس جمهور روز دوشنبه اعلام کرد که انتخابات در ماه آینده برگزار خواهد شد و این"),
        ("nl", "De premier heeft maandag gezegd dat de verkiezingen in juli zullen worden gehouden."),
        ("pl", "Premier powiedział w poniedziałek, że wybory odbędą się w lipcu, a nie jesienią."),
        ("en", "The prime minister said on Monday that the election would be held in July."),
    ],
)
def test_language_is_detected_from_function_words(code: str, text: str) -> None:
    assert detect_language(text) == code


def test_every_language_clustering_stems_is_one_the_identifier_keeps() -> None:
    from news.stories.languages import _CODES
    from summarizers.detection import IDENTIFIED

    assert IDENTIFIED >= _CODES


def test_a_short_cyrillic_headline_is_taken_as_russian() -> None:
    assert detect_language("Землетрясение магнитудой 7,1 у берегов Камчатки") == "ru"


def test_russian_word_forms_meet_and_russian_names_are_entities() -> None:
    forms = {normaliser("ru")(w) for w in ("Камчатки", "Камчатке", "Камчатку")}
    assert len(forms) == 1
    features = article_features("", RUSSIAN_EVENTS["quake"][0])
    assert term_id("e:" + forms.pop()) in features.entities
    assert term_id("n:7.1") in features.entities  # "7,1" with a decimal comma
    assert term_id("и") not in features.terms  # a Russian stop word, rare in an English corpus


def test_the_english_plural_rule_leaves_other_languages_alone() -> None:
    # German "Verhandlungs" is a compound stem, not a plural: the English rule would cut it.
    german = article_features("", "Die Verhandlungs runde der Minister in Berlin ist am Montag gescheitert.")
    assert term_id("verhandlung") not in german.terms
    assert term_id(str(normaliser("de")("Verhandlungs"))) in german.terms
    english = article_features("", "The talks on the budget went on. Two talks failed.")
    assert term_id("talk") in english.terms


def test_numbers_meet_across_digits_and_decimal_conventions() -> None:
    assert number_key("٧٫١") == number_key("7,1") == number_key("7.1") == "7.1"
    assert number_key("26,000") == number_key("26.000") == "26000"
    persian = article_features("", "در این حادثه ۱۴ نفر کشته شدند و ۲۵ نفر زخمی شدند.")
    assert term_id("n:14") in persian.entities and term_id("n:25") in persian.entities
    assert len(persian.terms) >= 3  # Arabic-script words are words, not skipped


def test_russian_reports_of_one_event_group_and_two_moscow_stories_stay_apart() -> None:
    clusterer = Clusterer(_flat_idf, window=timedelta(hours=72))
    keys: dict[tuple[str, int], int] = {}
    for hour, (event, outlet) in enumerate(
        (e, o) for o in range(3) for e in RUSSIAN_EVENTS  # outlets interleaved in time
    ):
        features = article_features("", RUSSIAN_EVENTS[event][outlet])
        keys[(event, outlet)] = clusterer.assign(hour, features, BASE + timedelta(hours=hour))
    final = {k: clusterer.resolve(v) for k, v in keys.items()}
    for event in RUSSIAN_EVENTS:
        assert len({final[(event, o)] for o in range(3)}) == 1, event
    assert len(set(final.values())) == len(RUSSIAN_EVENTS)
