"""One-off text sources for `summarize`: a file, standard input or a web page."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from config import Settings
from news.errors import IngestError, NewsError
from news.ingest.decode import decode_text
from news.ingest.files import draft_from_text

__all__ = ["read_text_source"]


def read_text_source(source: str, settings: Settings) -> tuple[str, str]:
    """The article text behind a file path, '-' or an http(s) URL, and its language."""
    from summarizers import detect_language

    if source.startswith(("http://", "https://")):
        from news.pages import fetch_page_article

        draft = fetch_page_article(source, settings)
        return draft.body, draft.language or detect_language(draft.body)
    if source == "-":
        data = sys.stdin.buffer.read()
        name = "standard input"
    else:
        path = Path(source)
        if not path.is_file():
            raise NewsError(f"{source}: no such file (give a file, a URL or - for standard input)")
        data = path.read_bytes()
        name = source
    text = decode_text(data, name=name, max_bytes=settings.max_file_bytes)
    try:
        body = draft_from_text(text, source=name, fallback_time=datetime.now(UTC), name=name).body
    except IngestError:
        body = text
    return body, detect_language(body)
