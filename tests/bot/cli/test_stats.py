"""`newsbrief update` and `newsbrief stats` name every item the pipeline set aside, and why."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import summarizers
from bot.cli import app
from tests.news.ingest.feeds.builders import article_text

runner = CliRunner()


def test_update_and_stats_list_the_items_set_aside_with_their_reasons(
    monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path,
) -> None:
    monkeypatch.setenv("NEWSBRIEF_DATABASE_URL", database_url)
    real: Callable[..., list[str]] = summarizers.summarize

    def fussy(text: str, *args: Any, **kwargs: Any) -> list[str]:
        if "tramway" in text:
            raise ValueError("cannot split this text")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(summarizers, "summarize", fussy)
    inbox = tmp_path / "data" / "inbox"
    inbox.mkdir(parents=True)
    now = datetime.now(UTC).isoformat()
    rows = [{"id": topic, "title": topic.title(), "text": article_text(topic, n), "published": now,
             "url": f"https://news.example/{topic}"} for n, topic in enumerate(["tramway", "harbour"])]
    (inbox / "rows.jsonl").write_text("\n".join(json.dumps(row) for row in rows))

    updated = runner.invoke(app, ["update"])
    assert updated.exit_code == 0, updated.stderr
    assert "set aside summarize: article 1: ValueError: cannot split this text" in updated.stderr
    assert "1 summarized (1 failed)" in updated.stdout and "1 items set aside" in updated.stdout

    stats = runner.invoke(app, ["stats"])
    assert stats.exit_code == 0, stats.stderr
    assert "articles 2" in stats.stdout and "set aside 1 items:" in stats.stdout
    assert "summarize: article 1: ValueError: cannot split this text" in stats.stdout
