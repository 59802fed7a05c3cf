"""A feed's articles carry its outlet's name: the feed title, else the site's domain."""

from __future__ import annotations

from sqlalchemy import select

from config import Settings
from news.store import Database
from news.store.schema import articles
from tests.helpers.http_server import LocalServer, Reply
from tests.news.ingest.feeds.builders import Item, article_text, rss2
from tests.news.ingest.feeds.driver import add_feed, pipeline_pass

RSS = "application/rss+xml; charset=utf-8"


def test_an_untitled_feed_is_named_by_its_sites_domain(
    db: Database, live_settings: Settings, server: LocalServer
) -> None:
    items = [Item(f"Tramway vote {n}", server.url(f"/tram/{n}"), "Teaser.", full=article_text("tramway", n))
             for n in range(2)]
    server.route("/untitled.xml", Reply(rss2("", items, site="https://www.valleyherald.example/"),
                                        content_type=RSS))
    server.route("/titled.xml", Reply(rss2("Daily Post", [Item("Reservoir", server.url("/r"), "Teaser.",
                                                               full=article_text("reservoir", 1))]),
                                      content_type=RSS))
    add_feed(db, server.url("/untitled.xml"), live_settings)
    add_feed(db, server.url("/titled.xml"), live_settings)

    pipeline_pass(db, live_settings)

    with db.read() as conn:
        sources = set(conn.execute(select(articles.c.source)).scalars())
    assert sources == {"valleyherald.example", "Daily Post"}
