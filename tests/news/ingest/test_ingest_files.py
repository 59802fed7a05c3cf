"""Article files in every supported format become drafts; bad files are named, never fatal."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from news.errors import IngestError
from news.ingest.files import drafts_from_file

LIMIT = 1_000_000


def test_seed_with_headline_first_line(examples_dir: Path) -> None:
    [draft], problems = drafts_from_file(examples_dir / "000_74a51a38a658e825.txt", max_bytes=LIMIT)
    assert problems == []
    assert draft.title == (
        "Israel, Hamas blame each other for impasse in Cairo talks; Israel pounds areas across enclave"
    )
    assert draft.published_at == datetime(2024, 5, 6, tzinfo=UTC)
    assert draft.body.startswith("Prospects for a Gaza ceasefire appeared slim yesterday")
    assert "date 2024" not in draft.body


def test_seed_with_lead_run_into_the_title(examples_dir: Path) -> None:
    [draft], _ = drafts_from_file(examples_dir / "003_ea29d89927213a44.txt", max_bytes=LIMIT)
    assert draft.title == "Negotiations on a ceasefire in Gaza have ended in Cairo"
    assert draft.published_at == datetime(2024, 5, 5, tzinfo=UTC)
    # The lead is article text, not only a title.
    assert draft.body.startswith("Negotiations on a ceasefire in Gaza have ended in Cairo. Negotiations were")


def test_markdown_and_plain_text(tmp_path: Path) -> None:
    md = tmp_path / "a.md"
    md.write_text("# Rates held steady\n\nThe central bank kept rates unchanged on Thursday.\n")
    [draft], _ = drafts_from_file(md, max_bytes=LIMIT)
    assert draft.title == "Rates held steady"
    assert draft.body == "The central bank kept rates unchanged on Thursday."
    txt = tmp_path / "b.txt"
    txt.write_text("The council approved the budget. It passed by seven votes to two.")
    [draft], _ = drafts_from_file(txt, max_bytes=LIMIT)
    assert draft.title == "The council approved the budget"
    assert draft.source == tmp_path.name  # the folder, never the file name


def test_cp1252_file_keeps_its_accents(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Café owners in Zürich said the “new rules” cost €5 a day.".encode("cp1252"))
    [draft], _ = drafts_from_file(path, max_bytes=LIMIT)
    assert "Café owners in Zürich" in draft.body
    assert "“new rules” cost €5" in draft.body


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\n ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"abc\x00def" * 10, "binary file"),
    ],
)
def test_unusable_files_raise_a_named_error(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(IngestError, match=reason) as caught:
        drafts_from_file(path, max_bytes=LIMIT)
    assert str(path) in str(caught.value)


def test_oversized_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("word " * 5_000)
    with pytest.raises(IngestError, match=r"too large .* NEWSBRIEF_MAX_FILE_BYTES"):
        drafts_from_file(path, max_bytes=10_000)


def test_jsonl_rows_with_bad_lines_reported(tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    rows = [
        {"id": "a1", "title": "Storm hits coast", "text": "A storm hit the coast. Power was cut.",
         "url": "https://example.org/storm?utm_source=x", "published": "2026-11-01T10:00:00Z",
         "source": "Example Daily", "language": "english"},
        {"id": "a2", "text": ""},
        "not an object",
        {"text": "Rain is expected tomorrow across the region.", "published": "yesterday"},
        {"text": "Markets rose. Oil fell."},
    ]
    lines = [json.dumps(r) for r in rows] + ["{broken"]
    path.write_text("\n".join(lines) + "\n")
    drafts, problems = drafts_from_file(path, max_bytes=LIMIT)
    assert [d.ext_id for d in drafts] == ["a1", None, None]
    assert drafts[0].published_at == datetime(2026, 11, 1, 10, tzinfo=UTC)
    assert drafts[0].source == "Example Daily"
    # An unreadable date loses nothing: stored at the import time, the source's words kept.
    assert (drafts[1].published_at, drafts[1].published_raw) == (None, "yesterday")
    assert drafts[2].title == "Markets rose"
    assert [p.where.rsplit(":", 1)[1] for p in problems] == ["2", "3", "6"]


def test_html_article_text_is_extracted(tmp_path: Path) -> None:
    paragraphs = "".join(
        f"<p>The harbour authority said on Monday that ferry number {i} would resume service after "
        "repairs to the main pier were completed ahead of schedule.</p>"
        for i in range(6)
    )
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Ferries resume</title></head><body><nav>Home | World | Sport</nav>"
        f"<article><h1>Ferries resume</h1>{paragraphs}</article><footer>Subscribe now</footer></body></html>"
    )
    [draft], _ = drafts_from_file(path, max_bytes=LIMIT)
    assert draft.title == "Ferries resume"
    assert "ferry number 3 would resume service" in draft.body
    assert "Subscribe now" not in draft.body
