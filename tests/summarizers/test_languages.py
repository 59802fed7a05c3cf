"""Supported languages really work offline; detection picks the obvious language."""

from __future__ import annotations

import warnings

import pytest
from summarizer_samples import FRENCH, GERMAN, SPANISH

from summarizers import UnsupportedLanguageError, detect_language, supported_languages
from summarizers.languages import normalize_language, stemmer_for, stop_words_for


@pytest.mark.parametrize("language", supported_languages())
def test_stemmer_and_stop_words_work_offline(language: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert stemmer_for(language)("testing") == stemmer_for(language)("testing")
        assert len(stop_words_for(language)) > 50


@pytest.mark.parametrize("excluded", ["chinese", "japanese", "korean", "thai", "greek", "polish"])
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
