"""Telegram's faults on replies, through the fake Bot API: a flood wait holds back only its own
chat, 5xx, dropped connections and timeouts are retried (a timed-out message arrives once), 403
and "chat not found" pause the chat once (/start resumes it), and a message or an edit Telegram
finds too long or unparsable, or an edit of a message that is gone, arrives anyway."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Callable
from typing import Any

import pytest

from bot.telegram.handlers import cards
from bot.telegram.ratelimit import PerChatFloodWait
from bot.telegram.render import esc, html_to_text
from news import NewsService
from news.models import Answer, Query
from news.store import Database
from news.store.chats import get_chat
from tests.bot.conftest import RunningBot, eventually
from tests.helpers.fake_telegram import (
    HANG_UP,
    HOLD,
    Call,
    FakeTelegram,
    callback_update,
    message_update,
)

SLOW, OTHER = 100, 101
FLOOD_WAIT = 45  # seconds Telegram asks the slow chat to wait (within PerChatFloodWait's max_wait)


def _paused(db: Database, chat_id: int) -> bool:
    with db.read() as conn:
        chat = get_chat(conn, chat_id)
    return chat is not None and chat.paused


def _failed(fake: FakeTelegram, status: int) -> list[Call]:
    return [c for c in fake.calls_to("sendMessage", ok_only=False) if c.status == status]


class FloodClock:
    """The flood-wait limiter's clock and sleep, its injection points: a wait ends only when the
    test releases it, and the clock then moves on by exactly what was asked."""

    def __init__(self) -> None:
        self.now = 1_000.0
        self.asked: list[float] = []
        self.waiting = threading.Event()
        self._sleepers: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []

    def time(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        go, until = asyncio.Event(), self.now + seconds
        self._sleepers.append((asyncio.get_running_loop(), go))
        self.asked.append(seconds)
        self.waiting.set()
        await go.wait()
        self.now = max(self.now, until)

    def release(self) -> None:
        for loop, go in self._sleepers:
            loop.call_soon_threadsafe(go.set)


def test_a_flood_wait_in_one_chat_does_not_hold_back_the_others(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram, caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    limiter = start_bot().app.bot.rate_limiter
    assert isinstance(limiter, PerChatFloodWait)
    clock = FloodClock()  # in place of the defaults build_application leaves it
    limiter._clock, limiter._sleep = clock.time, clock.sleep
    fake.fail_chat(SLOW, 429, f"Too Many Requests: retry after {FLOOD_WAIT}", retry_after=FLOOD_WAIT)
    fake.push_update(message_update("/help", chat_id=SLOW, user_id=SLOW))
    assert clock.waiting.wait(15), "the flood-waited chat was never held back"
    assert clock.asked == [FLOOD_WAIT]  # held as long as Telegram asked
    # The other chat is answered while the slow one is held (it stays held until released).
    fake.push_update(message_update("/help", chat_id=OTHER, user_id=OTHER))
    [other] = fake.wait_for("sendMessage", 1, chat_id=OTHER)
    assert fake.sent_messages(SLOW) == [] and len(_failed(fake, 429)) == 1
    assert (limiter.held_for(SLOW), limiter.held_for(OTHER)) == (FLOOD_WAIT, 0)

    clock.release()
    [slow] = fake.wait_for("sendMessage", 1, chat_id=SLOW)
    assert slow.params["text"] == other.params["text"]
    assert clock.asked == [FLOOD_WAIT] and len(_failed(fake, 429)) == 1  # one wait, then sent
    # A flood wait is a retry, not an error with a traceback in the operator's log.
    assert "Rate limit hit after maximum" not in caplog.text
    assert f"flood limit for {SLOW}: holding it back {FLOOD_WAIT:.1f} s" in caplog.text


def test_server_errors_and_dropped_connections_are_retried(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram,
) -> None:
    start_bot()
    fake.fail_chat(SLOW, 502, "Bad Gateway")
    fake.fail_chat(SLOW, HANG_UP)
    fake.fail_chat(SLOW, 500, "Internal Server Error")
    fake.push_update(message_update("/help", chat_id=SLOW))
    [answer] = fake.wait_for("sendMessage", 1, chat_id=SLOW)
    assert str(answer.params["text"]).startswith("<b>Commands</b>")
    attempts = [c.status for c in fake.calls_to("sendMessage", ok_only=False)]
    assert attempts == [502, HANG_UP, 500, 200]  # retried with backoff (FAST_RETRIES: 4 attempts)


@pytest.mark.parametrize("fault", [(403, "Forbidden: bot was blocked by the user"),
                                   (400, "Bad Request: chat not found")])
def test_a_chat_telegram_refuses_is_paused_once_and_start_resumes_it(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram, db: Database,
    caplog: pytest.LogCaptureFixture, fault: tuple[int, str],
) -> None:
    bot = start_bot()
    fake.push_update(message_update("/subscribe gaza", chat_id=SLOW))
    fake.wait_for("sendMessage", 1, chat_id=SLOW)
    queue = bot.app.job_queue
    assert queue is not None and queue.get_jobs_by_name(f"digest:{SLOW}")

    status, description = fault
    caplog.set_level(logging.WARNING, logger="bot.telegram.glue")
    fake.fail_chat(SLOW, status, description, times=2)
    fake.push_update(message_update("/help", chat_id=SLOW))
    fake.push_update(message_update("/sources", chat_id=SLOW))
    fake.push_update(message_update("/help", chat_id=OTHER))  # other chats carry on
    fake.wait_for("sendMessage", 1, chat_id=OTHER)
    eventually(lambda: len(_failed(fake, status)) == 2)
    eventually(lambda: _paused(db, SLOW))
    eventually(lambda: not queue.get_jobs_by_name(f"digest:{SLOW}"))
    eventually(lambda: "is unreachable" in caplog.text)
    assert caplog.text.count("is unreachable") == 1  # logged once, not per message
    assert "error while handling an update" not in caplog.text

    fake.push_update(message_update("/start", chat_id=SLOW))
    [welcome] = fake.wait_for("sendMessage", 2, chat_id=SLOW)[1:]
    assert str(welcome.params["text"]).startswith("<b>Hello!")
    assert not _paused(db, SLOW)
    eventually(lambda: bool(queue.get_jobs_by_name(f"digest:{SLOW}")))


def test_a_message_telegram_finds_too_long_or_unparsable_still_arrives_whole(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram, monkeypatch: pytest.MonkeyPatch,
) -> None:
    start_bot()
    fake.fail_chat(SLOW, 400, "Bad Request: can't parse entities: unsupported start tag")
    fake.push_update(message_update("/help", chat_id=SLOW))
    [plain] = fake.wait_for("sendMessage", 1, chat_id=SLOW)
    assert "parse_mode" not in plain.params and str(plain.params["text"]).startswith("Commands")

    # One line of 9,000 characters: more than Telegram takes (the fake refuses it, as Telegram
    # does); it arrives as plain parts that fit, in order, nothing lost.
    words = " ".join(f"w{n}&" for n in range(1500))

    async def wordy(self: NewsService, question: str, **kwargs: object) -> Answer:
        return Answer(query=Query(question, "wordy", None), stories=[], note=words)

    monkeypatch.setattr(NewsService, "ask", wordy)
    fake.push_update(message_update("/new wordy", chat_id=SLOW))
    fake.push_update(message_update("/start", chat_id=SLOW))  # answered after every part
    while not str(fake.sent_messages(SLOW)[-1]["text"]).startswith("<b>Hello!"):
        fake.wait_for("sendMessage", len(fake.sent_messages(SLOW)) + 1, chat_id=SLOW)
    assert [c.params["text"] for c in _failed(fake, 400)][-1] == esc(words)
    parts = [str(m["text"]) for m in fake.sent_messages(SLOW)[1:-1]]
    assert len(parts) >= 3 and all(len(p) < 4096 for p in parts)
    assert all("parse_mode" not in m for m in fake.sent_messages(SLOW)[1:-1])
    assert " ".join(parts) == words


def test_a_reply_to_a_group_that_became_a_supergroup_goes_to_the_supergroup(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram,
) -> None:
    """Telegram refuses the old id (ChatMigrated) before the migrate update reaches the bot."""
    old, new = -555, -100555
    start_bot()
    fake.fail_chat(old, 400, "Bad Request: group chat was upgraded to a supergroup chat",
                   migrate_to=new)
    fake.push_update(message_update("/help", chat_id=old, chat_type="group"))
    [answer] = fake.wait_for("sendMessage", 1, chat_id=new)
    assert str(answer.params["text"]).startswith("<b>Commands</b>")
    assert [c.status for c in fake.calls_to("sendMessage", ok_only=False)] == [400, 200]


def test_a_request_that_times_out_is_retried_and_the_message_arrives_once(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram, caplog: pytest.LogCaptureFixture,
) -> None:
    timeout = 0.5  # PTB's read timeout, shortened: the fake holds the request past it
    caplog.set_level(logging.WARNING, logger="bot.telegram.sending")
    start_bot(read_timeout=timeout)
    fake.fail_chat(SLOW, HOLD)
    fake.push_update(message_update("/help", chat_id=SLOW))
    [answer] = fake.wait_for("sendMessage", 1, chat_id=SLOW)
    held, delivered = fake.calls_to("sendMessage", ok_only=False)
    assert (held.status, delivered.status) == (HOLD, 200)
    assert delivered.at - held.at >= timeout  # given up only when PTB's timeout fired
    assert "retry 1 in" in caplog.text  # the backoff of bot.telegram.sending
    fake.release_held()
    fake.push_update(message_update("/start", chat_id=SLOW))  # answered after anything pending
    fake.wait_for("sendMessage", 2, chat_id=SLOW)
    help_text, welcome = (str(m["text"]) for m in fake.sent_messages(SLOW))  # /help just once
    assert help_text == answer.params["text"] and help_text.startswith("<b>Commands</b>")
    assert welcome.startswith("<b>Hello!")


def _markup(params: dict[str, Any]) -> list[list[str]]:
    markup = params.get("reply_markup")
    rows = (json.loads(markup) if isinstance(markup, str) else markup or {}).get("inline_keyboard", [])
    return [[str(button["callback_data"]) for button in row] for row in rows]


@pytest.fixture
def card_view_of(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Make every card button show ``text`` (any story number is a story)."""

    async def any_story(self: NewsService, story_id: int) -> object:
        return object()

    def show(text: str) -> None:
        monkeypatch.setattr(NewsService, "story_card", any_story)
        monkeypatch.setattr(cards, "card_view", lambda card, view: text)

    return show


