"""Adding feeds (with validation and discovery) and OPML import/export.

``add_feed`` downloads the URL once: a feed is added as is; an HTML page is searched for
``<link rel="alternate">`` feed links and the first one that parses is added. Either way the
operator sees the title and item count, and a URL the SSRF guard refuses never gets in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from news.errors import FetchError, IngestError, NewsError
from news.ingest.feeds.parse import ParsedFeed, discover_feed_links, parse_feed
from news.ingest.http import FEED_ACCEPT, Fetcher
from news.ingest.netguard import URLPolicy, check_url, split_host_port
from news.ingest.pages import decode_html
from news.store import Database
from news.store import feeds as store
from news.workers import Workers

__all__ = ["FeedInfo", "ImportReport", "add_feed", "export_opml", "import_opml"]

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
    with db.read() as conn:
        row = store.feed_by_url(conn, url)
    if row is None:
        return None
    return FeedInfo(id=row.id, url=row.url, title=row.title, item_count=row.item_count,
                    site_url=row.site_url, already_present=True)


async def _download_feed(fetcher: Fetcher, workers: Workers, url: str) -> tuple[ParsedFeed, str]:
    result = await fetcher.get(url, accept=FEED_ACCEPT)
    parsed = await workers.run(parse_feed, result.content, url=result.url,
                               content_type=result.content_type, charset=result.charset)
    return parsed, decode_html(result.content, result.charset) if not parsed.is_feed else ""


def _insert(db: Database, url: str, parsed: ParsedFeed, now: datetime) -> int | None:
    """Store the feed; None when someone added it concurrently."""
    try:
        with db.write() as conn:
            return store.insert_feed(conn, url, title=parsed.title, site_url=parsed.site_url,
                                     item_count=len(parsed.entries), now=now)
    except IntegrityError:
        return None


async def add_feed(db: Database, workers: Workers, fetcher: Fetcher, url: str, *,
                   now: datetime) -> FeedInfo:
    """Validate (or discover) and store a feed; FetchError/BlockedURLError say what went wrong."""
    url = _normalise_input(url)
    known = await workers.run(_existing, db, url)
    if known is not None:
        return known
    discovered_from = None
    parsed, page = await _download_feed(fetcher, workers, url)
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
                parsed, _ = await _download_feed(fetcher, workers, candidate)
            except FetchError as exc:
                problems.append(str(exc))
                continue
            if parsed.is_feed:
                discovered_from, url = url, candidate
                break
            problems.append(f"{candidate}: not an RSS or Atom feed")
        else:
            raise FetchError(f"{url}: the feeds it links to do not work: {'; '.join(problems)}")
        known = await workers.run(_existing, db, url)
        if known is not None:
            return known
    feed_id = await workers.run(_insert, db, url, parsed, now)
    if feed_id is None:  # added concurrently by someone else
        existing = await workers.run(_existing, db, url)
        if existing is None:
            raise FetchError(f"{url}: could not be stored")
        return existing
    return FeedInfo(id=feed_id, url=url, title=parsed.title, item_count=len(parsed.entries),
                    site_url=parsed.site_url, discovered_from=discovered_from)


def import_opml(db: Database, data: bytes, *, name: str, policy: URLPolicy, now: datetime) -> ImportReport:
    """Add every ``<outline xmlUrl=...>`` of an OPML file (nested folders too).

    Feeds are not downloaded here (a list of dozens would take minutes); a feed that does not
    work shows its error in ``feeds list`` after the next pass. URLs with a non-http(s) scheme or
    a literal private address are rejected at once; host names are checked at every fetch.
    """
    if len(data) > _MAX_OPML_BYTES:
        raise IngestError(f"{name}: too large for an OPML file ({len(data):,} bytes)")
    import xml.etree.ElementTree as ET  # only OPML files are read as XML here

    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise IngestError(f"{name}: not an OPML file ({exc})") from None
    report = ImportReport()
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
        with db.write() as conn:
            if store.find_feed(conn, url) is not None:
                report.existing.append(url)
                continue
            store.insert_feed(conn, url, title=title, site_url=outline.get("htmlUrl") or None, now=now)
        report.added.append(url)
    return report


def _check_literal(url: str, policy: URLPolicy) -> None:
    """The guard without DNS: refuses literal private addresses and localhost names."""
    host, _port = split_host_port(url)
    if host == "localhost" or host.endswith(".localhost") or host.replace(".", "").isdigit() \
            or ":" in host:
        check_url(url, policy)


def export_opml(db: Database) -> str:
    """The feed list as OPML 2.0 (readable by every feed reader)."""
    from xml.sax.saxutils import quoteattr  # loads urllib.request and http.client (~5 ms)

    with db.read() as conn:
        rows = store.opml_rows(conn)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head><title>newsbrief feeds</title></head>",
        "  <body>",
    ]
    for url, title, site_url in rows:
        title = title or url
        attrs = f'type="rss" text={quoteattr(title)} title={quoteattr(title)} ' \
                f"xmlUrl={quoteattr(url)}"
        if site_url:
            attrs += f" htmlUrl={quoteattr(site_url)}"
        lines.append(f"    <outline {attrs}/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)
