"""The command line: thin commands, contract JSON shapes, clear errors and exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from bot.cli import app

runner = CliRunner()


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    monkeypatch.setenv("NEWSBRIEF_DATABASE_URL", database_url)
    return database_url


def _invoke(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


README = Path(__file__).resolve().parents[3] / "README.md"


def _visible_commands() -> list[str]:
    group = get_command(app)
    commands = group.commands  # type: ignore[attr-defined]
    return sorted(name for name, command in commands.items() if not command.hidden)


def test_every_command_has_help() -> None:
    names = _visible_commands()
    for expected in ("ask", "demo", "ingest", "run", "stories", "summarize", "eval"):
        assert expected in names
    code, out, _ = _invoke("--help")
    assert code == 0
    for name in names:
        assert name in out
        code, sub, _ = _invoke(name, "--help")
        assert code == 0, name
        assert "Usage" in sub



def test_the_readme_table_lists_every_command_and_no_hidden_one() -> None:
    """The "Running it" table is the user's list of commands: old names stay out of it."""
    section = README.read_text(encoding="utf-8").split("## Running it", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `newsbrief ([a-z]+)", section, flags=re.MULTILINE))
    assert documented == set(_visible_commands())


@pytest.mark.usefixtures("cli_env")
def test_demo_answers_about_the_cairo_talks_citing_both_samples() -> None:
    code, out, err = _invoke("demo")
    assert code == 0, err
    assert "Cairo" in out
    # Both samples are cited, under their folder's name: an outlet, never a file name.
    assert "Israel, Hamas blame each other for impasse in Cairo talks" in out
    assert "Negotiations on a ceasefire in Gaza have ended in Cairo" in out
    assert ".txt" not in out and "— examples," in out
    code_again, out_again, _ = _invoke("demo")
    assert code_again == 0
    assert "0 imported, 2 duplicate" in out_again


@pytest.mark.usefixtures("cli_env")
def test_ask_json_matches_the_contract(examples_dir: Path) -> None:
    assert _invoke("ingest", str(examples_dir))[0] == 0
    code, out, err = _invoke("ask", "what's new on Gaza?", "--json")
    assert code == 0, err
    answer = json.loads(out)
    assert {"query", "topic", "since", "stories"} <= set(answer)
    assert answer["query"] == "what's new on Gaza?" and answer["topic"] == "Gaza"
    bodies = "\n".join(p.read_text() for p in examples_dir.glob("*.txt"))
    cited = set()
    for story in answer["stories"]:
        assert {"id", "title", "summary", "articles"} <= set(story)
        for sentence in story["summary"]:
            assert sentence in bodies
        for article in story["articles"]:
            assert {"id", "ext_id", "title", "url", "source", "published"} <= set(article)
            cited.add((article["source"], article["title"].split(";")[0]))
    assert cited == {("examples", "Israel, Hamas blame each other for impasse in Cairo talks"),
                     ("examples", "Negotiations on a ceasefire in Gaza have ended in Cairo")}
    for label in ("Details", "Recall", "29 more Palestinians killed in airstrikes"):
        assert all(label not in s for story in answer["stories"] for s in story["summary"])


@pytest.mark.usefixtures("cli_env")
def test_stories_json_lists_members(examples_dir: Path) -> None:
    _invoke("ingest", str(examples_dir))
    code, out, _ = _invoke("stories", "--json")
    assert code == 0
    listing = json.loads(out)
    members = [a for story in listing for a in story["articles"]]
    assert len(members) == 2
    assert all({"id", "ext_id"} <= set(a) for a in members)
    assert all({"id", "title", "articles"} <= set(s) for s in listing)


@pytest.mark.usefixtures("cli_env")
def test_ingest_names_rejected_files_and_exits_nonzero(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("The museum reopened on Sunday. Visitors queued for hours.")
    (tmp_path / "bad.txt").write_bytes(b"%PDF-1.7\x00\x00")
    code, out, err = _invoke("ingest", str(tmp_path))
    assert code == 1
    assert "1 imported, 0 duplicate, 1 rejected" in out
    assert re.search(r"rejected .*bad\.txt: binary file", err)


@pytest.mark.usefixtures("cli_env")
def test_ask_without_topic_is_one_clear_line() -> None:
    code, _, err = _invoke("ask", "what's new?")
    assert code == 1
    assert err.strip().startswith("newsbrief: What topic?")
    assert len(err.strip().splitlines()) == 1


def test_invalid_setting_stops_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBRIEF_PIPELINE_INTERVAL_MINUTES", "soon")
    code, _, err = _invoke("ask", "gaza")
    assert code == 1
    assert err.strip().splitlines() == [
        err.strip()
    ] and "NEWSBRIEF_PIPELINE_INTERVAL_MINUTES" in err


def test_summarize_reads_stdin_and_files(tmp_path: Path, examples_dir: Path) -> None:
    sample = examples_dir / "000_74a51a38a658e825.txt"
    code, out, err = _invoke("summarize", str(sample), "--sentences", "2")
    assert code == 0, err
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 2
    assert all(line in sample.read_text() for line in lines)
    code, out, _ = _invoke("summarize", "-", "--summarizer", "lead", "--sentences", "1",
                           input="The first sentence is right here. The second one is over there. A third.")
    assert code == 0 and out.strip() == "The first sentence is right here."
    code, _, err = _invoke("summarize", str(sample), "--summarizer", "nope")
    assert code == 1 and "nope" in err


def test_summarize_keeps_as_many_sentences_as_the_setting_says(
        monkeypatch: pytest.MonkeyPatch, examples_dir: Path) -> None:
    sample = examples_dir / "000_74a51a38a658e825.txt"
    for count in (2, 4):  # one default, in settings: no second copy of it in the command
        monkeypatch.setenv("NEWSBRIEF_SUMMARY_SENTENCES", str(count))
        code, out, err = _invoke("summarize", str(sample), "--summarizer", "lead")
        assert code == 0, err
        assert len([line for line in out.splitlines() if line.strip()]) == count


def test_eval_json_has_the_contract_shape(tmp_path: Path) -> None:
    data = tmp_path / "tiny.jsonl"
    rows = [
        {"text": "The river flooded the old town on Monday. Hundreds of homes were evacuated. "
                 "The mayor asked for army help. Schools stayed closed.",
         "summary": "The river flooded the old town.\nHomes were evacuated."},
        {"articles": ["Voters went to the polls on Sunday. Turnout was high in the capital.",
                      "Polls closed at eight. Early results showed a narrow lead for the mayor."],
         "summary": "Voters went to the polls.\nThe mayor had a narrow lead."},
    ]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    code, out, err = _invoke("eval", str(data), "--summarizer", "lexrank", "--sentences", "2", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert set(report) >= {"dataset", "n", "sentences", "default", "results"}
    assert report["n"] == 2 and report["sentences"] == 2
    assert {"lead", "lexrank", report["default"]} <= set(report["results"])
    for scores in report["results"].values():
        assert set(scores) >= {"rouge1", "rouge2", "rougeLsum", "ms_per_doc"}
        assert 0 <= scores["rouge1"] <= 100
    code, out, _ = _invoke("eval", str(data), "--summarizer", "lexrank")
    assert code == 0 and "ROUGE-1" in out
    code, _, err = _invoke("eval", str(tmp_path / "missing.jsonl"))
    assert code == 1 and "missing.jsonl" in err
