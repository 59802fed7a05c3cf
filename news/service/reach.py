"""Plain results of the calls that take the news beyond a chat's own digest: trend charts,
channels and groups managed from a private chat, stories offered inline (a sibling of
``results.py``)."""

from __future__ import annotations

from dataclasses import dataclass

from news.answers.trend import Trend, TrendDay, TrendPeak

__all__ = ["Trend", "TrendChart", "TrendDay", "TrendPeak"]


@dataclass(slots=True, frozen=True)
class TrendChart:
    trend: Trend
    png: bytes | None  # None: nothing to draw (no reports in the period)
