"""Story cards in Telegram: rendering (escaped, under 4,096), buttons, and presses through the
fake Bot API that edit the message in place, restore it on Back, and answer forgeries with a toast."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.console import ConsoleChat
from bot.telegram.cards import (
    card_buttons,
    card_message,
    card_messages,
    card_view,
    parse_card_data,
    story_buttons,
    view_buttons,
)
from bot.telegram.handlers.cards import CARD_GONE, CARD_INVALID
from bot.telegram.render import MESSAGE_LIMIT, html_to_text, tg_len
from config import Settings
from news import (
    CardLine,
    CardSource,
    NewsService,
    Perspective,
    Quote,
    StoryCard,
    TimelineEntry,
)
from news.models import ArticleRef, Story, StorySentence
from news.store import Database
from tests.bot.conftest import RunningBot, seed_articles
from tests.helpers.fake_telegram import BOT_ID, FakeTelegram, message_update
from tests.helpers.service import run
from tests.helpers.story_reports import OUTLETS, SPEAKER, story_rows

_TAG = re.compile(r"<(/?)(b|i|a)(?:\s[^>]*)?>")


def _valid_html(message: str) -> bool:
    """Only our tags, balanced on each line, and no raw <, > or & outside them."""
    for line in message.split("\n"):
        stack: list[str] = []
        for closing, name in _TAG.findall(line):
            if closing:
                if not stack or stack.pop() != name:
                    return False
            else:
                stack.append(name)
        if stack:
            return False
        bare = _TAG.sub("", line)
        if "<" in bare or ">" in bare or re.search(r"&(?!(amp|lt|gt|quot|#\d+);)", bare):
            return False
    return True


def _card(*, sources: int = 3, long: int = 0, hostile: str = "") -> StoryCard:
    """A card built by hand: ``long`` makes every text that long; ``hostile`` is put in every text."""
    when = datetime(2026, 5, 4, 9, tzinfo=UTC)

    def text(words: str) -> str:
        body = f"{words} {hostile}".strip()
        return (body + " ") * max(1, long // max(len(body), 1)) if long else body

    refs = tuple(ArticleRef(n, None, text(f"Report {n}"), f"https://n.example/{n}?a=1&b=<2>", f"Outlet {n} {hostile}",
                            when + timedelta(hours=n)) for n in range(1, sources + 1))
    story = Story(77, text("Talks in Cairo"), refs[:6], (StorySentence(1, text("Talks opened.")),),
                  refs[0].published_at, refs[-1].published_at, more_sources=max(sources - 6, 0))
    return StoryCard(
        id=77, title=text("Talks in Cairo"),
        summary=tuple(CardLine(text(f"Summary sentence {n}."), n) for n in (1, 2)),
        key_points=tuple(CardLine(text(f"Key point {n}."), 1) for n in range(5)),
        perspectives=tuple(Perspective(f"Outlet {n} {hostile}", text(f"Angle {n}."), n) for n in range(1, sources + 1)),
        quote=Quote(text("We are close"), text("Jane Doe"), 2),
        timeline=tuple(TimelineEntry(date(2026, 5, d), text(f"Day {d}."), 1, False) for d in range(1, 11)),
        sources=tuple(CardSource(r.id, r.id, r.title, r.source, r.url, r.published_at) for r in refs),
        more_sources=4,
        story=story,
    )


def test_every_view_is_one_message_under_the_limit_even_for_a_huge_card() -> None:
    card = _card(sources=12, long=700)
    for view in "dst":
        message = card_view(card, view)
        assert tg_len(message) < MESSAGE_LIMIT and _valid_html(message)
    assert card_message(card) == card_view(card, "d")
    messages = card_messages(card)
    assert len(messages) >= 2 and all(tg_len(m) < MESSAGE_LIMIT and _valid_html(m) for m in messages)


def test_article_text_in_a_card_is_escaped() -> None:
    hostile = "<script>alert(1)</script> & <b>"
    card = _card(hostile=hostile)
    for message in [card_view(card, v) for v in "dst"] + card_messages(card):
        assert _valid_html(message) and "<script>" not in message
        assert html.escape(hostile, quote=False) in message
    assert 'href="https://n.example/1?a=1&amp;b=&lt;2&gt;"' in card_view(card, "s")
    details = html_to_text(card_view(card, "d"))
    for section in ("Key points", "Perspectives", "Quote", "Jane Doe"):
        assert section in details


def test_card_buttons_are_compact_and_validated() -> None:
    biggest = 10**12 - 1
    rows = [card_buttons(biggest), *view_buttons(biggest, "s"), *story_buttons([biggest] * 12)]
    assert all(len(data.encode()) <= 64 and parse_card_data(data) is not None for row in rows for _, data in row)
    assert [label for label, _ in card_buttons(5)] == ["Details", "Sources", "Timeline"]
    assert story_buttons([5]) == [card_buttons(5)]
    [numbers] = story_buttons([5, 6, 7], first_number=6)  # an answer's second page
    assert [label for label, _ in numbers] == ["📖 6", "7", "8"]
    assert [data for _, data in numbers] == ["card:d:5", "card:d:6", "card:d:7"]
    assert len(story_buttons(list(range(1, 13)))[0]) == 8  # one row, as Telegram shows it
    assert story_buttons([]) == []
    for forged in ("card:x:1", "card:d:", "card:d:1:2", "card:d:-1", "card:d:" + "9" * 13, "more:1"):
        assert parse_card_data(forged) is None


def _press(fake: FakeTelegram, data: str, message: dict[str, Any], *, message_id: int = 500) -> dict[str, Any]:
    """Press a button under ``message`` (as sent: HTML text and markup); return the press's answer."""
    before = len(fake.calls_to("answerCallbackQuery"))
    fake.push_update({"callback_query": {
        "id": f"q{time.monotonic_ns()}", "chat_instance": "ci", "data": data,
        "from": {"id": 100, "is_bot": False, "first_name": "Tester"},
        "message": {"message_id": message_id, "date": int(time.time()),
                    "chat": {"id": 100, "type": "private", "first_name": "Tester"},
                    "from": {"id": BOT_ID, "is_bot": True, "first_name": "Newsbrief"},
                    "text": html_to_text(str(message["text"])),
                    "reply_markup": message.get("reply_markup")},
    }})
    return fake.wait_for("answerCallbackQuery", before + 1)[-1].params


