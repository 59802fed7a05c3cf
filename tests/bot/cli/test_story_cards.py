"""`newsbrief story N` and `newsbrief stories --json` show the same card as the chat."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.helpers.story_reports import OUTLETS, SPEAKER, story_rows

runner = CliRunner()


@pytest.fixture
def ingested(monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path) -> int:
    monkeypatch.setenv("NEWSBRIEF_DATABASE_URL", database_url)
    path = tmp_path / "cairo.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in story_rows()), encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(path)]).exit_code == 0
    [story] = json.loads(runner.invoke(app, ["stories", "--json", "--no-cards"]).stdout)
    assert "card" not in story
    return int(story["id"])


def test_stories_json_carries_each_card_and_story_shows_it(ingested: int) -> None:
    result = runner.invoke(app, ["stories", "--json"])
    assert result.exit_code == 0, result.stderr
    [story] = json.loads(result.stdout)
    assert {"id", "title", "articles"} <= set(story) and len(story["articles"]) == 3
    card = story["card"]
    assert card["quote"]["speaker"] == SPEAKER
    assert [p["outlet"] for p in card["perspectives"]] == list(OUTLETS)

    alone = runner.invoke(app, ["story", str(ingested), "--json"])
    assert alone.exit_code == 0 and json.loads(alone.stdout) == card
    text = runner.invoke(app, ["story", str(ingested)])
    assert text.exit_code == 0
    for section in ("Key points", "Perspectives", "Quote", "Timeline", "Sources", SPEAKER):
        assert section in text.stdout
    assert "<b>" not in text.stdout  # plain text, like the console


def test_an_unknown_story_is_one_clear_line(ingested: int) -> None:
    result = runner.invoke(app, ["story", str(ingested + 1000)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"newsbrief: there is no story {ingested + 1000} (it may have been merged or pruned)"
