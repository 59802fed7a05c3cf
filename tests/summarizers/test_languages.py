"""Supported languages really work offline; detection picks the obvious language."""

from __future__ import annotations

import warnings

import pytest
from boundaries_en import ENGLISH
from boundaries_north import NORTH
from boundaries_romance import ROMANCE
from boundaries_scripts import SCRIPTS
from summarizer_samples import FRENCH, GERMAN, SPANISH

from summarizers import (
    METHODS,
    UnsupportedLanguageError,
    detect_language,
    split_sentences,
    summarize,
    supported_languages,
)
from summarizers.detection import IDENTIFIED, by_model, by_stop_words, identify_code
from summarizers.languages import (
    iso_code,
    language_for_code,
    normalize_language,
    stemmer_for,
    stop_words_for,
)


@pytest.mark.parametrize("language", supported_languages())
def test_stemmer_and_stop_words_work_offline(language: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert stemmer_for(language)("testing") == stemmer_for(language)("testing")
        assert len(stop_words_for(language)) > 50


@pytest.mark.parametrize("excluded", ["chinese", "japanese", "korean", "thai", "greek"])
def test_languages_needing_extra_packages_are_excluded(excluded: str) -> None:
    with pytest.raises(UnsupportedLanguageError):
        normalize_language(excluded)


def test_codes_and_case() -> None:
    assert normalize_language("DE") == "german"
    assert normalize_language(" English ") == "english"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GERMAN, "german"),
        (FRENCH, "french"),
        (SPANISH, "spanish"),
        ("The talks ended without a deal, and both sides blamed each other.", "english"),
        ("", "english"),
        ("12345 !!!", "english"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_the_languages_issue_14_asked_for_are_supported() -> None:
    assert {"russian", "turkish", "persian", "dutch", "polish"} <= set(supported_languages())
    assert normalize_language("ru") == "russian" and normalize_language("fas") == "persian"
    assert iso_code("dutch") == "nl"
    assert language_for_code("pt-BR") == "portuguese"
    assert language_for_code("ja") is None


@pytest.mark.parametrize(
    ("language", "forms"),
    [
        ("russian", ["Москвы", "Москве", "Москву"]),
        ("turkish", ["bakanlığı", "bakanlık"]),
        ("persian", ["دانشجویان", "دانشجو"]),  # plural suffix -ان
        ("dutch", ["verkiezingen", "verkiezing"]),
        ("polish", ["Warszawie", "Warszawy"]),
    ],
)
def test_new_languages_stem_word_forms_together(language: str, forms: list[str]) -> None:
    stem = stemmer_for(language)
    assert len({stem(form) for form in forms}) == 1


def test_persian_headline_is_persian_not_arabic() -> None:
    assert detect_language("آتش‌سوزی در جنگل‌های شمال مهار شد") == "persian"


def test_russian_uses_our_stop_words_not_sumys() -> None:
    stops = stop_words_for("russian")
    assert {"что", "и", "в", "все"} <= stops  # "всё" folded to "все"
    assert "байкал" not in stops


def test_russian_is_split_and_summarized_with_its_own_words() -> None:
    text = ("Лесной пожар на Байкале подошёл к заповеднику в 2024 г. Он охватил 300 га. "
            "Спасатели МЧС перебросили к озеру два самолёта. Жителей посёлков попросили "
            "быть готовыми к эвакуации. Огонь удалось остановить к утру.")
    sentences = split_sentences(text, language="russian")
    assert sentences[0] == "Лесной пожар на Байкале подошёл к заповеднику в 2024 г."
    assert len(sentences) == 5
    summary = summarize(text, language="russian", sentences=2)
    assert len(summary) == 2 and all(s in sentences for s in summary)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Пожар на Байкале потушили к утру", "russian"),
        ("Пожежу на Хортиці загасили вранці", "ukrainian"),
        ("Kabine yeni bakanlar atandı", "turkish"),
        ("حريق في غابات الشمال تمت السيطرة عليه", "arabic"),
        ("Kabinet valt over stikstofplan", "dutch"),
        ("Rząd przyjął budżet na przyszły rok", "polish"),
        ("Vláda schválila rozpočet na příští rok", "czech"),
    ],
)
def test_the_model_names_a_headline_the_stop_word_count_cannot(text: str, expected: str) -> None:
    assert by_model(text) == expected
    assert detect_language(text) == expected
    assert by_stop_words(text) != expected  # too few function words: why the model was chosen


@pytest.mark.parametrize("language", ["russian", "turkish", "persian", "dutch", "polish"])
def test_every_method_summarizes_the_new_languages_with_their_own_sentences(language: str) -> None:
    cases = {**NORTH, **SCRIPTS}[language][:12]
    text = " ".join(case.text for case in cases)
    written = {sentence for case in cases for sentence in case.sentences}
    for method in METHODS:
        summary = summarize(text, method=method, sentences=3, language=language)
        assert len(summary) == 3 and set(summary) <= written, method


def test_the_model_kept_for_our_languages_ranks_them_as_the_full_model_does() -> None:
    # The identifier keeps 28 of py3langid's 142 languages (a fifth of the memory); each
    # language's score is its own, so the best of ours must not change on any case.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    full = LanguageIdentifier.from_model_file(MODEL_FILE)
    cases = [case for cs in (ENGLISH, *ROMANCE.values(), *NORTH.values(), *SCRIPTS.values()) for case in cs]
    texts = [case.text for case in cases] + [case.sentences[0] for case in cases]
    ours = frozenset(iso_code(name) for name in supported_languages())
    for text in texts:
        expected = [code for code, _score in full.rank(text) if code in IDENTIFIED]
        assert identify_code(text, ours) == next(code for code in expected if code in ours), text
        assert identify_code(text, IDENTIFIED) == expected[0], text


def test_a_language_the_model_was_not_kept_for_is_refused() -> None:
    with pytest.raises(ValueError, match="ja"):
        identify_code("Some text", ("en", "ja"))
