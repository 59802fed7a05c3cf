"""A pass over the feeds against a local server: full text, conditional GET, failures, dedup."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from config import Settings
from news.answers.ask import answer_question
from news.ingest.http import policy_for
from news.store import Database
from news.store.schema import article_aliases, articles
from tests.helpers.http_server import LocalServer, Reply
from tests.news.ingest.feeds.builders import Item, article_text, atom, page, rss2
from tests.news.ingest.feeds.driver import (
    add_feed,
    list_feeds,
    pipeline_pass,
    poll_feeds,
    resume_feed,
)

RSS = "application/rss+xml; charset=utf-8"


def _stored(db: Database) -> list[dict[str, object]]:
    with db.read() as conn:
        rows = conn.execute(select(articles).order_by(articles.c.id)).mappings().all()
    return [dict(r) for r in rows]


def _publish_pages(server: LocalServer, topic: str, count: int, *, dated: bool = True) -> list[Item]:
    """Article pages plus feed items that carry only a one-line teaser of each."""
    items = []
    for n in range(count):
        body = article_text(topic, n)
        link = server.route(f"/{topic}/{n}.html", Reply(page(f"{topic} story {n}", body,
                                                             published="2026-11-20" if dated else None)))
        items.append(Item(f"{topic.title()} story {n}", link, body.split(". ")[0] + ".", guid=f"{topic}-{n}"))
    return items


def test_rss_full_text_and_atom_teasers_are_stored_found_and_not_repeated(
    db: Database, live_settings: Settings, server: LocalServer
) -> None:
    full_items = [
        Item(f"Tramway vote {n}", server.url(f"/tram/{n}"), "Teaser only.", full=article_text("tramway", n))
        for n in range(3)
    ]
    server.route("/rss.xml", Reply(rss2("Daily Post", full_items), content_type=RSS))
    teasers = _publish_pages(server, "reservoir", 3)
    server.route("/atom.xml", Reply(atom("Valley Herald", teasers), content_type="application/atom+xml"))
    add_feed(db, server.url("/rss.xml"), live_settings)
    add_feed(db, server.url("/atom.xml"), live_settings)

    first = pipeline_pass(db, live_settings)

    report = first.feeds
    assert report is not None and report.feeds_ok == 2 and report.articles_new == 6
    stored = _stored(db)
    by_source: dict[object, list[dict[str, object]]] = {}
    for row in stored:
        by_source.setdefault(row["source"], []).append(row)
    assert {r["body"] for r in by_source["Daily Post"]} == {article_text("tramway", n) for n in range(3)}
    for row in by_source["Valley Herald"]:
        body = str(row["body"])
        assert len(body.split()) > 120  # the page's text, not the one-line teaser
        assert "Subscribe" not in body and "Copyright" not in body and "Sport" not in body
        assert row["published_at"] == datetime(2026, 11, 21, 8, 0, tzinfo=UTC)  # the feed's time wins
    assert all(r["summary"] for r in stored)  # summarized within the same pass
    assert all(str(r["ext_id"]).startswith("feed:") for r in stored)

    with db.read() as conn:
        answer = answer_question(conn, "what's new on the reservoir?", now=datetime(2026, 11, 22, tzinfo=UTC),
                                 default_period_days=7, limit=5, summary_sentences=4)
    cited = {a.source for story in answer.stories for a in story.articles}
    assert "Valley Herald" in cited

    page_hits = server.hits("/reservoir/0.html")
    second = pipeline_pass(db, live_settings)
    assert second.feeds is not None
    assert second.feeds.articles_new == 0 and second.feeds.duplicates == 6
    assert len(_stored(db)) == 6
    assert server.hits("/reservoir/0.html") == page_hits  # known items are not completed again


@pytest.mark.parametrize("validator", ["etag", "last_modified"])
def test_conditional_get_then_304(
    db: Database, live_settings: Settings, server: LocalServer, validator: str
) -> None:
    items = [Item("Budget", server.url("/b"), "x", full=article_text("budget", 1))]
    reply = Reply(rss2("Ledger", items), content_type=RSS)
    if validator == "etag":
        reply.etag = '"v1"'
    else:
        reply.last_modified = "Sat, 21 Nov 2026 10:00:00 GMT"
    server.route("/feed", reply)
    add_feed(db, server.url("/feed"), live_settings)

    assert poll_feeds(db, live_settings).articles_new == 1
    again = poll_feeds(db, live_settings)

    assert (again.feeds_ok, again.not_modified, again.articles_new) == (0, 1, 0)
    last = [r for r in server.requests if r.path == "/feed"][-1]
    if validator == "etag":
        assert last.headers["if-none-match"] == '"v1"'
    else:
        assert last.headers["if-modified-since"] == "Sat, 21 Nov 2026 10:00:00 GMT"
    assert "newsbrief" in last.headers["user-agent"]
    [status] = list_feeds(db)
    assert status.last_error is None and status.last_success_at is not None


def test_malformed_and_legacy_encoded_and_gzipped_feeds(
    db: Database, live_settings: Settings, server: LocalServer
) -> None:
    good = rss2("Broken Wire", [Item("Survivor", server.url("/s"), "y", full=article_text("harbour", 2))])
    server.route("/broken", Reply(good.replace(b"</channel></rss>", b"<item><title>half"), content_type=RSS))
    cyrillic = "Городской совет одобрил строительство новой линии трамвая. " * 30
    legacy = rss2("Вечерние новости", [Item("Трамвай", server.url("/r"), "z", full=cyrillic.strip())],
                  encoding="windows-1251")
    server.route("/legacy", Reply(legacy, content_type="text/xml"))
    server.route("/gz", Reply(rss2("Packed", [Item("Gz", server.url("/g"), "w", full=article_text("gzip", 3))]),
                              content_type=RSS, gzip=True))
    for path in ("/broken", "/legacy", "/gz"):
        add_feed(db, server.url(path), live_settings)

    report = poll_feeds(db, live_settings)

    assert (report.feeds_ok, report.failed, report.articles_new) == (3, 0, 3)
    bodies = {str(r["source"]): str(r["body"]) for r in _stored(db)}
    assert bodies["Broken Wire"] == article_text("harbour", 2)
    assert bodies["Вечерние новости"].startswith("Городской совет одобрил")
    assert bodies["Packed"] == article_text("gzip", 3)


def test_a_slow_or_oversized_feed_fails_alone(
    db: Database, live_settings: Settings, server: LocalServer
) -> None:
    items = [Item("Fine", server.url("/f"), "q", full=article_text("ferry", 4))]
    server.route("/ok", Reply(rss2("Fine Feed", items), content_type=RSS))
    server.route("/slow", Reply(rss2("Slow", items), content_type=RSS))
    server.route("/big", Reply(rss2("Big", items), content_type=RSS))
    server.route("/stream", Reply(rss2("Stream", items), content_type=RSS))
    for path in ("/ok", "/slow", "/big", "/stream"):
        add_feed(db, server.url(path), live_settings)
    huge = b"<rss>" + b"x" * 300_000
    server.route("/slow", Reply(rss2("Slow", items), content_type=RSS, delay=5))
    server.route("/big", Reply(huge, content_type=RSS))
    server.route("/stream", Reply(huge, content_type=RSS, chunked=True))  # no Content-Length

    report = poll_feeds(db, live_settings)

    assert (report.feeds_ok, report.failed, report.articles_new) == (1, 3, 1)
    errors = {s.url.rsplit("/", 1)[1]: s.last_error or "" for s in list_feeds(db)}
    assert "timed out after 1 s" in errors["slow"]
    assert "too large" in errors["big"] and "NEWSBRIEF_FETCH_MAX_BYTES" in errors["big"]
    assert "too large" in errors["stream"]
    assert errors["ok"] == ""


def test_same_article_under_two_tracking_urls_is_stored_once(
    db: Database, live_settings: Settings, server: LocalServer
) -> None:
    body = article_text("bridge", 5)
    server.route("/story.html", Reply(page("Bridge reopens", body)))
    server.route("/story.html?utm_source=rss&utm_medium=feed", Reply(page("Bridge reopens", body)))
    server.route("/story.html?fbclid=abc", Reply(page("Bridge reopens", body)))
    items = [
        Item("Bridge reopens", server.url("/story.html?utm_source=rss&utm_medium=feed"), "Teaser.", guid="a"),
        Item("Bridge reopens (update)", server.url("/story.html?fbclid=abc"), "Teaser again.", guid="b"),
    ]
    server.route("/feed", Reply(rss2("Tracker", items), content_type=RSS))
    add_feed(db, server.url("/feed"), live_settings)

    report = poll_feeds(db, live_settings)

    assert (report.articles_new, report.duplicates) == (1, 1)
    [row] = _stored(db)
    assert row["canonical_url"] == server.url("/story.html")
    assert row["body"] == body
    assert server.hits("/story.html?fbclid=abc") == 0  # the second copy did not fetch its page
    with db.read() as conn:
        assert conn.execute(select(func.count()).select_from(article_aliases)).scalar_one() == 1


def test_published_time_falls_back_to_the_page_then_the_fetch_time(
    db: Database, live_settings: Settings, server: LocalServer
) -> None:
    dated = _publish_pages(server, "canal", 1, dated=True)[0]
    undated = _publish_pages(server, "tunnel", 1, dated=False)[0]
    dated.published = undated.published = None
    server.route("/feed", Reply(rss2("Times", [dated, undated]), content_type=RSS))
    add_feed(db, server.url("/feed"), live_settings)
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)

    poll_feeds(db, live_settings, now=now)

    times = {str(r["title"]): r["published_at"] for r in _stored(db)}
    assert times["Canal story 0"] == datetime(2026, 11, 20, tzinfo=UTC)
    assert times["Tunnel story 0"] == now


def test_one_bad_item_does_not_stop_the_feed(
    db: Database, live_settings: Settings, server: LocalServer
) -> None:
    items = [
        Item("Empty", server.url("/missing-page"), ""),  # no text, and its page is a 404
        Item("Good", server.url("/g"), "q", full=article_text("market", 6)),
        Item("Script link", "javascript:alert(1)", "A teaser whose link cannot be fetched."),
        Item("Broken link", "http://[::1/x", "Another teaser with a malformed link."),
        Item("Private link", "http://169.254.169.254/latest", "A teaser pointing at metadata."),
    ]
    server.route("/feed", Reply(rss2("Mixed", items), content_type=RSS))
    add_feed(db, server.url("/feed"), live_settings.model_copy(update={"allow_private_urls": True}))
    strict = live_settings.model_copy(update={"allow_private_urls": False})

    report = poll_feeds(db, live_settings, policy=policy_for(strict, [server.host]))

    assert (report.feeds_ok, report.articles_new, report.item_errors) == (1, 4, 1)
    teasers = {str(r["title"]): str(r["body"]) for r in _stored(db)}
    assert teasers["Private link"] == "A teaser pointing at metadata."  # kept, page refused
    assert teasers["Script link"].startswith("A teaser")


def test_backoff_then_pause_then_resume(
    db: Database, live_settings: Settings, server: LocalServer, caplog: pytest.LogCaptureFixture
) -> None:
    settings = live_settings.model_copy(update={"feed_max_failures": 3, "pipeline_interval_minutes": 10})
    items = [Item("Back", server.url("/b"), "q", full=article_text("dam", 7))]
    server.route("/feed", Reply(rss2("Flaky", items), content_type=RSS))
    add_feed(db, server.url("/feed"), settings)
    server.route("/feed", Reply(b"oops", status=500, content_type="text/plain"))
    t0 = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)
    caplog.set_level(logging.WARNING, logger="news.ingest.feeds")

    assert poll_feeds(db, settings, now=t0).failed == 1
    [status] = list_feeds(db)
    assert status.next_fetch_at == t0 + timedelta(minutes=10)
    assert "HTTP 500" in (status.last_error or "")
    assert poll_feeds(db, settings, now=t0 + timedelta(minutes=5)).skipped == 1  # backing off
    assert poll_feeds(db, settings, now=t0 + timedelta(minutes=10)).failed == 1
    assert list_feeds(db)[0].next_fetch_at == t0 + timedelta(minutes=30)  # doubled
    assert poll_feeds(db, settings, now=t0 + timedelta(minutes=30)).failed == 1
    [status] = list_feeds(db)
    assert status.paused and status.consecutive_failures == 3
    assert poll_feeds(db, settings, now=t0 + timedelta(days=3)).skipped == 1  # paused stays paused
    assert server.hits("/feed") == 1 + 3

    failure_lines = [r for r in caplog.records if r.name.startswith("news.ingest.feeds")]
    assert len(failure_lines) == 3 and all(r.exc_info is None for r in failure_lines)
    assert "now paused" in failure_lines[-1].getMessage()

    server.route("/feed", Reply(rss2("Flaky", items), content_type=RSS))
    resume_feed(db, status.id)
    report = poll_feeds(db, settings, now=t0 + timedelta(days=3))
    assert (report.feeds_ok, report.articles_new) == (1, 1)
    [status] = list_feeds(db)
    assert not status.paused and status.consecutive_failures == 0 and status.articles == 1


def test_pass_without_feeds_does_not_touch_the_network(db: Database, live_settings: Settings) -> None:
    report = poll_feeds(db, live_settings)
    assert (report.feeds_ok, report.failed, report.skipped) == (0, 0, 0)
