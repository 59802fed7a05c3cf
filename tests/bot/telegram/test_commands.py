"""Every command through the real python-telegram-bot HTTP stack against the fake Bot API."""

from __future__ import annotations

import html
import re
import secrets
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from bot.telegram.context import MEMORIES_KEY, ChatMemories
from bot.telegram.handlers import COMMANDS
from bot.telegram.handlers.settings import ZONES
from config import Settings
from news import NewsService
from news.models import Answer, ArticleRef, Query, Story, StorySentence
from news.store import Database
from news.store.chats import get_chat
from tests.bot.conftest import ADMIN_ID, RunningBot, article, seed_articles
from tests.helpers.fake_telegram import BOT_USERNAME, FakeTelegram, callback_update, message_update

GAZA = [
    article("Ceasefire talks in Cairo end without a deal",
            "Negotiations on a ceasefire in Gaza have ended in Cairo without agreement. "
            "Mediators from Egypt and Qatar said talks would resume next week. "
            "Both sides blamed each other for the impasse over hostages and the offensive.",
            source="Wire One"),
    article("Gaza truce talks stall as Hamas and Israel trade blame",
            "Truce talks over Gaza stalled in Cairo on Sunday. "
            "Hamas negotiators said any agreement must end the offensive in Gaza. "
            "Israel said it cannot accept that demand and will continue operations.",
            source="Daily Two"),
]
HOSTILE = article(
    "Tags <b>bold</b> & friends in Zorblax",
    "The Zorblax council met on Monday to discuss <script>alert(1)</script> markup & more. "
    "Members said the <b> tag & the ampersand must never break a message. "
    "A vote on the Zorblax budget is expected next week.",
    source="Hostile <i>Times</i> & Co", url="https://news.example/a?x=1&y=<2>",
)


def _texts(fake: FakeTelegram, chat_id: int | None = None) -> list[str]:
    return [str(m["text"]) for m in fake.sent_messages(chat_id)]


def _say(fake: FakeTelegram, text: str, count: int = 1, **kwargs: Any) -> list[str]:
    """Send a message as a user; wait for ``count`` replies in that chat and return them."""
    chat_id = int(kwargs.get("chat_id", 100))
    before = len(fake.sent_messages(chat_id))
    fake.push_update(message_update(text, **kwargs))
    fake.wait_for("sendMessage", before + count, chat_id=chat_id)
    return _texts(fake, chat_id)[before:]


def _valid_html(message: str) -> bool:
    """Only our tags, balanced, and no raw < or & outside tags and entities."""
    stack: list[str] = []
    for match in re.finditer(r"<(/?)(b|i|a)(?:\s[^>]*)?>", message):
        closing, name = match.groups()
        if closing:
            if not stack or stack.pop() != name:
                return False
        else:
            stack.append(name)
    stripped = re.sub(r"</?(b|i|a)(\s[^>]*)?>", "", message)
    if "<" in stripped or ">" in stripped:
        return False
    return not re.search(r"&(?!(amp|lt|gt|quot|#\d+);)", stripped) and not stack


def test_start_and_help_list_every_command_and_the_menu_matches(
    start_bot: Callable[[], RunningBot], fake: FakeTelegram
) -> None:
    start_bot()
    [welcome] = _say(fake, "/start")
    assert "/help" in welcome and "/subscribe" in welcome
    [help_text] = _say(fake, "/help")
    menu = fake.calls_to("setMyCommands")[-1].params["commands"]
    assert [c["command"] for c in menu] == [spec.name for spec in COMMANDS]
    for spec in COMMANDS:
        assert f"/{spec.name}" in help_text
    assert len({spec.name for spec in COMMANDS}) == len(COMMANDS)  # one spec per command


