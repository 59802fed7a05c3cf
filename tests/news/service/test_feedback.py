"""Feedback on digest stories at the service level: 👍 / 👎 reorder the chat's next digest,
fade with time, explain themselves ("Why?") and can be reset."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from config import Settings
from news import ChatRef, NewsService, NotFoundError
from news.store import Database
from tests.helpers.articles import article
from tests.helpers.service import ingest_rows, run

CHAT = ChatRef(91, kind="private", title="Reader")
NOW = datetime.now(UTC).replace(microsecond=0) - timedelta(days=20)
STORIES = [
    article("Ceasefire talks in Cairo end without a deal",
            "Negotiations on a Gaza ceasefire ended in Cairo without agreement. Mediators said the "
            "talks would resume next week. Both sides blamed each other for the impasse.",
            source="Wire One", published=NOW - timedelta(hours=1)),
    article("Harbour bridge reopens after repairs",
            "The harbour bridge reopened after two years of repairs. Traffic returned to normal by "
            "the evening. The city thanked residents for their patience.",
            source="City Desk", published=NOW - timedelta(hours=2)),
    article("Museum unveils restored medieval tapestry",
            "The national museum unveiled a restored medieval tapestry on Friday. Conservators spent "
            "four years cleaning the fragile wool. Visitors queued around the block.",
            source="Wire One", published=NOW - timedelta(hours=3)),
]


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def service(settings: Settings, db: Database, clock: Clock, tmp_path: Path) -> NewsService:
    news = NewsService(settings, db, clock=clock)
    ingest_rows(news, tmp_path, STORIES)
    return news


def _order(news: NewsService) -> list[str]:
    digest, _ = run(news.digest_now(CHAT))  # not marked read: every call offers them all
    return [s.title for s in digest.stories]


def test_thumbs_reorder_the_next_digest_fade_and_reset(service: NewsService, clock: Clock) -> None:
    gaza, bridge, museum = (a["title"] for a in STORIES)
    assert _order(service) == [gaza, bridge, museum]  # newest first: all one report each
    ids = {s.title: s.id for s in run(service.digest_now(CHAT))[0].stories}

    # 👎 on the Cairo story: it drops to the end; the museum story, same outlet, drops a little.
    assert run(service.story_feedback(CHAT, ids[gaza], liked=False)) == -1.0
    assert _order(service) == [bridge, museum, gaza]
    why = run(service.why_story(CHAT, ids[museum]))
    assert why.weight == pytest.approx(-0.3) and (why.reports, why.outlets) == (1, 1)

    # 👍 on the museum story lifts it to the top.
    assert run(service.story_feedback(CHAT, ids[museum], liked=True)) == pytest.approx(0.7)
    assert _order(service) == [museum, bridge, gaza]

    # A half-life (14 days) later every weight is half what it was.
    before = run(service.why_story(CHAT, ids[gaza])).weight
    clock.moment = NOW + timedelta(days=14)
    assert run(service.why_story(CHAT, ids[gaza])).weight == pytest.approx(before / 2)
    clock.moment = NOW

    assert run(service.reset_feedback(CHAT)) == 2
    assert _order(service) == [gaza, bridge, museum]
    assert run(service.why_story(CHAT, ids[gaza])).weight == 0.0


def test_why_names_the_matched_topics_and_a_gone_story_is_refused(service: NewsService) -> None:
    run(service.subscribe(CHAT, "gaza, bridge, -football"))
    digest, _ = run(service.digest_now(CHAT))
    by_title = {s.title: s.id for s in digest.stories}
    why = run(service.why_story(CHAT, by_title[STORIES[0]["title"]]))
    assert why.topics == ["gaza"] and why.title == STORIES[0]["title"] and why.weight == 0.0
    assert why.last_published_at == NOW - timedelta(hours=1)
    with pytest.raises(NotFoundError):
        run(service.why_story(CHAT, 999_999))
    with pytest.raises(NotFoundError):
        run(service.story_feedback(CHAT, 999_999, liked=True))
