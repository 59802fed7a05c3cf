"""Regression (issue 13): the bot killed with SIGKILL in the middle of a digest push, then
restarted; every chat gets its digest exactly once, apart from the sends in flight at the kill.

The real ``newsbrief run`` in a subprocess, against the fake Bot API in this process, over an
SQLite file both processes share. Bounded: 200 chats, at most a minute per phase.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from config import load_settings
from news.store import Database, open_database
from news.store.chats import add_topics, ensure_chat
from news.store.schema import digest_deliveries
from tests.bot.conftest import TOKEN, eventually
from tests.helpers.articles import article, seed_articles
from tests.helpers.fake_telegram import FakeTelegram

pytestmark = pytest.mark.slow
CHATS = 200
FIRST_CHAT = 10_000


def _bot(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


def _digests(fake: FakeTelegram) -> Counter[int]:
    return Counter(int(m["chat_id"]) for m in fake.sent_messages() if "news digest" in str(m.get("text")))


def _states(db: Database) -> set[str]:
    """The outbox's states, read in a fresh transaction each time: one read transaction kept
    open would see the same snapshot forever (SQLite WAL) and never the second bot's commits."""
    with db.read() as conn:
        return set(conn.execute(select(digest_deliveries.c.state)).scalars())


def test_sigkill_in_the_middle_of_a_push_loses_no_digest_and_repeats_only_those_in_flight(
    fake: FakeTelegram, tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'news.db'}"
    settings = load_settings(database_url=url, data_dir=tmp_path / "data")
    db = open_database(url)
    try:
        seed_articles(db, settings, tmp_path, [article(
            "Harbour bridge reopens", "The harbour bridge reopened on Friday after two years of repairs. "
            "Traffic returned to normal by the evening.")])
        created = datetime.now(UTC) - timedelta(days=3)
        with db.write() as conn:  # every chat's digest is due (missed while the bot was down)
            for chat_id in range(FIRST_CHAT, FIRST_CHAT + CHATS):
                ensure_chat(conn, chat_id, default_time=time(0, 0), default_timezone="UTC", now=created)
                add_topics(conn, chat_id, ["bridge"], thread_id=None, now=created)
    finally:
        db.dispose()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBRIEF_") and k != "TELEGRAM_BOT_TOKEN"}
    env.update(NEWSBRIEF_DATABASE_URL=url, NEWSBRIEF_DATA_DIR=str(tmp_path / "data"), NEWSBRIEF_ROLE="bot",
               TELEGRAM_BOT_TOKEN=TOKEN, NEWSBRIEF_TELEGRAM_API_URL=fake.url)

    first = _bot(env)
    try:
        fake.wait_for("sendMessage", CHATS // 3, timeout=60)
    finally:
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=30)
    before = _digests(fake)
    db = open_database(url)
    try:
        with db.read() as conn:
            states = Counter(conn.execute(select(digest_deliveries.c.state)).scalars())
        in_flight = states["claimed"]  # claimed by the killed process, not recorded as sent

        second = _bot(env)
        try:
            eventually(lambda: len(_digests(fake)) == CHATS, timeout=60)
            eventually(lambda: _states(db) == {"sent"}, timeout=30)
        finally:
            second.send_signal(signal.SIGTERM)
            _, err = second.communicate(timeout=30)
        assert second.returncode == 0, err
    finally:
        db.dispose()
    after = _digests(fake)
    duplicates = sum(n - 1 for n in after.values())
    lost = CHATS - len(after)
    print(f"kill -9 digest push: {CHATS} chats, {sum(before.values())} sent before the kill, "
          f"{in_flight} in flight, {sum(after.values())} sent in all, {duplicates} duplicates, {lost} lost")
    assert 0 < len(before) < CHATS  # the kill did land in the middle of the push
    assert lost == 0
    assert duplicates <= in_flight  # only a digest in flight at the kill can come twice
    assert max(after.values()) <= 2  # and at most once again
