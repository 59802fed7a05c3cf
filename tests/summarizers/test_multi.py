"""summarize_articles: one story from several outlets, repeats once, sources kept."""

from __future__ import annotations

import dataclasses

import pytest

from summarizers import SourcedSentence, is_content_sentence, summarize_articles

OUTLET_A = (
    "Negotiators left Cairo on Monday without a ceasefire agreement. "
    "Hamas insisted that any deal must end the war in Gaza. "
    "Israel said it would not accept an end to the offensive. "
    "Egypt and Qatar said they would keep mediating."
)
OUTLET_B = (
    "Negotiators left Cairo on Monday without a ceasefire agreement, officials said. "
    "The United Nations warned that an assault on Rafah would put civilians at risk. "
    "Aid trucks were stopped at the Kerem Shalom crossing after rocket fire."
)
OUTLET_C = (
    "29 more Palestinians killed in airstrikes\n\n"
    "Israel closed the Kerem Shalom crossing to aid trucks after rockets were fired. "
    "The health ministry in Gaza said the death toll had risen to 34,683."
)


def test_near_duplicates_appear_once_and_sources_are_kept() -> None:
    articles = [OUTLET_A, OUTLET_B, OUTLET_C]
    summary = summarize_articles(articles, sentences=6)
    assert 0 < len(summary) <= 6
    texts = [s.text for s in summary]
    ceasefire = [t for t in texts if t.startswith("Negotiators left Cairo on Monday")]
    assert len(ceasefire) == 1
    for item in summary:
        assert isinstance(item, SourcedSentence)
        assert item.text in articles[item.article_index]
        assert is_content_sentence(item.text)
    assert len({s.article_index for s in summary}) >= 2


def test_respects_count_and_handles_empty_input() -> None:
    assert len(summarize_articles([OUTLET_A, OUTLET_B], sentences=2)) == 2
    assert summarize_articles([]) == []
    assert summarize_articles(["", "  "]) == []
    assert summarize_articles([OUTLET_A], sentences=0) == []


def test_deterministic() -> None:
    first = summarize_articles([OUTLET_A, OUTLET_B, OUTLET_C], sentences=4)
    assert summarize_articles([OUTLET_A, OUTLET_B, OUTLET_C], sentences=4) == first


def test_sourced_sentence_is_frozen() -> None:
    item = SourcedSentence(0, "Text.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.text = "Other."  # type: ignore[misc]
    assert not hasattr(item, "__dict__")


def test_identical_articles_do_not_repeat() -> None:
    summary = summarize_articles([OUTLET_A, OUTLET_A], sentences=4)
    texts = [s.text for s in summary]
    assert len(texts) == len(set(texts)) == 4
