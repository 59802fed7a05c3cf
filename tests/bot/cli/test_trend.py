"""`newsbrief trend TOPIC --out FILE.png`: the chart on disk, its caption on screen."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.helpers.articles import article
from tests.helpers.fake_telegram import png_size

runner = CliRunner()


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    monkeypatch.setenv("NEWSBRIEF_DATABASE_URL", database_url)
    return database_url


def test_trend_writes_a_png_and_prints_the_caption(cli_env: str, tmp_path: Path) -> None:
    now = datetime.now(UTC)
    rows = [article(f"Budget vote number {i} in the city council",
                    f"The city council held budget vote number {i} on day {i}. "
                    f"Councillors from party {i} argued about the budget for {i} hours.",
                    source=f"Outlet {i % 2}", published=now - timedelta(days=i, hours=1), ext=f"b{i}")
            for i in range(3)]
    data = tmp_path / "rows.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows))
    assert runner.invoke(app, ["ingest", str(data)]).exit_code == 0
    out = tmp_path / "budget.png"

    result = runner.invoke(app, ["trend", "budget", "1", "week", "--out", str(out)])
    missing = runner.invoke(app, ["trend", "zeppelins", "--out", str(tmp_path / "z.png")])

    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Budget: 3 reports from 2 outlets in 7 days, peak ")
    assert png_size(out.read_bytes()) == (900, 480)
    assert missing.exit_code == 1 and "no reports on zeppelins" in missing.stderr
    assert not (tmp_path / "z.png").exists()
