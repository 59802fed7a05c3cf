"""Multi-article summaries: one story told by several outlets.

All articles go into one document; ``NewsSummarizer`` scores sentences with a lead prior per
article (each outlet's opening matters), centrality within an article and agreement across
articles, and MMR skips near-duplicates, so a sentence two outlets share appears once.

Order of the result: by importance (most important first). A digest read in a chat should
open with the central fact, whichever outlet wrote it; grouping by article would read like
outlet-by-outlet excerpts and bury the lede of the second outlet. ROUGE-Lsum, which the
evaluation reports, is insensitive to this order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from .document import NewsSentence, build_document
from .errors import InvalidSentenceCountError
from .languages import normalize_language, stemmer_for, stop_words_for
from .news import MULTI_ARTICLE, NewsSummarizer
from .registry import NEWS_LIMIT

__all__ = ["SourcedSentence", "summarize_articles"]


@dataclass(frozen=True, slots=True)
class SourcedSentence:
    """A verbatim summary sentence and the index of the article it comes from."""

    article_index: int
    text: str


@cache
def _multi_summarizer(language: str) -> NewsSummarizer:
    return NewsSummarizer(stemmer_for(language), stop_words_for(language), MULTI_ARTICLE)


def summarize_articles(
    articles: Sequence[str], *, sentences: int = 4, language: str = "english"
) -> list[SourcedSentence]:
    """Up to ``sentences`` sentences chosen across ``articles``, most important first."""
    lang = normalize_language(language)
    if sentences < 0:
        raise InvalidSentenceCountError(sentences)
    if sentences == 0 or not articles:
        return []
    document = build_document(list(articles), lang, max_sentences=NEWS_LIMIT)
    summarizer = _multi_summarizer(lang)
    chosen: list[NewsSentence] = summarizer.rank(document.sentences, sentences)
    return [SourcedSentence(s.article, s.text) for s in chosen]
