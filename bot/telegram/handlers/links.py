"""Links in messages: a message with one is a page to summarize, not a question."""

from __future__ import annotations

import re

__all__ = ["URL_PATTERN", "first_link"]

URL_PATTERN = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)


def first_link(text: str) -> str | None:
    """The first http(s) link in ``text``, without the punctuation that ends a sentence."""
    match = URL_PATTERN.search(text)
    return match.group(0).rstrip(".,;:!?)") if match else None
