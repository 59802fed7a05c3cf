"""summarize_articles: one story from several outlets, repeats once, sources kept."""

from __future__ import annotations

import dataclasses
import itertools
import re
from typing import Any, cast

import numpy as np
import pytest

from summarizers import SourcedSentence, is_content_sentence, summarize_articles
from summarizers.multi import arrange

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


# One story, three outlets: each opens with the same fact in its own words, then adds its own.
REPORT_A = (
    "Ceasefire talks between Israel and Hamas collapsed in Cairo on Monday, Egyptian officials "
    "said. The Egyptian delegation had presented a three-stage plan for a truce and a hostage "
    "exchange. Qatar's prime minister flew home before the final session ended. Diplomats "
    "expect the mediators to try again after the religious holiday next week."
)
REPORT_B = (
    "Talks on a ceasefire between Israel and Hamas collapsed in Cairo on Monday, officials said. "
    "Hamas said any agreement had to include a complete end to the war in Gaza. The United "
    "Nations warned that 1.2 million people sheltering in Rafah had nowhere safe to go. Aid "
    "agencies said fuel for the hospitals would run out within three days."
)
REPORT_C = (
    "Ceasefire talks in Cairo between Israel and Hamas collapsed on Monday without a deal. "
    "Israel closed the Kerem Shalom crossing after rockets struck a nearby army post, killing "
    "four soldiers. Families of the hostages protested outside the defence ministry in Tel Aviv "
    "late into the night. Oil prices rose two percent on fears the war would spread across the "
    "region."
)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _overlap(a: str, b: str) -> float:
    return len(_words(a) & _words(b)) / len(_words(a) | _words(b))


def test_story_first_then_what_each_outlet_adds() -> None:
    reports = [REPORT_A, REPORT_B, REPORT_C]
    summary = summarize_articles(reports, sentences=6)
    assert len(summary) == 6
    # The fact all three carry opens the summary, once.
    assert "collapsed" in summary[0].text
    assert sum("collapsed" in s.text for s in summary) == 1
    # No two sentences say the same thing.
    for i, first in enumerate(summary):
        for second in summary[i + 1 :]:
            assert _overlap(first.text, second.text) < 0.5, (first.text, second.text)
    # The later half: facts from every outlet, never two in a row from the same one, each
    # attributed to the report it was copied from.
    later = summary[3:]
    assert {s.article_index for s in later} == {0, 1, 2}
    assert all(a.article_index != b.article_index for a, b in itertools.pairwise(later))
    for item in summary:
        assert item.text in reports[item.article_index]


@dataclasses.dataclass
class _Sentence:
    article: int


def test_arrange_puts_shared_facts_first_and_takes_outlets_in_turn() -> None:
    found = cast(Any, [_Sentence(a) for a in (0, 0, 0, 0, 1, 1, 2)])
    picked = [0, 4, 6, 1, 2, 3, 5]  # most important first
    sims = np.zeros((7, 7))
    # The most important half states the story; then outlet 0, outlet 1, outlet 0 again.
    assert arrange(found, picked, sims) == [0, 4, 6, 1, 2, 5, 3]
    # Sentence 3 turns out to be carried by outlet 2 as well: it belongs to the story.
    sims[3, 6] = sims[6, 3] = 0.9
    assert arrange(found, picked, sims) == [0, 4, 6, 1, 3, 2, 5]
    assert arrange(found, [1, 0], sims) == [1, 0]  # one outlet: as chosen
