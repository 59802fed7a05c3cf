"""How much of an article a set of sentences covers, and how much coverage should decide.

Used by the ``news`` summarizer (``news.py``), which weighs coverage against importance by
what the reader asked for: a few sentences of a long article are its news (the lead, the
central facts); half of it should be the half that covers it best.

Coverage is a concave (submodular) function of the words the chosen sentences hold, in the
spirit of Lin & Bilmes (2011): each word is worth as much as the *other* sentences of the
article use it, a use in a long sentence counting less than one in a short one; a set earns
``sum(worth * uses**saturation)``, so a second sentence on the same thing gains less than the
first, and a word only one sentence has (that sentence's detail) is worth nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["Coverage", "share_weight"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def share_weight(
    count: int,
    available: int,
    *,
    half: float,
    steep: float,
    reference_count: float,
    count_power: float,
) -> float:
    """Weight of coverage (0-1) when ``count`` sentences are asked of ``available``.

    ``share**steep / (share**steep + h**steep)`` with ``share = count / available`` and
    ``h = half * (reference_count / count)**count_power``: the share at which coverage and
    importance weigh the same is ``half`` for a ``reference_count``-sentence summary and
    larger for shorter ones, because a short summary is the lead's job.
    """
    if count <= 0 or available <= 0:
        return 0.0
    share = min(count, available) / available
    middle = half * (reference_count / count) ** count_power
    rise = share**steep
    return float(rise / (rise + middle**steep))


@dataclass(frozen=True, slots=True)
class Coverage:
    """The words of each sentence as (sentence, term, count) triples, and their worth.

    Sparse on purpose: a sentence holds ~15 of an article's ~300 terms, and the greedy
    choice recomputes every sentence's gain once per pick.
    """

    rows: IntArray
    cols: IntArray
    counts: FloatArray
    worth: FloatArray  # per triple: how much the other sentences use the term
    lengths: FloatArray  # per sentence: terms**length_power, the gain's divisor
    size: int

    @classmethod
    def of(
        cls,
        ids: Sequence[Sequence[int]],
        size: int,
        *,
        use_length: float,
        length_power: float,
    ) -> Coverage:
        """From each sentence's term ids (``size`` distinct terms in all).

        A use weighs ``1 / log(e + words of its sentence)**use_length``; a sentence's gain is
        divided by ``words**length_power`` (long sentences cover more, not for free).
        """
        n = len(ids)
        width = max(size, 1)
        per_row = np.fromiter((len(row) for row in ids), dtype=np.int64, count=n)
        total = int(per_row.sum())
        flat = np.fromiter((t for row in ids for t in row), dtype=np.int64, count=total)
        rows = np.repeat(np.arange(n, dtype=np.int64), per_row)
        keys, repeats = np.unique(rows * width + flat, return_counts=True)
        counts = repeats.astype(np.float64)
        terms = per_row.astype(np.float64)
        rows = keys // width
        uses = counts / np.log(np.e + terms[rows]) ** use_length
        cols = keys % width
        worth = np.maximum(np.bincount(cols, uses, minlength=width)[cols] - uses, 0.0)
        lengths = np.maximum(terms, 1.0) ** length_power
        return cls(rows, cols, counts, worth, lengths, width)

    def gains(self, covered: FloatArray, saturation: float) -> FloatArray:
        """Coverage each sentence would add to ``covered`` (uses per term), per its length."""
        before = covered[self.cols]
        added = ((before + self.counts) ** saturation - before**saturation) * self.worth
        gains = np.asarray(
            np.bincount(self.rows, added, minlength=len(self.lengths)), dtype=np.float64
        )
        result: FloatArray = gains / self.lengths
        return result

    def add(self, covered: FloatArray, sentence: int) -> None:
        """Count the words of ``sentence`` as covered (``covered`` is updated in place)."""
        mine = self.rows == sentence
        covered[self.cols[mine]] += self.counts[mine]
