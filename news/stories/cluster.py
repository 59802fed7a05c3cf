"""Online story clustering, in memory: each article joins the best active story or starts one.

An article is compared with the stories active around its own publication time (within the
window on either side, so a backfill of old articles finds the stories of its own days). The
score mixes three signals:

- cosine similarity of TF-IDF term vectors (title and lead weigh most, see ``features``);
- cosine similarity of entity vectors (names, places, numbers), weighted by IDF as well, with
  each entity's share capped (``ENTITY_CAP``): two stories that share one famous person and a
  place, and nothing else, must not look alike through those two names;
- a time decay: an article a day from a story counts fully, one near the window's edge less.

A story is one event, not a topic: it stops taking members once they would stretch it past
``max_span`` (a week by default), so months of election coverage become weekly stories.

It joins the best-scoring story when the score passes ``JOIN_THRESHOLD``; otherwise it starts a
new story. Reports written differently by two outlets may start two stories; when a later
article matches both (it passes the threshold for each) and, with it, their centroids have
become alike (``MERGE_THRESHOLD``), the younger story is merged into the older one.
``resolve`` maps a key to the story it ended in and ``merged`` lists the merged-away keys, so
the storage side can move a stored story's members and drop its row. Stories keep the *sum* of their members' unit vectors without IDF (the centroid), and
IDF is applied when comparing, so centroids stored early are not frozen with the IDF of a
small corpus.

Speed: candidates come from an inverted index over each story's strongest terms and entities,
filtered by time, so an article is scored against a few dozen stories, not all of them; the
cost per article stays flat as the corpus grows (see bench/stories.py).

Determinism: articles are processed in (published_at, id) order; ties between stories go to the
older story key. The same input gives the same stories on every run.
"""

from __future__ import annotations

import heapq
import math
import struct
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Final

from news.stories.features import ArticleFeatures

__all__ = [
    "JOIN_THRESHOLD",
    "MAX_SPAN",
    "Clusterer",
    "StoryState",
    "decode_centroid",
    "encode_centroid",
]

JOIN_THRESHOLD: Final = 0.2
ENTITY_SHARE: Final = 0.4
# No one name or number adds more than this to the entity similarity: two stories that share
# only a famous person and a place ("Putin", "Moscow") must not look like one.
ENTITY_CAP: Final = 0.15
# Two stories an article both matched (at least JOIN_THRESHOLD each) merge when their centroids
# are this alike; checked against the article's next few candidates only, so it costs little.
MERGE_THRESHOLD: Final = 0.3
MERGE_CANDIDATES: Final = 3
# Stories are indexed under this many of their strongest terms and entities; an article looks up
# this many of its own. Same-event articles share their strongest words, so little is missed.
INDEX_TERMS: Final = 40
# Stories scored in full per article (those sharing the most query weight).
MAX_CANDIDATES: Final = 40
QUERY_TERMS: Final = 20
# Centroids are trimmed to their strongest entries when stored (bounded rows, same ranking).
MAX_CENTROID_TERMS: Final = 400
# The longest a story may run, first report to last (``story_max_days`` in the settings).
MAX_SPAN: Final = timedelta(days=7)

IdfLookup = Callable[[int], float]
_MAGIC: Final = b"NBC1"


@dataclass(slots=True)
class StoryState:
    """A story as clustering needs it: centroid sums, time span, size."""

    key: int  # the story id, or a negative placeholder for a story not yet stored
    terms: dict[int, float]
    entities: dict[int, float]
    first: datetime
    last: datetime
    count: int
    members: list[int] = field(default_factory=list)  # article ids added in this run
    changed: bool = False
    _squares: tuple[float, float] | None = None  # squared IDF-weighted norms, once computed

    def add(
        self, vector: ArticleVector, published_at: datetime, article_id: int, idf: IdfLookup | None = None
    ) -> None:
        """Add a member; with ``idf``, known norms are updated for the terms it touches only
        (recomputing them over a centroid of thousands of terms dominated clustering time)."""
        track = idf if self._squares is not None else None
        term_sq, entity_sq = self._squares or (0.0, 0.0)
        term_sq += _accumulate(self.terms, vector.terms, track)
        entity_sq += _accumulate(self.entities, vector.entities, track)
        self.first = min(self.first, published_at)
        self.last = max(self.last, published_at)
        self.count += 1
        self.members.append(article_id)
        self.changed = True
        self._squares = (max(term_sq, 0.0), max(entity_sq, 0.0)) if track is not None else None

    def norms(self, idf: IdfLookup) -> tuple[float, float]:
        if self._squares is None:
            self._squares = (
                sum((w * idf(t)) ** 2 for t, w in self.terms.items()),
                sum((w * idf(e)) ** 2 for e, w in self.entities.items()),
            )
        return math.sqrt(self._squares[0]), math.sqrt(self._squares[1])

    def strongest(self, idf: IdfLookup, count: int) -> list[int]:
        terms = heapq.nsmallest(count, self.terms.items(), key=lambda kv: (-kv[1] * idf(kv[0]), kv[0]))
        entities = heapq.nsmallest(
            count // 2, self.entities.items(), key=lambda kv: (-kv[1] * idf(kv[0]), kv[0])
        )
        return [t for t, _ in terms] + [e for e, _ in entities]


