"""NewsTokenizer: our splitter behind the interface sumy's parsers and summarizers call.

sumy's own ``Tokenizer`` needs NLTK's punkt data, which cannot be downloaded here; anything
with ``language``, ``to_sentences`` and ``to_words`` works in its place, e.g.
``PlaintextParser.from_string(text, NewsTokenizer("english"))``.
"""

from __future__ import annotations

import re
from typing import Final

from .languages import normalize_language
from .splitter import split_sentences

__all__ = ["WORD_PATTERN", "NewsTokenizer", "words_of"]

# Same notion of a word as sumy's Tokenizer._WORD_PATTERN (letters with inner apostrophes
# or hyphens, no digits), so sumy's algorithms see the vocabulary they were written for.
WORD_PATTERN: Final = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


def words_of(sentence: str) -> tuple[str, ...]:
    """Words of a sentence, original case, punctuation and numbers dropped."""
    return tuple(WORD_PATTERN.findall(sentence))


class NewsTokenizer:
    """Sentence and word tokenizer for sumy, backed by our regex splitter."""

    __slots__ = ("_language",)

    def __init__(self, language: str = "english") -> None:
        self._language = normalize_language(language)

    @property
    def language(self) -> str:
        """Canonical language name ("english", "german", ...)."""
        return self._language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """Sentences of ``paragraph``, verbatim and stripped."""
        return tuple(split_sentences(paragraph, self._language))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """Words of ``sentence`` (letters only), as sumy's summarizers expect."""
        return words_of(sentence)

    def __repr__(self) -> str:
        return f"NewsTokenizer({self._language!r})"
