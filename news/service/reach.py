"""Plain results of the calls that take the news beyond a chat's own digest: trend charts,
channels and groups managed from a private chat, stories offered inline (a sibling of
``results.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .results import ChatRef

if TYPE_CHECKING:
    from news.answers.trend import Trend
    from news.subscriptions import Chat

__all__ = ["ManagedChat", "TrendChart"]


@dataclass(slots=True, frozen=True)
class TrendChart:
    trend: Trend
    png: bytes | None  # None: nothing to draw (no reports in the period)


@dataclass(slots=True, frozen=True)
class ManagedChat:
    """A channel or group a user runs from a private chat: its settings and topics, and the
    @name it was added under (None for one added by numeric id)."""

    chat: Chat
    handle: str | None

    @property
    def ref(self) -> ChatRef:
        """The chat as the service's chat calls take it (digests go to its forum topic)."""
        return ChatRef(self.chat.id, kind=self.chat.kind, title=self.chat.title, thread_id=self.chat.thread_id)

    @property
    def name(self) -> str:
        """How to show it: "@name", else its title, else its id."""
        return f"@{self.handle.lstrip('@')}" if self.handle else (self.chat.title or str(self.chat.id))
