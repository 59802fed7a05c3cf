"""Stories in the database: the seed pair joins, unrelated events stay apart, windows hold."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from config import Settings
from news.answers.ask import answer_question
from news.articles import add_articles
from news.models import ArticleDraft
from news.pipeline import ingest_paths, update_stories
from news.store import Database
from news.store.schema import articles, stories
from news.stories.assign import assign_stories
from tests.news.stories.corpus import BASE, EVENTS, draft


def _store(db: Database, drafts: Sequence[ArticleDraft]) -> list[int]:
    with db.write() as conn:
        results = add_articles(conn, list(drafts), default_language="english")
    return [r.article_id for r in results if r.article_id is not None]


def _cluster(db: Database, ids: Sequence[int], window_hours: int = 72) -> set[int]:
    with db.engine.begin() as conn:
        return assign_stories(conn, ids, window_hours=window_hours)


def _partition(db: Database) -> set[frozenset[str]]:
    """Stories as sets of member ext_ids: comparable across databases and runs."""
    groups: dict[int, set[str]] = {}
    with db.engine.connect() as conn:
        for row in conn.execute(select(articles.c.ext_id, articles.c.story_id)):
            assert row.story_id is not None, f"{row.ext_id} has no story"
            groups.setdefault(row.story_id, set()).add(row.ext_id)
    return {frozenset(g) for g in groups.values()}


def _all_drafts() -> list[ArticleDraft]:
    return [draft(event, outlet, hours=6 * outlet + i) for i, event in enumerate(EVENTS) for outlet in (0, 1)]


EXPECTED = {frozenset({f"{e}-0-{i}", f"{e}-1-{6 + i}"}) for i, e in enumerate(EVENTS)}


def test_seed_pair_forms_one_story_and_answer_cites_both(
    db: Database, settings: Settings, examples_dir: Path
) -> None:
    report = ingest_paths(db, [examples_dir], settings, now=datetime.now(UTC))
    assert report.imported == 2
    update_stories(db, settings, report.new_ids)
    with db.engine.connect() as conn:
        rows = conn.execute(select(stories)).all()
        assert len(rows) == 1
        story = rows[0]
        assert story.article_count == 2
        assert story.summary_stale is False  # refreshed by the pipeline after clustering
        assert story.first_published_at == datetime(2024, 5, 5, tzinfo=UTC)
        assert story.last_published_at == datetime(2024, 5, 6, tzinfo=UTC)
        answer = answer_question(
            conn, "what's new on Gaza?", now=datetime(2024, 5, 7, tzinfo=UTC),
            default_period_days=3, limit=5, summary_sentences=4,
        )
    assert len(answer.stories) == 1
    assert {a.id for a in answer.stories[0].articles} == set(report.new_ids)
    assert answer.stories[0].title in {
        a.title for a in answer.stories[0].articles
    }


def test_unrelated_events_stay_apart_and_pairs_join(db: Database) -> None:
    ids = _store(db, _all_drafts())
    changed = _cluster(db, ids)
    assert len(changed) == len(EVENTS)
    assert _partition(db) == EXPECTED


def test_story_fields_follow_members(db: Database) -> None:
    first, second = _store(db, [draft("chips", 0, hours=0), draft("chips", 1, hours=30)])
    (story_id,) = _cluster(db, [first])
    with db.engine.begin() as conn:
        conn.execute(stories.update().values(summary_stale=False))
    assert _cluster(db, [second]) == {story_id}
    with db.engine.connect() as conn:
        row = conn.execute(select(stories).where(stories.c.id == story_id)).one()
    assert row.article_count == 2
    assert row.summary_stale is True
    assert row.first_published_at == draft("chips", 0).published_at
    assert row.last_published_at == draft("chips", 1, hours=30).published_at
    assert row.title in {draft("chips", 0).title, draft("chips", 1).title}
    assert row.centroid


def test_one_by_one_equals_batch(db: Database) -> None:
    ids = _store(db, _all_drafts())
    for article_id in ids:
        _cluster(db, [article_id])
    assert _partition(db) == EXPECTED


def test_backfill_out_of_date_order_joins_the_story_of_its_days(db: Database) -> None:
    # The newer article arrives first; the older one (a backfill) must still find its story.
    late, other = _store(db, [draft("final", 1, hours=40), draft("quake", 0, hours=41)])
    _cluster(db, [late, other])
    (early,) = _store(db, [draft("final", 0, hours=0)])
    _cluster(db, [early])
    with db.engine.connect() as conn:
        story_of = {r.id: r.story_id for r in conn.execute(select(articles.c.id, articles.c.story_id))}
        first = conn.execute(select(stories.c.first_published_at).where(stories.c.id == story_of[late])).scalar_one()
    assert story_of[early] == story_of[late] != story_of[other]
    assert first == draft("final", 0).published_at


def test_same_topic_three_weeks_apart_makes_two_stories(db: Database) -> None:
    ids = _store(db, [draft("quake", 0, hours=0), draft("quake", 1, hours=21 * 24)])
    _cluster(db, ids, window_hours=72)
    assert len(_partition(db)) == 2


def test_clustering_is_deterministic(tmp_path: Path) -> None:
    from news.store import open_database

    results = []
    for run in range(2):
        database = open_database(f"sqlite:///{tmp_path / f'run{run}.db'}")
        try:
            ids = _store(database, _all_drafts()[::-1] if run else _all_drafts())
            _cluster(database, ids)
            with database.engine.connect() as conn:
                titles = sorted(conn.execute(select(stories.c.title)).scalars())
            results.append((_partition(database), titles))
        finally:
            database.dispose()
    assert results[0] == results[1]


def test_near_duplicate_joins_its_originals_story_without_counting(db: Database) -> None:
    original = draft("quake", 0, hours=0)
    copy = draft("quake", 0, hours=3, ext_id="quake-copy")
    copy.body = original.body.replace("on Monday", "early on Monday") + " More follows."
    ids = _store(db, [original, copy, draft("quake", 1, hours=5)])
    _cluster(db, ids)
    with db.engine.connect() as conn:
        rows = {r.ext_id: r for r in conn.execute(select(articles))}
        story = conn.execute(select(stories)).one()
    assert rows["quake-copy"].duplicate_of == rows[original.ext_id].id
    assert rows["quake-copy"].story_id == rows[original.ext_id].story_id == story.id
    assert story.article_count == 2  # the copy is linked, not counted as more coverage


def test_a_later_report_bridging_two_stored_stories_merges_them(db: Database) -> None:
    from tests.news.stories.test_cluster import _HALF_A, _HALF_B

    def report(name: str, text: str, hours: float) -> ArticleDraft:
        return ArticleDraft(body=text, title="", source=name, published_at=BASE + timedelta(hours=hours),
                            ext_id=name, language="english")

    # Three passes, as a live feed brings them: two stories, then the report that bridges them.
    (a,) = _store(db, [report("a", _HALF_A, 0)])
    (first,) = _cluster(db, [a])
    (b,) = _store(db, [report("b", _HALF_B, 1)])
    (second,) = _cluster(db, [b])
    assert first != second
    (c,) = _store(db, [report("c", f"{_HALF_A} {_HALF_B}", 2)])
    assert _cluster(db, [c]) == {first}
    assert _partition(db) == {frozenset({"a", "b", "c"})}
    with db.engine.connect() as conn:
        (row,) = conn.execute(select(stories)).all()
    assert row.id == first and row.article_count == 3 and row.summary_stale
