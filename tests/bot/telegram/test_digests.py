"""Daily digests through the scheduler and the outbox, and Telegram's faults, via the fake API."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from bot.jobs import PIPELINE_JOB
from config import Settings, configure_logging
from news.health import judge, process_name
from news.store import Database
from news.store.chats import add_topics, ensure_chat, get_chat
from news.store.heartbeats import get_heartbeat, list_heartbeats
from news.store.outbox import claim_delivery
from news.store.schema import chats, digest_deliveries
from tests.bot.conftest import TOKEN, RunningBot, article, eventually, seed_articles
from tests.helpers.fake_telegram import FakeTelegram, message_update

CHAT = 555
NEWS = [
    article("Gaza ceasefire talks resume in Cairo",
            "Ceasefire talks over Gaza resumed in Cairo on Monday. Mediators from Egypt and "
            "Qatar met both delegations. A deal on hostages is not yet in sight.",
            source="Wire <One> & Co"),
    article("Tennis final postponed by rain",
            "The tennis final was postponed by heavy rain. Organisers hope to play on Tuesday. "
            "Fans were offered refunds.", source="Sports Daily"),
]


def _subscribed_chat(db: Database, *, topics: list[str], digest_time: time,
                     created: datetime, last_digest: datetime | None = None,
                     zone: str = "UTC", chat_id: int = CHAT) -> None:
    with db.write() as conn:
        ensure_chat(conn, chat_id, default_time=digest_time, default_timezone=zone, now=created)
        add_topics(conn, chat_id, topics, thread_id=None, now=created)
        conn.execute(update(chats).where(chats.c.id == chat_id).values(last_digest_at=last_digest))


def _deliveries(db: Database, chat_id: int = CHAT) -> list[tuple[str, int]]:
    with db.read() as conn:
        rows = conn.execute(select(digest_deliveries.c.state, digest_deliveries.c.attempts)
                            .where(digest_deliveries.c.chat_id == chat_id)).all()
    return [(r.state, r.attempts) for r in rows]


def _later_today_or_soon(hours: int = 3) -> time:
    return (datetime.now(UTC) + timedelta(hours=hours)).time().replace(second=0,
                                                                                 microsecond=0)


def test_digest_fired_by_the_scheduler_at_the_chats_local_time(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram, db: Database, settings: Settings,
    tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, NEWS)
    now = datetime.now(UTC)
    _subscribed_chat(db, topics=["gaza"], digest_time=time(7, 30), created=now,
                     zone="America/New_York")
    bot = start_bot()
    assert bot.app.job_queue is not None
    [job] = bot.app.job_queue.get_jobs_by_name(f"digest:{CHAT}")
    trigger_fire = job.next_t
    assert trigger_fire is not None
    local = trigger_fire.astimezone(ZoneInfo("America/New_York"))
    assert (local.hour, local.minute) == (7, 30)
    assert not fake.sent_messages(CHAT)  # nothing due yet
    bot.fire(f"digest:{CHAT}")
    [sent] = [m for call in fake.wait_for("sendMessage", 1, chat_id=CHAT) for m in [call.params]]
    assert "Gaza ceasefire talks" in sent["text"] and "Tennis" not in sent["text"]
    assert "Wire &lt;One&gt; &amp; Co" in sent["text"]
    assert sent["link_preview_options"] == {"is_disabled": True}
    eventually(lambda: _deliveries(db) == [("sent", 1)])
    with db.read() as conn:
        chat = get_chat(conn, CHAT)
    assert chat is not None and chat.last_digest_at is not None
    # The job is back on tomorrow's schedule; firing again the same day sends nothing.
    bot.fire(f"digest:{CHAT}")
    fake.push_update(message_update("/help", chat_id=CHAT))
    fake.wait_for("sendMessage", 2, chat_id=CHAT)
    assert len(fake.sent_messages(CHAT)) == 2 and _deliveries(db) == [("sent", 1)]


def test_restart_between_claim_and_send_delivers_exactly_one_digest(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram, db: Database, settings: Settings,
    tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, NEWS)
    now = datetime.now(UTC)
    _subscribed_chat(db, topics=[], digest_time=time(0, 0), created=now - timedelta(days=3))
    with db.write() as conn:  # a process claimed today's digest, then died
        assert claim_delivery(conn, CHAT, now.date(), worker="dead-process", now=now)
    first = start_bot()
    fake.wait_for("sendMessage", 1, chat_id=CHAT)
    eventually(lambda: _deliveries(db) == [("sent", 2)])
    first.fire(f"digest:{CHAT}")  # the daily job for the same day: already sent
    first.stop()
    second = start_bot()  # another restart: nothing left to catch up
    fake.push_update(message_update("/help", chat_id=CHAT))
    fake.wait_for("sendMessage", 2, chat_id=CHAT)
    second.stop()
    digests = [m for m in fake.sent_messages(CHAT) if "news digest" in str(m["text"])]
    assert len(digests) == 1 and _deliveries(db) == [("sent", 2)]


def test_digest_missed_while_down_is_sent_once_not_once_per_day(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram, db: Database, settings: Settings,
    tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, NEWS)
    now = datetime.now(UTC)
    _subscribed_chat(db, topics=["tennis"], digest_time=time(0, 0),
                     created=now - timedelta(days=10), last_digest=now - timedelta(days=5))
    bot = start_bot()
    [call] = fake.wait_for("sendMessage", 1, chat_id=CHAT)
    assert "Tennis final postponed" in str(call.params["text"])
    eventually(lambda: _deliveries(db) == [("sent", 1)])
    bot.stop()
    start_bot()
    fake.push_update(message_update("/help", chat_id=CHAT))
    fake.wait_for("sendMessage", 2, chat_id=CHAT)
    assert len(fake.sent_messages(CHAT)) == 2 and _deliveries(db) == [("sent", 1)]


def test_429_retry_after_is_honoured_and_the_digest_still_delivered(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram, db: Database,
) -> None:
    _subscribed_chat(db, topics=[], digest_time=_later_today_or_soon(),
                     created=datetime.now(UTC))
    bot = start_bot()
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    bot.fire(f"digest:{CHAT}")
    fake.wait_for("sendMessage", 1, chat_id=CHAT)
    attempts = [c for c in fake.calls if c.method == "sendMessage"]
    assert [c.status for c in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 1.0
    eventually(lambda: _deliveries(db) == [("sent", 1)])


def test_5xx_then_success_and_unparseable_html_falls_back_to_plain_text(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram, db: Database,
) -> None:
    _subscribed_chat(db, topics=[], digest_time=_later_today_or_soon(),
                     created=datetime.now(UTC))
    bot = start_bot()
    fake.fail_next("sendMessage", 500, "Internal Server Error", times=2)
    fake.fail_next("sendMessage", 400, "Bad Request: can't parse entities: unsupported start tag")
    bot.fire(f"digest:{CHAT}")
    fake.wait_for("sendMessage", 1, chat_id=CHAT)
    attempts = [c for c in fake.calls if c.method == "sendMessage"]
    assert [c.status for c in attempts] == [500, 500, 400, 200]
    assert attempts[2].params["parse_mode"] == "HTML"
    assert "parse_mode" not in attempts[3].params
    assert "<b>" not in str(attempts[3].params["text"])
    assert "Your news digest" in str(attempts[3].params["text"])
    eventually(lambda: _deliveries(db) == [("sent", 1)])


def test_403_pauses_the_chat_and_logs_once(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram, db: Database,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="bot")
    _subscribed_chat(db, topics=[], digest_time=_later_today_or_soon(),
                     created=datetime.now(UTC))
    fake.block_chat(CHAT)
    bot = start_bot()
    bot.fire(f"digest:{CHAT}")
    eventually(lambda: _deliveries(db) == [("failed", 1)])
    assert [c.status for c in fake.calls if c.method == "sendMessage" and
            int(c.params["chat_id"]) == CHAT] == [403]
    with db.read() as conn:
        chat = get_chat(conn, CHAT)
    assert chat is not None and chat.paused and "blocked" in (chat.paused_reason or "")
    assert _deliveries(db) == [("failed", 1)]
    assert bot.app.job_queue is not None
    assert not bot.app.job_queue.get_jobs_by_name(f"digest:{CHAT}")
    paused_logs = [r for r in caplog.records if "digest paused" in r.getMessage()]
    assert len(paused_logs) == 1


def test_pipeline_job_runs_on_the_job_queue_without_overlap(
    start_bot: Callable[..., RunningBot], bot_settings: Settings,
) -> None:
    bot = start_bot(run_pipeline=True)
    assert bot.app.job_queue is not None
    [job] = bot.app.job_queue.get_jobs_by_name(PIPELINE_JOB)
    assert job.job.max_instances == 1 and job.job.coalesce is True
    assert job.job.misfire_grace_time == bot_settings.pipeline_misfire_grace_seconds
    assert job.job.trigger.interval == timedelta(minutes=bot_settings.pipeline_interval_minutes)


def test_the_bot_beats_for_its_healthcheck(start_bot: Callable[..., RunningBot], db: Database) -> None:
    started = datetime.now(UTC)
    start_bot(run_pipeline=True)  # role "all": healthy once a pipeline pass has ended

    def beaten() -> bool:
        with db.read() as conn:
            beats = {b.name: b for b in list_heartbeats(conn)}
            return process_name("all") in beats and beats[process_name("all")].last_seen_at >= started

    def passed() -> bool:
        with db.read() as conn:
            beat = get_heartbeat(conn, process_name("all"))
            return judge(process_name("all"), beat, now=datetime.now(UTC), max_age=timedelta(minutes=1)) is None

    eventually(beaten)
    eventually(passed, timeout=30)


@pytest.fixture
def redacting_logs() -> Iterator[None]:
    """configure_logging as `newsbrief run` does; undone afterwards for the other tests."""
    factory = logging.getLogRecordFactory()
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    levels = {name: logging.getLogger(name).level for name in ("httpx", "apscheduler")}
    configure_logging("DEBUG", secrets=[TOKEN])
    yield
    logging.setLogRecordFactory(factory)
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, value in levels.items():
        logging.getLogger(name).setLevel(value)


def test_token_never_appears_in_logs_or_stderr(
    redacting_logs: None, start_bot: Callable[..., RunningBot], fake: FakeTelegram,
    caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    start_bot()
    fake.fail_next("sendMessage", 502, "Bad Gateway")
    fake.push_update(message_update("/help"))
    fake.wait_for("sendMessage", 1, chat_id=100)
    fake.fail_next("sendMessage", 400, "Bad Request: message thread not found")
    fake.push_update(message_update("/start"))  # fails for good: the error handler logs it
    fake.push_update(message_update("/help"))
    fake.wait_for("sendMessage", 2, chat_id=100)
    captured = capfd.readouterr()
    assert "/bot***/" in caplog.text  # httpx did log the request URLs, redacted
    assert "error while handling an update" in caplog.text
    assert TOKEN not in caplog.text and TOKEN.split(":")[1] not in caplog.text
    assert TOKEN not in captured.err and TOKEN.split(":")[1] not in captured.err
    assert TOKEN not in captured.out


def test_a_digest_telegram_keeps_refusing_is_retried_later_not_lost(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram, db: Database,
) -> None:
    _subscribed_chat(db, topics=[], digest_time=_later_today_or_soon(),
                     created=datetime.now(UTC))
    bot = start_bot()
    fake.fail_next("sendMessage", 500, "Internal Server Error", times=4)  # every in-call retry
    bot.fire(f"digest:{CHAT}")
    eventually(lambda: _deliveries(db) == [("retry", 1)])
    queue = bot.app.job_queue
    assert queue is not None
    eventually(lambda: bool(queue.get_jobs_by_name(f"digest-retry:{CHAT}")))
    bot.fire(f"digest-retry:{CHAT}")  # ten minutes later, as far as the scheduler knows
    [sent] = fake.wait_for("sendMessage", 1, chat_id=CHAT)
    assert "Your news digest" in str(sent.params["text"])
    eventually(lambda: _deliveries(db) == [("sent", 2)])
