"""Languages we can summarize offline, with cached stemmers and stop words.

A language is supported when sumy's stemmer *and* stop-word list both work without
network access or extra packages, and our regex word tokenizer can cut its words
(space-separated scripts). Probed with sumy 0.13 (``tests/summarizers/test_languages.py``
re-probes every entry):

* excluded, stemmer needs an extra package: greek (greek_stemmer), polish (pystempel);
* excluded, no stemmer at all: thai;
* excluded, words are not space-separated, so sumy needs jieba / tinysegmenter / konlpy
  and our tokenizer would see whole clauses as one word: chinese, japanese, korean;
* excluded, snowball stemmer but no stop-word list in sumy: russian, dutch, danish,
  finnish, hungarian, norwegian, romanian.

Stemming is the slowest part of tokenizing (NLTK's snowball costs ~10 µs a word), so each
language gets one memoising stemmer for the life of the process: news vocabulary repeats
heavily, and the 2 ms per-article budget depends on the cache hits.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

from sumy.nlp.stemmers import Stemmer
from sumy.utils import get_stop_words

from .errors import UnsupportedLanguageError

__all__ = [
    "CachedStemmer",
    "detect_language",
    "normalize_language",
    "stemmer_for",
    "stop_words_for",
    "supported_languages",
    "word_set",
]

_SUPPORTED: Final[tuple[str, ...]] = (
    "arabic",
    "czech",
    "english",
    "french",
    "german",
    "hebrew",
    "italian",
    "portuguese",
    "slovak",
    "spanish",
    "swedish",
    "ukrainian",
)

# ISO 639-1 and 639-2 codes, so "en" and "deu" work like "english" and "german".
_ALIASES: Final[dict[str, str]] = {
    "ar": "arabic", "ara": "arabic",
    "cs": "czech", "ces": "czech", "cze": "czech",
    "en": "english", "eng": "english",
    "fr": "french", "fra": "french", "fre": "french",
    "de": "german", "deu": "german", "ger": "german",
    "he": "hebrew", "heb": "hebrew", "iw": "hebrew",
    "it": "italian", "ita": "italian",
    "pt": "portuguese", "por": "portuguese",
    "sk": "slovak", "slk": "slovak", "slo": "slovak",
    "es": "spanish", "spa": "spanish",
    "sv": "swedish", "swe": "swedish",
    "uk": "ukrainian", "ukr": "ukrainian",
}

# Past this many distinct words a cache stops paying for its memory in a long-running bot.
_STEM_CACHE_LIMIT: Final = 200_000

_DETECT_WORD = re.compile(r"[^\W\d_]+")
_DETECT_SAMPLE_CHARS: Final = 3000


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``: word lists read better as prose."""
    return frozenset(text.split())


def supported_languages() -> list[str]:
    """Languages accepted by every function of this package, sorted by name."""
    return list(_SUPPORTED)


def normalize_language(language: str) -> str:
    """Return the canonical lower-case name, or raise UnsupportedLanguageError."""
    key = language.strip().lower()
    key = _ALIASES.get(key, key)
    if key not in _SUPPORTED:
        raise UnsupportedLanguageError(language, _SUPPORTED)
    return key


class CachedStemmer:
    """A sumy-compatible stemmer (a callable) that memoises the snowball result."""

    __slots__ = ("_cache", "_stem", "language")

    def __init__(self, language: str) -> None:
        self.language = language
        self._stem = Stemmer(language)
        self._cache: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        try:
            return self._cache[word]
        except KeyError:
            if len(self._cache) >= _STEM_CACHE_LIMIT:
                self._cache.clear()
            stem: str = self._stem(word)
            self._cache[word] = stem
            return stem


@cache
def stemmer_for(language: str) -> CachedStemmer:
    """The shared stemmer of a (normalized) language."""
    return CachedStemmer(normalize_language(language))


@cache
def stop_words_for(language: str) -> frozenset[str]:
    """Sumy's stop words of a (normalized) language, lower-cased."""
    words: frozenset[str] = get_stop_words(normalize_language(language))
    return frozenset(w.lower() for w in words)


def detect_language(text: str) -> str:
    """Guess the language of ``text`` from stop-word overlap; "english" when unsure.

    Cheap on purpose (one regex over the first few thousand characters, set lookups):
    it only has to pick a stemmer, not label a corpus. Stop words are the most frequent
    words of a language, so even a headline-sized text usually has several of them.
    """
    words = _DETECT_WORD.findall(text[:_DETECT_SAMPLE_CHARS].lower())
    if not words:
        return "english"
    best, best_hits = "english", 0
    for language in _SUPPORTED:
        stops = stop_words_for(language)
        hits = sum(1 for w in words if w in stops)
        if hits > best_hits:
            best, best_hits = language, hits
    # Two hits can be chance (short words shared across languages); stay with the default.
    return best if best_hits >= 3 else "english"
