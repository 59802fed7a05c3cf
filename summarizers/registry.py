"""One registry of summarization methods, sumy's and ours, behind one typed facade.

Modelled on sumy's ``AVAILABLE_METHODS`` / ``build_summarizer``: a name maps to a factory
that builds a summarizer for a language with sumy's stemmer and stop words.

Left out on purpose:

* ``edmundson``: its cue/key methods need curated bonus and stigma word lists per language
  that do not exist offline; sumy's CLI derives them from heading lines, which news text
  does not have, so it would rank on nothing (its location method alone is a lead baseline).
* ``random``: not a summarizer anyone should get by typing a name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Final

from .errors import InvalidSentenceCountError, UnknownMethodError
from .languages import normalize_language, stemmer_for, stop_words_for

if TYPE_CHECKING:
    from .document import NewsSentence

__all__ = [
    "DEFAULT_METHOD",
    "METHODS",
    "NEWS_LIMIT",
    "MethodSpec",
    "available_methods",
    "build_summarizer",
    "resolve_method",
    "summarize",
]

# Most of sumy's methods compare every pair of sentences in pure Python (KL-Sum is cubic):
# 2,000 sentences would take from 4 s (LexRank) to minutes (KL). A news article has 20-60
# content sentences, a multi-article story up to ~300; past these limits we keep the first
# content sentences (the lead is where the news is) so a pasted book cannot stall the bot.
_QUADRATIC_LIMIT: Final = 200
_CUBIC_LIMIT: Final = 100
NEWS_LIMIT: Final = 600


@dataclass(frozen=True, slots=True)
class MethodSpec:
    """A registered method: how to build it, and how many sentences it can take."""

    name: str
    description: str
    factory: Callable[[], Any]
    max_sentences: int | None = None


def _lazy(module: str, name: str) -> Callable[[], Any]:
    """A factory that imports the summarizer class on first use: every summarizer subclasses
    sumy's, whose package loads NLTK and SciPy (~1.5 s), which listing or validating method
    names (settings, ``--help``) must not pay for."""
    return lambda: getattr(importlib.import_module(module, __package__), name)


@cache
def _quiet_lsa() -> Any:
    """sumy's LSA without its warning on documents with fewer distinct words than sentences
    (the result is still usable). Silencing it with ``warnings.catch_warnings`` is not
    thread-safe (it swaps the process-wide filters) and summarizing runs in worker threads."""
    # Imported on first use: sumy loads NLTK and SciPy.
    import numpy as np
    from sumy.summarizers.lsa import LsaSummarizer

    class QuietLsaSummarizer(LsaSummarizer):  # type: ignore[misc]
        def _create_matrix(self, document: Any, dictionary: dict[str, int]) -> Any:
            matrix = np.zeros((len(dictionary), len(document.sentences)))
            for col, sentence in enumerate(document.sentences):
                for word in map(self.stem_word, sentence.words):
                    row = dictionary.get(word)
                    if row is not None:  # stop words are not in the dictionary
                        matrix[row, col] += 1
            return matrix

    return QuietLsaSummarizer


_SPECS: Final[tuple[MethodSpec, ...]] = (
    MethodSpec(
        "news", "lead and centrality for a few sentences, coverage for many (ours)",
        _lazy(".news", "NewsSummarizer"),
        NEWS_LIMIT,
    ),
    MethodSpec("lead", "first N content sentences (baseline)", _lazy(".lead", "LeadSummarizer")),
    MethodSpec("lexrank", "sumy LexRank", _lazy("sumy.summarizers.lex_rank", "LexRankSummarizer"),
               _QUADRATIC_LIMIT),
    MethodSpec("lsa", "sumy latent semantic analysis", _quiet_lsa, _QUADRATIC_LIMIT),
    MethodSpec("textrank", "sumy TextRank", _lazy("sumy.summarizers.text_rank", "TextRankSummarizer"),
               _QUADRATIC_LIMIT),
    MethodSpec("luhn", "sumy Luhn", _lazy("sumy.summarizers.luhn", "LuhnSummarizer")),
    MethodSpec("kl", "sumy KL-Sum", _lazy("sumy.summarizers.kl", "KLSummarizer"), _CUBIC_LIMIT),
    MethodSpec("sumbasic", "sumy SumBasic", _lazy("sumy.summarizers.sum_basic", "SumBasicSummarizer"),
               _QUADRATIC_LIMIT),
    MethodSpec("reduction", "sumy Reduction", _lazy("sumy.summarizers.reduction", "ReductionSummarizer"),
               _QUADRATIC_LIMIT),
)
_BY_NAME: Final[dict[str, MethodSpec]] = {spec.name: spec for spec in _SPECS}

METHODS: Final[tuple[str, ...]] = tuple(_BY_NAME)
DEFAULT_METHOD: Final = "news"


def available_methods() -> list[str]:
    """Names accepted by ``summarize(method=...)``, default first."""
    return list(METHODS)


def resolve_method(method: str | None) -> MethodSpec:
    """The spec of ``method`` (None means the default); raises UnknownMethodError."""
    name = DEFAULT_METHOD if method is None else method.strip().lower()
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownMethodError(str(method), METHODS) from None


@cache
def build_summarizer(method: str, language: str) -> Any:
    """A ready summarizer (sumy's stemmer and stop words for ``language``), shared.

    Shared across calls and threads: the summarizers keep no state between calls.
    """
    spec = resolve_method(method)
    lang = normalize_language(language)
    summarizer = spec.factory()(stemmer_for(lang))
    summarizer.stop_words = stop_words_for(lang)
    return summarizer


def summarize(
    text: str,
    *,
    method: str | None = None,
    sentences: int = 3,
    language: str = "english",
) -> list[str]:
    """Up to ``sentences`` verbatim content sentences of ``text``, in article order."""
    spec = resolve_method(method)
    lang = normalize_language(language)
    if sentences < 0:
        raise InvalidSentenceCountError(sentences)
    if sentences == 0 or not text.strip():
        return []
    # Imported here: sumy's document model pulls in requests (~0.1 s), which listing methods
    # (settings validation at every start-up) must not pay for.
    from .document import build_document

    document = build_document([text], lang, max_sentences=spec.max_sentences)
    if not document.sentences:
        return []
    return [s.text for s in run_summarizer(spec.name, lang, document, sentences)]


def run_summarizer(method: str, language: str, document: Any, count: int) -> list[NewsSentence]:
    """Run a registered summarizer on a ``build_document`` model; result in document order."""
    summarizer = build_summarizer(method, language)
    chosen = summarizer(document, count)
    order = {id(s): i for i, s in enumerate(document.sentences)}
    return sorted(chosen, key=lambda s: order[id(s)])
