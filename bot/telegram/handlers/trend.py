"""/trend <topic> [period]: a chart of the topic's coverage per day, with a one-line caption."""

from __future__ import annotations

from bot.telegram.handlers.common import Env, Reply
from bot.telegram.render import esc
from news import TREND_USAGE, QueryError, split_trend_args

__all__ = ["trend"]

NO_REPORTS = "No reports on {topic} in the last {days} days."
_TOPIC_SHOWN = 60  # an unknown topic is echoed back, but never a wall of text


def _shown(topic: str) -> str:
    return topic if len(topic) <= _TOPIC_SHOWN else topic[: _TOPIC_SHOWN - 1].rstrip() + "…"


async def trend(env: Env, args: str) -> Reply:
    """Reports and outlets per day on a topic (30 days unless a period is given), as a PNG."""
    try:
        topic, days = split_trend_args(args)
    except QueryError as exc:
        note = "" if not args.strip() else f"{esc(str(exc).capitalize())}.\n"
        return Reply([f"{note}{esc(TREND_USAGE)}"])
    chart = await env.news.trend_chart(topic, days=days, chat=env.chat)
    if chart.png is None:
        return Reply([esc(NO_REPORTS.format(topic=_shown(topic), days=days))])
    return Reply([esc(chart.trend.caption())], photo=chart.png)
