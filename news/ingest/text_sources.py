"""One-off texts for ``summarize``: bytes from a file or standard input, as article text."""

from __future__ import annotations

from datetime import UTC, datetime

from news.errors import IngestError
from news.ingest.decode import decode_text
from news.ingest.files import draft_from_text

__all__ = ["article_text"]


def article_text(data: bytes, *, name: str, max_bytes: int) -> str:
    """The article body in ``data`` (seed format, Markdown or plain text); IngestError when the
    bytes are not text (binary, empty, undecodable, too large)."""
    text = decode_text(data, name=name, max_bytes=max_bytes)
    try:
        return draft_from_text(text, source=name, fallback_time=datetime.now(UTC), name=name).body
    except IngestError:
        return text
