"""A topic's coverage over time, as numbers and as a chart."""

from __future__ import annotations

from datetime import UTC, timedelta, tzinfo

from news.answers.matching import search_terms
from news.answers.trend import DEFAULT_TREND_DAYS, Trend, compute_trend
from news.store import chats as chat_store
from news.store.search import search_articles
from news.store.trends import coverage_rows

from .base import ServiceBase
from .reach import TrendChart
from .results import ChatRef

__all__ = ["TrendsMixin"]

# Matching reports counted at most: a month of a very big topic on a busy archive, and still one
# bounded query.
_MAX_REPORTS = 50_000


class TrendsMixin(ServiceBase):
    async def trend(self, topic: str, *, days: int = DEFAULT_TREND_DAYS, chat: ChatRef | None = None) -> Trend:
        """Reports and outlets per day on ``topic`` over the last ``days`` days (the chat's
        local days, else UTC), with the biggest stories' peaks."""
        return await self._run(self._trend, topic, days, chat)

    def _trend(self, topic: str, days: int, chat: ChatRef | None) -> Trend:
        now = self.now()
        with self.db.read() as conn:
            known = chat_store.get_chat(conn, chat.id) if chat is not None else None
            zone: tzinfo = known.tzinfo if known is not None else UTC
            # A day more than asked: the first local day may begin before now - days in UTC.
            since = now - timedelta(days=days + 1)
            hits = search_articles(conn, search_terms(topic), since=since, limit=_MAX_REPORTS)
            rows = coverage_rows(conn, [hit.article_id for hit in hits])
        return compute_trend(rows, topic=topic, days=days, now=now, zone=zone)

    async def trend_chart(self, topic: str, *, days: int = DEFAULT_TREND_DAYS,
                          chat: ChatRef | None = None) -> TrendChart:
        """``trend`` and its chart as PNG bytes (drawing is CPU work: it runs in the pool)."""
        return await self._run(self._trend_chart, topic, days, chat)

    def _trend_chart(self, topic: str, days: int, chat: ChatRef | None) -> TrendChart:
        from news.charts import trend_png  # matplotlib loads with the first chart

        trend = self._trend(topic, days, chat)
        return TrendChart(trend, trend_png(trend) if trend.total_articles else None)
