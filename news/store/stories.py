"""SQL of stories: membership, clustering state, summaries, term frequencies and the read model.

Clustering (``news.stories``) decides which story an article joins and what a story's title and
summary are; this module reads what it needs and writes what it decided. ``load_stories`` turns
rows into the plain ``Story`` objects that answers and digests show.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import Connection, bindparam, func, select

from news.models import ArticleRef, Story, StorySentence
from news.store.articles import CHUNK
from news.store.quarantine import is_quarantined
from news.store.reads import move_reads
from news.store.schema import articles, stories, story_terms
from news.store.upsert import upsert_insert

__all__ = [
    "MAX_SOURCES",
    "ActiveStory",
    "ArticleToCluster",
    "StoryReport",
    "SummaryMember",
    "active_stories",
    "add_document_frequencies",
    "articles_to_cluster",
    "candidate_story_ids",
    "document_frequencies",
    "insert_stories",
    "load_stories",
    "merge_stories",
    "save_story_summaries",
    "set_article_stories",
    "stale_story_ids",
    "stories_of",
    "story_count",
    "story_listing",
    "story_reports",
    "summary_members",
    "title_candidates",
    "update_stories",
]

# Reports listed under a story in answers and digests; the rest are counted, not listed.
MAX_SOURCES: Final = 6
# The row of story_terms that counts the documents themselves (term ids are blake2b hashes,
# which hit 0 with probability 2**-64).
_TOTAL_TERM: Final = 0


@dataclass(slots=True, frozen=True)
class ArticleToCluster:
    id: int
    title: str
    body: str
    published_at: datetime
    duplicate_of: int | None


def articles_to_cluster(conn: Connection, article_ids: Sequence[int]) -> list[ArticleToCluster]:
    """The given articles that have no story yet (and were not set aside by clustering)."""
    ids = sorted(set(article_ids))
    found: list[ArticleToCluster] = []
    for start in range(0, len(ids), CHUNK):
        for r in conn.execute(
            select(articles.c.id, articles.c.title, articles.c.body, articles.c.published_at,
                   articles.c.duplicate_of)
            .where(articles.c.id.in_(ids[start : start + CHUNK]), articles.c.story_id.is_(None),
                   ~is_quarantined(articles.c.id))
        ):
            found.append(ArticleToCluster(int(r.id), str(r.title), str(r.body), r.published_at,
                                          None if r.duplicate_of is None else int(r.duplicate_of)))
    return found


def stories_of(conn: Connection, article_ids: Sequence[int]) -> dict[int, int]:
    """article id -> story id, for those of the given articles that have a story."""
    ids = sorted(set(article_ids))
    found: dict[int, int] = {}
    for start in range(0, len(ids), CHUNK):
        for row in conn.execute(
            select(articles.c.id, articles.c.story_id).where(
                articles.c.id.in_(ids[start : start + CHUNK]), articles.c.story_id.is_not(None)
            )
        ):
            found[int(row.id)] = int(row.story_id)
    return found


@dataclass(slots=True, frozen=True)
class ActiveStory:
    id: int
    centroid: bytes | None
    first_published_at: datetime
    last_published_at: datetime
    article_count: int


def active_stories(conn: Connection, start: datetime, end: datetime) -> list[ActiveStory]:
    """Stories whose time span overlaps [start, end]."""
    return [
        ActiveStory(int(r.id), r.centroid, r.first_published_at, r.last_published_at, int(r.article_count))
        for r in conn.execute(
            select(stories.c.id, stories.c.centroid, stories.c.first_published_at,
                   stories.c.last_published_at, stories.c.article_count)
            .where(stories.c.last_published_at >= start, stories.c.first_published_at <= end)
            .order_by(stories.c.id)
        )
    ]


def title_candidates(conn: Connection, story_id: int, *, limit: int) -> list[tuple[int, str, datetime]]:
    """(id, title, published) of a story's first original reports."""
    return [
        (int(r.id), str(r.title), r.published_at)
        for r in conn.execute(
            select(articles.c.id, articles.c.title, articles.c.published_at)
            .where(articles.c.story_id == story_id, articles.c.duplicate_of.is_(None))
            .order_by(articles.c.published_at, articles.c.id)
            .limit(limit)
        )
    ]


