"""The tests' fake Bot API with Telegram's sending limits, for benchmarks.

Telegram answers 429 with ``retry_after`` when a bot sends more than about 30 messages a second
overall or more than one message a second to one chat. This wrapper enforces both (a sliding
second overall, one second between two messages to one chat) on every method that puts a
message in a chat, counts each refusal by reason, and tells a listener the moment a message is
accepted, so a load driver can time answers without scanning the server's record.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from typing import Any

from tests.helpers.fake_telegram import FakeTelegram

__all__ = ["MESSAGE_METHODS", "LimitedTelegram"]

# Methods that put a message in a chat; chat actions ("typing…") and getUpdates are not limited.
MESSAGE_METHODS = frozenset({
    "sendMessage", "editMessageText", "sendPhoto", "sendDocument", "sendMediaGroup",
    "copyMessage", "forwardMessage",
})


class LimitedTelegram(FakeTelegram):
    """``FakeTelegram`` answering 429 beyond ``overall_per_second`` or one message per
    ``chat_interval`` seconds to a chat; ``on_message(chat_id, at)`` runs for each accepted one."""

    def __init__(self, token: str, *, overall_per_second: int = 30, chat_interval: float = 1.0,
                 on_message: Callable[[int, float], None] | None = None) -> None:
        super().__init__(token)
        self.overall_per_second = overall_per_second
        self.chat_interval = chat_interval
        self.on_message = on_message
        self.refused: Counter[str] = Counter()  # "overall" / "chat" → 429 responses
        self.refusals: list[tuple[str, str, int]] = []  # (reason, method, chat id), to find why
        self._limit_lock = threading.Lock()
        self._window: deque[float] = deque()
        self._last_to_chat: dict[int, float] = {}

    def _respond(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if method in MESSAGE_METHODS:
            chat_id = int(params.get("chat_id", 0) or 0)
            reason = self._admit(chat_id, time.monotonic())
            if reason is not None:
                self.refused[reason] += 1
                self.refusals.append((reason, method, chat_id))
                self._record(method, params, 429)
                return 429, {"ok": False, "error_code": 429,
                             "description": "Too Many Requests: retry after 1",
                             "parameters": {"retry_after": 1}}
        return super()._respond(method, params)

    def _admit(self, chat_id: int, now: float) -> str | None:
        """None when the message may go out (and it is counted), else the limit it breaks."""
        with self._limit_lock:
            while self._window and now - self._window[0] >= 1.0:
                self._window.popleft()
            if len(self._window) >= self.overall_per_second:
                return "overall"
            last = self._last_to_chat.get(chat_id)
            if last is not None and now - last < self.chat_interval:
                return "chat"
            self._window.append(now)
            self._last_to_chat[chat_id] = now
            return None

    def _record(self, method: str, params: dict[str, Any], status: int) -> None:
        super()._record(method, params, status)
        if status == 200 and method in MESSAGE_METHODS and self.on_message is not None:
            self.on_message(int(params.get("chat_id", 0) or 0), time.monotonic())