def test_new_and_plain_question_answer_with_summary_and_numbered_sources(
    start_bot: Callable[[], RunningBot], fake: FakeTelegram, db: Database, settings: Settings,
    tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, GAZA)
    start_bot()
    [answer] = _say(fake, "/new gaza this week")
    assert "What's new on gaza" in answer and "(this week)" in answer
    assert "[1] <a href=" in answer and "[2] <a href=" in answer
    assert "• " in answer and _valid_html(answer)
    [plain] = _say(fake, "what's new on Gaza?")
    assert "Ceasefire" in plain or "truce" in plain.lower()
    [nothing] = _say(fake, "/new zanzibarian yodelling")
    assert "No news about zanzibarian yodelling" in nothing
    [usage] = _say(fake, "/new")
    assert usage.startswith("Usage: /new")
    welcome, linked = _say(fake, "/start topic_gaza", count=2)  # a t.me/bot?start= deep link
    assert welcome.startswith("<b>Hello!") and "What's new on gaza" in linked
    [unknown] = _say(fake, "/frobnicate now")
    assert unknown == "I don't know /frobnicate. /help lists what I can do."


def test_group_command_with_botname_and_forum_topic_reply_in_thread(
    start_bot: Callable[[], RunningBot], fake: FakeTelegram, db: Database, settings: Settings,
    tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, GAZA)
    start_bot()
    _say(fake, f"/new@{BOT_USERNAME} gaza", chat_id=-1001, chat_type="supergroup")
    assert fake.sent_messages(-1001)[-1].get("message_thread_id") is None
    # A command for another bot is not ours to answer; the next update proves we moved on.
    fake.push_update(message_update("/new@other_bot gaza", chat_id=-1001, chat_type="supergroup"))
    [reply] = _say(fake, "/help", chat_id=-1001, chat_type="supergroup")
    assert reply.startswith("<b>Commands</b>")
    assert len(fake.sent_messages(-1001)) == 2
    # Group chatter is ignored; a mention is a question.
    fake.push_update(message_update("lunch anyone?", chat_id=-1001, chat_type="supergroup"))
    [mentioned] = _say(fake, f"@{BOT_USERNAME} what's new on gaza?", chat_id=-1001,
                       chat_type="supergroup")
    assert "gaza" in mentioned.lower()
    assert len(fake.sent_messages(-1001)) == 3
    # Forum topic: the answer goes to the same message_thread_id.
    _say(fake, "/new gaza", chat_id=-1002, chat_type="supergroup", thread_id=77)
    assert all(m.get("message_thread_id") == 77 for m in fake.sent_messages(-1002))


def test_hostile_text_in_articles_and_queries_is_escaped(
    start_bot: Callable[[], RunningBot], fake: FakeTelegram, db: Database, settings: Settings,
    tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, [HOSTILE])
    start_bot()
    [answer] = _say(fake, "/new zorblax")
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; friends" in answer
    assert "Hostile &lt;i&gt;Times&lt;/i&gt; &amp; Co" in answer
    assert 'href="https://news.example/a?x=1&amp;y=&lt;2&gt;"' in answer
    assert "<script>" not in answer and _valid_html(answer)
    [echo] = _say(fake, "/new <b>nothing</b> & <i>")
    assert "&lt;b&gt;nothing&lt;/b&gt; &amp; &lt;i&gt;" in echo and _valid_html(echo)


def _seed_seven_quokka_briefs(db: Database, settings: Settings, tmp_path: Path) -> None:
    """Seven stories on one topic: an answer of five and a "More (2)" button."""
    now = datetime.now(UTC)
    texts = [
        "Volcano erupts near quokka island; ash cloud grounds flights across the region.",
        "Harbour workers strike over pay, leaving container ships and a quokka ferry idle.",
        "The national orchestra premieres a symphony inspired by quokka folklore tonight.",
        "Glacier retreat accelerates, scientists warn after measuring alpine ice sheets.",
        "Satellite launch succeeds; the probe will map quokka habitats from orbit.",
        "Vineyard owners expect a record grape harvest despite a dry summer.",
        "Lighthouse restoration completed, keepers reopen the historic tower to visitors.",
    ]
    seed_articles(db, settings, tmp_path, [
        article(f"Quokka brief {i}: {text.split()[0]}",
                f"{text} Quokka watchers commented. {text.split(',')[0]}.",
                published=now - timedelta(hours=i))
        for i, text in enumerate(texts)
    ])


