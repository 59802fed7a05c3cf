"""A chat's read state: recorded as unions, moved along when stories merge, gone with its story."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import Connection, insert, select

from news.store import Database
from news.store.articles import prune_batch
from news.store.chats import ensure_chat
from news.store.reads import ReadMark, load_reads, record_reads, unseen_reports
from news.store.schema import articles, stories, story_reads
from news.store.stories import merge_stories

NOW = datetime(2026, 11, 18, 9, tzinfo=UTC)


def _story(conn: Connection, title: str, published: datetime, bodies: list[str]) -> tuple[int, list[int]]:
    [story_id] = conn.execute(insert(stories).returning(stories.c.id), [{
        "title": title, "created_at": NOW, "updated_at": NOW, "first_published_at": published,
        "last_published_at": published, "article_count": len(bodies), "summary_stale": False,
    }]).scalars()
    ids = []
    for n, body in enumerate(bodies):
        [article_id] = conn.execute(insert(articles).returning(articles.c.id), [{
            "title": f"{title} {n}", "body": body, "source": f"Outlet {n}", "language": "en",
            "content_hash": f"{title}-{n}", "published_at": published + timedelta(hours=n),
            "ingested_at": NOW, "story_id": story_id, "summary": [body],
        }]).scalars()
        ids.append(int(article_id))
    return int(story_id), ids


def test_reads_union_move_with_merges_and_go_with_their_story(db: Database) -> None:
    with db.write() as conn:
        ensure_chat(conn, 5, default_time=time(8), default_timezone="UTC", now=NOW)
        old, (a1, a2) = _story(conn, "Old", NOW - timedelta(days=200), ["One.", "Two."])
        kept, (b1, b2) = _story(conn, "Kept", NOW, ["Three.", "Four."])
        absorbed, (c1,) = _story(conn, "Absorbed", NOW, ["Five."])
        record_reads(conn, 5, [ReadMark(kept, (b1,), ((1, 2),)), ReadMark(old, (a1, a2), ())], now=NOW)
        record_reads(conn, 5, [ReadMark(kept, (b1,), ((3,), (1, 2)))], now=NOW)
        record_reads(conn, 5, [ReadMark(absorbed, (c1,), ((9,),))], now=NOW)
        reads = load_reads(conn, 5, [kept, old, absorbed])
        assert reads[kept].article_ids == {b1} and reads[kept].sentences == ((1, 2), (3,))
        assert [r.ref.id for r in unseen_reports(conn, {kept: reads[kept].article_ids})[kept]] == [b2]

        merge_stories(conn, {absorbed: kept})
        moved = load_reads(conn, 5, [kept, absorbed])
        assert set(moved) == {kept}
        assert moved[kept].article_ids == {b1, c1} and moved[kept].sentences == ((1, 2), (3,), (9,))

        # Retention: the old story's reports go, the story with them, and the chat's read of it.
        assert prune_batch(conn, NOW - timedelta(days=90), limit=100) == 2
        left = conn.execute(select(story_reads.c.story_id)).scalars().all()
        assert left == [kept]
