"""Assigning newly stored articles to stories: load what clustering needs, run it, store it.

The clustering itself is in ``news.stories.cluster`` (pure, in memory); this module is its
storage side. One call handles one batch: the batch's terms are counted into the document
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

from sqlalchemy import Connection, Row, bindparam, select

from news.db.schema import articles, stories
from news.stories.cluster import Clusterer, StoryState, decode_centroid, encode_centroid
from news.stories.features import ArticleFeatures, article_features
from news.stories.terms import add_document_frequencies, load_idf

__all__ = ["assign_stories"]

_CHUNK = 500
# A big story's title is chosen among its first members and the new ones: re-reading hundreds of
# bodies on every update would make large stories slow, and early reports name the event best.
_TITLE_CANDIDATES = 24


def _load_articles(conn: Connection, article_ids: Sequence[int]) -> list[Row[Any]]:
    ids = sorted(set(article_ids))
    rows: list[Row[Any]] = []
    for start in range(0, len(ids), _CHUNK):
        rows.extend(conn.execute(
            select(
                articles.c.id, articles.c.title, articles.c.body, articles.c.published_at,
                articles.c.duplicate_of,
            ).where(articles.c.id.in_(ids[start : start + _CHUNK]), articles.c.story_id.is_(None))
        ))
    return rows


def _stories_of(conn: Connection, article_ids: Sequence[int]) -> dict[int, int]:
    ids = sorted(set(article_ids))
    found: dict[int, int] = {}
    for start in range(0, len(ids), _CHUNK):
        for row in conn.execute(
            select(articles.c.id, articles.c.story_id).where(
                articles.c.id.in_(ids[start : start + _CHUNK]), articles.c.story_id.is_not(None)
            )
        ):
            found[int(row.id)] = int(row.story_id)
    return found


def _load_active_stories(conn: Connection, start: datetime, end: datetime) -> list[StoryState]:
    rows = conn.execute(
        select(
            stories.c.id, stories.c.centroid, stories.c.first_published_at,
            stories.c.last_published_at, stories.c.article_count,
        )
        .where(stories.c.last_published_at >= start, stories.c.first_published_at <= end)
        .order_by(stories.c.id)
    ).all()
    states = []
    for row in rows:
        terms, entities = decode_centroid(row.centroid)
        states.append(
            StoryState(
                key=int(row.id), terms=terms, entities=entities, first=row.first_published_at,
                last=row.last_published_at, count=int(row.article_count),
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
        for row in conn.execute(
            select(articles.c.id, articles.c.title, articles.c.published_at)
            .where(articles.c.story_id == story.key, articles.c.duplicate_of.is_(None))
            .order_by(articles.c.published_at, articles.c.id)
            .limit(_TITLE_CANDIDATES)
        ):
            candidates.append((int(row.id), row.title, row.published_at))
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
    rows = _load_articles(conn, article_ids)
    if not rows:
        return set()
    batch_ids = {int(r.id) for r in rows}
    originals_of = {int(r.id): int(r.duplicate_of) for r in rows if r.duplicate_of is not None}
    original_story = _stories_of(conn, list(originals_of.values()))
    # A copy whose original has (or is about to get) a story simply joins it; the others are
    # clustered like any article.
    copies = {a: o for a, o in originals_of.items() if o in original_story or o in batch_ids}
    to_cluster = sorted(
        (r for r in rows if int(r.id) not in copies), key=lambda r: (r.published_at, r.id)
    )
    batch = {
        int(r.id): (r.title, article_features(r.title, r.body), r.published_at) for r in to_cluster
    }
    add_document_frequencies(conn, (set(f.terms) | set(f.entities) for _, f, _ in batch.values()))
    window = timedelta(hours=window_hours)
    active: list[StoryState] = []
    if to_cluster:
        active = _load_active_stories(
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
    assigned = {
        int(r.id): clusterer.assign(int(r.id), batch[int(r.id)][1], r.published_at) for r in to_cluster
    }
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
    if updates:
        conn.execute(
            stories.update().where(stories.c.id == bindparam("sid")).values(
                {name: bindparam(name) for name in updates[0] if name != "sid"}
            ),
            updates,
        )
    if inserts:
        inserted = conn.execute(
            stories.insert().returning(stories.c.id, sort_by_parameter_order=True), [v for _, v in inserts]
        )
        for (placeholder, _), row in zip(inserts, inserted, strict=True):
            story_ids[placeholder] = int(row.id)

    links = [{"aid": a, "sid": story_ids[key]} for a, key in sorted(assigned.items())]
    now_assigned = {a: story_ids[key] for a, key in assigned.items()}
    for copy, original in sorted(copies.items()):
        story_id = now_assigned.get(original, original_story.get(original))
        if story_id is not None:
            links.append({"aid": copy, "sid": story_id})
    if links:
        conn.execute(
            articles.update().where(articles.c.id == bindparam("aid")).values(story_id=bindparam("sid")),
            links,
        )
    # A stored story merged into another (always an older stored one): its members move, it goes.
    absorbed = [{"old": old, "sid": new} for old, new in clusterer.merged().items() if old > 0]
    if absorbed:
        conn.execute(
            articles.update().where(articles.c.story_id == bindparam("old")).values(story_id=bindparam("sid")),
            absorbed,
        )
        conn.execute(stories.delete().where(stories.c.id.in_([m["old"] for m in absorbed])))
    return set(story_ids.values())