def test_more_button_pages_through_further_stories(
    start_bot: Callable[[], RunningBot], fake: FakeTelegram, db: Database, settings: Settings,
    tmp_path: Path,
) -> None:
    _seed_seven_quokka_briefs(db, settings, tmp_path)
    start_bot()
    _say(fake, "/new quokka")
    markup = fake.sent_messages(100)[-1]["reply_markup"]
    [stories, [button]] = markup["inline_keyboard"]  # a story-card row above paging
    assert [b["text"] for b in stories] == ["📖 1", "2", "3", "4", "5"]
    assert button["text"] == "More (2)" and len(button["callback_data"].encode()) <= 64
    first_page = _texts(fake, 100)[-1]
    assert first_page.count("<b>") == 6  # header + 5 stories
    before = len(fake.sent_messages(100))
    fake.push_update(callback_update(button["callback_data"]))
    fake.wait_for("sendMessage", before + 1, chat_id=100)
    second = _texts(fake, 100)[-1]
    assert "<b>6. Quokka" in second and "<b>7. Quokka" in second
    assert fake.calls_to("answerCallbackQuery")


def test_only_the_most_recently_heard_chats_keep_their_answers_for_more(
    start_bot: Callable[[], RunningBot], fake: FakeTelegram, db: Database, settings: Settings,
    tmp_path: Path,
) -> None:
    _seed_seven_quokka_briefs(db, settings, tmp_path)
    bot = start_bot()
    # Two chats instead of the default 1,000, placed before the first update is handled.
    bot.app.bot_data[MEMORIES_KEY] = ChatMemories(limit=2)
    more: dict[int, str] = {}
    for chat in (100, 200, 300):
        _say(fake, "/new quokka", chat_id=chat, user_id=chat)
        [_, [button]] = fake.sent_messages(chat)[-1]["reply_markup"]["inline_keyboard"]
        more[chat] = button["callback_data"]

    def press(chat: int) -> dict[str, Any]:
        before = len(fake.calls_to("answerCallbackQuery"))
        fake.push_update(callback_update(more[chat], chat_id=chat, user_id=chat))
        return fake.wait_for("answerCallbackQuery", before + 1)[-1].params

    # Chat 100 was heard before the two others: its answer was let go, theirs were kept.
    assert press(100).get("text") == "That list has expired."
    assert press(300).get("text") is None
    fake.wait_for("sendMessage", 2, chat_id=300)
    assert "<b>6. Quokka" in _texts(fake, 300)[-1]
    assert "<b>6. Quokka" not in "".join(_texts(fake, 100))


def test_subscribe_unsubscribe_and_settings_buttons(
    start_bot: Callable[[], RunningBot], fake: FakeTelegram, db: Database,
) -> None:
    bot = start_bot()
    [reply] = _say(fake, '/subscribe gaza, "climate change" -football')
    assert "gaza, climate change, -football" in reply
    with db.read() as conn:
        chat = get_chat(conn, 100)
    assert chat is not None and chat.digest_enabled
    assert chat.topics == ["gaza", "climate change", "-football"]
    jobs = bot.app.job_queue.get_jobs_by_name("digest:100")  # type: ignore[union-attr]
    assert len(jobs) == 1
    [usage] = _say(fake, "/subscribe ,,,")
    assert usage.startswith("Usage: /subscribe")
    [removed] = _say(fake, "/unsubscribe football")
    assert "not following" in removed
    [removed] = _say(fake, "/unsubscribe -football")
    assert "Removed: -football" in removed
    [view] = _say(fake, "/settings")
    assert "Daily digest: on at 08:00 (UTC)" in view
    keyboard = fake.sent_messages(100)[-1]["reply_markup"]["inline_keyboard"]
    datas = [b["callback_data"] for row in keyboard for b in row]
    berlin = f"set:z:{ZONES.index('Europe/Berlin')}"
    assert "set:t:60" in datas and berlin in datas
    fake.push_update(callback_update("set:t:60"))
    fake.push_update(callback_update(berlin))
    edits = fake.wait_for("editMessageText", 2)
    assert "on at 09:00 (Europe/Berlin)" in str(edits[-1].params["text"])
    job = bot.app.job_queue.get_jobs_by_name("digest:100")[0]  # type: ignore[union-attr]
    trigger_zone = str(job.job.trigger.timezone)
    assert trigger_zone == "Europe/Berlin"
    [bad] = _say(fake, "/settings timezone Mars/Olympus")
    assert "not an IANA timezone" in bad
    [ok] = _say(fake, "/settings time 6:45")
    assert "on at 06:45" in ok
    [gone] = _say(fake, "/unsubscribe")
    assert "Unsubscribed from everything" in gone
    assert not bot.app.job_queue.get_jobs_by_name("digest:100")  # type: ignore[union-attr]


