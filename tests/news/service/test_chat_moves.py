"""A group that becomes a supergroup keeps everything: ``migrate_chat`` moves the chat's row,
topics, settings, outbox and read state to the new id in one transaction, and merges with a row
the new id already has without sending a day's digest twice."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from config import Settings
from news import ChatRef, NewsService
from news.store import Database
from news.store.schema import chats, digest_deliveries, story_reads, subscriptions
from tests.helpers.articles import article, seed_articles
from tests.helpers.service import run

NOW = datetime(2026, 11, 18, 15, 30, tzinfo=UTC)
OLD = ChatRef(-555, kind="group", title="Readers")
NEW = ChatRef(-1005550000, kind="supergroup", title="Readers")


@pytest.fixture
def clocked(settings: Settings, db: Database, tmp_path: Path) -> NewsService:
    seed_articles(db, settings, tmp_path, [article(
        "Ceasefire talks in Cairo end without a deal",
        "Negotiations on a ceasefire in Gaza ended in Cairo without agreement. Mediators said "
        "talks would resume next week. Both sides blamed each other for the impasse.",
        source="Wire One", published=NOW - timedelta(hours=3))])
    return NewsService(settings, db, clock=lambda: NOW)


def _rows(db: Database, chat_id: int) -> tuple[int, int, int, int]:
    """(chat rows, subscriptions, outbox rows, stories read) of one chat id."""
    with db.read() as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(select(func.count()).select_from(table).where(column == chat_id)).scalar_one()
            for table, column in ((chats, chats.c.id), (subscriptions, subscriptions.c.chat_id),
                                  (digest_deliveries, digest_deliveries.c.chat_id),
                                  (story_reads, story_reads.c.chat_id)))


def test_a_group_upgraded_to_a_supergroup_keeps_topics_settings_and_outbox(
    clocked: NewsService, db: Database,
) -> None:
    run(clocked.subscribe(OLD, 'gaza, "climate change"'))
    run(clocked.set_timezone(OLD, "Europe/Berlin"))
    run(clocked.set_digest_time(OLD, "07:15"))
    prepared = run(clocked.prepare_digest(OLD.id, worker="w1"))
    assert prepared is not None
    run(clocked.digest_delivered(prepared))
    assert _rows(db, OLD.id) == (1, 2, 1, 1)  # the digest's story counts as read

    moved = run(clocked.migrate_chat(OLD.id, NEW))

    assert moved is not None and moved.id == NEW.id and moved.kind == "supergroup"
    assert moved.topics == ["gaza", "climate change"] and moved.digest_enabled
    assert (moved.timezone, moved.digest_time) == ("Europe/Berlin", time(7, 15))
    assert moved.last_digest_at == prepared.digest.covered_until
    assert _rows(db, OLD.id) == (0, 0, 0, 0)
    assert _rows(db, NEW.id) == (1, 2, 1, 1)
    # Today's digest went out before the move: the new id does not get it again.
    assert run(clocked.prepare_digest(NEW.id, worker="w1")) is None
    assert [c.id for c in run(clocked.digest_chats())] == [NEW.id]
    # Telegram tells both chats; the second notice finds nothing left to move.
    assert run(clocked.migrate_chat(OLD.id, NEW)) is None
    assert _rows(db, NEW.id) == (1, 2, 1, 1)


def test_a_move_onto_a_chat_that_already_spoke_merges_without_losing_or_repeating(
    clocked: NewsService, db: Database,
) -> None:
    run(clocked.subscribe(OLD, "gaza, harbour"))
    run(clocked.set_timezone(OLD, "Asia/Tokyo"))
    run(clocked.chat(NEW))  # someone asked a question in the supergroup first: a fresh row
    moved = run(clocked.migrate_chat(OLD.id, NEW))
    assert moved is not None and moved.topics == ["gaza", "harbour"] and moved.timezone == "Asia/Tokyo"

    # A new chat with a digest of its own keeps its settings; topics are united, once each.
    other = ChatRef(-777, kind="group")
    target = ChatRef(-1007770000, kind="supergroup")
    run(clocked.subscribe(other, "gaza, bridges"))
    run(clocked.subscribe(target, "gaza"))
    run(clocked.set_digest_time(target, "18:00"))
    prepared = run(clocked.prepare_digest(other.id, worker="w1"))
    assert prepared is not None
    run(clocked.digest_delivered(prepared))
    taken = run(clocked.prepare_digest(target.id, worker="w1"))  # both had today's digest
    assert taken is not None
    merged = run(clocked.migrate_chat(other.id, target))
    assert merged is not None and merged.digest_time == time(18, 0)
    assert sorted(merged.topics) == ["bridges", "gaza"]
    assert _rows(db, other.id) == (0, 0, 0, 0) and _rows(db, target.id)[:3] == (1, 2, 1)


def test_a_chat_the_bot_never_knew_moves_nothing(clocked: NewsService, db: Database) -> None:
    assert run(clocked.migrate_chat(-999, NEW)) is None
    assert _rows(db, NEW.id) == (0, 0, 0, 0)
