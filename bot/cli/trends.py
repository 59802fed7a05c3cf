"""``newsbrief trend TOPIC --out FILE.png``: the /trend chart, written to a file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.output import fail, say, with_service

__all__ = ["trend"]


def trend(
    topic: Annotated[list[str], typer.Argument(help="The topic, optionally ending in a period: gaza, 'gaza 2 weeks'.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the PNG chart.", dir_okay=False)],
    days: Annotated[int | None, typer.Option(min=1, max=365, help="Days to cover (default 30, or the period in TOPIC).")] = None,
) -> None:
    """Chart a topic's coverage per day (reports and outlets) as a PNG; print its caption."""
    from news import QueryError, split_trend_args

    try:
        name, period = split_trend_args(" ".join(topic))
    except QueryError as exc:
        fail(f"{exc} (e.g. newsbrief trend gaza --out gaza.png)")
    chart = with_service(lambda news: news.trend_chart(name, days=days or period))
    if chart.png is None:
        fail(f"no reports on {name} in the last {days or period} days; no chart written")
    try:
        out.write_bytes(chart.png)
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror or exc}")
    say(f"{chart.trend.caption()} → {out}")
