"""Topic matching on word stems, in any script: "elections" follows "election", "Байкале" follows
"Байкал".

A topic and a story are stemmed by the same function, so they only need to agree with each
other, not to know their language: each word takes the snowball stemmer of its script (Latin:
English Porter, which folds plurals and common suffixes of most Latin-script languages well
enough for matching; Cyrillic: Russian; Arabic script: Arabic; Greek: Greek). Words in other
scripts are compared case-folded. snowballstemmer is pure Python and imports in milliseconds,
where nltk's stemmers cost a second of start-up.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Final

import snowballstemmer

__all__ = ["stem", "stems", "words"]

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
