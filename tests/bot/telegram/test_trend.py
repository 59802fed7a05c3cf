"""/trend through the real python-telegram-bot stack: a real PNG goes out with sendPhoto."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from config import Settings
from news.store import Database
from tests.bot.conftest import RunningBot, article, seed_articles
from tests.helpers.fake_telegram import FakeTelegram, message_update, png_size

DAYS_AGO = [1, 1, 2, 4]
OUTLETS = ["Wire One", "Daily Two", "Wire One", "Herald Three"]
FACTS = ["Ceasefire talks on Gaza resumed in Cairo with Egyptian mediators",
         "Aid convoys for Gaza waited at the Rafah crossing for a second day",
         "Hospitals in northern Gaza reported shortages of fuel and medicine",
         "The UN called for a pause in the fighting in Gaza to deliver food"]


def _rows() -> list[dict[str, object]]:
    now = datetime.now(UTC)
    return [article(fact, f"{fact}. {OUTLETS[i]} reported the news on day {i}. Officials said more talks were planned.",
                    source=OUTLETS[i], published=now - timedelta(days=DAYS_AGO[i], hours=1), ext=f"g{i}")
            for i, fact in enumerate(FACTS)]


def test_trend_sends_a_png_chart_with_a_one_line_caption(
    start_bot: Callable[[], RunningBot], fake: FakeTelegram, db: Database, settings: Settings,
    tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, _rows())
    start_bot()

    fake.push_update(message_update("/trend gaza 2 weeks", chat_id=301))
    [call] = fake.wait_for("sendPhoto", chat_id=301)

    photo = call.params["photo"]
    assert isinstance(photo, bytes) and png_size(photo) == (900, 480)  # a real PNG, uploaded
    caption = str(call.params["caption"])
    assert caption.startswith("Gaza: 4 reports from 3 outlets in 14 days, peak ")
    assert "\n" not in caption


def test_trend_without_reports_or_topic_answers_in_words(
    start_bot: Callable[[], RunningBot], fake: FakeTelegram,
) -> None:
    start_bot()
    fake.push_update(message_update("/trend zeppelins", chat_id=302))
    fake.push_update(message_update("/trend", chat_id=302))
    fake.push_update(message_update("/trend gaza 9999 days", chat_id=302))
    fake.wait_for("sendMessage", 3, chat_id=302)

    nothing, usage, too_long = [html.unescape(str(m["text"])) for m in fake.sent_messages(302)]
    assert nothing == "No reports on zeppelins in the last 30 days."
    assert usage.startswith("Usage: /trend <topic> [period]")
    assert too_long.startswith("The period must be between 1 and 365 days.")
    assert fake.calls_to("sendPhoto") == []