def _press(fake: FakeTelegram, data: str) -> None:
    """Press a card button under message 42, then /start: its answer comes after the press's."""
    fake.push_update(callback_update(data, chat_id=SLOW, message_id=42))
    fake.push_update(message_update("/start", chat_id=SLOW))
    sent = fake.sent_messages(SLOW)
    while not sent or not str(sent[-1]["text"]).startswith("<b>Hello!"):
        fake.wait_for("sendMessage", len(sent) + 1, chat_id=SLOW)
        sent = fake.sent_messages(SLOW)


def test_an_edit_telegram_finds_too_long_arrives_as_new_messages_with_the_buttons(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram, card_view_of: Callable[[str], None],
) -> None:
    words = " ".join(f"w{n}&" for n in range(1500))  # 9,000 characters: no edit can hold it
    card_view_of(f"<b>Details</b>\n{esc(words)}")
    start_bot()
    _press(fake, "card:d:5")
    [refused] = fake.calls_to("editMessageText", ok_only=False)
    assert refused.status == 400 and refused.params["message_id"] == 42
    parts = fake.sent_messages(SLOW)[:-1]
    assert len(parts) >= 3 and all(len(str(p["text"])) < 4096 for p in parts)
    assert "\n".join(str(p["text"]) for p in parts).replace("\n", " ") == f"Details {words}"
    assert _markup(parts[-1]) == [["card:d:5", "card:s:5", "card:t:5"], ["card:b:5"]]
    assert all(not _markup(p) for p in parts[:-1])
    assert len(fake.calls_to("answerCallbackQuery")) == 1


