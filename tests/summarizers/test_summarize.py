"""Every registered method keeps the facade's promises (same tests for all, like sqlite-utils
runs its suite for FTS4 and FTS5)."""

from __future__ import annotations

import pytest
from summarizer_samples import CAIRO_FURNITURE, FRENCH, GAZA_FURNITURE, GERMAN, SPANISH

from summarizers import (
    DEFAULT_METHOD,
    METHODS,
    InvalidSentenceCountError,
    SummarizerError,
    UnknownMethodError,
    UnsupportedLanguageError,
    available_methods,
    is_content_sentence,
    split_sentences,
    summarize,
    supported_languages,
)

ALL_METHODS = pytest.mark.parametrize("method", METHODS)


def _assert_verbatim_in_order(text: str, summary: list[str]) -> None:
    position = -1
    for sentence in summary:
        found = text.find(sentence)
        assert found >= 0, f"not verbatim: {sentence!r}"
        assert found > position, "not in article order"
        position = found


def test_registry_shape() -> None:
    assert DEFAULT_METHOD in METHODS
    assert available_methods() == list(METHODS)
    assert {"lead", "news", "lexrank", "lsa", "textrank", "luhn", "kl", "sumbasic",
            "reduction"} <= set(METHODS)
    assert "english" in supported_languages()


@ALL_METHODS
def test_verbatim_ordered_and_counted(method: str, gaza_text: str) -> None:
    for count in (1, 3, 5):
        summary = summarize(gaza_text, method=method, sentences=count)
        assert len(summary) == count
        assert len(set(summary)) == count
        _assert_verbatim_in_order(gaza_text, summary)


@ALL_METHODS
def test_deterministic(method: str, cairo_text: str) -> None:
    first = summarize(cairo_text, method=method, sentences=3)
    assert all(summarize(cairo_text, method=method, sentences=3) == first for _ in range(3))


@ALL_METHODS
def test_never_returns_headlines_or_labels(method: str, gaza_text: str, cairo_text: str) -> None:
    for text, furniture in ((gaza_text, GAZA_FURNITURE), (cairo_text, CAIRO_FURNITURE)):
        # Ask for every sentence: even then no furniture may come back.
        summary = summarize(text, method=method, sentences=100)
        assert not set(summary) & set(furniture)
        assert all(is_content_sentence(s) for s in summary)
        assert summary  # but the prose does


@ALL_METHODS
def test_one_sentence_and_empty_inputs(method: str) -> None:
    assert summarize("Officials said the bridge would reopen on Monday.", method=method) == [
        "Officials said the bridge would reopen on Monday."
    ]
    assert summarize("", method=method) == []
    assert summarize("  \n\n ", method=method) == []
    assert summarize("Details\n\nRecall", method=method) == []
    assert summarize("A long enough sentence is here.", method=method, sentences=0) == []


@ALL_METHODS
def test_two_thousand_sentences(method: str) -> None:
    topics = ["river", "bridge", "council", "budget", "school", "station", "harbour", "market"]
    text = " ".join(
        f"Report {i} says the {topics[i % 8]} plan changed in ward {i % 97}."
        for i in range(2000)
    )
    summary = summarize(text, method=method, sentences=4)
    assert len(summary) == 4
    _assert_verbatim_in_order(text, summary)


@ALL_METHODS
@pytest.mark.parametrize(("language", "text"), [("german", GERMAN), ("french", FRENCH),
                                                 ("spanish", SPANISH)])
def test_other_languages(method: str, language: str, text: str) -> None:
    summary = summarize(text, method=method, sentences=2, language=language)
    assert len(summary) == 2
    assert set(summary) <= set(split_sentences(text, language))
    _assert_verbatim_in_order(text, summary)
    assert not any(s.endswith("?") for s in summary)


def test_default_method_is_used_when_none(gaza_text: str) -> None:
    assert summarize(gaza_text) == summarize(gaza_text, method=DEFAULT_METHOD)


def test_unknown_method_lists_accepted_names() -> None:
    with pytest.raises(UnknownMethodError) as excinfo:
        summarize("Some text here is fine.", method="gpt")
    message = str(excinfo.value)
    assert "'gpt'" in message
    assert all(name in message for name in METHODS)
    assert isinstance(excinfo.value, SummarizerError)
    assert isinstance(excinfo.value, ValueError)


def test_unsupported_language_lists_accepted_names() -> None:
    with pytest.raises(UnsupportedLanguageError) as excinfo:
        summarize("Some text here is fine.", language="klingon")
    assert all(name in str(excinfo.value) for name in supported_languages())
    with pytest.raises(UnsupportedLanguageError):
        summarize("Some text.", language="chinese")


def test_negative_count_is_rejected() -> None:
    with pytest.raises(InvalidSentenceCountError):
        summarize("Some text here is fine.", sentences=-1)


def test_language_codes_are_accepted(gaza_text: str) -> None:
    assert summarize(gaza_text, language="en") == summarize(gaza_text, language="English")


def test_news_summarizer_accepts_any_sumy_document() -> None:
    from sumy.parsers.plaintext import PlaintextParser

    from summarizers import NewsTokenizer
    from summarizers.languages import stemmer_for, stop_words_for
    from summarizers.news import NewsSummarizer

    text = "Cats purr when happy. Dogs bark at night.\n\nCats sleep all day. Birds sing."
    document = PlaintextParser.from_string(text, NewsTokenizer("english")).document
    summarizer = NewsSummarizer(stemmer_for("english"), stop_words_for("english"))
    chosen = summarizer(document, 2)
    assert len(chosen) == 2
    assert [str(s) for s in chosen] == [str(s) for s in document.sentences if s in chosen]
