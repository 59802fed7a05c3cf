"""Per-item isolation: a bad item is set aside with its reason and the rest of its batch goes on;
a fault of the database itself fails the pass cleanly and the next pass retries."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import DataError, OperationalError

import summarizers
from config import Settings
from news import Answer, ChatRef, FeedStatus, NewsService, PassReport, Quarantine, StorageError
from news import pipeline as pipeline_module
from news.store import Database
from news.store import articles as store_articles
from news.store.schema import articles
from tests.helpers.http_server import LocalServer, Reply
from tests.helpers.service import run
from tests.news.ingest.feeds.builders import Item, article_text, rss2


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as local:
        yield local


@pytest.fixture
def live(settings: Settings) -> Settings:
    return settings.model_copy(update={"allow_private_urls": True, "fetch_timeout_seconds": 5.0})


def _row(db: Database, url: str) -> Any:
    with db.read() as conn:
        return conn.execute(select(articles).where(articles.c.url == url)).one()


def _jsonl(folder: Path, rows: list[dict[str, Any]], name: str = "rows.jsonl") -> Path:
    path = folder / name
    path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    return path


def test_an_item_dated_9999_does_not_keep_a_good_article_from_its_story_or_its_answer(
    live: Settings, db: Database, server: LocalServer,
) -> None:
    recent = format_datetime(datetime.now(UTC) - timedelta(hours=1), usegmt=True)
    feed = rss2("Valley Herald", [
        Item("Harbour dredging plan", "http://127.0.0.1/dredging", article_text("harbour dredging", 1),
             guid="bad", published="Fri, 31 Dec 9999 23:59:59 GMT"),
        Item("Tramway extension approved", "http://127.0.0.1/tramway", article_text("tramway", 2),
             guid="good", published=recent),
    ])
    url = server.route("/feed.xml", Reply(feed, content_type="application/rss+xml"))

    async def one_pass() -> tuple[PassReport, Answer]:
        async with NewsService(live, db) as news:  # one loop: its HTTP client is closed on it
            await news.add_feed(url)
            return await news.run_pass(inbox=False), await news.ask("what's new on the tramway?")

    report, answer = run(one_pass())
    assert report.feeds is not None and report.feeds.articles_new == 2
    assert report.stories_changed >= 2 and report.set_aside == []
    assert [a.url for s in answer.stories for a in s.articles] == ["http://127.0.0.1/tramway"]
    bad = _row(db, "http://127.0.0.1/dredging")
    assert bad.published_raw == "Fri, 31 Dec 9999 23:59:59 GMT"
    assert abs(bad.published_at - bad.ingested_at) < timedelta(seconds=1)
    assert bad.story_id is not None


def test_a_feed_item_that_cannot_be_read_or_stored_is_set_aside_and_the_feed_goes_on(
    live: Settings, db: Database, server: LocalServer, monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = store_articles.insert_articles

    def refusing(conn: Any, rows: list[dict[str, Any]]) -> list[int]:
        """The database refuses one row (as PostgreSQL refuses a value it cannot hold)."""
        if any(row["title"] == "Lighthouse keepers return" for row in rows):
            raise DataError("INSERT INTO articles ...", {}, ValueError("value too long for type"))
        return real(conn, rows)

    monkeypatch.setattr(store_articles, "insert_articles", refusing)
    recent = format_datetime(datetime.now(UTC) - timedelta(hours=1), usegmt=True)
    feed = rss2("Valley Herald", [
        Item("Tramway extension approved", "http://127.0.0.1/tramway", article_text("tramway", 2),
             guid="tram", published=recent),
        Item("Empty", server.url("/missing-page"), "", guid="empty", published=recent),  # its page: 404
        Item("Lighthouse keepers return", "http://127.0.0.1/lighthouse", article_text("lighthouse", 3),
             guid="light", published=recent),
        Item("Reservoir levels rise", "http://127.0.0.1/reservoir", article_text("reservoir", 4),
             guid="water", published=recent),
    ])
    url = server.route("/feed.xml", Reply(feed, content_type="application/rss+xml"))

    async def one_pass() -> tuple[PassReport, Quarantine, Answer, list[FeedStatus]]:
        async with NewsService(live, db) as news:
            await news.add_feed(url)
            report = await news.run_pass(inbox=False)
            return report, await news.quarantine(), await news.ask("what's new on the tramway?"), \
                await news.list_feeds()

    report, aside, answer, [status] = run(one_pass())

    reasons = {(row.stage, row.item, row.reason) for row in aside.recent}
    assert reasons == {
        ("feed item", server.url("/missing-page"), "no article text"),
        ("feed item", "http://127.0.0.1/lighthouse", "refused by the database (ValueError)"),
    }
    assert report.feeds is not None and report.feeds.articles_new == 2  # the others of the feed
    assert aside.total == 2 and sorted(a.line() for a in report.feeds.set_aside) == sorted(
        f"{stage}: {item}: {reason}" for stage, item, reason in reasons)  # what `fetch` prints
    assert "2 items set aside" in report.summary_line()
    assert {_row(db, link).title for link in ("http://127.0.0.1/tramway", "http://127.0.0.1/reservoir")} == {
        "Tramway extension approved", "Reservoir levels rise"}
    answered = {a.url for s in answer.stories for a in s.articles}
    assert "http://127.0.0.1/tramway" in answered and "http://127.0.0.1/lighthouse" not in answered
    assert status.last_error is None and status.articles == 2  # the feed itself is healthy


def test_an_article_that_breaks_clustering_is_set_aside_and_the_rest_is_grouped(
    news: NewsService, db: Database, tmp_path: Path,
) -> None:
    now = datetime.now(UTC)
    first = run(news.ingest([_jsonl(tmp_path, [
        {"id": "old", "title": "Harbour dredging", "text": article_text("harbour dredging", 1),
         "url": "https://news.example/dredging", "published": now.isoformat()},
    ], "first.jsonl")]))
    # A row stored before dates were checked: clustering it raises OverflowError.
    with db.write() as conn:
        conn.execute(update(articles).where(articles.c.id == first.new_ids[0]).values(
            story_id=None, published_at=datetime(9999, 12, 31, 23, 59, tzinfo=UTC)))
    second = run(news.ingest([_jsonl(tmp_path, [
        {"id": "new", "title": "Tramway extension", "text": article_text("tramway", 2),
         "url": "https://news.example/tramway", "published": now.isoformat()},
    ], "second.jsonl")]))
    assert second.imported == 1
    answer = run(news.ask("what's new on the tramway?"))
    assert [a.url for s in answer.stories for a in s.articles] == ["https://news.example/tramway"]
    aside = run(news.quarantine())
    assert aside.total == 1
    [row] = aside.recent
    assert (row.stage, row.article_id) == ("cluster", first.new_ids[0])
    assert row.reason.startswith("OverflowError")
    assert _row(db, "https://news.example/dredging").story_id is None
    again = run(news.run_pass(feeds=False))  # not tried again, not set aside twice
    assert again.set_aside == [] and run(news.quarantine()).total == 1


def test_an_article_the_summarizer_fails_on_is_set_aside_once(
    news: NewsService, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    real: Callable[..., list[str]] = summarizers.summarize

    def fussy(text: str, *args: Any, **kwargs: Any) -> list[str]:
        if "tramway" in text:
            raise ValueError("cannot split this text")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(summarizers, "summarize", fussy)
    now = datetime.now(UTC).isoformat()
    inbox = news.settings.resolved_inbox_dir
    inbox.mkdir(parents=True)
    _jsonl(inbox, [
        {"id": "a", "title": "Tramway extension", "text": article_text("tramway", 2),
         "url": "https://news.example/tramway", "published": now},
        {"id": "b", "title": "Harbour dredging", "text": article_text("harbour dredging", 1),
         "url": "https://news.example/dredging", "published": now},
    ])
    report = run(news.run_pass(feeds=False))
    assert (report.summarized, report.summarize_failed) == (1, 1)
    assert [(a.stage, a.reason) for a in report.set_aside] == [("summarize", "ValueError: cannot split this text")]
    assert _row(db, "https://news.example/dredging").summary
    again = run(news.run_pass(feeds=False))
    assert (again.summarized, again.summarize_failed, again.set_aside) == (0, 0, [])
    assert "1 items set aside" in report.summary_line()


def test_dates_out_of_belief_become_the_fetch_time_and_keep_what_the_source_said(
    settings: Settings, db: Database, tmp_path: Path,
) -> None:
    now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    news = NewsService(settings, db, clock=lambda: now)
    given = {
        "unreadable": "yesterday",
        "ancient": "1969-07-20T20:17:00Z",
        "future": "9999-12-31T23:59:59Z",
        "tomorrow-ish": "2026-12-04T10:00:00Z",  # within a day ahead: a timezone slip, believed
        "fine": "2026-12-01T08:00:00Z",
    }
    rows = [{"id": key, "title": f"Report {key}", "text": article_text(key, n),
             "url": f"https://news.example/{key}", "published": value}
            for n, (key, value) in enumerate(given.items())]
    try:
        report = run(news.ingest([_jsonl(tmp_path, rows)]))
    finally:
        run(news.aclose())
    assert report.imported == 5 and report.rejected == []
    stored = {key: _row(db, f"https://news.example/{key}") for key in given}
    for key in ("unreadable", "ancient", "future"):
        assert (stored[key].published_at, stored[key].published_raw) == (now, given[key])
    assert stored["tomorrow-ish"].published_at == datetime(2026, 12, 4, 10, tzinfo=UTC)
    assert stored["fine"].published_at == datetime(2026, 12, 1, 8, tzinfo=UTC)
    assert stored["fine"].published_raw is None and stored["tomorrow-ish"].published_raw is None


def test_a_database_fault_in_a_stage_fails_the_pass_and_the_next_pass_retries(
    settings: Settings, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    news = NewsService(settings.model_copy(update={"storage_attempts": 1}), db)
    real = pipeline_module.assign_stories
    calls: list[int] = []

    def gone_once(conn: Any, ids: Sequence[int], **kwargs: Any) -> set[int]:
        calls.append(len(ids))
        if len(calls) == 1:
            raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))
        return real(conn, ids, **kwargs)

    monkeypatch.setattr(pipeline_module, "assign_stories", gone_once)
    inbox = news.settings.resolved_inbox_dir
    inbox.mkdir(parents=True)
    _jsonl(inbox, [{"id": "a", "title": "Tramway extension", "text": article_text("tramway", 2),
                    "url": "https://news.example/tramway", "published": datetime.now(UTC).isoformat()}])
    try:
        with pytest.raises(StorageError, match="cannot be reached"):
            run(news.run_pass(feeds=False))
        assert calls == [1]  # the whole batch, not split: it was not the article's fault
        assert run(news.quarantine()).total == 0
        report = run(news.run_pass(feeds=False))
        assert report.stories_changed == 1
        answer = run(news.ask("what's new on the tramway?"))
        assert [a.url for s in answer.stories for a in s.articles] == ["https://news.example/tramway"]
    finally:
        run(news.aclose())


def test_a_digest_that_cannot_be_composed_is_set_aside_and_other_chats_get_theirs(
    news: NewsService, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from news.service import deliveries
    from news.store.schema import digest_deliveries

    run(news.ingest([_jsonl(tmp_path, [
        {"id": "a", "title": "Tramway extension", "text": article_text("tramway", 2),
         "url": "https://news.example/tramway", "published": datetime.now(UTC).isoformat()}])]))
    for chat_id in (1, 2):
        run(news.subscribe(ChatRef(chat_id), "tramway"))
    real = deliveries.compose_digest

    def broken_for_chat_1(conn: Any, *args: Any, chat_id: int, **kwargs: Any) -> Any:
        if chat_id == 1:
            raise KeyError("story 42")
        return real(conn, *args, chat_id=chat_id, **kwargs)

    monkeypatch.setattr(deliveries, "compose_digest", broken_for_chat_1)
    with pytest.raises(KeyError):
        run(news.prepare_digest(1, worker="w"))
    prepared = run(news.prepare_digest(2, worker="w"))
    assert prepared is not None and prepared.digest.stories
    [row] = run(news.quarantine()).recent
    assert (row.stage, row.reason) == ("digest", "KeyError: 'story 42'") and row.item.startswith("chat 1 digest")
    with db.read() as conn:
        states = dict(conn.execute(select(digest_deliveries.c.chat_id, digest_deliveries.c.state)).all())
    assert states[2] == "claimed" and states[1] != "claimed"  # chat 1's waits for its retry


def test_rejected_files_are_listed_with_the_set_aside_items_until_retention_forgets_them(
    settings: Settings, db: Database, tmp_path: Path,
) -> None:
    now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    clock = [now]
    news = NewsService(settings.model_copy(update={"retention_days": 30}), db, clock=lambda: clock[0])
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "rows.jsonl").write_text('{"text": ""}\n')
    try:
        report = run(news.ingest([folder]))
        aside = run(news.quarantine())
        assert aside.total == len(report.rejected) == 2
        assert {(row.stage, Path(row.item.rsplit(":", 1)[0]).name) for row in aside.recent} == {
            ("import", "empty.txt"), ("import", "rows.jsonl")}
        clock[0] = now + timedelta(days=31)
        run(news.run_pass(feeds=False, inbox=False))
        assert run(news.quarantine()).total == 0
    finally:
        run(news.aclose())
