"""Which sentences of a story's new reports are new facts for a chat, and which it was sent.

A sentence becomes a *fingerprint*: the set of its content words (the sentence's language's stop
words dropped, words stemmed as for clustering, ``news.stories.languages.normaliser``) and of its
numbers (in any script and decimal convention, ``number_key``), each hashed to 31 bits with the
lowest bit saying which of the two it is. Fingerprints are what a chat's read state keeps, so a
sentence sent months ago is compared without storing its text.

The near-duplicate test (``is_near_duplicate``): a sentence repeats one already sent when at
least ``CONTAINMENT`` of its content words and numbers are in that one sentence *and* it has no
number that one lacks. Containment rather than Jaccard because a shorter restatement of a sent
sentence ("Talks ended without a deal") is no new fact however much the longer one said; the
number rule because "the toll rose to 52" after "the toll rose to 40" is one word apart and
entirely new. The threshold was read off pooled Multi-News dev stories (``docs/benchmarks.md``):
of cross-outlet sentence pairs of one story sampled at containment 0.7 and above, every pair the
test calls a repeat was a restatement; between 0.6 and 0.7 a third were new facts ("Judge X
approved the sentence Wednesday" against "Judge X ... to speed his transfer"), and below 0.6
mostly different facts that share names.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Final

from news.answers.matching import stem
from news.stories.languages import detect_language, normaliser, number_key

__all__ = ["CONTAINMENT", "Fingerprint", "distinct", "fingerprint", "is_near_duplicate", "repeats_any"]

# Share of a sentence's terms found in one sent sentence from which it is a repeat.
CONTAINMENT: Final = 0.7
_NUMBER: Final = re.compile(r"\d(?:[\d.,٫٬]*\d)?")
_WORD: Final = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_NUMBER_BIT: Final = 1

# Sorted distinct term hashes; odd ones are numbers.
Fingerprint = tuple[int, ...]


def _hash(term: str, kind: int) -> int:
    # crc32 is stable across processes (``hash`` is salted), and 31 bits fit every JSON reader.
    return (zlib.crc32(term.encode("utf-8")) & 0x7FFFFFFE) | kind


@lru_cache(maxsize=20_000)
def fingerprint(text: str) -> Fingerprint:
    """The sentence's content words and numbers as hashes (see the module docstring).

    Cached: the same summary sentence is checked for every chat that follows its story.
    """
    language = detect_language(text)
    normalise = normaliser(language)
    # Clustering's English terms only lose a plural; here "returned" must meet "return", so
    # English (and text of no clear language) is Porter-stemmed on top.
    porter = language in ("en", None)
    terms = {_hash(number_key(n), _NUMBER_BIT) for n in _NUMBER.findall(text)}
    for word in _WORD.findall(text):
        term = normalise(word)
        if term is not None:
            terms.add(_hash(stem(term) if porter else term, 0))
    return tuple(sorted(terms))


def is_near_duplicate(sentence: Fingerprint, sent: Fingerprint) -> bool:
    """Whether ``sentence`` says nothing that the one ``sent`` sentence did not (see above)."""
    if not sentence:
        return True  # no content word at all: nothing to tell
    ours = set(sentence)
    theirs = set(sent)
    if any(term & _NUMBER_BIT and term not in theirs for term in ours):
        return False
    return len(ours & theirs) >= CONTAINMENT * len(ours)


def repeats_any(sentence: Fingerprint, sent: Iterable[Fingerprint]) -> bool:
    """Whether the sentence is a near-duplicate of any of the sentences ``sent``."""
    return any(is_near_duplicate(sentence, other) for other in sent)


def distinct(fingerprints: Sequence[Fingerprint], sent: Sequence[Fingerprint]) -> list[int]:
    """Positions of the sentences that repeat neither ``sent`` nor an earlier kept one."""
    kept: list[int] = []
    seen = list(sent)
    for position, print_ in enumerate(fingerprints):
        if not repeats_any(print_, seen):
            kept.append(position)
            seen.append(print_)
    return kept
