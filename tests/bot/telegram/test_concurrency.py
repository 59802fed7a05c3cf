"""One slow chat never makes another wait: through the fake Bot API and PTB's real HTTP stack.

A page that blocks until the test releases it stands for a slow web site; while it blocks, twenty
other chats ask real questions, answered from the database through the service's worker pool.
Every step waits for an event (a request arriving, a message sent), never for time to pass.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from config import Settings
from news.store import Database
from tests.bot.conftest import RunningBot, article, seed_articles
from tests.helpers.fake_telegram import FakeTelegram, message_update
from tests.helpers.pages import HARBOUR_PAGE

SLOW_CHAT = 1
OTHER_CHATS = range(100, 120)
# What the other chats ask about: topic -> the title of its one story.
STORIES = {
    "lighthouse": "Lighthouse keepers return to the northern cape",
    "tramway": "Tramway extension to the airport approved",
    "reservoir": "Reservoir levels rise after a week of storms",
}
ARTICLES = [
    article(STORIES["lighthouse"], "Keepers moved back into the lighthouse on the northern cape on "
            "Tuesday after a decade of automation. The coast guard said the beacon needs daily checks. "
            "Fishermen welcomed the keepers with a dinner in the harbour hall.", source="Coast Courier"),
    article(STORIES["tramway"], "The regional assembly approved the tramway extension to the airport "
            "by a wide margin. Construction of the twelve new stops starts in spring. Commuters will "
            "reach the terminal in twenty minutes from the central station.", source="Metro Daily"),
    article(STORIES["reservoir"], "The reservoir filled to four fifths of its capacity after a week "
            "of heavy storms. Water officials lifted the garden hose ban for the valley towns. Farmers "
            "said the rain came too late for the wheat harvest.", source="Valley Herald"),
]


class SlowSite:
    """A page that is served only once the test opens the gate."""

    def __init__(self) -> None:
        self.requested = threading.Event()
        self.gate = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requested.set()
                site.gate.wait(30)
                body = HARBOUR_PAGE.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/story"

    def close(self) -> None:
        self.gate.set()
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def slow_site() -> Iterator[SlowSite]:
    site = SlowSite()
    yield site
    site.close()


def test_a_slow_page_in_one_chat_delays_no_other_chat_and_that_chat_stays_in_order(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram, slow_site: SlowSite,
    db: Database, settings: Settings, tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, ARTICLES)
    start_bot(allow_private_urls=True)
    fake.push_update(message_update(f"/summarize {slow_site.url}", chat_id=SLOW_CHAT, user_id=SLOW_CHAT))
    assert slow_site.requested.wait(15), "the page was never requested"
    # The slow chat's next question waits its turn; everyone else's is answered meanwhile.
    fake.push_update(message_update("what's new on the tramway?", chat_id=SLOW_CHAT, user_id=SLOW_CHAT))
    asked = {chat: list(STORIES)[n % len(STORIES)] for n, chat in enumerate(OTHER_CHATS)}
    for chat, topic in asked.items():
        fake.push_update(message_update(f"what's new on {topic}?", chat_id=chat, user_id=chat))
    for chat, topic in asked.items():
        [reply] = fake.wait_for("sendMessage", 1, chat_id=chat)
        answer = str(reply.params["text"])
        assert f"What's new on {topic}" in answer and STORIES[topic] in answer
        assert all(title not in answer for other, title in STORIES.items() if other != topic)
    assert fake.sent_messages(SLOW_CHAT) == []
    assert not slow_site.gate.is_set()  # every answer came while the page was still loading
    # The slow chat sees "typing…" while its page loads.
    fake.wait_for("sendChatAction", 1, chat_id=SLOW_CHAT)
    assert fake.calls_to("sendChatAction")[0].params["action"] == "typing"

    slow_site.gate.set()
    summary, answer = (str(c.params["text"]) for c in fake.wait_for("sendMessage", 2, chat_id=SLOW_CHAT))
    assert summary.startswith("<b>Harbour dredging plan approved</b>")
    assert STORIES["tramway"] in answer
