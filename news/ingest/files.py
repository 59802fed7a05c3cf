"""Article files: the scraped seed format, plain text/Markdown, HTML and JSON lines.

Seed format (see examples/): the first line is `` date YYYY-MM-DD `` followed by either a
headline or the article's lead paragraph run into the title position; the body follows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from news.errors import IngestError
from news.ingest.decode import decode_text
from news.ingest.normalize import clean_body, first_sentence, parse_datetime
from news.ingest.outlets import file_outlet, outlet_name
from news.models import ArticleDraft

__all__ = ["ARTICLE_SUFFIXES", "FileProblem", "drafts_from_file", "iter_article_files"]

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".jsonl"})
_SEED_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+(.*)$")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")


@dataclass(slots=True, frozen=True)
class FileProblem:
    """A file, or one line of a JSONL file, that was not imported, and why."""

    where: str
    reason: str


def iter_article_files(paths: list[Path]) -> Iterator[Path]:
    """Files given directly, plus article files found (recursively, sorted) in given folders."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if child.is_file() and child.suffix.lower() in ARTICLE_SUFFIXES and not hidden:
                    yield child
        else:
            yield path


def drafts_from_file(
    path: Path, *, max_bytes: int, default_source: str | None = None
) -> tuple[list[ArticleDraft], list[FileProblem]]:
    """Parse one file into drafts; raise IngestError when the whole file is unusable."""
    if not path.exists():
        raise IngestError(f"{path}: no such file")
    size = path.stat().st_size
    if size > max_bytes:
        raise IngestError(
            f"{path}: too large ({size:,} bytes, limit {max_bytes:,}; "
            "raise NEWSBRIEF_MAX_FILE_BYTES to accept it)"
        )
    text = decode_text(path.read_bytes(), name=str(path), max_bytes=max_bytes)
    fallback_time = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    # The outlet, never the file's name: --source, else the folder (JSONL rows and HTML pages
    # may name their own outlet, which wins).
    source = outlet_name(default_source) if default_source and default_source.strip() else file_outlet(path)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return _drafts_from_jsonl(text, path, source)
    if suffix in (".html", ".htm"):
        return [_draft_from_html(text, path, source, fallback_time)], []
    return [draft_from_text(text, source=source, fallback_time=fallback_time, name=str(path))], []


def draft_from_text(
    text: str, *, source: str, fallback_time: datetime, name: str = "text"
) -> ArticleDraft:
    """Seed format, Markdown (``# Title``) or plain text (first short line as headline)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    published: datetime | None = None
    title = ""
    body_lines = lines
    header = _SEED_HEADER.match(lines[0]) if lines else None
    published_raw: str | None = None
    if header:
        published_raw = header.group(1)
        try:
            published = parse_datetime(published_raw)
        except ValueError:  # "2026-13-45": stored at the import time, the header's date kept
            published = None
        lead = header.group(2).strip()
        body_lines = lines[1:]
        if lead and (_TERMINAL.search(lead) or len(lead.split()) > 30):
            # A lead paragraph run into the title position: it is article text too.
            title = first_sentence(lead)
            body_lines = [lead, "", *body_lines]
        else:
            title = lead
    else:
        first_index = next((i for i, line in enumerate(lines) if line.strip()), 0)
        first = lines[first_index].strip() if lines else ""
        if first.startswith("#"):
            title = first.lstrip("#").strip()
            body_lines = lines[first_index + 1 :]
        elif first and len(first.split()) <= 20 and not _TERMINAL.search(first):
            title = first
            body_lines = lines[first_index + 1 :]
    body = clean_body("\n".join(body_lines))
    if not body:
        raise IngestError(f"{name}: no article text")
    if not title:
        title = first_sentence(body)
    return ArticleDraft(body=body, title=title, source=source, published_at=published or (None if published_raw else fallback_time),
                        published_raw=published_raw)


def _draft_from_html(text: str, path: Path, source: str, fallback_time: datetime) -> ArticleDraft:
    from news.ingest.extract import extract_article

    extracted = extract_article(text, url=None)
    if extracted is None or not extracted.body.strip():
        raise IngestError(f"{path}: no article text found in the HTML")
    return ArticleDraft(
        body=extracted.body,
        title=extracted.title or first_sentence(extracted.body),
        source=outlet_name(extracted.source, source),
        published_at=extracted.published_at or (None if extracted.published_raw else fallback_time),
        published_raw=extracted.published_raw,
        url=extracted.url,
    )


def _drafts_from_jsonl(
    text: str, path: Path, source: str
) -> tuple[list[ArticleDraft], list[FileProblem]]:
    drafts: list[ArticleDraft] = []
    problems: list[FileProblem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(FileProblem(where, f"not JSON ({exc.msg})"))
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not row["text"].strip():
            problems.append(FileProblem(where, 'needs a non-empty "text" field'))
            continue
        published: datetime | None = None
        published_raw = str(row["published"]) if row.get("published") else None
        if published_raw:
            try:
                published = parse_datetime(published_raw)
            except (ValueError, OverflowError):  # unreadable: stored at the import time, kept as written
                published = None
        body = clean_body(row["text"])
        ext_id = row.get("id")
        drafts.append(
            ArticleDraft(
                body=body,
                title=str(row.get("title") or first_sentence(body)),
                source=outlet_name(row.get("source") if isinstance(row.get("source"), str) else None, source),
                published_at=published,  # None: the time it is stored
                published_raw=published_raw,
                url=row["url"] if isinstance(row.get("url"), str) and row["url"] else None,
                ext_id=str(ext_id) if ext_id is not None else None,
                language=row.get("language") or None,
            )
        )
    return drafts, problems