def test_card_buttons_edit_the_answer_in_place_and_back_restores_it(
    start_bot: Callable[[], RunningBot], fake: FakeTelegram, db: Database, settings: Settings, tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, story_rows(datetime.now(UTC) - timedelta(days=2, hours=1)))
    start_bot()
    fake.push_update(message_update("/new gaza"))
    [answer] = fake.wait_for("sendMessage", 1, chat_id=100)
    message = answer.params
    [row] = message["reply_markup"]["inline_keyboard"]
    assert [b["text"] for b in row] == ["Details", "Sources", "Timeline"]
    story_id = parse_card_data(row[0]["callback_data"])[1]  # type: ignore[index]

    answered = _press(fake, f"card:d:{story_id}", message)
    [details] = fake.wait_for("editMessageText", 1)
    assert not answered.get("text") and int(details.params["message_id"]) == 500
    text = str(details.params["text"])
    assert "Key points" in text and "Perspectives" in text and SPEAKER in text and _valid_html(text)
    assert all(outlet in text for outlet in OUTLETS)
    datas = [b["callback_data"] for r in details.params["reply_markup"]["inline_keyboard"] for b in r]
    assert datas == [f"card:{v}:{story_id}" for v in "dstb"]

    # Sources, then Timeline, on the same message: each replaces the last.
    _press(fake, f"card:s:{story_id}", {"text": text, "reply_markup": details.params["reply_markup"]})
    _press(fake, f"card:t:{story_id}", {"text": text, "reply_markup": details.params["reply_markup"]})
    sources, timeline = (e.params for e in fake.wait_for("editMessageText", 3)[1:])
    assert str(sources["text"]).count("<a href=") == 3
    assert "Timeline" in str(timeline["text"])

    # Back: the answer as it was, with its own buttons.
    _press(fake, f"card:b:{story_id}", {"text": timeline["text"], "reply_markup": timeline["reply_markup"]})
    back = fake.wait_for("editMessageText", 4)[-1].params
    assert html_to_text(str(back["text"])) == html_to_text(str(message["text"]))
    assert back["reply_markup"] == message["reply_markup"]
    assert len(fake.sent_messages(100)) == 1  # every view was an edit, never a new message

    # Back on a message the bot no longer remembers: the story's compact form and its buttons.
    _press(fake, f"card:b:{story_id}", {"text": "old", "reply_markup": None}, message_id=501)
    compact = fake.wait_for("editMessageText", 5)[-1].params
    assert "Cairo" in str(compact["text"]) and [b["text"] for b in compact["reply_markup"]["inline_keyboard"][0]] == [
        "Details", "Sources", "Timeline"]