def _accumulate(sums: dict[int, float], weights: Mapping[int, float], idf: IdfLookup | None) -> float:
    """Add ``weights`` into ``sums``; with ``idf``, return how much the squared IDF-weighted
    norm of ``sums`` grew."""
    grown = 0.0
    for key, weight in weights.items():
        old = sums.get(key, 0.0)
        sums[key] = old + weight
        if idf is not None:
            grown += ((old + weight) ** 2 - old * old) * idf(key) ** 2
    return grown


@dataclass(slots=True, frozen=True)
class ArticleVector:
    """An article's unit term and entity vectors (sublinear TF, no IDF)."""

    terms: dict[int, float]
    entities: dict[int, float]

    @classmethod
    def from_features(cls, features: ArticleFeatures) -> ArticleVector:
        return cls(_unit(features.terms), _unit(features.entities))


def _reindex_due(count: int) -> bool:
    """Re-index a story at 1-8 members, then at powers of two."""
    return count <= 8 or count & (count - 1) == 0


def _age_rank(key: int) -> int:
    """Older stories first: stored ids ascending, then this run's placeholders (-1, -2, ...)."""
    return key if key > 0 else (1 << 62) - key


def _unit(weights: Mapping[int, float]) -> dict[int, float]:
    damped = {k: math.log1p(w) for k, w in weights.items()}
    norm = math.sqrt(sum(v * v for v in damped.values()))
    return {k: v / norm for k, v in damped.items()} if norm else {}


def _weighted(vector: Mapping[int, float], idf: IdfLookup) -> tuple[dict[int, float], float]:
    weighted = {k: v * idf(k) for k, v in vector.items()}
    return weighted, math.sqrt(sum(v * v for v in weighted.values()))


def _dot(doubled: Mapping[int, float], sums: Mapping[int, float], limit: float = math.inf) -> float:
    """Dot product of an article vector weighted by IDF twice (``_twice``) with a centroid kept
    without IDF: the same as IDF-weighting both sides, with no IDF look-up per candidate.
    Each term adds at most ``limit``."""
    if limit == math.inf:
        return sum(doubled[k] * sums[k] for k in doubled.keys() & sums.keys())
    return sum(min(doubled[k] * sums[k], limit) for k in doubled.keys() & sums.keys())


def _twice(weighted: Mapping[int, float], idf: IdfLookup) -> dict[int, float]:
    return {k: w * idf(k) for k, w in weighted.items()}


