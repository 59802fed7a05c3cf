"""Adding feeds (with validation and discovery) and OPML import/export.

``add_feed`` downloads the URL once: a feed is added as is; an HTML page is searched for
``<link rel="alternate">`` feed links and the first one that parses is added. Either way the
operator sees the title and item count, and a URL the SSRF guard refuses never gets in.
"""

from __future__ import annotations

import asyncio
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import quoteattr

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from config import Settings
from news.db import Database
from news.db.schema import feeds
from news.errors import FetchError, IngestError, NewsError
from news.feeds.parse import ParsedFeed, discover_feed_links, parse_feed
from news.feeds.store import find_feed, insert_feed
from news.fetch import FEED_ACCEPT, Fetcher, run_sync
from news.netguard import URLPolicy, split_host_port
from news.pages import decode_html

__all__ = ["FeedInfo", "ImportReport", "add_feed", "add_feed_async", "export_opml", "import_opml"]

_MAX_OPML_BYTES = 5_000_000


@dataclass(slots=True, frozen=True)
class FeedInfo:
    """A feed just added (or found already present)."""

    id: int
    url: str
    title: str | None
    item_count: int
    site_url: str | None = None
    discovered_from: str | None = None  # the HTML page that linked to the feed
    already_present: bool = False


@dataclass(slots=True)
class ImportReport:
    added: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)

    def summary_line(self) -> str:
        return (f"{len(self.added)} added, {len(self.existing)} already present, "
                f"{len(self.rejected)} rejected")


def _normalise_input(url: str) -> str:
    url = url.strip()
    if "://" not in url:
        url = "https://" + url
    split_host_port(url)  # scheme and host check, with a clear message
    return url


def _existing(db: Database, url: str) -> FeedInfo | None:
    with db.engine.connect() as conn:
        row = conn.execute(select(feeds).where(feeds.c.url == url)).first()
    if row is None:
        return None
    return FeedInfo(id=row.id, url=row.url, title=row.title, item_count=row.item_count,
                    site_url=row.site_url, already_present=True)


async def _download_feed(fetcher: Fetcher, url: str) -> tuple[ParsedFeed, str]:
    result = await fetcher.get(url, accept=FEED_ACCEPT)
    parsed = await asyncio.to_thread(parse_feed, result.content, url=result.url,
                                     content_type=result.content_type, charset=result.charset)
    return parsed, decode_html(result.content, result.charset) if not parsed.is_feed else ""


async def add_feed_async(
    db: Database, url: str, settings: Settings, *, policy: URLPolicy | None = None
) -> FeedInfo:
    """Validate (or discover) and store a feed; FetchError/BlockedURLError say what went wrong."""
    url = _normalise_input(url)
    known = _existing(db, url)
    if known is not None:
        return known
    discovered_from = None
    async with Fetcher(settings, policy=policy) as fetcher:
        parsed, page = await _download_feed(fetcher, url)
        if not parsed.is_feed:
            candidates = discover_feed_links(page, url) if page else []
            if not candidates:
                raise FetchError(
                    f"{url}: not an RSS or Atom feed, and the page links to none "
                    '(no <link rel="alternate" type="application/rss+xml">)'
                )
            problems = []
            for candidate in candidates[:5]:
                try:
                    parsed, _ = await _download_feed(fetcher, candidate)
                except FetchError as exc:
                    problems.append(str(exc))
                    continue
                if parsed.is_feed:
                    discovered_from, url = url, candidate
                    break
                problems.append(f"{candidate}: not an RSS or Atom feed")
            else:
                raise FetchError(f"{url}: the feeds it links to do not work: {'; '.join(problems)}")
            known = _existing(db, url)
            if known is not None:
                return known
    try:
        with db.engine.begin() as conn:
            feed_id = insert_feed(conn, url, title=parsed.title, site_url=parsed.site_url,
                                  item_count=len(parsed.entries))
    except IntegrityError:  # added concurrently by someone else
        existing = _existing(db, url)
        if existing is None:
            raise
        return existing
    return FeedInfo(id=feed_id, url=url, title=parsed.title, item_count=len(parsed.entries),
                    site_url=parsed.site_url, discovered_from=discovered_from)


def add_feed(
    db: Database, url: str, settings: Settings, *, policy: URLPolicy | None = None
) -> FeedInfo:
    """The synchronous face of :func:`add_feed_async` (runs its own event loop)."""
    return run_sync(add_feed_async(db, url, settings, policy=policy))


def import_opml(db: Database, path: Path, settings: Settings) -> ImportReport:
    """Add every ``<outline xmlUrl=...>`` of an OPML file (nested folders too).

    Feeds are not downloaded here (a list of dozens would take minutes); a feed that does not
    work shows its error in ``feeds list`` after the next pass. URLs with a non-http(s) scheme or
    a literal private address are rejected at once; host names are checked at every fetch.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > _MAX_OPML_BYTES:
        raise IngestError(f"{path}: too large for an OPML file ({len(data):,} bytes)")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise IngestError(f"{path}: not an OPML file ({exc})") from None
    report = ImportReport()
    policy = URLPolicy(allow_private=settings.allow_private_urls)
    now = datetime.now(UTC)
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not url:
            continue
        try:
            url = _normalise_input(url)
            _check_literal(url, policy)
        except NewsError as exc:
            report.rejected.append((url, str(exc)))
            continue
        title = outline.get("title") or outline.get("text") or None
        with db.engine.begin() as conn:
            if find_feed(conn, url) is not None:
                report.existing.append(url)
                continue
            insert_feed(conn, url, title=title, site_url=outline.get("htmlUrl") or None, now=now)
        report.added.append(url)
    return report


def _check_literal(url: str, policy: URLPolicy) -> None:
    """The guard without DNS: refuses literal private addresses and localhost names."""
    from news.netguard import check_url

    host, _port = split_host_port(url)
    if host == "localhost" or host.endswith(".localhost") or host.replace(".", "").isdigit() \
            or ":" in host:
        check_url(url, policy)


def export_opml(db: Database) -> str:
    """The feed list as OPML 2.0 (readable by every feed reader)."""
    with db.engine.connect() as conn:
        rows = conn.execute(select(feeds.c.url, feeds.c.title, feeds.c.site_url)
                            .order_by(feeds.c.id)).all()
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head><title>newsbrief feeds</title></head>",
        "  <body>",
    ]
    for row in rows:
        title = row.title or row.url
        attrs = f'type="rss" text={quoteattr(title)} title={quoteattr(title)} ' \
                f"xmlUrl={quoteattr(row.url)}"
        if row.site_url:
            attrs += f" htmlUrl={quoteattr(row.site_url)}"
        lines.append(f"    <outline {attrs}/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)
