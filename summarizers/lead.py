"""The lead baseline: the first N content sentences.

News is written as an inverted pyramid, so the opening sentences are the summary the
journalist already wrote; Lead-3 is the baseline every extractive system is measured
against. Because our documents hold content sentences only, bylines, datelines and
sidebar headlines at the top of a page are skipped for free.
"""

from __future__ import annotations

from typing import Any

from sumy.summarizers import AbstractSummarizer

__all__ = ["LeadSummarizer"]


class LeadSummarizer(AbstractSummarizer):  # type: ignore[misc]  # sumy is untyped
    """First ``sentences_count`` sentences of the document, in order."""

    def __call__(self, document: Any, sentences_count: int) -> tuple[Any, ...]:
        return tuple(document.sentences[: max(0, int(sentences_count))])
