"""The default summarizer adapts to what is asked: the lead for a few sentences, coverage for many."""

from __future__ import annotations

import pytest

from summarizers import summarize
from summarizers.news import MULTI_ARTICLE, NewsParams, coverage_weight

# A council report whose subject (the reservoir dam) is not in its first two sentences, with
# unrelated items in between: the shape of a local news round-up.
ROUNDUP = (
    "The city council met on Tuesday evening in the old town hall. "
    "Several residents arrived early to find seats near the front of the chamber. "
    "Engineers told the council that the Hollow Creek reservoir dam has cracks along its spillway. "
    "The reservoir supplies drinking water to about 40,000 households in the valley. "
    "A local bakery celebrated its fiftieth anniversary with free pastries for customers. "
    "Repairs to the reservoir dam would cost an estimated 12 million dollars, the engineers said. "
    "The mayor's cat, a ginger tabby named Biscuit, has become popular on social media. "
    "Until the dam is repaired, the reservoir will be kept at half its usual level. "
    "Parking fees downtown will rise slightly from next month under a separate plan. "
    "Residents who draw water from the reservoir were asked to cut their use by a fifth."
)
SUBJECT = "reservoir"


def test_coverage_weight_follows_the_request() -> None:
    p = NewsParams()
    # A few sentences of a long article: importance (lead, centrality) decides.
    assert coverage_weight(3, 30, p) < 0.01
    # Half the article: coverage decides.
    assert coverage_weight(8, 16, p) > 0.9
    # More of the same article, more coverage.
    weights = [coverage_weight(k, 20, p) for k in range(1, 21)]
    assert weights == sorted(weights)
    # The same share in a longer summary leans more on coverage.
    assert coverage_weight(6, 30, p) > coverage_weight(3, 15, p)
    assert coverage_weight(0, 10, p) == coverage_weight(3, 0, p) == 0.0
    # Several outlets: agreement across them is the coverage signal, measured better alone.
    assert coverage_weight(9, 80, MULTI_ARTICLE) < 0.001


def test_a_short_summary_keeps_the_lead() -> None:
    summary = summarize(ROUNDUP, sentences=2)
    assert summary == [
        "The city council met on Tuesday evening in the old town hall.",
        "Several residents arrived early to find seats near the front of the chamber.",
    ]


def test_half_the_article_covers_its_subject() -> None:
    subject = [s for s in summarize(ROUNDUP, method="lead", sentences=10) if SUBJECT in s]
    assert len(subject) == 5
    assert summarize(ROUNDUP, sentences=5) == subject


@pytest.mark.parametrize("count", range(1, 11))
def test_the_requested_count_is_honoured(count: int) -> None:
    summary = summarize(ROUNDUP, sentences=count)
    assert len(summary) == count
    assert len(set(summary)) == count


def test_near_repeats_are_skipped_even_when_covering() -> None:
    repeat = (
        "Engineers told the council that the Hollow Creek reservoir dam has cracks in its spillway."
    )
    text = ROUNDUP + " " + repeat
    summary = summarize(text, sentences=8)
    assert not (repeat in summary and repeat.replace("in its", "along its") in summary)
    assert len(summary) == 8
