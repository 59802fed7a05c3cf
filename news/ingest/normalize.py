"""Normalising article fields: clean bodies, titles, dates, canonical URLs and content hashes."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = [
    "believable_time",
    "canonical_url",
    "clean_body",
    "content_hash",
    "first_sentence",
    "parse_datetime",
]

_TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|"
    r"ref|ref_src|ref_url|cmpid|ncid|ocid|sr_share|smid|rss|via|__twitter_impression)$",
    re.IGNORECASE,
)


def clean_body(text: str) -> str:
    """Unify newlines and spaces; keep paragraph breaks (a blank line) and single line breaks."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    lines = [re.sub(r"[ \t\f\v]+", " ", line).strip() for line in text.split("\n")]
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return "\n\n".join(paragraphs)


def first_sentence(text: str, max_words: int = 30) -> str:
    """A title for text that has none: its first sentence, cut at a word boundary if long."""
    from summarizers import split_sentences

    stripped = text.strip()
    sentences = split_sentences(stripped.split("\n\n")[0]) if stripped else []
    candidate = sentences[0] if sentences else stripped
    words = candidate.split()
    if len(words) > max_words:
        return " ".join(words[:max_words]) + "…"
    return candidate.rstrip(".").strip()


def parse_datetime(value: str | date | datetime) -> datetime:
    """ISO 8601 (date or date-time) to an aware UTC datetime; naive times are taken as UTC."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    else:
        text = value.strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


# A publication date outside these bounds is a source's mistake (or a trap): 9999-12-31 breaks
# date arithmetic downstream, and a date before the web or far ahead would pin an article to
# the top or bottom of every list.
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)


def believable_time(
    published: datetime | None, raw: str | None, *, now: datetime
) -> tuple[datetime, str | None]:
    """(the time to store, what the source said when that was not believable).

    Missing: ``now``. Unreadable (``raw`` without ``published``), more than a day ahead of
    ``now`` or before 1990: ``now``, with the source's value kept for display and debugging.
    """
    if published is None:
        return now, (raw.strip()[:200] or None) if raw else None
    if published.tzinfo is None:
        return published, None  # a source bug: the store refuses it, the draft is rejected
    if published < EARLIEST or published > now + FUTURE_SLACK:
        return now, (raw or published.isoformat()).strip()[:200]
    return published, None


def content_hash(body: str) -> str:
    """Hash of the text with case and spacing folded, so re-scraped copies compare equal."""
    folded = " ".join(unicodedata.normalize("NFKC", body).casefold().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def canonical_url(url: str | None) -> str | None:
    """Lower-case scheme and host, no fragment, no tracking parameters, sorted query."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if parts.port and not (
        (parts.scheme == "http" and parts.port == 80) or (parts.scheme == "https" and parts.port == 443)
    ):
        host = f"{host}:{parts.port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMS.match(k)]
    path = re.sub(r"/{2,}", "/", parts.path) or "/"
    return urlunsplit((parts.scheme.lower(), host, path, urlencode(sorted(query)), ""))