def test_digest_now_sources_and_admin_commands(
    start_bot: Callable[[], RunningBot], fake: FakeTelegram, db: Database, settings: Settings,
    tmp_path: Path,
) -> None:
    seed_articles(db, settings, tmp_path, GAZA)
    start_bot()
    [digest] = _say(fake, "/digest")
    assert "Your news digest" in digest and "the top stories" in digest
    assert fake.sent_messages(100)[-1]["link_preview_options"] == {"is_disabled": True}
    [sources] = _say(fake, "/sources")
    assert "Wire One: 1 article" in sources and "Daily Two" in sources
    for command in ("/stats", "/addfeed https://feeds.example/rss", "/removefeed 1"):
        [refusal] = _say(fake, command)
        assert refusal == "Sorry, only the bot's admins can do that."
    [stats] = _say(fake, "/stats", user_id=ADMIN_ID)
    assert "articles: 2" in stats and "stories:" in stats


def test_summarize_refuses_private_addresses(
    start_bot: Callable[[], RunningBot], fake: FakeTelegram,
) -> None:
    start_bot()
    [usage] = _say(fake, "/summarize")
    assert usage.startswith("Usage: /summarize")
    [refused] = _say(fake, "/summarize http://127.0.0.1:9/secret")
    assert refused == "I can't open that address."  # the server setting is for the log only
    [link] = _say(fake, "look: http://10.0.0.1/page")
    assert link == "I can't open that address."