def test_a_digest_opens_its_story_card_and_back_brings_its_feedback_buttons_back(
    start_bot: Callable[[], RunningBot], fake: FakeTelegram, db: Database, settings: Settings, tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, story_rows(datetime.now(UTC) - timedelta(days=2, hours=1)))
    start_bot()
    fake.push_update(message_update("/digest"))
    [digest] = fake.wait_for("sendMessage", 1, chat_id=100)
    message = digest.params
    cards, *feedback = message["reply_markup"]["inline_keyboard"]
    assert [b["text"] for b in cards] == ["Details", "Sources", "Timeline"] and feedback
    _press(fake, cards[2]["callback_data"], message)
    timeline = fake.wait_for("editMessageText", 1)[-1].params
    assert "Timeline" in str(timeline["text"]) and _valid_html(str(timeline["text"]))
    _press(fake, timeline["reply_markup"]["inline_keyboard"][-1][0]["callback_data"],
           {"text": timeline["text"], "reply_markup": timeline["reply_markup"]})
    back = fake.wait_for("editMessageText", 2)[-1].params
    assert back["reply_markup"] == message["reply_markup"]
    assert html_to_text(str(back["text"])) == html_to_text(str(message["text"]))


@pytest.mark.parametrize(("data", "toast"), [
    ("card:x:1", CARD_INVALID), ("card:d:1;DROP", CARD_INVALID), ("card:d:999999", CARD_GONE),
])
def test_a_forged_or_stale_card_button_gets_a_toast_and_changes_nothing(
    start_bot: Callable[[], RunningBot], fake: FakeTelegram, data: str, toast: str,
) -> None:
    start_bot()
    answered = _press(fake, data, {"text": "an answer", "reply_markup": None})
    assert answered.get("text") == toast
    assert not fake.calls_to("editMessageText") and not fake.sent_messages(100)


def test_story_command_and_the_console_show_the_same_card(
    news: NewsService, db: Database, settings: Settings, tmp_path: Path,
    start_bot: Callable[[], RunningBot], fake: FakeTelegram,
) -> None:
    seed_articles(db, settings, tmp_path, story_rows(datetime.now(UTC) - timedelta(days=2, hours=1)))
    [listed] = run(news.stories())
    start_bot()
    fake.push_update(message_update(f"/story {listed.id}"))
    sent = [str(m.params["text"]) for m in fake.wait_for("sendMessage", 1, chat_id=100)]
    console = ConsoleChat(news)
    shown = run(console.handle(f"/story {listed.id}"))
    assert shown == "\n\n".join(html_to_text(m) for m in sent)
    for section in ("Key points", "Perspectives", "Quote", "Timeline", "Sources", SPEAKER):
        assert section in shown
    assert "/story" in run(console.handle("/story twelve"))
    assert "no story 999999" in run(console.handle("/story 999999"))
    assert f"/story {listed.id}" in run(console.handle("what's new on gaza?"))  # the buttons, as commands
