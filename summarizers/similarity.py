"""TF-IDF sentence vectors and cosine similarities, vectorised with numpy/scipy.

Sentences are bags of stemmed, lower-cased non-stop words; IDF is computed over the
sentences of the document itself (no corpus statistics, no model download), which is
what makes a word that every sentence repeats count for little.

Small documents (every news article) use dense numpy arrays: scipy.sparse costs tens of
microseconds per operation in bookkeeping, which is most of the 2 ms budget. Past
``_DENSE_LIMIT`` cells the matrix goes sparse so a 2,000-sentence input stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Final

import numpy as np
import numpy.typing as npt
from scipy import sparse

__all__ = ["Lexicon", "cosine_matrix"]

FloatMatrix = npt.NDArray[np.float64]

_DENSE_LIMIT: Final = 2_000_000


class Lexicon:
    """Lower-cased word -> stem, or "" for words that do not count (stop words, 1 letter).

    One per summarizer, kept across calls: news vocabulary repeats, so after warm-up a word
    costs one dict lookup instead of a stop-word test plus a snowball stem (~10 µs).
    """

    __slots__ = ("_entries", "_stem", "_stop_words")

    _LIMIT: Final = 200_000

    def __init__(self, stem: Callable[[str], str], stop_words: frozenset[str]) -> None:
        self._stem = stem
        self._stop_words = stop_words
        self._entries: dict[str, str] = {}

    def term_ids(
        self, sentences_words: Iterable[Iterable[str]], vocabulary: dict[str, int]
    ) -> list[list[int]]:
        """Vocabulary ids of the counting words of each sentence (words lower-cased)."""
        entries = self._entries
        if len(entries) > self._LIMIT:
            entries.clear()
        lookup = entries.get
        out: list[list[int]] = []
        for words in sentences_words:
            ids: list[int] = []
            for word in words:
                key = lookup(word)
                if key is None:
                    key = entries[word] = self._entry(word)
                if key:
                    index = vocabulary.get(key)
                    if index is None:
                        index = vocabulary[key] = len(vocabulary)
                    ids.append(index)
            out.append(ids)
        return out

    def _entry(self, word: str) -> str:
        if len(word) < 2 or word in self._stop_words:
            return ""
        return self._stem(word)


def cosine_matrix(ids: Sequence[Sequence[int]], vocabulary_size: int) -> FloatMatrix:
    """Cosine similarities of TF-IDF sentence vectors (sublinear TF, smoothed IDF).

    Zero on the diagonal; a sentence without content words is similar to nothing.
    """
    n = len(ids)
    size = max(vocabulary_size, 1)
    lengths = np.fromiter((len(row) for row in ids), dtype=np.int64, count=n)
    cols = np.fromiter((t for row in ids for t in row), dtype=np.int64, count=int(lengths.sum()))
    rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
    if n * size <= _DENSE_LIMIT:
        counts = np.bincount(rows * size + cols, minlength=n * size).reshape(n, size)
        weights = counts.astype(np.float64)
        present = counts > 0
        weights[present] = 1.0 + np.log(weights[present])
        df = present.sum(axis=0)
        weights *= np.log((n + 1.0) / (df + 1.0)) + 1.0
        norms = np.sqrt((weights * weights).sum(axis=1))
        norms[norms == 0.0] = 1.0
        weights /= norms[:, None]
        sims: FloatMatrix = weights @ weights.T
    else:
        sims = _sparse_cosine(rows, cols, n, size)
    np.fill_diagonal(sims, 0.0)
    return sims


def _sparse_cosine(
    rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64], n: int, size: int
) -> FloatMatrix:
    matrix = sparse.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(n, size))
    matrix.sum_duplicates()
    matrix.data = 1.0 + np.log(matrix.data)
    df = np.bincount(matrix.indices, minlength=size).astype(np.float64)
    matrix.data *= (np.log((n + 1.0) / (df + 1.0)) + 1.0)[matrix.indices]
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0.0] = 1.0
    matrix.data /= np.repeat(norms, np.diff(matrix.indptr))
    return np.asarray((matrix @ matrix.T).toarray(), dtype=np.float64)
