"""RSS/Atom feeds: parsing, the feed poll, adding feeds, OPML.

    parse   feedparser and lxml: entries as plain data, feed discovery in HTML pages
    xmlscan a document's depth and item count; a long feed cut into documents of 1,000 items
    poll    poll_feeds: one concurrent pass over the due feeds into ``news.articles``
    manage  add_feed (validate or discover), OPML import and export

The feed list's SQL is ``news.store.feeds``.
"""