class Clusterer:
    """Assigns articles to stories one at a time; the caller loads and stores the stories."""

    def __init__(
        self, idf: IdfLookup, *, window: timedelta, threshold: float = JOIN_THRESHOLD,
        max_span: timedelta = MAX_SPAN,
    ) -> None:
        self._idf = idf
        self._window = window
        self._max_span = max_span
        self._threshold = threshold
        self.stories: dict[int, StoryState] = {}
        # term -> stories strong in that term. The caller loads only the stories active around
        # the batch, so a term's list is short; time is checked per candidate story, not per
        # (term, day) entry, which kept one set per story per day of its span (most of the memory).
        self._index: dict[int, set[int]] = {}
        self._indexed: dict[int, set[int]] = {}  # story key -> terms it is indexed under
        self._next_placeholder = -1
        self._absorbed: dict[int, int] = {}

    def add_story(self, story: StoryState) -> None:
        self.stories[story.key] = story
        self._index_story(story)

    def _index_story(self, story: StoryState, *, refresh_terms: bool = True) -> None:
        """Index the story under strong terms it is not yet indexed under (never removed)."""
        known = self._indexed.setdefault(story.key, set())
        if known and not refresh_terms:
            return
        for term in story.strongest(self._idf, INDEX_TERMS):
            if term not in known:
                known.add(term)
                self._index.setdefault(term, set()).add(story.key)

    def _decay(self, story: StoryState, published_at: datetime) -> float | None:
        if published_at < story.first:
            gap = story.first - published_at
        elif published_at > story.last:
            gap = published_at - story.last
        else:
            gap = timedelta(0)
        if gap > self._window:
            return None
        if max(story.last, published_at) - min(story.first, published_at) > self._max_span:
            # A running topic (an election, a war) would otherwise chain into one story lasting
            # months; past this span its next report starts the next chapter as a new story.
            return None
        # Within a day counts fully; then the score fades to 60% at the window's edge.
        over = max(gap - timedelta(days=1), timedelta(0)) / self._window
        return 1.0 - 0.4 * min(over, 1.0)

    def score(self, vector: ArticleVector, published_at: datetime) -> list[tuple[float, int]]:
        """(score, story key) of every candidate story, best first."""
        terms, term_norm = _weighted(vector.terms, self._idf)
        entities, entity_norm = _weighted(vector.entities, self._idf)
        query = [(t, terms[t] / (term_norm or 1.0)) for t in sorted(terms, key=lambda t: (-terms[t], t))[:QUERY_TERMS]]
        query += [
            (e, entities[e] / (entity_norm or 1.0))
            for e in sorted(entities, key=lambda e: (-entities[e], e))[: QUERY_TERMS // 2]
        ]
        # Candidates are ranked by the weight of the query terms they share and only the best
        # are scored in full: a busy news day can put hundreds of stories behind common terms.
        shared: dict[int, float] = {}
        for term, weight in query:
            for key in self._index.get(term, ()):
                shared[key] = shared.get(key, 0.0) + weight
        decays = {key: d for key in shared if (d := self._decay(self.stories[key], published_at)) is not None}
        candidates = sorted(decays, key=lambda k: (-shared[k], _age_rank(k)))[:MAX_CANDIDATES]
        terms_twice, entities_twice = _twice(terms, self._idf), _twice(entities, self._idf)
        scored: list[tuple[float, int]] = []
        for key in candidates:
            story = self.stories[key]
            decay = decays[key]
            story_terms, story_entities = story.norms(self._idf)
            text = 0.0
            if term_norm and story_terms:
                scale = term_norm * story_terms
                text = _dot(terms_twice, story.terms) / scale
            named = 0.0
            if entity_norm and story_entities:
                scale = entity_norm * story_entities
                named = _dot(entities_twice, story.entities, ENTITY_CAP * scale) / scale
            # Entity similarity counts only where there are entities on both sides.
            share = ENTITY_SHARE if entity_norm and story_entities else 0.0
            scored.append((((1 - share) * text + share * named) * decay, key))
        scored.sort(key=lambda sk: (-sk[0], _age_rank(sk[1])))
        return scored

    def assign(self, article_id: int, features: ArticleFeatures, published_at: datetime) -> int:
        """Put one article in a story; return the story key (negative for a new story).

        The key may later be merged into another story: ``resolve`` gives the final one."""
        vector = ArticleVector.from_features(features)
        scored = self.score(vector, published_at)
        if scored and scored[0][0] >= self._threshold:
            story = self.stories[scored[0][1]]
        else:
            story = StoryState(
                key=self._next_placeholder, terms={}, entities={}, first=published_at,
                last=published_at, count=0,
            )
            self._next_placeholder -= 1
            self.stories[story.key] = story
        story.add(vector, published_at, article_id, self._idf)
        # A story's strongest terms settle as it grows: look for new ones on a thinning schedule.
        self._index_story(story, refresh_terms=_reindex_due(story.count))
        self._merge_converging(story, scored)
        return story.key

    def _merge_converging(self, story: StoryState, scored: list[tuple[float, int]]) -> None:
        """Merge into ``story`` the other stories this article also matched, when the two
        centroids are now alike: reports of one event that started apart, bridged by a third."""
        for score, key in scored[1:MERGE_CANDIDATES + 1]:
            if score < self._threshold:
                break
            other = self.stories.get(key)
            if other is None or other is story:
                continue
            if max(story.last, other.last) - min(story.first, other.first) > self._max_span:
                continue
            if self.similarity(story, other) < MERGE_THRESHOLD:
                continue
            survivor, absorbed = sorted((story, other), key=lambda s: _age_rank(s.key))
            self._merge(survivor, absorbed)
            story = survivor

    def similarity(self, one: StoryState, other: StoryState) -> float:
        """Centroid-to-centroid score, mixed like an article's (IDF on both sides)."""
        terms_one, entities_one = one.norms(self._idf)
        terms_other, entities_other = other.norms(self._idf)
        idf = self._idf
        text = named = 0.0
        if terms_one and terms_other:
            small, large = sorted((one.terms, other.terms), key=len)
            text = sum(w * large[k] * idf(k) ** 2 for k, w in small.items() if k in large)
            text /= terms_one * terms_other
        if entities_one and entities_other:
            small, large = sorted((one.entities, other.entities), key=len)
            named = sum(w * large[k] * idf(k) ** 2 for k, w in small.items() if k in large)
            named /= entities_one * entities_other
        share = ENTITY_SHARE if entities_one and entities_other else 0.0
        return (1 - share) * text + share * named

    def _merge(self, survivor: StoryState, absorbed: StoryState) -> None:
        _accumulate(survivor.terms, absorbed.terms, None)
        _accumulate(survivor.entities, absorbed.entities, None)
        survivor.first = min(survivor.first, absorbed.first)
        survivor.last = max(survivor.last, absorbed.last)
        survivor.count += absorbed.count
        survivor.members.extend(absorbed.members)
        survivor.changed = True
        survivor._squares = None
        del self.stories[absorbed.key]
        for term in self._indexed.pop(absorbed.key, ()):
            self._index[term].discard(absorbed.key)
        self._absorbed[absorbed.key] = survivor.key
        self._index_story(survivor)

    def resolve(self, key: int) -> int:
        """The story a key ended up in, after any merges."""
        while key in self._absorbed:
            key = self._absorbed[key]
        return key

    def merged(self) -> dict[int, int]:
        """Stories merged away in this run (absorbed key -> surviving key), stored ones
        included: their members move to the survivor and the absorbed row goes."""
        return {key: self.resolve(key) for key in sorted(self._absorbed)}

    def centrality(self, story: StoryState, features: ArticleFeatures) -> float:
        """How close an article is to its story's centroid (for picking the story's title)."""
        vector = ArticleVector.from_features(features)
        terms, norm = _weighted(vector.terms, self._idf)
        story_norm = story.norms(self._idf)[0]
        return _dot(_twice(terms, self._idf), story.terms) / (norm * story_norm) if norm and story_norm else 0.0

    def changed(self) -> Iterable[StoryState]:
        return (s for s in self.stories.values() if s.changed)


def _top(weights: Mapping[int, float], limit: int) -> list[tuple[int, float]]:
    return sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def encode_centroid(story: StoryState) -> bytes:
    """Serialise a story's centroid sums (stories.centroid): little-endian ids and weights."""
    import numpy as np  # slow (~0.15 s): only needed once stories are assigned

    parts = [_MAGIC]
    for weights in (story.terms, story.entities):
        top = _top(weights, MAX_CENTROID_TERMS)
        ids = np.array([k for k, _ in top], dtype="<i8")
        values = np.array([v for _, v in top], dtype="<f4")
        parts += [struct.pack("<I", len(top)), ids.tobytes(), values.tobytes()]
    return b"".join(parts)


def decode_centroid(blob: bytes | None) -> tuple[dict[int, float], dict[int, float]]:
    """Inverse of encode_centroid; an empty or foreign blob gives empty sums (re-learned)."""
    if not blob or not blob.startswith(_MAGIC):
        return {}, {}
    import numpy as np  # slow (~0.15 s): only needed once stories are assigned

    offset = len(_MAGIC)
    out: list[dict[int, float]] = []
    for _ in range(2):
        (count,) = struct.unpack_from("<I", blob, offset)
        offset += 4
        ids = np.frombuffer(blob, dtype="<i8", count=count, offset=offset)
        offset += 8 * count
        values = np.frombuffer(blob, dtype="<f4", count=count, offset=offset)
        offset += 4 * count
        out.append(dict(zip(ids.tolist(), values.tolist(), strict=True)))
    return out[0], out[1]