def update_stories(conn: Connection, updates: list[dict[str, Any]]) -> None:
    """One executemany; each dict has ``sid`` and the same column values."""
    if updates:
        conn.execute(
            stories.update().where(stories.c.id == bindparam("sid")).values(
                {name: bindparam(name) for name in updates[0] if name != "sid"}
            ),
            updates,
        )


def insert_stories(conn: Connection, rows: list[dict[str, Any]]) -> list[int]:
    """Insert stories; their new ids in insertion order."""
    if not rows:
        return []
    inserted = conn.execute(stories.insert().returning(stories.c.id, sort_by_parameter_order=True), rows)
    return [int(row.id) for row in inserted]


def set_article_stories(conn: Connection, links: list[tuple[int, int]]) -> None:
    """Put each (article, story) pair's article in the story."""
    if links:
        conn.execute(
            articles.update().where(articles.c.id == bindparam("aid")).values(story_id=bindparam("sid")),
            [{"aid": a, "sid": s} for a, s in links],
        )


def story_count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(stories)).scalar_one())


def merge_stories(conn: Connection, merged: dict[int, int]) -> None:
    """Move the members of each absorbed story (key) to its survivor (value); drop the absorbed."""
    if not merged:
        return
    move_reads(conn, merged)
    conn.execute(
        articles.update().where(articles.c.story_id == bindparam("old")).values(story_id=bindparam("sid")),
        [{"old": old, "sid": new} for old, new in merged.items()],
    )
    conn.execute(stories.delete().where(stories.c.id.in_(sorted(merged))))


def stale_story_ids(conn: Connection) -> set[int]:
    return {int(r.id) for r in conn.execute(select(stories.c.id).where(stories.c.summary_stale))}


@dataclass(slots=True, frozen=True)
class SummaryMember:
    id: int
    language: str
    summary: list[str] | None


def summary_members(conn: Connection, story_ids: Sequence[int]) -> dict[int, list[SummaryMember]]:
    """Original members of each story, oldest first, without their bodies."""
    members: dict[int, list[SummaryMember]] = {}
    for row in conn.execute(
        select(articles.c.id, articles.c.story_id, articles.c.language, articles.c.summary)
        .where(articles.c.story_id.in_(list(story_ids)), articles.c.duplicate_of.is_(None))
        .order_by(articles.c.story_id, articles.c.published_at, articles.c.id)
    ):
        members.setdefault(int(row.story_id), []).append(
            SummaryMember(int(row.id), str(row.language), row.summary)
        )
    return members


def save_story_summaries(
    conn: Connection, summaries: list[tuple[int, list[dict[str, object]]]], *, now: datetime
) -> None:
    if summaries:
        conn.execute(
            stories.update()
            .where(stories.c.id == bindparam("sid"))
            .values(summary=bindparam("summary"), summary_stale=False, updated_at=now),
            [{"sid": s, "summary": summary} for s, summary in summaries],
        )


def add_document_frequencies(conn: Connection, documents: Iterable[Iterable[int]]) -> None:
    """Count each document's distinct ids (and the documents themselves) into ``story_terms``.

    Increments are upserts, so two workers counting at once add up instead of colliding.
    """
    counts: Counter[int] = Counter()
    total = 0
    for ids in documents:
        counts.update(set(ids))
        total += 1
    if not total:
        return
    counts[_TOTAL_TERM] += total
    rows = [{"term": term, "df": df} for term, df in sorted(counts.items())]
    insert = upsert_insert(conn, story_terms)
    statement = insert.on_conflict_do_update(
        index_elements=[story_terms.c.term], set_={"df": story_terms.c.df + insert.excluded.df}
    )
    for start in range(0, len(rows), CHUNK):
        conn.execute(statement, rows[start : start + CHUNK])


