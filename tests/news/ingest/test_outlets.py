"""Outlets are named as a reader knows them: never a file name, whatever brought the article in."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from news import NewsService
from news.ingest.extract import ExtractedPage
from news.ingest.files import drafts_from_file
from news.ingest.outlets import FALLBACK_OUTLET, file_outlet, host_outlet, outlet_name
from news.ingest.pages import page_to_draft
from tests.helpers.service import run
from tests.news.ingest.feeds.builders import article_text, page

LIMIT = 1_000_000
BODY = "The council approved the budget on Monday. It passed by seven votes to two after a long debate."


def test_a_plain_file_is_named_after_its_folder_not_itself(tmp_path: Path) -> None:
    folder = tmp_path / "Valley Herald"
    folder.mkdir()
    path = folder / "0042_9f8e7d.txt"
    path.write_text(BODY)

    [draft], _ = drafts_from_file(path, max_bytes=LIMIT)
    [named], _ = drafts_from_file(path, max_bytes=LIMIT, default_source="  Daily   Post ")

    assert draft.source == "Valley Herald"
    assert named.source == "Daily Post"  # --source wins over the folder, spaces tidied


def test_jsonl_rows_name_their_outlet_and_others_fall_back(tmp_path: Path) -> None:
    folder = tmp_path / "wire"
    folder.mkdir()
    path = folder / "batch-17.jsonl"
    rows = [{"text": BODY, "source": "Reuters"}, {"text": BODY + " More.", "source": "  "},
            {"text": BODY + " Again.", "source": 42}]
    path.write_text("\n".join(json.dumps(row) for row in rows))

    drafts, problems = drafts_from_file(path, max_bytes=LIMIT)
    named, _ = drafts_from_file(path, max_bytes=LIMIT, default_source="Agency")

    assert not problems
    assert [d.source for d in drafts] == ["Reuters", "wire", "wire"]
    assert [d.source for d in named] == ["Reuters", "Agency", "Agency"]


def test_an_html_file_carries_its_site_name(tmp_path: Path) -> None:
    html = page("Lighthouse restored", article_text("lighthouse", 1)).replace(
        "<head>", '<head><meta property="og:site_name" content="Coastal Courier">', 1)
    path = tmp_path / "saved-page-3.html"
    path.write_text(html)

    [draft], _ = drafts_from_file(path, max_bytes=LIMIT)

    assert draft.source == "Coastal Courier"


def test_a_page_without_a_site_name_is_named_by_its_domain() -> None:
    bare = ExtractedPage(body=BODY, title="Budget", published_at=None, source=None,
                         url="https://www.valleyherald.example/news/budget.html", language=None)
    named = ExtractedPage(body=BODY, title="Budget", published_at=None, source="Valley Herald",
                          url=None, language=None)
    now = datetime(2026, 12, 1, tzinfo=UTC)

    assert page_to_draft(bare, "https://www.valleyherald.example/x", now=now).source == "valleyherald.example"
    assert page_to_draft(named, "https://www.valleyherald.example/x", now=now).source == "Valley Herald"


def test_name_helpers() -> None:
    assert host_outlet("http://WWW.Example.org:8080/feed.xml") == "example.org"
    assert host_outlet("") is None
    assert outlet_name(None, " ", url="https://news.example.com/a") == "news.example.com"
    assert outlet_name(None) == FALLBACK_OUTLET
    assert file_outlet(Path("/article.txt")) == FALLBACK_OUTLET


def test_ingest_with_a_source_names_the_outlet_in_sources(news: NewsService, tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "a1b2c3.txt").write_text(BODY)
    (folder / "d4e5f6.txt").write_text(article_text("lighthouse", 2))

    run(news.ingest([folder / "a1b2c3.txt"], source="Valley Herald"))
    run(news.ingest([folder / "d4e5f6.txt"]))
    outlets = {outlet.name for outlet in run(news.sources()).outlets}

    assert outlets == {"Valley Herald", "drop"}
