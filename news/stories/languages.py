"""Which language an article is in, and how clustering normalises a word of that language.

Story clustering compares words across reports, so two outlets must reduce "Москвы" and
"Москве", or "talks" and "talk", to one term. Each article's language is identified from its
title and lead by py3langid (``summarizers.detection``; it beat the stop-word count we used
before on headline-sized text, 97.7% against 38.7% in 17 languages, see docs/benchmarks.md);
words are then case-folded, stripped of that language's stop words and stemmed with its
Snowball stemmer (``snowballstemmer``). A language with stop words but no stemmer is only
case-folded; a text without letters gets no stemming and no stop list.

Stop words matter more than they seem: in a mostly English corpus, Russian "и", "в", "что"
are rare, so their IDF is high, and without a stop list two unrelated Russian reports would
look alike through them.

English keeps its own short list (function words plus news boilerplate such as "said" and
weekdays) and a plural rule instead of the Porter stemmer: tuned on the dev stories, where the
stemmer conflated more than it joined.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Final

__all__ = ["detect_language", "normaliser", "number_key"]

# ISO 639-1 code -> Snowball algorithm (None: stop words only).
_SNOWBALL: Final[dict[str, str | None]] = {
    "en": "english", "ru": "russian", "es": "spanish", "de": "german", "fr": "french",
    "tr": "turkish", "fa": "persian", "nl": "dutch", "pl": "polish", "it": "italian",
    "pt": "portuguese", "ar": "arabic", "uk": None, "sv": "swedish", "da": "danish",
    "no": "norwegian", "fi": "finnish", "cs": "czech", "hu": "hungarian", "ro": "romanian",
    "el": "greek", "ca": "catalan", "id": "indonesian", "sr": "serbian", "bg": None, "he": None,
}
_CODES: Final = frozenset(_SNOWBALL)

_ENGLISH_STOP: Final = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "said", "says", "say", "told", "according", "one", "two", "new", "also", "year", "years", "last", "first", "would", "could", "may", "might", "must", "shall", "us", "mr", "mrs", "ms", "dr", "st", "people", "time", "like", "get", "got", "make", "made", "just", "even", "still", "back", "well", "many", "much", "way", "since", "however", "including", "week", "day", "days", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "tomorrow"]
)


def _fold(word: str) -> str:
    # Casefold, then the spelling variants one language writes two ways: Russian ё/е, the
    # dot that Turkish İ leaves behind, typographic apostrophes.
    return word.casefold().replace("ё", "е").replace("\u0307", "").replace("’", "'")


@cache
def _stop_words(code: str) -> frozenset[str]:
    if code == "en":
        return _ENGLISH_STOP
    import stopwordsiso  # reads its package metadata on import: only when another language is seen

    return frozenset(_fold(w) for w in stopwordsiso.stopwords(code))


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language of ``text`` among those we stem, or None without letters.

    Two articles of one story need the same answer more than a perfect label; a model over
    character n-grams gives it even for a headline whose function words are too few to count.
    """
    from summarizers.detection import identify_code  # the summarizers package: ~7 ms to import

    return identify_code(text, _CODES)


def _english(word: str) -> str:
    word = word.removesuffix("'s")
    # A plural is the same term for clustering ("talks"/"talk"); a crude rule, but stable.
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word


@cache
def normaliser(code: str | None) -> Callable[[str], str | None]:
    """A function from a raw word to its clustering term in language ``code`` (None: a stop
    word or too short). One per language, memoised: news vocabulary repeats, and the pure
    Python stemmers cost tens of microseconds a word."""
    stops = _stop_words(code) if code else frozenset()
    algorithm = _SNOWBALL.get(code) if code else None
    stemmer = None
    if algorithm and code != "en":
        import snowballstemmer  # ~15 ms for its ~30 languages: English words are not stemmed

        stemmer = snowballstemmer.stemmer(algorithm)
    # A snowballstemmer object keeps its working word in attributes: the service's worker
    # threads cluster at once, so each language's stemmer is used under a lock.
    lock = threading.Lock()

    def stem(word: str) -> str:
        assert stemmer is not None
        with lock:
            result: str = stemmer.stemWord(word)
        return result

    @lru_cache(maxsize=1 << 16)
    def normalise(raw: str) -> str | None:
        word = _fold(raw)
        if code == "en":
            word = _english(word)
        elif code == "tr":
            # Turkish writes case endings of names after an apostrophe: Ankara'da is Ankara.
            word = word.split("'")[0]
        elif code in ("fr", "it", "ca"):
            # Elision: l'homme, dell'anno are homme, anno.
            word = word.rsplit("'", 1)[-1]
        if len(word) < 2 or word in stops:
            return None
        return stem(word) if stemmer is not None else word

    return normalise


def number_key(raw: str) -> str:
    """A number as one key in any script and either decimal convention: "٧٫١", "7,1" and
    "7.1" meet, and so do "26,000" and "26.000" (a group of three digits is thousands)."""
    digits = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in raw)
    groups = re.split(r"[.,٫٬]", digits)
    if len(groups) == 1:
        return digits
    head, tail = groups[0], groups[1:]
    if all(len(g) == 3 for g in tail):
        return head + "".join(tail)
    return head + "." + "".join(tail)
