"""Extractive news summaries: verbatim sentences, offline, no model downloads.

Public surface (the rest of newsbrief codes against these names only)::

    split_sentences(text, language="english") -> list[str]
    NewsTokenizer(language)            # sumy-compatible tokenizer built on our splitter
    summarize(text, *, method=None, sentences=3, language="english") -> list[str]
    summarize_articles(articles, *, sentences=4, language="english") -> list[SourcedSentence]
    is_content_sentence(sentence) -> bool
    METHODS, available_methods(), DEFAULT_METHOD, supported_languages(), detect_language(text)

Errors come from ``summarizers.errors`` (base class ``SummarizerError``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .content import is_content_sentence
from .detection import detect_language
from .errors import (
    EvaluationDataError,
    InvalidSentenceCountError,
    SummarizerError,
    UnknownMethodError,
    UnsupportedLanguageError,
)
from .languages import supported_languages
from .registry import DEFAULT_METHOD, METHODS, available_methods, summarize
from .splitter import split_sentences
from .tokenizer import NewsTokenizer

if TYPE_CHECKING:
    from .multi import SourcedSentence, summarize_articles

__all__ = [
    "DEFAULT_METHOD",
    "METHODS",
    "EvaluationDataError",
    "InvalidSentenceCountError",
    "NewsTokenizer",
    "SourcedSentence",
    "SummarizerError",
    "UnknownMethodError",
    "UnsupportedLanguageError",
    "available_methods",
    "detect_language",
    "is_content_sentence",
    "split_sentences",
    "summarize",
    "summarize_articles",
    "supported_languages",
]


def __getattr__(name: str) -> object:
    # Multi-article summaries build on sumy's summarizer base, whose package loads NLTK and
    # SciPy (~1.5 s, ~100 MB): loaded on first use, so `newsbrief --help`, `ask` and an idle
    # bot, which import this package for splitting and settings, start without them.
    if name in ("SourcedSentence", "summarize_articles"):
        from . import multi

        return getattr(multi, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
