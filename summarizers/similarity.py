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

__all__ = ["cosine_matrix", "term_ids"]

FloatMatrix = npt.NDArray[np.float64]

_DENSE_LIMIT: Final = 2_000_000


def term_ids(
    sentences_words: Iterable[Iterable[str]],
    stem: Callable[[str], str],
    stop_words: frozenset[str],
    vocabulary: dict[str, int] | None = None,
) -> list[list[int]]:
    """Stemmed content-word ids of each sentence; ``vocabulary`` grows as words appear."""
    vocab = {} if vocabulary is None else vocabulary
    stems: dict[str, int] = {}  # lower-cased word -> id, skips the stemmer for repeats
    out: list[list[int]] = []
    for words in sentences_words:
        ids: list[int] = []
        for word in words:
            lower = word.lower()
            index = stems.get(lower)
            if index is None:
                if lower in stop_words or len(lower) < 2:
                    continue
                key = stem(lower)
                index = vocab.get(key)
                if index is None:
                    index = vocab[key] = len(vocab)
                stems[lower] = index
            ids.append(index)
        out.append(ids)
    return out


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
