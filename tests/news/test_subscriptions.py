"""Chats, topics and the digest outbox: parsing what users type, the rows on SQLite and (when
configured) PostgreSQL, and which digests are due."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select, update

from news.outbox import last_due, local_period, missed_digests
from news.store import Database
from news.store.chats import (
    add_topics,
    chat_counts,
    digest_chats,
    ensure_chat,
    get_chat,
    pause_chat,
    remove_topics,
    resume_chat,
    set_timezone,
)
from news.store.outbox import claim_delivery, mark_failed, mark_sent, stale_claims
from news.store.schema import chats, digest_deliveries
from news.subscriptions import SubscriptionError, check_timezone, parse_digest_time, parse_topics

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("text", "topics"), [
    ("gaza", ["gaza"]),
    ('gaza, "climate change" -football', ["gaza", "climate change", "-football"]),
    ('Apple -fruit, "New York", -"Real Madrid"', ["apple", "-fruit", "new york", "-real madrid"]),
    ("  ,, ,", []),
    ("gaza, GAZA", ["gaza"]),
    ("c++ (?i).*[a-z]+ x", ["c i a-z x"]),  # pattern syntax is dropped: words only
    ("ai & robots", ["ai robots"]),
])
def test_parse_topics(text: str, topics: list[str]) -> None:
    assert parse_topics(text) == topics


def test_parse_topics_limits() -> None:
    with pytest.raises(SubscriptionError, match="too many topics"):
        parse_topics(", ".join(f"topic{i}" for i in range(30)))
    with pytest.raises(SubscriptionError, match="too long"):
        parse_topics("word " * 40)


@pytest.mark.parametrize(("text", "value"), [
    ("8", time(8)), ("08:30", time(8, 30)), ("7.15", time(7, 15)), ("18h", time(18)),
])
def test_parse_digest_time(text: str, value: time) -> None:
    assert parse_digest_time(text) == value


@pytest.mark.parametrize("text", ["25:00", "7:60", "noon", ""])
def test_parse_digest_time_rejects(text: str) -> None:
    with pytest.raises(SubscriptionError, match="HH:MM"):
        parse_digest_time(text)


def _chat(db: Database, chat_id: int = 1, *, at: datetime = NOW, zone: str = "UTC",
          digest: time = time(8)) -> None:
    with db.write() as conn:
        ensure_chat(conn, chat_id, default_time=digest, default_timezone=zone, now=at)


def test_subscribe_unsubscribe_and_settings_round_trip(db: Database) -> None:
    _chat(db)
    with db.write() as conn:
        assert ensure_chat(conn, 1, default_time=time(9), default_timezone="UTC", now=NOW).digest_time == time(8)
        assert add_topics(conn, 1, ["gaza", "-sport"], thread_id=5, now=NOW) == ["gaza", "-sport"]
        assert add_topics(conn, 1, ["gaza", "tech"], thread_id=None, now=NOW) == ["tech"]
        set_timezone(conn, 1, check_timezone("Asia/Tokyo"))
        with pytest.raises(SubscriptionError, match="IANA"):
            check_timezone("Mars/Base")
    with db.read() as conn:
        chat = get_chat(conn, 1)
        assert chat is not None
        assert chat.topics == ["gaza", "-sport", "tech"] and chat.digest_enabled
        assert chat.thread_id == 5 and chat.timezone == "Asia/Tokyo"
        assert chat.local_digest_time.tzinfo is not None
        assert [c.id for c in digest_chats(conn)] == [1]
    with db.write() as conn:
        assert remove_topics(conn, 1, ["tech", "nothing"]) == ["tech"]
        assert remove_topics(conn, 1, None) == ["gaza", "-sport"]
    with db.read() as conn:
        chat = get_chat(conn, 1)
        assert chat is not None and chat.topics == [] and not chat.digest_enabled
        assert digest_chats(conn) == []


def test_pause_is_reported_once_and_resume_clears_it(db: Database) -> None:
    _chat(db)
    with db.write() as conn:
        add_topics(conn, 1, ["gaza"], thread_id=None, now=NOW)
        assert pause_chat(conn, 1, "Forbidden: bot was blocked by the user") is True
        assert pause_chat(conn, 1, "again") is False
        assert digest_chats(conn) == []
        assert chat_counts(conn) == (1, 0, 1)
        resume_chat(conn, 1)
        assert [c.id for c in digest_chats(conn)] == [1]


def test_claim_is_exclusive_and_a_dead_workers_claim_is_retried_once(db: Database) -> None:
    _chat(db)
    day = date(2026, 3, 10)
    with db.write() as conn:
        first = claim_delivery(conn, 1, day, worker="a", now=NOW)
        assert first is not None and first.attempts == 1
        assert claim_delivery(conn, 1, day, worker="a", now=NOW) is None  # our own, in flight
        assert stale_claims(conn, worker="b") == [(1, day)]
        retry = claim_delivery(conn, 1, day, worker="b", now=NOW)  # "a" died: retry once
        assert retry is not None and retry.attempts == 2
        assert claim_delivery(conn, 1, day, worker="c", now=NOW) is None  # abandoned now
        state = conn.execute(select(digest_deliveries.c.state)).scalar_one()
        assert state == "abandoned"


def test_sent_and_failed_rows_are_never_claimed_again(db: Database) -> None:
    _chat(db)
    with db.write() as conn:
        claim = claim_delivery(conn, 1, date(2026, 3, 10), worker="a", now=NOW)
        assert claim is not None
        mark_sent(conn, claim, now=NOW, covered_until=NOW)
        assert claim_delivery(conn, 1, date(2026, 3, 10), worker="b", now=NOW) is None
        other = claim_delivery(conn, 1, date(2026, 3, 11), worker="a", now=NOW)
        assert other is not None
        mark_failed(conn, other, "Forbidden")
        assert claim_delivery(conn, 1, date(2026, 3, 11), worker="b", now=NOW) is None
        assert stale_claims(conn, worker="b") == []
        chat = get_chat(conn, 1)
        assert chat is not None and chat.last_digest_at == NOW


def test_local_period_and_last_due_follow_the_chats_timezone(db: Database) -> None:
    _chat(db, zone="Pacific/Auckland", digest=time(7))
    with db.read() as conn:
        chat = get_chat(conn, 1)
    assert chat is not None
    late = datetime(2026, 3, 10, 22, 0, tzinfo=UTC)  # 11:00 on the 11th in Auckland
    assert local_period(chat, late) == date(2026, 3, 11)
    due = last_due(chat, late)
    assert due.date() == date(2026, 3, 11) and due.hour == 7
    early = datetime(2026, 3, 10, 17, 0, tzinfo=UTC)  # 06:00 on the 11th: not yet
    assert last_due(chat, early).date() == date(2026, 3, 10)


def test_missed_digests_gives_one_period_per_chat_however_long_the_outage(db: Database) -> None:
    _chat(db, 1, at=NOW - timedelta(days=30))
    _chat(db, 2, at=NOW - timedelta(hours=1))  # joined after today's 08:00: nothing missed
    _chat(db, 3, at=NOW - timedelta(days=30))
    with db.write() as conn:
        for chat_id in (1, 2, 3):
            add_topics(conn, chat_id, ["gaza"], thread_id=None, now=NOW)
        conn.execute(update(chats).where(chats.c.id == 1)
                     .values(last_digest_at=NOW - timedelta(days=9)))
        conn.execute(update(chats).where(chats.c.id == 3)
                     .values(last_digest_at=NOW - timedelta(hours=3)))  # sent at 09:00 today
    with db.read() as conn:
        missed = missed_digests(conn, NOW)
    assert [(chat.id, period) for chat, period in missed] == [(1, date(2026, 3, 10))]
    with db.write() as conn:
        assert claim_delivery(conn, 1, date(2026, 3, 10), worker="a", now=NOW)
    with db.read() as conn:
        assert missed_digests(conn, NOW) == []


def test_a_transient_failure_is_claimable_again_until_attempts_run_out(db: Database) -> None:
    _chat(db)
    day = date(2026, 3, 10)
    with db.write() as conn:
        claim = claim_delivery(conn, 1, day, worker="a", now=NOW)
        assert claim is not None
        for attempt in (2, 3):
            assert mark_failed(conn, claim, "NetworkError: Bad Gateway", retry=True)
            assert stale_claims(conn, worker="a") == [(1, day)]  # also for the same worker
            claim = claim_delivery(conn, 1, day, worker="a", now=NOW)
            assert claim is not None and claim.attempts == attempt
        assert not mark_failed(conn, claim, "NetworkError: Bad Gateway", retry=True)
        assert claim_delivery(conn, 1, day, worker="b", now=NOW) is None
        assert conn.execute(select(digest_deliveries.c.state)).scalar_one() == "failed"
