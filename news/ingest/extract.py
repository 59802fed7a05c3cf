"""Main-text extraction from HTML pages with trafilatura (no navigation, footers or boilerplate)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime

from news.ingest.normalize import clean_body, parse_datetime

__all__ = ["ExtractedPage", "extract_article"]

log = logging.getLogger(__name__)


@dataclass(slots=True, frozen=True)
class ExtractedPage:
    body: str
    title: str | None
    published_at: datetime | None
    source: str | None
    url: str | None
    language: str | None
    published_raw: str | None = None  # the page's date as it stated it


def _paragraphs(text: str, title: str | None) -> str:
    """trafilatura puts one block per line; we keep paragraphs apart with a blank line.

    The page's headline often opens the extracted text as well; it is the title, not the body.
    """
    lines = [line.strip() for line in clean_body(text).split("\n") if line.strip()]
    if title and lines and lines[0].casefold() == title.strip().casefold():
        lines = lines[1:]
    return "\n\n".join(lines)


def extract_article(html: str, *, url: str | None) -> ExtractedPage | None:
    """The page's article text and metadata, or None when the page holds no article."""
    # Imported here: trafilatura takes ~0.3 s to import, paid by the first page, not at start-up.
    import trafilatura
    from trafilatura.settings import set_date_params

    try:
        raw = trafilatura.extract(
            html,
            url=url,
            output_format="json",
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            deduplicate=False,  # dedupe across calls would blank a page seen twice in one process
            # Only dates the page states in its markup: the extensive search would turn a footer's
            # "Copyright 2026" into 1 January, which is worse than the caller's fallback time.
            date_extraction_params=set_date_params(extensive=False),
        )
    except Exception as exc:
        log.warning("extraction failed for %s: %s", url or "page", exc)
        return None
    if not raw:
        return None
    data = json.loads(raw)
    title = data.get("title") or None
    body = _paragraphs(data.get("text") or "", title)
    if not body:
        return None
    published: datetime | None = None
    published_raw = str(data["date"]) if data.get("date") else None
    if published_raw:
        try:
            published = parse_datetime(published_raw)
        except (ValueError, OverflowError):
            published = None
    return ExtractedPage(
        body=body,
        title=title,
        published_at=published,
        # trafilatura's JSON calls the site's name (og:site_name, publisher) "source-hostname";
        # "hostname" is the bare domain, the fallback.
        source=(data.get("source-hostname") or data.get("sitename") or data.get("hostname") or None),
        url=data.get("url") or url,
        language=data.get("language") or None,
        published_raw=published_raw,
    )
