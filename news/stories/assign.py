"""Assigning newly stored articles to stories: load what clustering needs, run it, store it.

The clustering itself is in ``news.stories.cluster`` (pure, in memory); this module is its
storage side (its SQL is in ``news.store.stories``). One call handles one batch: the batch's terms are counted into the document
frequencies first (so a batch clusters with the same IDF whether its articles came together or
one by one), the stories active around the batch's time span are loaded with their centroids,
the articles are clustered in (published_at, id) order, and changed stories are written back
with a fresh title (the member closest to the centroid), time span, size and
``summary_stale = True`` for the pipeline's summary refresh.

Near-duplicates (``articles.duplicate_of``) do not vote in the centroid: they join their
original's story as they are, because they are the same report again, not more evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection

from news.store import stories as store
from news.stories.cluster import Clusterer, StoryState, decode_centroid, encode_centroid
from news.stories.features import ArticleFeatures, article_features
from news.stories.terms import load_idf

__all__ = ["assign_stories"]

# A big story's title is chosen among its first members and the new ones: re-reading hundreds of
# bodies on every update would make large stories slow, and early reports name the event best.
_TITLE_CANDIDATES = 24


def _active_states(conn: Connection, start: datetime, end: datetime) -> list[StoryState]:
    states = []
    for row in store.active_stories(conn, start, end):
        terms, entities = decode_centroid(row.centroid)
        states.append(
            StoryState(
                key=row.id, terms=terms, entities=entities, first=row.first_published_at,
                last=row.last_published_at, count=row.article_count,
            )
        )
    return states


def _central_title(
    conn: Connection, clusterer: Clusterer, story: StoryState, batch: dict[int, tuple[str, ArticleFeatures, datetime]]
) -> str:
    """The member title closest to the centroid; ties go to the earliest published.

    Titles are compared by their own words: the best title is the one made of what the story is
    about, and reading titles only spares loading member bodies on every update.
    """
    if story.key < 0 and len(story.members) == 1:
        # A story born from one article of this batch: that article is the only candidate.
        return batch[story.members[0]][0]
    candidates: list[tuple[int, str, datetime]] = [
        (article_id, batch[article_id][0], batch[article_id][2]) for article_id in story.members
    ]
    if story.key > 0:
        candidates.extend(store.title_candidates(conn, story.key, limit=_TITLE_CANDIDATES))
    best = min(
        candidates,
        key=lambda c: (-round(clusterer.centrality(story, _title_features(c[1])), 9), c[2], c[0]),
    )
    return best[1]


@lru_cache(maxsize=4096)
def _title_features(title: str) -> ArticleFeatures:
    return article_features(title, "")


def assign_stories(
    conn: Connection, article_ids: Sequence[int], *, window_hours: int = 72, max_span_days: float = 7.0
) -> set[int]:
    """Give each article without a story a story; return the ids of stories that changed."""
    rows = store.articles_to_cluster(conn, article_ids)
    if not rows:
        return set()
    batch_ids = {r.id for r in rows}
    originals_of = {r.id: r.duplicate_of for r in rows if r.duplicate_of is not None}
    original_story = store.stories_of(conn, list(originals_of.values()))
    # A copy whose original has (or is about to get) a story simply joins it; the others are
    # clustered like any article.
    copies = {a: o for a, o in originals_of.items() if o in original_story or o in batch_ids}
    to_cluster = sorted((r for r in rows if r.id not in copies), key=lambda r: (r.published_at, r.id))
    batch = {r.id: (r.title, article_features(r.title, r.body), r.published_at) for r in to_cluster}
    store.add_document_frequencies(conn, (set(f.terms) | set(f.entities) for _, f, _ in batch.values()))
    window = timedelta(hours=window_hours)
    active: list[StoryState] = []
    if to_cluster:
        active = _active_states(
            conn, to_cluster[0].published_at - window, to_cluster[-1].published_at + window
        )
    needed: set[int] = set()
    for _, features, _ in batch.values():
        needed.update(features.terms, features.entities)
    for story in active:
        needed.update(story.terms, story.entities)
    clusterer = Clusterer(load_idf(conn, needed), window=window, max_span=timedelta(days=max_span_days))
    for story in active:
        clusterer.add_story(story)
    assigned = {r.id: clusterer.assign(r.id, batch[r.id][1], r.published_at) for r in to_cluster}
    # Stories bridged by later articles were merged: members follow to the surviving story.
    assigned = {article_id: clusterer.resolve(key) for article_id, key in assigned.items()}

    now = datetime.now(UTC)
    story_ids: dict[int, int] = {}
    updates: list[dict[str, Any]] = []
    inserts: list[tuple[int, dict[str, Any]]] = []
    for story in sorted(clusterer.changed(), key=lambda s: (s.key < 0, abs(s.key))):
        values = {
            "title": _central_title(conn, clusterer, story, batch),
            "updated_at": now,
            "first_published_at": story.first,
            "last_published_at": story.last,
            "article_count": story.count,
            "summary_stale": True,
            "centroid": encode_centroid(story),
        }
        if story.key > 0:
            updates.append({"sid": story.key, **values})
            story_ids[story.key] = story.key
        else:
            inserts.append((story.key, {"created_at": now, **values}))
    # One executemany each for updated and new stories; new ids come back in insertion order.
    store.update_stories(conn, updates)
    new_ids = store.insert_stories(conn, [v for _, v in inserts])
    for (placeholder, _), new_id in zip(inserts, new_ids, strict=True):
        story_ids[placeholder] = new_id

    links = [(a, story_ids[key]) for a, key in sorted(assigned.items())]
    now_assigned = {a: story_ids[key] for a, key in assigned.items()}
    for copy, original in sorted(copies.items()):
        story_id = now_assigned.get(original, original_story.get(original))
        if story_id is not None:
            links.append((copy, story_id))
    store.set_article_stories(conn, links)
    # A stored story merged into another (always an older stored one): its members move, it goes.
    store.merge_stories(conn, {old: new for old, new in clusterer.merged().items() if old > 0})
    return set(story_ids.values())
