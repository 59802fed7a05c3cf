"""One web page to one article: fetch (with the SSRF guard and limits), decode, extract the text.

Used by ``newsbrief summarize URL``, the bot's ``/summarize`` and, for feed items that carry only
a teaser, by the feed poll. Extraction (trafilatura, CPU-bound) runs in the caller's worker pool.
"""

from __future__ import annotations

import codecs
import re
from datetime import UTC, datetime

from news.errors import FetchError
from news.ingest.extract import ExtractedPage, extract_article
from news.ingest.http import PAGE_ACCEPT, Fetcher
from news.ingest.normalize import clean_body, first_sentence
from news.ingest.outlets import outlet_name
from news.models import ArticleDraft
from news.workers import Workers

__all__ = ["decode_html", "fetch_page", "fetch_page_article", "page_to_draft"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_TYPES = ("text/html", "application/xhtml+xml", "")
_TEXT_TYPES = ("text/plain",)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, charset: str | None) -> str:
    """Bytes to text: BOM, then the HTTP charset, then <meta charset>, then UTF-8, then cp1252.

    Browsers trust a BOM over the header and the header over the page; pages with no declaration
    are mostly UTF-8 today and Windows-1252 before that.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    declared = _codec(charset)
    if declared is None:
        match = _META_CHARSET.search(data[:4096])
        declared = _codec(match.group(1).decode("ascii", "ignore")) if match else None
    if declared is not None:
        return data.decode(declared, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


async def fetch_page(fetcher: Fetcher, url: str, workers: Workers) -> ExtractedPage:
    """Fetch a page and extract its main text; FetchError when there is no article in it."""
    result = await fetcher.get(url, accept=PAGE_ACCEPT)
    if result.content_type in _TEXT_TYPES:
        body = clean_body(decode_html(result.content, result.charset))
        if not body:
            raise FetchError(f"{url}: the page is empty")
        return ExtractedPage(body=body, title=None, published_at=None, source=None,
                             url=result.url, language=None)
    if result.content_type not in _HTML_TYPES and "html" not in result.content_type:
        raise FetchError(f"{url}: not a web page (content type {result.content_type})")
    html = decode_html(result.content, result.charset)
    # trafilatura is CPU-bound (lxml); keep the event loop free for the other downloads.
    page = await workers.run(extract_article, html, url=result.url)
    if page is None:
        raise FetchError(f"{url}: no article text found on the page")
    return page


def page_to_draft(page: ExtractedPage, url: str, *, now: datetime | None = None) -> ArticleDraft:
    """An ArticleDraft for a standalone page: page metadata first, then the URL's host and now."""
    from summarizers import detect_language

    return ArticleDraft(
        body=page.body,
        title=page.title or first_sentence(page.body),
        source=outlet_name(page.source, url=page.url or url),
        published_at=page.published_at or now or datetime.now(UTC),
        url=page.url or url,
        language=detect_language(page.body),
    )


async def fetch_page_article(url: str, fetcher: Fetcher, workers: Workers) -> ArticleDraft:
    """Fetch and extract one page; raises FetchError or BlockedURLError with a clear message."""
    return page_to_draft(await fetch_page(fetcher, url, workers), url)
