"""Languages we can summarize offline, with cached stemmers and stop words.

A language is supported when it has an offline stop-word list, a stemmer (or an honest
"no stemming"), and words our regex tokenizer can cut (space-separated scripts; Chinese,
Japanese, Korean and Thai are out). Two sources, chosen per language:

* sumy (its NLTK Snowball stemmers and bundled stop words) for the twelve languages supported
  first: the summarizers' published figures were measured with exactly these lists;
* ``snowballstemmer`` + ``stopwordsiso`` for the rest: Russian, Turkish, Persian, Dutch and
  Polish. sumy has no stop words for them (and its Polish stemmer needs pystempel), but both
  packages are pure Python with their data inside the wheel. snowballstemmer 3.x ships a
  Persian algorithm too (it strips plural and possessive suffixes such as "ها" and "ان"), so
  every language here stems; Hebrew keeps sumy's no-op stemmer (neither package has one).

Stemming is the slowest part of tokenizing (a pure-Python Snowball costs ~10 µs a word), so each
language gets one memoising stemmer for the life of the process: news vocabulary repeats
heavily, and the per-article budget depends on the cache hits.

Language identification lives in ``summarizers.detection``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Final

from .errors import UnsupportedLanguageError

__all__ = [
    "CachedStemmer",
    "iso_code",
    "language_for_code",
    "normalize_language",
    "stemmer_for",
    "stop_words_for",
    "supported_languages",
    "word_set",
]


@dataclass(frozen=True, slots=True)
class _Language:
    code: str  # ISO 639-1
    aliases: tuple[str, ...]  # ISO 639-2 (B and T)
    snowball: str | None  # snowballstemmer algorithm; None: sumy's stemmer and stop words


_LANGUAGES: Final[dict[str, _Language]] = {
    "arabic": _Language("ar", ("ara",), None),
    "czech": _Language("cs", ("ces", "cze"), None),
    "dutch": _Language("nl", ("nld", "dut"), "dutch"),
    "english": _Language("en", ("eng",), None),
    "french": _Language("fr", ("fra", "fre"), None),
    "german": _Language("de", ("deu", "ger"), None),
    "hebrew": _Language("he", ("heb", "iw"), None),
    "italian": _Language("it", ("ita",), None),
    "persian": _Language("fa", ("fas", "per", "farsi"), "persian"),
    "polish": _Language("pl", ("pol",), "polish"),
    "portuguese": _Language("pt", ("por",), None),
    "russian": _Language("ru", ("rus",), "russian"),
    "slovak": _Language("sk", ("slk", "slo"), None),
    "spanish": _Language("es", ("spa",), None),
    "swedish": _Language("sv", ("swe",), None),
    "turkish": _Language("tr", ("tur",), "turkish"),
    "ukrainian": _Language("uk", ("ukr",), None),
}
_SUPPORTED: Final[tuple[str, ...]] = tuple(sorted(_LANGUAGES))

# ISO 639-1 and 639-2 codes, so "en" and "deu" work like "english" and "german".
_ALIASES: Final[dict[str, str]] = {
    alias: name
    for name, spec in _LANGUAGES.items()
    for alias in (spec.code, *spec.aliases)
}
_BY_CODE: Final[dict[str, str]] = {spec.code: name for name, spec in _LANGUAGES.items()}

# Past this many distinct words a cache stops paying for its memory in a long-running bot.
_STEM_CACHE_LIMIT: Final = 200_000


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
    if key not in _LANGUAGES:
        raise UnsupportedLanguageError(language, _SUPPORTED)
    return key


def iso_code(language: str) -> str:
    """The ISO 639-1 code of a supported language ("russian" -> "ru")."""
    return _LANGUAGES[normalize_language(language)].code


def language_for_code(code: str) -> str | None:
    """The supported language of an ISO 639-1 code, or None ("pt-br" -> "portuguese")."""
    return _BY_CODE.get(code.strip().lower().replace("_", "-").split("-")[0])


def _fold(word: str) -> str:
    # Russian writes ё as е in most news copy; one form makes "всё" a stop word either way.
    return word.lower().replace("ё", "е")


def _sumy_stem(language: str) -> Callable[[str], str]:
    # Imported here: sumy pulls in NLTK, which only the sumy-backed languages need.
    from sumy.nlp.stemmers import Stemmer

    stem: Callable[[str], str] = Stemmer(language)
    return stem


def _snowball_stem(algorithm: str) -> Callable[[str], str]:
    import snowballstemmer  # imported here: only the five languages sumy lacks need it (~15 ms)

    stemmer = snowballstemmer.stemmer(algorithm)
    # A snowballstemmer object keeps its working string in attributes, so two threads of the
    # service's pool stemming at once would corrupt each other's word: one lock per language
    # (taken only on a cache miss).
    lock = threading.Lock()

    def stem(word: str) -> str:
        with lock:
            result: str = stemmer.stemWord(_fold(word))
        return result

    return stem


class CachedStemmer:
    """A sumy-compatible stemmer (a callable) that memoises the Snowball result."""

    __slots__ = ("_cache", "_stem", "language")

    def __init__(self, language: str) -> None:
        self.language = normalize_language(language)
        algorithm = _LANGUAGES[self.language].snowball
        self._stem = _snowball_stem(algorithm) if algorithm else _sumy_stem(self.language)
        self._cache: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        try:
            return self._cache[word]
        except KeyError:
            if len(self._cache) >= _STEM_CACHE_LIMIT:
                self._cache.clear()
            stem = self._stem(word)
            self._cache[word] = stem
            return stem


@cache
def stemmer_for(language: str) -> CachedStemmer:
    """The shared stemmer of a (normalized) language."""
    return CachedStemmer(normalize_language(language))


@cache
def stop_words_for(language: str) -> frozenset[str]:
    """Stop words of a (normalized) language, lower-cased (ё folded to е)."""
    name = normalize_language(language)
    spec = _LANGUAGES[name]
    if spec.snowball is None:
        # Imported here: sumy.utils costs ~0.1 s, paid only when a sumy-backed language is used.
        from sumy.utils import get_stop_words

        words: frozenset[str] = get_stop_words(name)
    else:
        # Imported here: stopwordsiso loads every language's list (~50 ms, 5 MB) at import.
        import stopwordsiso

        words = frozenset(stopwordsiso.stopwords(spec.code))
    return frozenset(_fold(w) for w in words)
