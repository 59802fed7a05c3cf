"""Start-up contract: `newsbrief --help` and `newsbrief ask` load only what they use.

Start-up time is measured in bench/startup.py; here a fresh interpreter runs the command line
exactly as the `newsbrief` script does and reports which heavy libraries it imported. Each one
on this list costs 0.05-1 s to import and none is needed to answer a question.
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import news
from bot.cli import app

ROOT = Path(__file__).resolve().parents[3]
HEAVY = (
    "numpy", "scipy", "sumy", "nltk", "trafilatura", "lxml", "feedparser", "py3langid",
    "matplotlib", "httpx", "httpcore", "telegram", "apscheduler", "stopwordsiso", "snowballstemmer",
    "rich",  # typer draws --help with it; commands that print text do without (~0.05 s)
)
# Runs the command line as the `newsbrief` script does, then names the heavy modules it loaded.
_RUN = (
    "import json, sys\n"
    "from bot.cli import main\n"
    "sys.argv = ['newsbrief', *sys.argv[1:]]\n"
    "try:\n"
    "    main()\n"
    "finally:\n"
    f"    print('LOADED', json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
)


def _newsbrief(*args: str, database_url: str) -> tuple[int, str, list[str]]:
    """Exit code, output before the report, and the heavy modules the command imported."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBRIEF_")}
    env |= {"NEWSBRIEF_DATABASE_URL": database_url, "NEWSBRIEF_DATA_DIR": os.environ["NEWSBRIEF_DATA_DIR"]}
    result = subprocess.run([sys.executable, "-c", _RUN, *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    output, _, report = result.stdout.rpartition("LOADED ")
    assert report, result.stderr
    return result.returncode, output, json.loads(report)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'news.db'}"


def test_help_imports_no_heavy_library(sqlite_url: str) -> None:
    code, output, loaded = _newsbrief("--help", database_url=sqlite_url)
    assert code == 0
    assert "ask" in output and "ingest" in output
    assert set(loaded) <= {"rich"}


def test_ask_answers_without_importing_a_heavy_library(
    sqlite_url: str, examples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSBRIEF_DATABASE_URL", sqlite_url)
    assert CliRunner().invoke(app, ["ingest", str(examples_dir)]).exit_code == 0

    code, output, loaded = _newsbrief("ask", "what's new on gaza?", database_url=sqlite_url)

    assert code == 0
    assert "Israel, Hamas blame each other for impasse in Cairo talks" in output
    assert "Negotiations on a ceasefire in Gaza have ended in Cairo" in output
    assert loaded == []


def test_ask_as_json_imports_no_heavy_library(sqlite_url: str) -> None:
    code, output, loaded = _newsbrief("ask", "what's new on gaza?", "--json", database_url=sqlite_url)

    assert code == 0
    assert json.loads(output)["stories"] == []  # an empty database: a valid answer, no stories
    assert loaded == []


def test_every_public_name_is_loaded_from_the_module_type_checkers_are_told() -> None:
    # news/__init__ loads its names on first use from a table; type checkers read the imports
    # under TYPE_CHECKING instead. The two must name the same objects.
    tree = ast.parse((ROOT / "news" / "__init__.py").read_text())
    block = next(node for node in tree.body
                 if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING")
    imported = {alias.asname or alias.name: (node.module, alias.name)
                for node in block.body if isinstance(node, ast.ImportFrom) and node.module
                for alias in node.names}

    assert sorted(imported) == sorted(news.__all__)
    for name, (module, attribute) in imported.items():
        assert getattr(news, name) is getattr(importlib.import_module(module), attribute), name
    assert not hasattr(news, "USAGE")  # a module's own name for QUESTION_USAGE is not public