def document_frequencies(conn: Connection, term_ids: Iterable[int]) -> tuple[int, dict[int, int]]:
    """(documents counted, df of each given term that has been seen)."""
    wanted = sorted(set(term_ids) | {_TOTAL_TERM})
    frequencies: dict[int, int] = {}
    for start in range(0, len(wanted), CHUNK):
        for row in conn.execute(
            select(story_terms.c.term, story_terms.c.df).where(story_terms.c.term.in_(wanted[start : start + CHUNK]))
        ):
            frequencies[int(row.term)] = int(row.df)
    return frequencies.pop(_TOTAL_TERM, 0), frequencies


def candidate_story_ids(conn: Connection, *, arrived_since: datetime, published_since: datetime,
                        limit: int) -> list[int]:
    """Stories a report joined since ``arrived_since`` whose latest report was published since
    ``published_since``: most widely reported first, then newest."""
    return [int(i) for i in conn.execute(
        select(stories.c.id)
        .where(stories.c.updated_at >= arrived_since, stories.c.last_published_at >= published_since)
        .order_by(stories.c.article_count.desc(), stories.c.last_published_at.desc(), stories.c.id.desc())
        .limit(limit)
    ).scalars()]


def story_listing(conn: Connection) -> list[tuple[int, str, list[tuple[int, str | None]]]]:
    """Every story with members, newest first: (id, title, [(article id, ext id)])."""
    story_rows = conn.execute(
        select(stories.c.id, stories.c.title, stories.c.last_published_at).order_by(
            stories.c.last_published_at.desc(), stories.c.id.desc()
        )
    ).all()
    members: dict[int, list[tuple[int, str | None]]] = {}
    for row in conn.execute(
        select(articles.c.id, articles.c.ext_id, articles.c.story_id)
        .where(articles.c.story_id.is_not(None))
        .order_by(articles.c.published_at, articles.c.id)
    ):
        members.setdefault(int(row.story_id), []).append((int(row.id), row.ext_id))
    return [(int(r.id), str(r.title), members[r.id]) for r in story_rows if members.get(r.id)]


def _shown_members(
    conn: Connection, story_ids: Sequence[int], cited: dict[int, set[int]], max_sources: int
) -> tuple[list[Any], dict[int, int]]:
    """Each story's member count, and the members worth listing: those its summary cites, then
    the latest reports up to ``max_sources`` in all. A story with hundreds of reports is read
    as a handful of rows (ix_articles_story_members), whatever its size."""
    members = (
        select(
            articles.c.id,
            articles.c.story_id,
            func.row_number().over(
                partition_by=articles.c.story_id,
                order_by=(articles.c.published_at.desc(), articles.c.id.desc()),
            ).label("recency"),
            func.count().over(partition_by=articles.c.story_id).label("total"),
        )
        .where(articles.c.story_id.in_(story_ids), articles.c.duplicate_of.is_(None))
        .subquery()
    )
    counts: dict[int, int] = {}
    wanted = {article_id for ids in cited.values() for article_id in ids}
    room = {story_id: max_sources - len(cited.get(story_id, ())) for story_id in story_ids}
    for row in conn.execute(
        select(members.c.id, members.c.story_id, members.c.total)
        .where(members.c.recency <= max_sources)
        .order_by(members.c.story_id, members.c.recency)
    ):
        counts[row.story_id] = int(row.total)
        if row.id not in wanted and room.get(row.story_id, 0) > 0:
            wanted.add(row.id)
            room[row.story_id] -= 1
    rows = conn.execute(
        select(
            articles.c.id, articles.c.ext_id, articles.c.title, articles.c.url, articles.c.source,
            articles.c.published_at, articles.c.story_id, articles.c.summary,
        )
        .where(articles.c.id.in_(sorted(wanted)), articles.c.duplicate_of.is_(None))
        .order_by(articles.c.published_at, articles.c.id)
    ).all()
    return list(rows), counts


