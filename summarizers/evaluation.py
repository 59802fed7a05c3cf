"""ROUGE and speed of every summarization method on a JSON-lines evaluation set.

Rows are ``{"text", "summary"}`` (one article) or ``{"articles": [...], "summary"}`` (one
story, several articles); ``summary`` holds one reference sentence per line. Scores are the
mean F1 of ROUGE-1, ROUGE-2 and ROUGE-Lsum (rouge-score, Porter stemmer) times 100;
ROUGE-Lsum sees the system sentences and the reference lines joined by newlines.

Multi-article rows: ``lead`` takes the first N content sentences of the articles in order
(article 1 first), every sumy method gets the articles concatenated, and ``news`` uses
``summarize_articles``, the multi-article summarizer the bot uses.

The timing is wall-clock per document, splitting included, with warm caches (the
vocabulary is stemmed once, untimed, and each method makes one untimed call first) as in
a long-running service; on a shared machine compare methods within one run only.

The one command line is ``newsbrief eval`` (bot/cli), a thin layer over ``evaluate``::

    newsbrief eval ../shared/data/cnndm-frank.dev.jsonl --sentences 3 --json
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rouge_score import rouge_scorer

from .errors import EvaluationDataError
from .languages import normalize_language, stemmer_for
from .multi import summarize_articles
from .registry import DEFAULT_METHOD, resolve_method, summarize
from .tokenizer import WORD_PATTERN

__all__ = ["EvalReport", "MethodScores", "evaluate", "load_rows"]

_ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")


@dataclass(frozen=True, slots=True)
class MethodScores:
    """Mean ROUGE F1 (0-100) and milliseconds per document of one method."""

    rouge1: float
    rouge2: float
    rougeLsum: float
    ms_per_doc: float


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Results of ``evaluate``; ``to_json`` is the shape the CLI prints."""

    dataset: str
    n: int
    sentences: int
    default: str
    results: dict[str, MethodScores] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """``{"dataset", "n", "sentences", "default", "results": {name: scores}}``."""
        return {
            "dataset": self.dataset,
            "n": self.n,
            "sentences": self.sentences,
            "default": self.default,
            "results": {
                name: {
                    "rouge1": round(s.rouge1, 2),
                    "rouge2": round(s.rouge2, 2),
                    "rougeLsum": round(s.rougeLsum, 2),
                    "ms_per_doc": round(s.ms_per_doc, 3),
                }
                for name, s in self.results.items()
            },
        }


def load_rows(path: str | Path) -> list[dict[str, Any]]:
    """Rows of a JSON-lines evaluation file, validated; raises EvaluationDataError."""
    file = Path(path)
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise EvaluationDataError(f"{file}: no such file; pass a .jsonl evaluation set") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EvaluationDataError(f"{file}: cannot read it as UTF-8 text ({exc})") from exc
    rows: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvaluationDataError(f"{file}:{number}: not valid JSON ({exc.msg})") from None
        problem = _row_problem(row)
        if problem:
            raise EvaluationDataError(f"{file}:{number}: {problem}")
        rows.append(row)
    if not rows:
        raise EvaluationDataError(f"{file}: no rows; expected one JSON object per line")
    return rows


def _row_problem(row: object) -> str | None:
    if not isinstance(row, dict):
        return "expected a JSON object with 'summary' and 'text' or 'articles'"
    if not isinstance(row.get("summary"), str) or not row["summary"].strip():
        return "'summary' must be a non-empty string (one reference sentence per line)"
    if isinstance(row.get("text"), str):
        return None
    articles = row.get("articles")
    if isinstance(articles, list) and articles and all(isinstance(a, str) for a in articles):
        return None
    return "needs 'text' (a string) or 'articles' (a non-empty list of strings)"


def evaluate(
    rows: Iterable[dict[str, Any]],
    methods: Sequence[str],
    *,
    sentences: int,
    language: str = "english",
    dataset: str = "",
) -> EvalReport:
    """Mean ROUGE-1/2/Lsum F1 and ms per document for each method (lead and default added)."""
    names = _method_list(methods)
    data = list(rows)
    for number, row in enumerate(data, start=1):
        problem = _row_problem(row)
        if problem:
            raise EvaluationDataError(f"row {number}: {problem}")
    scorer = rouge_scorer.RougeScorer(list(_ROUGE_TYPES), use_stemmer=True)
    _warm_stemmer(data, language)
    results: dict[str, MethodScores] = {}
    for name in names:
        if data:
            # Untimed warm-up: the first call of a language loads its stemmer and stop words
            # (pycountry, NLTK), a one-off ~0.5 s that is not per-document cost.
            _summarize_row(data[0], name, sentences, language)
        totals = dict.fromkeys(_ROUGE_TYPES, 0.0)
        elapsed = 0.0
        for row in data:
            start = time.perf_counter()
            summary = _summarize_row(row, name, sentences, language)
            elapsed += time.perf_counter() - start
            scores = scorer.score(_reference(row["summary"]), "\n".join(summary))
            for key in _ROUGE_TYPES:
                totals[key] += scores[key].fmeasure
        n = max(len(data), 1)
        results[name] = MethodScores(
            rouge1=100 * totals["rouge1"] / n,
            rouge2=100 * totals["rouge2"] / n,
            rougeLsum=100 * totals["rougeLsum"] / n,
            ms_per_doc=1000 * elapsed / n,
        )
    return EvalReport(dataset, len(data), sentences, DEFAULT_METHOD, results)


def _warm_stemmer(rows: list[dict[str, Any]], language: str) -> None:
    """Stem the vocabulary once, untimed, as a long-running service has it cached.

    Every method shares the stemmer cache, so without this the first method timed would pay
    the snowball cost (~10 µs per new word) for all the others.
    """
    stem = stemmer_for(normalize_language(language))
    for row in rows:
        for text in row.get("articles") or [row.get("text", "")]:
            for word in WORD_PATTERN.findall(str(text).lower()):
                stem(word)


def _method_list(methods: Sequence[str]) -> list[str]:
    names = [resolve_method(m).name for m in methods]  # raises UnknownMethodError
    for required in (DEFAULT_METHOD, "lead"):
        if required not in names:
            names.insert(0, required)
    return list(dict.fromkeys(names))


def _reference(summary: str) -> str:
    return "\n".join(line.strip() for line in summary.splitlines() if line.strip())


def _summarize_row(row: dict[str, Any], method: str, count: int, language: str) -> list[str]:
    if "articles" in row and not isinstance(row.get("text"), str):
        articles: list[str] = row["articles"]
        if method == "news":
            chosen = summarize_articles(articles, sentences=count, language=language)
            return [s.text for s in chosen]
        text = "\n\n".join(articles)
    else:
        text = row["text"]
    return summarize(text, method=method, sentences=count, language=language)
