"""Feed documents to plain data: feedparser for RSS 0.9x/1.0/2.0 and Atom, lxml for discovery.

feedparser is lenient on purpose: a malformed ("bozo") feed is parsed as far as it goes and
whatever entries it yields are kept; only a document with neither a feed version nor entries is
"not a feed". Input is always bytes wrapped in a file object: handed a bare string, feedparser
would treat one that looks like a URL or a path as something to fetch or open.

Hostile documents: entities are never expanded from outside (feedparser's strict parser refuses
a DOCTYPE with entities and its loose one leaves them as text, so neither a billion laughs nor
``file:///etc/passwd`` gets in); a document nested deeper than :data:`MAX_DEPTH` is not a feed
(lxml measures it in milliseconds, where feedparser would take minutes), and a feed of many
items is read a thousand at a time (``xmlscan``). feedparser's own HTML sanitizer is off: every
title and text goes through :func:`html_to_text`, which keeps only plain text (scripts, styles
and every attribute, event handlers included, are dropped), and the sanitizer is what made
deeply nested HTML slow.
"""

from __future__ import annotations

import html as htmllib
import io
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from news.ingest.feeds.xmlscan import ITEMS_PER_DOCUMENT, shape, split_items
from news.ingest.normalize import clean_body

log = logging.getLogger(__name__)

__all__ = ["FeedEntry", "ParsedFeed", "discover_feed_links", "html_to_text", "parse_feed"]

_BLOCKS = ("p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
           "pre", "table", "tr", "section", "article", "figure", "figcaption", "header", "footer")
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
               "application/xml", "text/xml")
_TAG = re.compile(r"<[^>]+>")
# Real feeds nest a handful of levels (XHTML content a few dozen); libxml2's default limit.
MAX_DEPTH = 256


@dataclass(slots=True, frozen=True)
class FeedEntry:
    """One item of a feed, text already turned from HTML into paragraphs."""

    guid: str | None
    link: str | None
    title: str
    text: str
    published_at: datetime | None
    published_raw: str | None = None  # the date as the feed wrote it (kept if not believable)


@dataclass(slots=True)
class ParsedFeed:
    title: str | None
    site_url: str | None
    version: str
    entries: list[FeedEntry] = field(default_factory=list)
    problem: str | None = None  # why feedparser called it bozo, if it did
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (entry, reason) not readable

    @property
    def is_feed(self) -> bool:
        return bool(self.version or self.entries)


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment with paragraph breaks kept; plain text passes through."""
    if "<" not in fragment:
        return clean_body(htmllib.unescape(fragment))
    # Imported here: lxml.html costs ~30 ms and ~7 MB, paid only when a feed carries HTML.
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ParserError, ValueError):
        return clean_body(htmllib.unescape(_TAG.sub(" ", fragment)))
    for junk in list(root.iter("script", "style", "noscript")):
        junk.drop_tree()
    for element in root.iter(*_BLOCKS):
        element.tail = "\n\n" + (element.tail or "")
        element.text = "\n\n" + (element.text or "")
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    return clean_body(str(root.text_content()))


def _entry_time(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                return datetime(*value[:6], tzinfo=UTC)
            except (ValueError, OverflowError):
                continue
    return None


def _entry_raw_time(entry: Any) -> str | None:
    for key in ("published", "updated", "created"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:200]
    return None


def _entry_text(entry: Any) -> str:
    # content:encoded / atom:content first (the full text when the feed carries it), then summary.
    best = ""
    for content in entry.get("content") or []:
        text = html_to_text(str(content.get("value") or ""))
        if len(text) > len(best):
            best = text
    summary = html_to_text(str(entry.get("summary") or ""))
    return best if len(best) >= len(summary) else summary


def _entry(entry: Any) -> FeedEntry:
    link = entry.get("link") or None
    title = html_to_text(str(entry.get("title") or "")).replace("\n", " ").strip()
    guid = entry.get("id") or link
    return FeedEntry(
        guid=str(guid).strip() if guid else None,
        link=str(link).strip() if link else None,
        title=title,
        text=_entry_text(entry),
        published_at=_entry_time(entry),
        published_raw=_entry_raw_time(entry),
    )


def parse_feed(
    data: bytes, *, url: str, content_type: str = "", charset: str | None = None
) -> ParsedFeed:
    """Parse feed bytes; the HTTP content type and charset help feedparser pick the encoding.

    A long feed is read :data:`~news.ingest.feeds.xmlscan.ITEMS_PER_DOCUMENT` items at a time
    (``xmlscan``), so its memory does not grow with its number of items.
    """
    found = shape(data, MAX_DEPTH)
    if found.too_deep:
        return ParsedFeed(title=None, site_url=None, version="",
                          problem=f"elements nested more than {MAX_DEPTH} levels deep")
    documents = (split_items(data, ITEMS_PER_DOCUMENT, charset=charset)
                 if found.items > ITEMS_PER_DOCUMENT else None)
    if documents is not None:
        charset = "utf-8"  # what the cut documents are written in, whatever the original was
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type + (f"; charset={charset}" if charset else "")
    feed = ParsedFeed(title=None, site_url=None, version="")
    for part in documents if documents is not None else iter((data,)):
        _read_document(feed, part, headers, url=url)
    return feed


def _read_document(feed: ParsedFeed, data: bytes, headers: dict[str, str], *, url: str) -> None:
    """Add one document's entries to ``feed``; the head (title, link, version, problem) is taken
    from the first document that has it."""
    import feedparser  # slow (~0.15 s with chardet): only needed when a feed is read

    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers, sanitize_html=False,
                              resolve_relative_uris=False)
    offset = len(feed.entries) + len(feed.rejected)
    for number, raw in enumerate(parsed.get("entries", []), start=offset + 1):
        try:
            feed.entries.append(_entry(raw))
        except Exception as exc:  # one unreadable entry is set aside, the others are kept
            log.debug("feed %s: entry skipped: %s", url, exc)
            name = str(raw.get("link") or raw.get("id") or f"entry {number}") if hasattr(raw, "get") else ""
            feed.rejected.append((name or f"entry {number}", f"{type(exc).__name__}: {exc}"))
    if parsed.get("bozo") and feed.problem is None:
        feed.problem = str(parsed.get("bozo_exception") or "malformed feed")
    meta = parsed.get("feed", {})
    if feed.title is None:
        feed.title = html_to_text(str(meta.get("title") or "")).replace("\n", " ").strip() or None
    feed.site_url = feed.site_url or meta.get("link") or None
    feed.version = feed.version or str(parsed.get("version") or "")


def discover_feed_links(page: str, base_url: str) -> list[str]:
    """Feed URLs an HTML page announces with ``<link rel="alternate" type="...rss+xml">``."""
    # Imported here: lxml.html costs ~30 ms and ~7 MB, paid only when a page is searched for feeds.
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.document_fromstring(page)
    except (ParserError, ValueError):
        return []
    base = base_url
    for element in root.iter("base"):
        if element.get("href"):
            base = urljoin(base_url, element.get("href"))
            break
    found: list[str] = []
    for element in root.iter("link"):
        rel = (element.get("rel") or "").lower().split()
        kind = (element.get("type") or "").lower().split(";")[0].strip()
        href = (element.get("href") or "").strip()
        if "alternate" in rel and kind in _FEED_TYPES and href:
            link = urljoin(base, href)
            if link not in found:
                found.append(link)
    return found
