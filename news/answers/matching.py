"""Topic matching on word stems, in any script: "elections" follows "election", "Байкале" follows
"Байкал".

A topic and a story are stemmed by the same function, so they only need to agree with each
other, not to know their language: each word takes the snowball stemmer of its script (Latin:
English Porter, which folds plurals and common suffixes of most Latin-script languages well
enough for matching; Cyrillic: Russian; Arabic script: Arabic; Greek: Greek). Words in other
scripts are compared case-folded. snowballstemmer is pure Python and imports in milliseconds,
where nltk's stemmers cost a second of start-up.

Outside the Latin script two stems "meet" when one is a prefix of the other, at most two letters
apart: Russian Snowball treats the final "-ал" of a noun like a verb ending ("Байкал" → "байка",
"Байкале" → "байкал"), and a prefix rule is the smallest one that makes such forms meet. Search
uses the same idea (``search_terms``): the full-text index keeps raw words outside the Latin
script, so a query word outside it becomes a prefix query on its stem.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Final

from news.store.search import SearchTerm

__all__ = ["loose", "meet_key", "search_terms", "stem", "stems", "stems_meet", "words"]

_WORD: Final = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_ALGORITHM_BY_SCRIPT: Final = {"LATIN": "porter", "CYRILLIC": "russian", "ARABIC": "arabic", "GREEK": "greek"}
# Snowball stemmers keep state while stemming a word: one instance per thread and algorithm.
_local = threading.local()


def words(text: str) -> list[str]:
    """The text's words, apostrophes dropped and lower-cased ("Biden's" -> "bidens")."""
    return [re.sub(r"['’]", "", w).lower() for w in _WORD.findall(text)]


def _script(word: str) -> str:
    for char in word:
        if char.isalpha():
            return unicodedata.name(char, "").split(" ", 1)[0]
    return ""


def _stemmer(algorithm: str) -> Callable[[str], str]:
    stemmers: dict[str, Callable[[str], str]] | None = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    found = stemmers.get(algorithm)
    if found is None:
        import snowballstemmer  # its ~30 languages take ~15 ms: a Latin-script search never stems

        found = stemmers[algorithm] = snowballstemmer.stemmer(algorithm).stemWord
    return found


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """One lower-case word's stem (cached: news vocabulary repeats across stories and chats)."""
    algorithm = _ALGORITHM_BY_SCRIPT.get(_script(word))
    return _stemmer(algorithm)(word) if algorithm else word


@lru_cache(maxsize=20_000)
def stems(text: str) -> tuple[str, ...]:
    """The text's words as stems, in order (cached: one story is matched for every chat)."""
    return tuple(stem(w) for w in words(text))


def _latin(word: str) -> bool:
    return _script(word) in ("LATIN", "")


def stems_meet(a: str, b: str) -> bool:
    """Whether two stems stand for one word (see the module docstring)."""
    if a == b:
        return True
    if _latin(a) or _latin(b):
        return False
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and len(long) - len(short) <= 2 and long.startswith(short)


@lru_cache(maxsize=20_000)
def loose(stems_: tuple[str, ...]) -> bool:
    """Whether any of these stems may meet a stem other than itself (outside the Latin script)."""
    return any(not _latin(s) for s in stems_)


def meet_key(stem_: str) -> str:
    """An index key shared by every stem that meets ``stem_``: stems that meet share their
    first four letters, and Latin-script stems meet only themselves."""
    return stem_ if _latin(stem_) or len(stem_) < 4 else stem_[:4]


def search_terms(topic: str) -> list[SearchTerm]:
    """A topic's words as full-text search terms: Latin-script words as they are (the index
    stems them with Porter), other words as a prefix of their stem when the word starts with
    it (Arabic stems drop a leading article, so there the word itself is the prefix)."""
    terms: list[SearchTerm] = []
    for word in words(topic):
        if _latin(word):
            terms.append(SearchTerm(word, prefix=False))
            continue
        stemmed = stem(word)
        root = stemmed if word.startswith(stemmed) and len(stemmed) >= 3 else word
        # The shortest form that still meets: "байкал" and "байка" both search "байка*".
        if len(root) >= 5:
            root = root[:-1]
        terms.append(SearchTerm(root, prefix=True))
    return terms
