"""The bot's conversation in a terminal: same commands, same parsing, same answers, plain text.

Each input line goes to the same feature functions the Telegram handlers call (``bot.handlers``),
and their HTML replies are shown as plain text. The console is chat 0 and its user is an admin
(it runs on the operator's own machine).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from bot.handlers import COMMANDS, find_command
from bot.handlers.ask import question
from bot.handlers.common import Env, Reply
from bot.render import text_messages
from config import Settings
from news.db import Database

__all__ = ["CONSOLE_CHAT_ID", "ConsoleChat", "run_console"]

CONSOLE_CHAT_ID = 0
_COMMAND = re.compile(r"^/(\w+)(?:@\w+)?(?:\s+(.*))?$", re.DOTALL)
QUIT = {"/quit", "/exit", "quit", "exit"}


class ConsoleChat:
    """One terminal conversation; ``handle`` turns an input line into the reply text."""

    def __init__(self, settings: Settings, db: Database, *,
                 clock: Callable[[], datetime] | None = None) -> None:
        self._settings = settings
        self._db = db
        self._clock = clock or (lambda: datetime.now(UTC))
        self._state: dict[str, Any] = {}
        self._last: Reply | None = None

    def _env(self) -> Env:
        return Env(settings=self._settings, db=self._db, chat_id=CONSOLE_CHAT_ID, user_id=None,
                   now=self._clock(), chat_kind="private", chat_title="console",
                   state=self._state, admin=True)

    def handle(self, line: str) -> str:
        line = line.strip()
        if not line:
            return ""
        if line.lower() in ("more", "/more"):
            return self._more()
        match = _COMMAND.match(line)
        if match:
            spec = find_command(match.group(1).lower())
            if spec is None:
                names = ", ".join(f"/{c.name}" for c in COMMANDS)
                return f"Unknown command /{match.group(1)}. Commands: {names}"
            reply = spec.feature(self._env(), (match.group(2) or "").strip())
        else:
            reply = question(self._env(), line)
        self._last = reply
        text = text_messages(reply.messages)
        buttons = [label for row in reply.buttons or [] for label, _ in row]
        if any(label.startswith("More") for label in buttons):
            text += "\n\n(type 'more' for further stories)"
        return text

    def _more(self) -> str:
        rows = self._last.buttons if self._last else None
        data = next((d for row in rows or [] for label, d in row if d.startswith("more:")), None)
        if data is None:
            return "Nothing more."
        from bot.handlers.ask import more

        self._last = more(self._env(), data)
        return self.handle_reply(self._last)

    @staticmethod
    def handle_reply(reply: Reply) -> str:
        return text_messages(reply.messages)


def run_console(chat: ConsoleChat, lines: Iterable[str], write: Callable[[str], None], *,
                prompt: Callable[[], None] | None = None) -> None:
    """Answer each line until end of input or /quit."""
    for line in lines:
        if line.strip().lower() in QUIT:
            return
        answer = chat.handle(line)
        if answer:
            write(answer)
        if prompt is not None:
            prompt()
