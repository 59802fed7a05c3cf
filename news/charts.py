"""Charts as PNG bytes: a topic's coverage per day (``/trend``, ``newsbrief trend``).

Knows nothing of Telegram: the bot sends the bytes with sendPhoto, the CLI writes them to a file.
Drawn with matplotlib's object API on the Agg canvas, never ``pyplot``: pyplot keeps global
state and is not safe in the service's worker threads, where drawing runs (it is CPU work).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable
from datetime import date

from news.answers.trend import Trend

__all__ = ["CHART_DPI", "CHART_SIZE", "trend_png"]

CHART_SIZE = (9.0, 4.8)  # inches: 900 x 480 pixels, legible on a phone and in a README
CHART_DPI = 100
_BARS = "#4c72b0"
_LINE = "#dd8452"
_LABEL_CHARS = 34  # a peak's story title, shortened: labels must not cover each other


def _short(title: str) -> str:
    return textwrap.shorten(title, width=_LABEL_CHARS, placeholder="…") or "story"


def trend_png(trend: Trend) -> bytes:
    """Reports (bars) and outlets (line) per day, the biggest stories' peaks labelled."""
    # matplotlib costs ~0.5 s and tens of MB to import: only a chart request pays for it.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    to_number: Callable[[date], float] = date2num  # matplotlib's own date numbers (untyped there)
    days = [to_number(p.day) for p in trend.points]
    figure = Figure(figsize=CHART_SIZE, dpi=CHART_DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.bar(days, [p.articles for p in trend.points], width=0.8, color=_BARS, label="reports")
    axes.plot(days, [p.outlets for p in trend.points], color=_LINE, marker="o", markersize=3,
              linewidth=1.6, label="outlets")
    top = max((p.articles for p in trend.points), default=0)
    axes.set_ylim(0, max(top, 1) * 1.35)  # headroom for the peak labels
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    locator = AutoDateLocator(minticks=4, maxticks=10)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    axes.set_title(trend.caption(), loc="left", fontsize=11)
    axes.set_ylabel("per day")
    axes.grid(axis="y", alpha=0.3)
    axes.spines[["top", "right"]].set_visible(False)
    by_day = {p.day: p.articles for p in trend.points}
    for rank, peak in enumerate(trend.peaks):
        height = by_day.get(peak.day, peak.articles)
        axes.annotate(
            _short(peak.title), xy=(to_number(peak.day), height), xytext=(0, 10 + 14 * rank),
            textcoords="offset points", ha="center", fontsize=8,
            arrowprops={"arrowstyle": "-", "color": "#555555", "linewidth": 0.6},
        )
    axes.legend(loc="upper left", frameon=False, fontsize=9)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=CHART_DPI)
    return buffer.getvalue()
