"""The service's imports and pipeline passes, on every configured backend."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from config import Settings
from news import NewsService
from news.store import Database
from news.store.schema import articles
from tests.helpers.service import run

SIDEBAR_AND_LABELS = [
    "29 more Palestinians killed in airstrikes",
    "Israel closes key border crossing targeted by Hamas rockets",
    "Five Palestinians killed in West Bank raid",
    "Death toll in enclave rises to 34,683",
    "Details",
    "Recall",
]


def _count(db: Database) -> int:
    with db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(articles)).scalar_one())


def test_reingesting_the_samples_changes_nothing(news: NewsService, db: Database, settings: Settings, examples_dir: Path) -> None:
    first = run(news.ingest([examples_dir]))
    assert first.imported == 2 and first.rejected == []
    second = run(news.ingest([examples_dir]))
    assert second.imported == 0
    assert second.duplicates == 2
    assert _count(db) == 2


def test_folder_with_bad_files_imports_the_good_ones(news: NewsService, db: Database, settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "legacy.txt").write_bytes(
        "Ministers in Besançon approved the café levy. The décision was welcomed.".encode("cp1252")
    )
    (folder / "good.md").write_text("# Bridge reopens\n\nThe bridge reopened on Friday after repairs.\n")
    report = run(news.ingest([folder]))
    assert report.imported == 2
    assert sorted(Path(p.where).name for p in report.rejected) == ["binary.txt", "empty.txt"]
    with db.read() as conn:
        bodies = conn.execute(select(articles.c.body)).scalars().all()
    assert any("Besançon approved the café levy" in b and "décision" in b for b in bodies)


def test_jsonl_external_ids_deduplicate(news: NewsService, db: Database, settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "x1", "text": "One story. With two sentences."}) + "\n")
    assert run(news.ingest([path])).imported == 1
    path.write_text(json.dumps({"id": "x1", "text": "One story, edited. With two sentences."}) + "\n")
    again = run(news.ingest([path]))
    assert (again.imported, again.duplicates) == (0, 1)


def test_import_summarizes_new_articles_verbatim_without_sidebar_lines(
    news: NewsService, db: Database, settings: Settings, examples_dir: Path
) -> None:
    assert run(news.ingest([examples_dir])).imported == 2
    with db.read() as conn:
        rows = conn.execute(select(articles.c.body, articles.c.summary, articles.c.story_id)).all()
    for row in rows:
        assert row.story_id is not None
        assert 1 <= len(row.summary) <= settings.summary_sentences
        for sentence in row.summary:
            assert sentence in row.body
            assert sentence not in SIDEBAR_AND_LABELS
    assert run(news.run_pass(inbox=False)).summarized == 0


def test_inbox_files_are_imported_once_and_moved(news: NewsService, db: Database, settings: Settings, examples_dir: Path) -> None:
    inbox = settings.resolved_inbox_dir
    inbox.mkdir(parents=True)
    for sample in examples_dir.glob("*.txt"):
        (inbox / sample.name).write_bytes(sample.read_bytes())
    (inbox / "broken.txt").write_bytes(b"")
    report = run(news.run_pass())
    assert report.ingest.imported == 2
    assert [Path(p.where).name for p in report.ingest.rejected] == ["broken.txt"]
    assert sorted(p.name for p in (inbox / "done").iterdir()) == sorted(p.name for p in examples_dir.glob("*.txt"))
    assert [p.name for p in (inbox / "rejected").iterdir()] == ["broken.txt"]
    assert run(news.run_pass()).ingest.files == 0
