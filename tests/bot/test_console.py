"""The console chat: the same features as the bot, as plain text, from stdin lines."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from bot.cli import app
from bot.console import ConsoleChat
from bot.handlers import COMMANDS
from bot.handlers.ask import question
from bot.handlers.common import Env
from bot.render import html_to_text
from config import Settings
from news.db import Database
from tests.bot.conftest import article, seed_articles

GAZA = [article("Ceasefire talks in Cairo end <b>without</b> a deal",
                "Negotiations on a ceasefire in Gaza ended in Cairo without agreement. "
                "Mediators said talks would resume next week. Both sides blamed each other.",
                source="Wire & One")]


def test_console_answers_exactly_what_the_bot_sends_as_plain_text(
    db: Database, settings: Settings, tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, GAZA)
    chat = ConsoleChat(settings, db)
    console = chat.handle("what's new on gaza?")
    env = Env(settings=settings, db=db, chat_id=0, user_id=None, now=chat._env().now)
    bot_reply = question(env, "what's new on gaza?")
    assert console == "\n\n".join(html_to_text(m) for m in bot_reply.messages)
    assert "Ceasefire talks in Cairo end <b>without</b> a deal" in console  # unescaped text
    assert "Wire & One" in console and "&amp;" not in console


def test_console_commands_help_subscribe_and_unknown(db: Database, settings: Settings) -> None:
    chat = ConsoleChat(settings, db)
    help_text = chat.handle("/help")
    assert all(f"/{spec.name}" in help_text for spec in COMMANDS)
    assert "You follow: gaza" in chat.handle("/subscribe gaza")
    assert "Topics: gaza" in chat.handle("/settings")
    assert chat.handle("/nonsense").startswith("Unknown command /nonsense")
    assert "stories:" in chat.handle("/stats")  # the console user is the operator
    assert chat.handle("more") == "Nothing more."


def test_chat_command_reads_stdin_lines(settings: Settings, tmp_path: Path,
                                        monkeypatch: object) -> None:
    runner = CliRunner()
    env = {"NEWSBRIEF_DATABASE_URL": settings.resolved_database_url,
           "NEWSBRIEF_DATA_DIR": str(tmp_path / "data")}
    result = runner.invoke(app, ["chat"], input="/help\n/new\nwhat's new on zebras?\n/quit\n/help\n",
                           env=env)
    assert result.exit_code == 0, result.output
    assert result.output.count("/subscribe <topics>") == 1  # stopped at /quit
    assert "Usage: /new <topic> [period]" in result.output
    assert "No news about zebras yet." in result.output


def test_every_cli_command_has_help_and_demo_prints_a_digest(
    settings: Settings, tmp_path: Path,
) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["chat", "--help"])
    assert result.exit_code == 0 and "terminal" in result.output
    env = {"NEWSBRIEF_DATABASE_URL": settings.resolved_database_url,
           "NEWSBRIEF_DATA_DIR": str(tmp_path / "data")}
    demo = runner.invoke(app, ["demo"], env=env)
    assert demo.exit_code == 0, demo.output
    digest = demo.output.split("--- sample daily digest (a chat without topics) ---")[1]
    assert "Your news digest" in digest and "the top stories" in digest
    assert "1. " in digest and "[1] " in digest
