"""The example /trend chart in docs/: a synthetic month of coverage of one topic, drawn as the
bot draws it.

    .venv/bin/python -m bench.trend_example docs/trend-example.png

Three made-up stories about a harbour strike run over 30 days in six invented outlets (a slow
start, a peak when talks collapse, a second one at the deal), in a throw-away SQLite database,
through the real ingest, clustering and ``trend_chart`` service call, and how long drawing
takes (first call, which loads matplotlib, and warm). Nothing is read from
../shared/data and nothing is random, so the picture is the same on every run.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from config import load_settings
from news import NewsService

END = datetime(2026, 5, 30, 12, tzinfo=UTC)
OUTLETS = ["Northport Times", "Eastvale Post", "Riverton Herald", "Lakeside Courier",
           "Bayview Ledger", "Fairhaven News"]
# (story, first day, last day, reports per day by offset from the peak, peak day)
STORIES = [
    ("Dockworkers strike over pay", "dockworkers strike over pay at the harbour", 2, 14, 9),
    ("Harbour talks collapse", "harbour strike talks collapse after a night of negotiations", 12, 22, 16),
    ("Harbour strike deal signed", "harbour strike ends as the union signs a pay deal", 23, 29, 26),
]
DETAILS = ["ships queued outside the harbour", "the union said members would hold firm",
           "the port authority warned of fuel shortages", "exporters counted their losses",
           "the mayor urged both sides to return to talks", "ferries were diverted to Eastvale",
           "a mediator was appointed by the ministry", "pickets gathered at the north gate"]


def _rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    start = END - timedelta(days=29)
    for number, (title, lead, first, last, peak) in enumerate(STORIES):
        for day in range(first, last + 1):
            count = max(1, 7 - 2 * abs(day - peak))
            for k in range(count):
                outlet = OUTLETS[(day + k + number) % len(OUTLETS)]
                detail = DETAILS[(day * 3 + k) % len(DETAILS)]
                rows.append({
                    "id": f"s{number}-d{day}-{k}", "title": f"{title}: {detail}", "source": outlet,
                    "published": (start + timedelta(days=day, hours=8 + k)).isoformat(),
                    "text": (f"The {lead}, {outlet} reports on day {day}. On the {k + 1}. update of "
                             f"the day, {detail}. Officials gave figure {day * 13 + k * 7} for the "
                             f"cost so far, and {outlet} counted {k + 2} ships waiting."),
                })
    return rows


async def main(out: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = load_settings(data_dir=Path(folder))
        data = Path(folder) / "harbour.jsonl"
        data.write_text("\n".join(json.dumps(row) for row in _rows()), encoding="utf-8")
        async with await NewsService.open(settings) as opened:
            await opened.ingest([data])
            news = NewsService(settings, opened.db, clock=lambda: END)
            started = time.perf_counter()
            chart = await news.trend_chart("harbour strike", days=30)
            first = time.perf_counter() - started
            started = time.perf_counter()
            await news.trend_chart("harbour strike", days=30)
            warm = time.perf_counter() - started
            started = time.perf_counter()
            await news.trend("harbour strike", days=30)
            counts = time.perf_counter() - started
            await news.aclose()
    assert chart.png is not None
    out.write_bytes(chart.png)
    print(f"{chart.trend.caption()} -> {out} ({len(chart.png):,} bytes)")
    print(f"trend_chart: {first * 1000:.0f} ms first (matplotlib loads), {warm * 1000:.0f} ms warm; "
          f"trend (counts only): {counts * 1000:.0f} ms")


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/trend-example.png")))
