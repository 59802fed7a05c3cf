"""Adding, discovering, listing, removing feeds, and OPML import/export."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from config import Settings
from news.errors import BlockedURLError, FetchError, IngestError, NotFoundError
from news.store import Database, open_database
from news.store.schema import articles
from tests.helpers.http_server import LocalServer, Reply
from tests.news.ingest.feeds.builders import Item, article_text, atom, opml, page, rss2
from tests.news.ingest.feeds.driver import (
    add_feed,
    export_opml,
    import_opml,
    list_feeds,
    poll_feeds,
    remove_feed,
)

RSS = "application/rss+xml"


def _two_item_feed(server: LocalServer) -> bytes:
    return rss2("Harbour Gazette", [
        Item("Ferries", server.url("/1"), "a", full=article_text("ferry", 1)),
        Item("Cranes", server.url("/2"), "b", full=article_text("crane", 2)),
    ], site="http://harbour.example/")


def test_add_feed_reports_title_and_item_count(db: Database, live_settings: Settings, server: LocalServer) -> None:
    url = server.route("/feed.xml", Reply(_two_item_feed(server), content_type=RSS))

    info = add_feed(db, url, live_settings)

    assert (info.title, info.item_count, info.already_present) == ("Harbour Gazette", 2, False)
    assert info.site_url == "http://harbour.example/"
    again = add_feed(db, url, live_settings)
    assert again.already_present and again.id == info.id
    [status] = list_feeds(db)
    assert (status.url, status.title, status.item_count, status.paused) == (url, "Harbour Gazette", 2, False)
    assert status.last_success_at is None and status.next_fetch_at is None  # due at the next pass


def test_add_feed_discovers_the_feed_linked_from_an_html_page(
    db: Database, live_settings: Settings, server: LocalServer
) -> None:
    server.route("/news/feed.atom", Reply(atom("Valley Herald", [Item("x", server.url("/x"), "y")]),
                                          content_type="application/atom+xml"))
    home = server.route("/news/", Reply(page("Valley Herald", "Front page.", feed_link="feed.atom")))

    info = add_feed(db, home, live_settings)

    assert info.url == server.url("/news/feed.atom")
    assert info.discovered_from == home
    assert info.title == "Valley Herald" and info.item_count == 1


def test_add_feed_refuses_pages_without_a_feed(db: Database, live_settings: Settings, server: LocalServer) -> None:
    home = server.route("/plain", Reply(page("Nothing", "No feed here.")))
    with pytest.raises(FetchError, match="not an RSS or Atom feed"):
        add_feed(db, home, live_settings)
    with pytest.raises(FetchError, match="HTTP 404"):
        add_feed(db, server.url("/missing"), live_settings)
    assert list_feeds(db) == []


def test_loopback_feed_refused_unless_private_urls_allowed(
    db: Database, settings: Settings, server: LocalServer
) -> None:
    url = server.route("/feed.xml", Reply(_two_item_feed(server), content_type=RSS))
    assert not settings.allow_private_urls
    with pytest.raises(BlockedURLError, match="NEWSBRIEF_ALLOW_PRIVATE_URLS"):
        add_feed(db, url, settings)
    with pytest.raises(BlockedURLError):
        add_feed(db, f"http://localhost:{server.port}/feed.xml", settings)
    assert server.requests == []  # refused before any connection
    assert list_feeds(db) == []


def test_remove_feed_keeps_its_articles(db: Database, live_settings: Settings, server: LocalServer) -> None:
    url = server.route("/feed.xml", Reply(_two_item_feed(server), content_type=RSS))
    info = add_feed(db, url, live_settings)
    poll_feeds(db, live_settings)

    removed = remove_feed(db, str(info.id))

    assert removed.articles == 2
    assert list_feeds(db) == []
    with db.read() as conn:
        assert conn.execute(select(articles.c.feed_id)).scalars().all() == [None, None]
    with pytest.raises(NotFoundError, match="no feed 99"):
        remove_feed(db, "99")


def test_opml_round_trip(db: Database, live_settings: Settings, tmp_path: Path) -> None:
    source = tmp_path / "in.opml"
    source.write_text(opml([
        ("Harbour & Sons", "https://harbour.example/rss"),
        ("Valley", "https://valley.example/atom.xml"),
        ("Bad scheme", "ftp://files.example/feed"),
    ]))

    report = import_opml(db, source, live_settings)

    assert report.added == ["https://harbour.example/rss", "https://valley.example/atom.xml"]
    assert [url for url, _ in report.rejected] == ["ftp://files.example/feed"]
    exported = tmp_path / "out.opml"
    exported.write_text(export_opml(db))
    assert import_opml(db, exported, live_settings).existing == report.added  # idempotent
    titles = [s.title for s in list_feeds(db)]
    assert titles == ["Harbour & Sons", "Valley"]
    # and into a fresh database, the same list comes back
    other = open_database(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        assert import_opml(other, exported, live_settings).added == report.added
        assert [s.title for s in list_feeds(other)] == titles
    finally:
        other.dispose()


def test_opml_import_refuses_literal_private_addresses(db: Database, settings: Settings, tmp_path: Path) -> None:
    source = tmp_path / "in.opml"
    source.write_text(opml([("Metadata", "http://169.254.169.254/latest"), ("Local", "http://localhost/rss")]))
    report = import_opml(db, source, settings)
    assert report.added == [] and len(report.rejected) == 2
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body><outline")
    with pytest.raises(IngestError, match="not an OPML file"):
        import_opml(db, bad, settings)