def _long_story(story_id: int, now: datetime, sentence_chars: int) -> Story:
    words = " ".join(f"wombat & <b>clause</b> {story_id}-{k}" for k in range(sentence_chars // 28))
    refs = tuple(
        ArticleRef(story_id * 10 + n, None, f"Wombat inquiry {story_id} & <i>part</i> {n}",
                   f"https://news.example/{story_id}/{n}?a=1&b=2", f"Outlet {n}", now)
        for n in (1, 2)
    )
    summary = tuple(StorySentence(refs[k % 2].id, f"{words} sentence {k}.") for k in range(4))
    return Story(story_id, f"Wombat inquiry {story_id}", refs, summary, now, now)


def test_a_10000_character_answer_is_split_into_valid_messages(
    start_bot: Callable[[], RunningBot], fake: FakeTelegram, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Stories of ~2,000 characters pack several to a message; one story of ~6,000 characters
    (longer than a message) is cut between its lines; every part stays valid HTML."""
    now = datetime.now(UTC)
    stories = [_long_story(1, now, 500), _long_story(2, now, 500), _long_story(3, now, 1500),
               _long_story(4, now, 300)]

    async def fake_ask(self: NewsService, question: str, **kwargs: object) -> Answer:
        return Answer(query=Query(question, "wombat", None), stories=stories)

    monkeypatch.setattr(NewsService, "ask", fake_ask)
    start_bot()
    fake.push_update(message_update("/new wombat"))
    fake.wait_for("sendMessage", 3, chat_id=100)
    fake.push_update(message_update("/help"))  # handled after the answer: all parts are sent
    while not _texts(fake, 100)[-1].startswith("<b>Commands</b>"):
        fake.wait_for("sendMessage", len(_texts(fake, 100)) + 1, chat_id=100)
    messages = _texts(fake, 100)[:-1]
    assert sum(len(m) for m in messages) > 10_000
    assert all(len(m.encode("utf-16-le")) // 2 < 4096 for m in messages)
    assert all(_valid_html(m) for m in messages)
    assert all("&lt;b&gt;clause&lt;/b&gt;" in m for m in messages)
    # Nothing lost and nothing repeated: every story, every sentence, every source, in order.
    text = html.unescape(re.sub(r"<[^>]+>", "", "\n".join(messages)))
    for story in stories:
        assert text.count(f"{story.id}. Wombat inquiry {story.id}\n") == 1
        for sentence in story.summary:
            assert sentence.text.replace("\n", " ")[-40:] in text.replace("\n", " ")
    positions = [text.index(f"{n}. Wombat inquiry {n}") for n in (1, 2, 3, 4)]
    assert positions == sorted(positions)
    # Stories 1 and 2 fit together; story 3 alone is longer than a message and is cut.
    assert "1. Wombat inquiry 1" in messages[1] or "1. Wombat inquiry 1" in messages[0]
    assert len(messages) >= 4


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Local &amp; Wire</title>
<link>http://127.0.0.1/</link><description>d</description>
<item><title>Item one</title><link>http://127.0.0.1/1</link><guid>one</guid>
<description>First item text.</description></item></channel></rss>"""


PAGE = """<html><head><title>Harbour &lt;Dredging&gt; Plan Approved</title></head><body>
<article><h1>Harbour &lt;Dredging&gt; Plan Approved</h1>
<p>The city council approved the harbour dredging plan on Monday after debate {n}.</p>
<p>Officials said the work will allow larger container ships to dock by spring {n}.</p>
<p>Environmental groups warned that the dredging could harm seagrass meadows {n}.</p>
<p>The council promised monitoring and a review of the plan within two years {n}.</p>
<p>Local fishermen said they were cautiously optimistic about compensation {n}.</p>
</article></body></html>"""


@pytest.fixture
def local_site() -> Iterator[str]:
    """A web site on 127.0.0.1 with a feed (/feed.xml) and an article page (/article.html).

    The page text is unique per test: trafilatura drops text it has seen extracted a few times
    in one process (its deduplication cache), which would couple the tests to each other.
    """
    nonce = secrets.token_hex(4)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            is_feed = self.path.endswith(".xml")
            body = (RSS if is_feed else PAGE.replace("{n}", nonce)).encode()
            self.send_response(200)
            kind = "application/rss+xml" if is_feed else "text/html; charset=utf-8"
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_admin_adds_lists_and_removes_a_feed(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram, local_site: str,
) -> None:
    feed_url = f"{local_site}/feed.xml"
    start_bot(allow_private_urls=True)
    [usage] = _say(fake, "/addfeed", user_id=ADMIN_ID)
    assert usage.startswith("Usage: /addfeed")
    [added] = _say(fake, f"/addfeed {feed_url}", user_id=ADMIN_ID)
    assert added.startswith("Added feed #1: Local &amp; Wire")
    [listing] = _say(fake, "/sources")
    assert "#1 Local &amp; Wire" in listing and feed_url in listing
    [missing] = _say(fake, "/removefeed 99", user_id=ADMIN_ID)
    assert missing.startswith("Could not remove the feed")
    [removed] = _say(fake, "/removefeed 1", user_id=ADMIN_ID)
    assert removed == "Removed feed #1: Local &amp; Wire"


def test_addfeed_refuses_private_addresses_by_default(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram,
) -> None:
    start_bot()
    [refused] = _say(fake, "/addfeed http://127.0.0.1:9/feed.xml", user_id=ADMIN_ID)
    assert refused.startswith("Could not add the feed:")


def test_summarize_a_page_by_command_and_by_plain_link(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram, local_site: str,
) -> None:
    start_bot(allow_private_urls=True)
    [summary] = _say(fake, f"/summarize {local_site}/article.html")
    assert summary.startswith("<b>Harbour &lt;Dredging&gt; Plan Approved</b>")
    assert summary.count("\n• ") >= 2 and "dredging" in summary
    assert fake.sent_messages(100)[-1]["link_preview_options"] == {"is_disabled": True}
    [again] = _say(fake, f"please read {local_site}/article.html")
    assert again == summary
