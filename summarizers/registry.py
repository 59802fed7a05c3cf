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

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from .document import NewsSentence, build_document
from .errors import InvalidSentenceCountError, UnknownMethodError
from .languages import normalize_language, stemmer_for, stop_words_for
from .lead import LeadSummarizer
from .news import NewsSummarizer

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


def _sumy(cls: Callable[..., Any]) -> Callable[[], Any]:
    return lambda: cls


_SPECS: Final[tuple[MethodSpec, ...]] = (
    MethodSpec(
        "news", "position-aware directed centrality + MMR (ours)", _sumy(NewsSummarizer), NEWS_LIMIT
    ),
    MethodSpec("lead", "first N content sentences (baseline)", _sumy(LeadSummarizer)),
    MethodSpec("lexrank", "sumy LexRank", _sumy(LexRankSummarizer), _QUADRATIC_LIMIT),
    MethodSpec("lsa", "sumy latent semantic analysis", _sumy(LsaSummarizer), _QUADRATIC_LIMIT),
    MethodSpec("textrank", "sumy TextRank", _sumy(TextRankSummarizer), _QUADRATIC_LIMIT),
    MethodSpec("luhn", "sumy Luhn", _sumy(LuhnSummarizer)),
    MethodSpec("kl", "sumy KL-Sum", _sumy(KLSummarizer), _CUBIC_LIMIT),
    MethodSpec("sumbasic", "sumy SumBasic", _sumy(SumBasicSummarizer), _QUADRATIC_LIMIT),
    MethodSpec("reduction", "sumy Reduction", _sumy(ReductionSummarizer), _QUADRATIC_LIMIT),
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
    document = build_document([text], lang, max_sentences=spec.max_sentences)
    if not document.sentences:
        return []
    return [s.text for s in run_summarizer(spec.name, lang, document, sentences)]


def run_summarizer(method: str, language: str, document: Any, count: int) -> list[NewsSentence]:
    """Run a registered summarizer on a ``build_document`` model; result in document order."""
    summarizer = build_summarizer(method, language)
    with warnings.catch_warnings():
        # sumy's LSA warns when a document has fewer distinct words than sentences; the
        # result is still usable, and our test suite turns warnings into errors.
        warnings.simplefilter("ignore", UserWarning)
        chosen = summarizer(document, count)
    order = {id(s): i for i, s in enumerate(document.sentences)}
    return sorted(chosen, key=lambda s: order[id(s)])
