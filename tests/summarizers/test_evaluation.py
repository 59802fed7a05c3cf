"""The evaluation harness: ROUGE sanity, report shape, clear errors for bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from summarizer_samples import data_file

from summarizers import DEFAULT_METHOD, EvaluationDataError, UnknownMethodError
from summarizers.evaluation import evaluate, load_rows

ARTICLE = (
    "Officials said the bridge would reopen on Monday after repairs. "
    "The council approved the budget for the work last year. "
    "Residents had complained about long detours for months."
)


def test_summary_equal_to_reference_scores_100() -> None:
    row = {"text": ARTICLE, "summary": ARTICLE.replace(". ", ".\n")}
    report = evaluate([row], ["lead"], sentences=3)
    scores = report.results["lead"]
    assert scores.rouge1 == pytest.approx(100.0)
    assert scores.rouge2 == pytest.approx(100.0)
    assert scores.rougeLsum == pytest.approx(100.0)


def test_report_json_shape_includes_lead_and_default() -> None:
    rows = [
        {"text": ARTICLE, "summary": "The bridge reopens on Monday."},
        {"articles": [ARTICLE, ARTICLE], "summary": "The bridge reopens."},
    ]
    report = evaluate(rows, ["lexrank"], sentences=2, dataset="tiny")
    data = report.to_json()
    assert set(data) == {"dataset", "n", "sentences", "default", "results"}
    assert data["dataset"] == "tiny"
    assert data["n"] == 2
    assert data["sentences"] == 2
    assert data["default"] == DEFAULT_METHOD
    assert {"lead", DEFAULT_METHOD, "lexrank"} == set(data["results"])
    for scores in data["results"].values():
        assert set(scores) == {"rouge1", "rouge2", "rougeLsum", "ms_per_doc"}
        assert 0.0 <= scores["rouge1"] <= 100.0
        assert scores["ms_per_doc"] >= 0.0
    json.dumps(data)


def test_unknown_method_is_rejected() -> None:
    with pytest.raises(UnknownMethodError):
        evaluate([{"text": ARTICLE, "summary": "x"}], ["nope"], sentences=1)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("", "no rows"),
        ("{not json}\n", ":1: not valid JSON"),
        ('{"text": "a"}\n', ":1: 'summary' must be"),
        ('{"summary": "s"}\n', ":1: needs 'text'"),
        ('{"summary": "s", "text": "ok"}\n[1, 2]\n', ":2: expected a JSON object"),
        ('{"summary": "s", "articles": []}\n', ":1: needs 'text'"),
    ],
)
def test_bad_files_raise_clear_errors(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvaluationDataError, match=fragment.replace("[", r"\[")):
        load_rows(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(EvaluationDataError, match="no such file"):
        load_rows(tmp_path / "absent.jsonl")


# Margins over lead measured before the summarizer learned to cover (issue 14): they must hold.
@pytest.mark.slow
def test_cnndm_news_beats_lead_by_the_target_margin() -> None:
    rows = load_rows(data_file("cnndm-frank.dev.jsonl"))
    results = evaluate(rows, ["news"], sentences=3).results
    news, lead = results["news"], results["lead"]
    assert news.rouge1 >= lead.rouge1 + 0.84
    assert news.rouge2 >= lead.rouge2 + 0.94
    assert news.rougeLsum >= lead.rougeLsum + 0.77


@pytest.mark.slow
def test_multinews_news_beats_lead_by_the_target_margin() -> None:
    rows = load_rows(data_file("multinews.dev.jsonl"))
    results = evaluate(rows, ["news"], sentences=9).results
    news, lead = results["news"], results["lead"]
    assert news.rouge1 >= lead.rouge1 + 2.44
    assert news.rouge2 >= lead.rouge2 + 1.17
    assert news.rougeLsum >= lead.rougeLsum + 1.07


@pytest.mark.slow
def test_bbc_news_matches_the_best_method_at_eight_sentences() -> None:
    # Long extractive references (~45% of the article): covering the article is what counts.
    rows = load_rows(data_file("bbc-news-summary.dev.jsonl"))
    results = evaluate(rows, ["news", "reduction", "textrank", "luhn"], sentences=8).results
    news = results.pop("news")
    for name, other in results.items():
        assert news.rouge1 >= other.rouge1, name
        assert news.rouge2 >= other.rouge2, name
