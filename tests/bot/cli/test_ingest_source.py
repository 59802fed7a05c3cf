"""`newsbrief ingest PATH --source NAME` names the outlet of files that carry none, as every
face then shows it: story cards (`stories --json`), `ask --json` and /sources in `newsbrief chat`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.news.ingest.feeds.builders import article_text

runner = CliRunner()


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    monkeypatch.setenv("NEWSBRIEF_DATABASE_URL", database_url)
    return database_url


def _outlets(listing: list[dict[str, Any]]) -> dict[str, str]:
    """Article title -> outlet, from each story card's sources."""
    return {s["title"]: s["outlet"] for story in listing for s in story["card"]["sources"]}


@pytest.mark.usefixtures("cli_env")
def test_ingest_source_names_the_outlet_of_files_without_one(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "a1b2c3.txt").write_text("Lighthouse keepers return\n\n" + article_text("lighthouse", 1))
    (drop / "notes.md").write_text("# Ferry timetable changes\n\n" + article_text("ferry", 2))
    (drop / "rows.jsonl").write_text("\n".join(json.dumps(row) for row in [
        {"title": "Reservoir levels rise", "text": article_text("reservoir", 3), "source": "Reuters"},
        {"title": "Tramway vote delayed", "text": article_text("tramway", 4)},
    ]))
    wire = tmp_path / "wire"
    wire.mkdir()
    (wire / "d4e5f6.txt").write_text("Harbour dredging begins\n\n" + article_text("harbour", 5))

    named = runner.invoke(app, ["ingest", str(drop), "--source", "  Harbour   Gazette "])
    plain = runner.invoke(app, ["ingest", str(wire)])

    assert named.exit_code == 0, named.stderr
    assert plain.exit_code == 0, plain.stderr
    assert "4 imported" in named.stdout and "1 imported" in plain.stdout
    listed = runner.invoke(app, ["stories", "--json"])
    assert listed.exit_code == 0, listed.stderr
    assert _outlets(json.loads(listed.stdout)) == {
        "Lighthouse keepers return": "Harbour Gazette",  # --source, its spaces tidied
        "Ferry timetable changes": "Harbour Gazette",
        "Reservoir levels rise": "Reuters",  # a row's own outlet wins over --source
        "Tramway vote delayed": "Harbour Gazette",
        "Harbour dredging begins": "wire",  # no --source: the folder's name
    }
    asked = runner.invoke(app, ["ask", "what's new on the ferry?", "--json"])
    assert asked.exit_code == 0, asked.stderr
    cited = {a["title"]: a["source"] for s in json.loads(asked.stdout)["stories"] for a in s["articles"]}
    assert cited["Ferry timetable changes"] == "Harbour Gazette"
    chat = runner.invoke(app, ["chat"], input="/sources\n")
    assert chat.exit_code == 0, chat.output
    for outlet in ("Harbour Gazette: 3 articles", "Reuters: 1 article,", "wire: 1 article,"):
        assert outlet in chat.output
    assert "drop" not in chat.output
