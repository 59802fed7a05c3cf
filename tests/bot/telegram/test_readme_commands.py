"""The README's Telegram command table documents every command of the registry."""

from __future__ import annotations

import re
from pathlib import Path

from bot.telegram.handlers import COMMANDS

README = Path(__file__).resolve().parents[3] / "README.md"


def test_every_command_is_in_the_readme_table() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("## In Telegram", 1)[1].split("\n## ", 1)[0]
    table = "\n".join(line for line in section.splitlines() if line.startswith("| `/"))
    documented = set(re.findall(r"/([a-z_]+)", table))
    assert [spec.name for spec in COMMANDS if spec.name not in documented] == []
