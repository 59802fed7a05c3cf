"""Sentence-level text tools for story cards: term vectors, similarity, sensible shortening.

A card compares sentences across a story's reports (which outlet says what the others do not,
which key point repeats the summary), so every sentence becomes a bag of clustering terms
(``news.stories.languages``: the article language's stop words and stemmer), weighted by IDF
over the story's own sentences: a word every outlet repeats ("ceasefire" in a ceasefire story)
says little about how two sentences differ. Pure functions, no storage.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from news.stories.languages import normaliser

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["SentenceSpace", "cosine", "cosine_table", "shorten", "terms"]

_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:['’][^\W_]+)*")
# Parenthetical asides and trailing attributions are the first things a bullet can lose.
_ASIDE = re.compile(r"\s*\([^()]{1,80}\)")
_TRAILING_ATTRIBUTION = re.compile(
    r",\s*(?:(?:he|she|they|it|officials?|police|the \w+)\s+(?:said|says|added|told \w+)"
    r"|(?:said|says|added|according to)\s+[^,]{2,60})\s*([.!])$",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[,;:—–]\s")
SHORT_LIMIT: Final = 180


def terms(text: str, language: str | None) -> list[str]:
    """The counting terms of ``text`` (stemmed, stop words dropped; numbers kept)."""
    normalise = normaliser(language)
    out: list[str] = []
    for raw in _WORD.findall(text):
        if raw[0].isdigit():
            out.append(raw)
            continue
        word = normalise(raw)
        if word is not None:
            out.append(word)
    return out


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two sparse vectors (0.0 when either is empty)."""
    if len(a) > len(b):
        a, b = b, a
    dot = sum(weight * b.get(term, 0.0) for term, weight in a.items())
    if dot == 0.0:
        return 0.0
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def cosine_table(vectors: Sequence[dict[str, float]]) -> npt.NDArray[np.float64]:
    """All pairwise cosines of sparse vectors at once (a story has a few hundred sentences:
    one matrix product instead of tens of thousands of dictionary walks)."""
    import numpy as np  # slow (~0.15 s): only needed for story cards

    vocabulary: dict[str, int] = {}
    for vector in vectors:
        for term in vector:
            vocabulary.setdefault(term, len(vocabulary))
    matrix = np.zeros((len(vectors), max(len(vocabulary), 1)))
    for row, vector in enumerate(vectors):
        for term, weight in vector.items():
            matrix[row, vocabulary[term]] = weight
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0.0] = 1.0
    matrix /= norms[:, None]
    table: npt.NDArray[np.float64] = matrix @ matrix.T
    return table


class SentenceSpace:
    """TF-IDF vectors of sentences, IDF counted over one story's sentences."""

    __slots__ = ("_df", "_docs", "language")

    def __init__(self, texts: Sequence[str], language: str | None) -> None:
        self.language = language
        self._docs = len(texts)
        self._df: Counter[str] = Counter()
        for text in texts:
            self._df.update(set(terms(text, language)))

    def idf(self, term: str) -> float:
        return math.log((self._docs + 1) / (self._df.get(term, 0) + 1)) + 1.0

    def vector(self, text: str) -> dict[str, float]:
        counts = Counter(terms(text, self.language))
        return {term: (1.0 + math.log(n)) * self.idf(term) for term, n in counts.items()}

    def spread(self, term: str) -> int:
        """In how many of the space's sentences ``term`` occurs."""
        return self._df.get(term, 0)


def shorten(sentence: str, limit: int = SHORT_LIMIT) -> str:
    """A bullet-sized version of a sentence: asides and trailing attributions dropped first,
    then cut at the last clause break (or word) before ``limit``, marked with "…"."""
    text = " ".join(sentence.split())
    if len(text) <= limit:
        return text
    text = _ASIDE.sub("", text)
    text = _TRAILING_ATTRIBUTION.sub(r"\1", text)
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(head) if m.start() >= limit // 2]
    cut = breaks[-1] if breaks else head.rfind(" ")
    if cut < limit // 3:
        cut = limit - 1
    return head[:cut].rstrip(" ,;:—–") + "…"
