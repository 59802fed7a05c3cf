"""Our default summarizer: position-aware directed centrality with redundancy control.

Ideas, in the spirit of PacSum (Zheng & Lapata, 2019) and STAS:

* **Directed centrality.** A sentence that later sentences elaborate on is central; one that
  merely repeats what came before is not. So similarity to *later* sentences of the same
  article counts positively and similarity to earlier ones is weighted separately (PacSum's
  lambda_1 / lambda_2). Edges below ``min + beta * (max - min)`` of the similarity range
  are dropped so a few shared common words do not make everything central.
* **Cross-article agreement.** In a multi-article summary, similarity to sentences of the
  *other* outlets is its own term: facts every outlet reports are the story.
* **Lead prior.** News is an inverted pyramid; each article's first content sentences get a
  bonus decaying with their rank.
* **Length prior.** Very short sentences rarely carry a fact, very long ones (often
  captions run into prose) crowd out other facts.
* **Redundancy removal.** Greedy MMR: each pick is penalised by its similarity to the
  sentences already picked, and near-duplicates (two outlets, one sentence) are skipped.

Similarities are TF-IDF cosines over stemmed words, vectorised with numpy/scipy, so the whole
thing costs well under a millisecond for a news article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sumy.summarizers import AbstractSummarizer

from .similarity import cosine_matrix, term_ids

__all__ = ["NewsParams", "NewsSummarizer"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class NewsParams:
    """Weights of the scoring function; defaults tuned on the CNN/DM and Multi-News dev sets."""

    beta: float = 0.3  # edge threshold, fraction of the similarity range
    forward: float = 1.0  # weight of similarity to later sentences (same article)
    backward: float = -0.3  # weight of similarity to earlier sentences (same article)
    cross: float = 1.0  # weight of similarity to other articles' sentences
    position: float = 1.0  # weight of the lead prior
    decay: float = 1.0  # lead prior = 1 / (1 + rank) ** decay
    short_words: int = 8  # sentences shorter than this are penalised ...
    long_words: int = 45  # ... and so are sentences longer than this
    length_penalty: float = 0.5
    redundancy: float = 0.5  # MMR penalty per unit of similarity to a chosen sentence
    duplicate: float = 0.6  # similarity above which a sentence counts as a repeat


class NewsSummarizer(AbstractSummarizer):  # type: ignore[misc]  # sumy is untyped
    """Sumy-compatible summarizer; works on any sumy document, best on ``build_document``'s."""

    def __init__(
        self,
        stemmer: Any,
        stop_words: frozenset[str] = frozenset(),
        params: NewsParams | None = None,
    ) -> None:
        super().__init__(stemmer)
        self._stop_words = frozenset(w.lower() for w in stop_words)
        self.params = params or NewsParams()

    @property
    def stop_words(self) -> frozenset[str]:
        """Lower-case words ignored when comparing sentences."""
        return self._stop_words

    @stop_words.setter
    def stop_words(self, words: Sequence[str] | frozenset[str]) -> None:
        self._stop_words = frozenset(w.lower() for w in words)

    def __call__(self, document: Any, sentences_count: int) -> tuple[Any, ...]:
        """The chosen sentences in document order (sumy's contract)."""
        sentences = tuple(document.sentences)
        order = {id(s): i for i, s in enumerate(sentences)}
        chosen = self.rank(sentences, sentences_count)
        return tuple(sorted(chosen, key=lambda s: order[id(s)]))

    def rank(self, sentences: Sequence[Any], count: int) -> list[Any]:
        """Up to ``count`` sentences, most important first."""
        n = len(sentences)
        if count <= 0 or n == 0:
            return []
        scores, sims = self.score(sentences)
        picked = _select(scores, sims, count, self.params)
        return [sentences[i] for i in picked]

    def score(self, sentences: Sequence[Any]) -> tuple[FloatArray, FloatArray]:
        """Importance of each sentence, and the sentence similarity matrix."""
        p = self.params
        words = [s.words for s in sentences]
        vocabulary: dict[str, int] = {}
        ids = term_ids(words, self._stemmer, self._stop_words, vocabulary)
        sims = cosine_matrix(ids, len(vocabulary))
        n = len(sentences)
        articles = np.array([getattr(s, "article", 0) for s in sentences])
        ranks = np.array([getattr(s, "rank", i) for i, s in enumerate(sentences)], dtype=float)
        lengths = np.array([len(w) for w in words], dtype=float)

        centrality = np.zeros(n)
        if n > 1:
            off = sims[~np.eye(n, dtype=bool)]
            low, high = float(off.min()), float(off.max())
            edges = np.clip(sims - (low + p.beta * (high - low)), 0.0, None)
            same = articles[:, None] == articles[None, :]
            later = np.triu(same, 1)  # j after i, same article
            earlier = np.tril(same, -1)
            centrality = (
                p.forward * (edges * later).sum(axis=1)
                + p.backward * (edges * earlier).sum(axis=1)
                + p.cross * (edges * ~same).sum(axis=1)
            )
            top = float(np.abs(centrality).max())
            if top > 0.0:
                centrality /= top

        prior = p.position / (1.0 + ranks) ** p.decay
        too_short = np.clip((p.short_words - lengths) / p.short_words, 0.0, 1.0)
        too_long = np.clip((lengths - p.long_words) / p.long_words, 0.0, 1.0)
        scores: FloatArray = centrality + prior - p.length_penalty * (too_short + too_long)
        return scores, sims


def _select(scores: FloatArray, sims: FloatArray, count: int, p: NewsParams) -> list[int]:
    """Greedy MMR: best score minus redundancy with what is already chosen."""
    n = len(scores)
    available = np.ones(n, dtype=bool)
    max_sim = np.zeros(n)
    picked: list[int] = []
    while len(picked) < count:
        candidates = available & (max_sim < p.duplicate)
        if not candidates.any():
            break
        adjusted = np.where(candidates, scores - p.redundancy * max_sim, -np.inf)
        best = int(np.argmax(adjusted))
        picked.append(best)
        available[best] = False
        max_sim = np.maximum(max_sim, sims[best])
    return picked
