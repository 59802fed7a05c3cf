"""`/new <topic> <period>`: every period form people type is read as a period, not as part of
the topic (issue 12: "/new gaza week" used to search for "gaza week")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.telegram.handlers.ask import new
from bot.telegram.handlers.common import Env
from news import ChatRef, NewsService
from tests.helpers.articles import article, seed_articles
from tests.helpers.service import run

PERIODS = ["today", "yesterday", "week", "this week", "month", "since Monday", "since 3 May",
           "last 48 hours"]


@pytest.fixture
def old_gaza_story(news: NewsService, tmp_path: Path) -> datetime:
    """One Gaza report, published before any of the periods begins."""
    published = datetime.now(UTC) - timedelta(days=400)
    seed_articles(news.db, news.settings, tmp_path, [article(
        "Gaza crossing reopens for aid convoys",
        "The Rafah crossing into Gaza reopened on Tuesday for aid convoys. Trucks carrying food and "
        "medicine lined up at the gate. Officials said the crossing would stay open all week.",
        published=published)])
    return published


@pytest.mark.parametrize("period", PERIODS)
def test_new_reads_the_period_and_keeps_the_topic(news: NewsService, old_gaza_story: datetime,
                                                  period: str) -> None:
    env = Env(news=news, chat=ChatRef(5, kind="private"), user_id=5)
    answer = run(news.ask(f"gaza {period}", chat=env.chat))
    assert answer.query.topic == "gaza"
    assert answer.query.period_label  # the period was understood
    assert answer.searched_since is not None and answer.searched_since > old_gaza_story
    # Nothing that recent, so the note says so and offers the latest coverage instead.
    assert answer.note is not None and answer.note.startswith("Nothing new on gaza ")
    assert [s.title for s in answer.stories] == ["Gaza crossing reopens for aid convoys"]
    reply = run(new(env, f"gaza {period}"))
    assert reply.messages[0].startswith("Nothing new on gaza ")  # not "No news about gaza week"
    assert "Gaza crossing reopens for aid convoys" in reply.messages[0]
