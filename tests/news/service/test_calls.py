"""Every call of the news service as a face makes it, without Telegram: answers, chats,
deliveries, one-off summaries, liveness. (Imports and passes: ``test_pipeline``; feeds:
``tests/news/ingest/feeds``.)"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from config import Settings
from news import ChatRef, NewsService, QueryError, SubscriptionError, SummaryError
from news.store import Database
from tests.helpers.articles import article, seed_articles
from tests.helpers.service import run
from tests.helpers.service_calls import PLUGIN, ServiceCalls

NOW = datetime(2026, 11, 18, 15, 30, tzinfo=UTC)
CHAT = ChatRef(42, kind="private", title="Ada")
NEWS = [
    article("Ceasefire talks in Cairo end without a deal",
            "Negotiations on a ceasefire in Gaza ended in Cairo without agreement. Mediators said "
            "talks would resume next week. Both sides blamed each other for the impasse.",
            source="Wire One", published=NOW - timedelta(hours=3)),
    article("Harbour bridge reopens after repairs",
            "The harbour bridge reopened on Friday after two years of repairs. Traffic returned "
            "to normal by the evening. The city thanked residents for their patience.",
            source="City Desk", published=NOW - timedelta(hours=5)),
]


@pytest.fixture
def clocked(settings: Settings, db: Database) -> NewsService:
    """The service with its clock at NOW, over a database holding NEWS."""
    return NewsService(settings, db, clock=lambda: NOW)


@pytest.fixture
def seeded(clocked: NewsService, db: Database, settings: Settings, tmp_path: Path) -> NewsService:
    seed_articles(db, settings, tmp_path, NEWS)
    return clocked


def test_ask_answers_in_the_chats_own_day_and_refuses_a_question_without_topic(seeded: NewsService) -> None:
    answer = run(seeded.ask("what's new on gaza?"))
    assert [s.title for s in answer.stories] == ["Ceasefire talks in Cairo end without a deal"]
    assert run(seeded.ask("gaza today")).note is None  # UTC: the report is from today
    run(seeded.set_timezone(CHAT, "Asia/Tokyo"))  # 00:30 on the 19th there
    local = run(seeded.ask("gaza today", chat=CHAT))
    assert local.query.since == datetime(2026, 11, 19, tzinfo=local.query.since.tzinfo)  # type: ignore[union-attr]
    # Nothing from Tokyo's today yet: the latest coverage comes with a note saying so.
    assert local.note is not None and local.note.startswith("Nothing new on gaza today")
    with pytest.raises(QueryError):
        run(seeded.ask("what's new?"))


def test_digest_now_and_sample_digest(seeded: NewsService) -> None:
    run(seeded.subscribe(CHAT, "bridge"))
    digest, local_now = run(seeded.digest_now(CHAT))
    assert [s.title for s in digest.stories] == ["Harbour bridge reopens after repairs"]
    assert local_now == NOW  # UTC chat
    sample = run(seeded.sample_digest(days=30))
    assert sample.top_stories and len(sample.stories) == 2


def test_stories_sources_and_stats(seeded: NewsService) -> None:
    listing = run(seeded.stories())
    assert {s.title for s in listing} == {a["title"] for a in NEWS}
    assert all(len(s.articles) == 1 for s in listing)
    sources = run(seeded.sources())
    assert sources.feeds == [] and {o.name: o.articles for o in sources.outlets} == {"Wire One": 1, "City Desk": 1}
    run(seeded.subscribe(CHAT, "gaza"))
    stats = run(seeded.stats())
    assert (stats.articles, stats.stories, stats.chats, stats.digest_chats, stats.feeds) == (2, 2, 1, 1, 0)


def test_a_chats_topics_and_settings_round_trip(clocked: NewsService) -> None:
    chat = run(clocked.chat(CHAT))
    assert (chat.digest_time, chat.timezone, chat.digest_enabled) == (time(8), "UTC", False)
    done = run(clocked.subscribe(CHAT, 'gaza, "climate change" -football'))
    assert done.added == ["gaza", "climate change", "-football"] and done.chat.digest_enabled
    assert run(clocked.subscribe(CHAT, "gaza")).added == []
    assert run(clocked.set_digest_time(CHAT, "7.15")).digest_time == time(7, 15)
    assert run(clocked.shift_digest_time(CHAT, -30)).digest_time == time(6, 45)
    assert run(clocked.shift_digest_time(CHAT, 18 * 60)).digest_time == time(0, 45)  # past midnight
    assert run(clocked.set_timezone(CHAT, "Asia/Tokyo")).timezone == "Asia/Tokyo"
    assert [c.id for c in run(clocked.digest_chats())] == [CHAT.id]
    assert not run(clocked.set_digest_enabled(CHAT, False)).digest_enabled
    assert run(clocked.digest_chats()) == []
    removed = run(clocked.unsubscribe(CHAT, "football, -football"))
    assert removed.removed == ["-football"] and not removed.everything
    everything = run(clocked.unsubscribe(CHAT))
    assert everything.everything and everything.chat.topics == []
    for bad in (lambda: clocked.set_digest_time(CHAT, "25:00"), lambda: clocked.set_timezone(CHAT, "Mars/Base"),
                lambda: clocked.shift_digest_time(CHAT, 10_000), lambda: clocked.subscribe(CHAT, " ,, ")):
        with pytest.raises(SubscriptionError):
            run(bad())


def test_a_scheduled_digest_is_claimed_sent_once_and_recorded(seeded: NewsService) -> None:
    run(seeded.subscribe(CHAT, "gaza"))
    prepared = run(seeded.prepare_digest(CHAT.id, worker="w1"))
    assert prepared is not None and prepared.period == date(2026, 11, 18)
    assert [s.title for s in prepared.digest.stories] == ["Ceasefire talks in Cairo end without a deal"]
    assert run(seeded.prepare_digest(CHAT.id, worker="w1")) is None  # in flight: not twice
    run(seeded.digest_delivered(prepared))
    assert run(seeded.prepare_digest(CHAT.id, worker="w2")) is None  # sent today
    assert run(seeded.chat(CHAT)).last_digest_at == prepared.digest.covered_until
    assert run(seeded.pending_digests(worker="w2")) == []


def test_a_failed_send_is_retried_and_an_unreachable_chat_paused_once(seeded: NewsService) -> None:
    run(seeded.subscribe(CHAT, "gaza"))
    prepared = run(seeded.prepare_digest(CHAT.id, worker="w1"))
    assert prepared is not None
    assert run(seeded.digest_failed(prepared, "NetworkError: Bad Gateway")) is True
    assert run(seeded.pending_digests(worker="w1")) == [(CHAT.id, prepared.period)]
    again = run(seeded.prepare_digest(CHAT.id, worker="w1", period=prepared.period))
    assert again is not None and again.claim.attempts == 2
    assert run(seeded.chat_unreachable(CHAT.id, "Forbidden: bot was blocked", prepared=again)) is True
    assert run(seeded.chat_unreachable(CHAT.id, "Forbidden: bot was blocked")) is False  # once
    assert run(seeded.chat(CHAT)).paused and run(seeded.digest_chats()) == []
    assert run(seeded.prepare_digest(CHAT.id, worker="w1")) is None
    assert not run(seeded.resume_chat(CHAT)).paused


def test_a_digest_missed_while_no_bot_ran_is_pending_once(clocked: NewsService) -> None:
    early = NewsService(clocked.settings, clocked.db, clock=lambda: NOW - timedelta(days=2))
    run(early.subscribe(CHAT, "gaza"))  # joined two days ago; its 08:00 digests never went out
    assert run(clocked.pending_digests(worker="w1")) == [(CHAT.id, date(2026, 11, 18))]


def test_summarize_text_and_evaluate(news: NewsService, examples_dir: Path, tmp_path: Path) -> None:
    sample = next(examples_dir.glob("000_*.txt")).read_bytes()
    sentences = run(news.summarize_text(sample, name="sample", sentences=2))
    body = sample.decode()
    assert len(sentences) == 2 and all(s in body for s in sentences)
    with pytest.raises(SummaryError, match="unknown"):
        run(news.summarize_text(sample, name="sample", method="no-such-method"))
    rows = tmp_path / "eval.jsonl"
    rows.write_text(json.dumps({"text": body, "summary": sentences[0]}) + "\n")
    report = run(news.evaluate(rows, methods=["lead"], sentences=1))
    assert report["n"] == 1 and set(report["results"]) >= {"lead"}
    with pytest.raises(SummaryError):
        run(news.evaluate(tmp_path / "missing.jsonl", methods=["lead"], sentences=1))


def test_beats_and_health(clocked: NewsService, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBRIEF_PROCESS_NAME", "host-a")
    assert clocked.role == "worker"  # no token
    health = run(clocked.health("worker", max_age=timedelta(minutes=30)))
    assert health.name == "worker@host-a" and "has not reported yet" in (health.problem or "")
    run(clocked.beat("worker", "2 imported"))
    healthy = run(clocked.health("worker", max_age=timedelta(minutes=30), everyone=True))
    assert healthy.problem is None and [h.name for h in healthy.heartbeats] == ["worker@host-a"]


def test_every_public_call_of_the_service_is_exercised_by_the_service_tests(request: pytest.FixtureRequest) -> None:
    """Runs last; judged from the calls really made while the tests of tests/news/service and
    tests/news/ingest ran (tests/helpers/service_calls.py), and only in a run that took them all."""
    calls: ServiceCalls = request.config.pluginmanager.get_plugin(PLUGIN)
    verdict = calls.verdict()
    if verdict.skip is not None:
        pytest.skip(verdict.skip)
    assert verdict.missing == []