def test_an_edit_with_html_telegram_refuses_is_made_in_plain_text(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram, card_view_of: Callable[[str], None],
) -> None:
    view = "<b>Details</b>\nTalks in Cairo &amp; Doha resumed."
    card_view_of(view)
    start_bot()
    fake.fail_chat(SLOW, 400, "Bad Request: can't parse entities: unsupported start tag",
                   method="editMessageText")
    _press(fake, "card:d:5")
    refused, plain = fake.calls_to("editMessageText", ok_only=False)
    assert (refused.status, plain.status) == (400, 200)
    assert plain.params["text"] == html_to_text(view) and "parse_mode" not in plain.params
    assert plain.params["message_id"] == 42 and _markup(plain.params)[1] == ["card:b:5"]
    assert len(fake.sent_messages(SLOW)) == 1  # only /start's answer: nothing sent twice


def test_an_edit_of_a_message_that_is_gone_is_sent_as_a_new_message(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram, card_view_of: Callable[[str], None],
) -> None:
    view = "<b>Details</b>\nTalks in Cairo resumed."
    card_view_of(view)
    start_bot()
    fake.fail_chat(SLOW, 400, "Bad Request: message to edit not found", method="editMessageText")
    _press(fake, "card:d:5")
    anew = fake.sent_messages(SLOW)[0]
    assert anew["text"] == view and anew["parse_mode"] == "HTML"
    assert _markup(anew)[1] == ["card:b:5"]