def load_stories(
    conn: Connection, story_ids: Sequence[int], *, max_sentences: int, max_sources: int = MAX_SOURCES
) -> list[Story]:
    """Stories in the order of ``story_ids``: summaries verbatim, listed members oldest first.

    The members listed are the articles the summary cites, then the latest reports, up to
    ``max_sources`` in all (more only if the summary cites more); ``Story.more_sources`` counts
    the rest.
    """
    if not story_ids:
        return []
    ids = list(story_ids)
    story_rows = {r.id: r for r in conn.execute(select(stories).where(stories.c.id.in_(ids))).all()}
    summaries: dict[int, list[StorySentence]] = {
        sid: [StorySentence(int(s["article_id"]), str(s["text"])) for s in row.summary[:max_sentences]]
        for sid, row in story_rows.items()
        if row.summary
    }
    cited = {sid: {s.article_id for s in sentences} for sid, sentences in summaries.items()}
    member_rows, counts = _shown_members(conn, ids, cited, max_sources)
    members: dict[int, list[Any]] = {}
    for row in member_rows:
        members.setdefault(row.story_id, []).append(row)
    result: list[Story] = []
    for story_id in ids:
        story_row = story_rows.get(story_id)
        rows = members.get(story_id, [])
        if story_row is None or not rows:
            continue
        refs = tuple(ArticleRef(m.id, m.ext_id, m.title, m.url, m.source, m.published_at) for m in rows)
        summary = summaries.get(story_id)
        if summary is None:
            # Not yet refreshed: fall back to the listed members' own summaries.
            summary = [StorySentence(m.id, sentence) for m in rows for sentence in m.summary or []]
        known = {ref.id for ref in refs}
        summary = [s for s in summary if s.article_id in known][:max_sentences]
        result.append(
            Story(
                id=story_row.id,
                title=story_row.title,
                articles=refs,
                summary=tuple(summary),
                first_published_at=story_row.first_published_at,
                last_published_at=story_row.last_published_at,
                more_sources=max(counts.get(story_id, len(refs)) - len(refs), 0),
                updated_at=story_row.updated_at,
            )
        )
    return result


@dataclass(slots=True, frozen=True)
class StoryReport:
    """One original report of a story as a story card lists it (no body)."""

    id: int
    title: str
    source: str
    url: str | None
    published_at: datetime
    language: str
    summary: list[str] | None


def story_reports(conn: Connection, story_id: int, *, limit: int) -> tuple[list[StoryReport], int]:
    """A story's first report and its latest ones, up to ``limit``, oldest first; and how many
    original reports it has in all. Two small indexed reads whatever the story's size."""
    columns = (articles.c.id, articles.c.title, articles.c.source, articles.c.url, articles.c.published_at,
               articles.c.language, articles.c.summary)
    members = (articles.c.story_id == story_id, articles.c.duplicate_of.is_(None))
    total = int(conn.execute(select(func.count()).select_from(articles).where(*members)).scalar_one())
    if not total or limit <= 0:
        return [], total
    first = conn.execute(select(*columns).where(*members)
                         .order_by(articles.c.published_at, articles.c.id).limit(1)).all()
    latest = conn.execute(select(*columns).where(*members)
                          .order_by(articles.c.published_at.desc(), articles.c.id.desc()).limit(limit - 1)).all()
    rows = {r.id: r for r in [*first, *latest]}
    reports = [
        StoryReport(int(r.id), str(r.title), str(r.source), r.url, r.published_at, str(r.language), r.summary)
        for r in rows.values()
    ]
    reports.sort(key=lambda r: (r.published_at, r.id))
    return reports, total
