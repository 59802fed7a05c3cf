"""The bot's conversation in a terminal: same commands, same parsing, same answers, plain text.

Each input line goes to the same feature functions the Telegram handlers call
(``bot.telegram.handlers``), and their HTML replies are shown as plain text. The console is chat
0 and its user is an admin (it runs on the operator's own machine).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterable
from typing import Any

from bot.telegram.cards import card_story_ids
from bot.telegram.handlers import COMMANDS, find_command
from bot.telegram.handlers.ask import more, question
from bot.telegram.handlers.common import Env, Reply
from bot.telegram.render import text_messages
from news import ChatRef, NewsService

__all__ = ["CONSOLE_CHAT_ID", "ConsoleChat", "run_console"]

CONSOLE_CHAT_ID = 0
_COMMAND = re.compile(r"^/(\w+)(?:@\w+)?(?:\s+(.*))?$", re.DOTALL)
QUIT = {"/quit", "/exit", "quit", "exit"}


class ConsoleChat:
    """One terminal conversation; ``handle`` turns an input line into the reply text."""

    def __init__(self, news: NewsService) -> None:
        self._news = news
        self._state: dict[str, Any] = {}
        self._last: Reply | None = None

    def _env(self) -> Env:
        return Env(news=self._news, chat=ChatRef(CONSOLE_CHAT_ID, kind="private", title="console"),
                   user_id=None, state=self._state, is_admin=True)

    async def handle(self, line: str) -> str:
        line = line.strip()
        if not line:
            return ""
        if line.lower() in ("more", "/more"):
            return await self._more()
        match = _COMMAND.match(line)
        if match:
            spec = find_command(match.group(1).lower())
            if spec is None:
                names = ", ".join(f"/{c.name}" for c in COMMANDS)
                return f"Unknown command /{match.group(1)}. Commands: {names}"
            reply = await spec.feature(self._env(), (match.group(2) or "").strip())
        else:
            reply = await question(self._env(), line)
        self._last = reply
        text = text_messages(reply.messages)
        if reply.after_sent is not None:  # shown here is as good as sent
            await reply.after_sent()
        buttons = [label for row in reply.buttons or [] for label, _ in row]
        if any(label.startswith("More") for label in buttons):
            text += "\n\n(type 'more' for further stories)"
        opened = card_story_ids(reply.buttons)  # the chat's card buttons, as commands here
        if opened:
            text += "\n(open a story in full: " + ", ".join(f"/story {i}" for i in opened) + ")"
        return text

    async def _more(self) -> str:
        rows = self._last.buttons if self._last else None
        data = next((d for row in rows or [] for _label, d in row if d.startswith("more:")), None)
        if data is None:
            return "Nothing more."
        self._last = await more(self._env(), data)
        return text_messages(self._last.messages)


async def run_console(chat: ConsoleChat, lines: Iterable[str], write: Callable[[str], None], *,
                      prompt: Callable[[], None] | None = None) -> None:
    """Answer each line until end of input or /quit (input is read off the event loop)."""
    source = iter(lines)
    while True:
        line = await asyncio.to_thread(next, source, None)
        if line is None or line.strip().lower() in QUIT:
            return
        answer = await chat.handle(line)
        if answer:
            write(answer)
        if prompt is not None:
            prompt()
