"""RSS/Atom feeds: the feed list, validation and discovery, OPML, and the fetch pass.

    store      the ``feeds`` table: list, remove, resume, success/failure bookkeeping
    parse      feedparser and lxml: entries as plain data, feed discovery in HTML pages
    manage     add_feed (validate or discover), OPML import and export
    fetching   fetch_all: one concurrent pass over the due feeds into ``news.articles``
"""

from __future__ import annotations

from news.feeds.fetching import FeedProblem, FetchReport, fetch_all, fetch_all_async
from news.feeds.manage import (
    FeedInfo,
    ImportReport,
    add_feed,
    add_feed_async,
    export_opml,
    import_opml,
)
from news.feeds.parse import FeedEntry, ParsedFeed, discover_feed_links, parse_feed
from news.feeds.store import FeedStatus, list_feeds, remove_feed, resume_feed

__all__ = [
    "FeedEntry",
    "FeedInfo",
    "FeedProblem",
    "FeedStatus",
    "FetchReport",
    "ImportReport",
    "ParsedFeed",
    "add_feed",
    "add_feed_async",
    "discover_feed_links",
    "export_opml",
    "fetch_all",
    "fetch_all_async",
    "import_opml",
    "list_feeds",
    "parse_feed",
    "remove_feed",
    "resume_feed",
]
