"""Digests that know what the chat has read: a story comes back only with new facts, as an update.

Three reports of one story arrive over three days; each day's digest (scheduled through the
outbox, or ``/digest`` with ``digest_read``) carries the first report whole, then only what the
later reports add.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from config import Settings
from news import ChatRef, Digest, NewsService
from news.store import Database
from tests.helpers.articles import article
from tests.helpers.service import ingest_rows, run

CHAT = ChatRef(77, kind="private", title="Reader")
# Days in the past: stories record when they changed by the wall clock, and the digests of these
# simulated days must see them as changed since the previous simulated digest.
DAY0 = datetime.now(UTC).replace(hour=6, minute=0, second=0, microsecond=0) - timedelta(days=4)

FIRST = ("Negotiations on a Gaza ceasefire ended in Cairo without agreement on Monday. "
         "Mediators from Egypt and Qatar said the ceasefire talks would resume next week. "
         "Both sides blamed each other for the impasse in Cairo.")
SECOND = ("Gaza ceasefire negotiations in Cairo ended without agreement on Monday, mediators said. "
          "Egyptian officials said the delegations will return to Cairo on Thursday. "
          "Qatar offered to host a second round of the Gaza talks in Doha.")
THIRD = ("As expected, the Gaza delegations returned to Cairo on Thursday, Egyptian officials said. "
         "Mediators proposed an exchange of 40 hostages for 300 prisoners. "
         "Israel's cabinet will meet on Sunday to discuss the ceasefire proposal.")
REPORTS = [
    article("Gaza ceasefire talks in Cairo end without a deal", FIRST, source="Wire One",
            published=DAY0 + timedelta(hours=1)),
    article("Gaza ceasefire talks in Cairo to resume on Thursday", SECOND, source="City Desk",
            published=DAY0 + timedelta(days=1, hours=1)),
    article("Gaza ceasefire talks in Cairo: hostage exchange proposed", THIRD, source="Gulf Post",
            published=DAY0 + timedelta(days=2, hours=1)),
]
OTHER = article("Harbour bridge reopens after repairs",
                "The harbour bridge reopened on Friday after two years of repairs. Traffic returned "
                "to normal by the evening. The city thanked residents for their patience.",
                source="City Desk", published=DAY0 + timedelta(hours=2))


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def _sentences(digest: Digest) -> list[str]:
    return [s.text for story in digest.stories for s in story.summary]


def _day(news: NewsService, clock: Clock, folder: Path, day: int, rows: list[dict[str, Any]]) -> None:
    clock.moment = DAY0 + timedelta(days=day, hours=2)
    ingest_rows(news, folder, rows)
    clock.moment = DAY0 + timedelta(days=day, hours=9)


@pytest.fixture
def clock() -> Clock:
    return Clock(DAY0)


@pytest.fixture
def service(settings: Settings, db: Database, clock: Clock) -> NewsService:
    return NewsService(settings, db, clock=clock)


def _scheduled(news: NewsService) -> Digest:
    prepared = run(news.prepare_digest(CHAT.id, worker="w1"))
    assert prepared is not None
    run(news.digest_delivered(prepared))
    return prepared.digest


def _on_demand(news: NewsService) -> Digest:
    digest, _local = run(news.digest_now(CHAT))
    run(news.digest_read(CHAT, digest))
    return digest


@pytest.mark.parametrize("deliver", [_scheduled, _on_demand], ids=["scheduled", "digest-now"])
def test_three_reports_over_three_days_bring_only_the_new_facts_as_updates(
    service: NewsService, clock: Clock, tmp_path: Path, deliver: Any,
) -> None:
    run(service.subscribe(CHAT, "gaza"))
    _day(service, clock, tmp_path, 0, [REPORTS[0]])
    first = deliver(service)
    [story] = first.stories
    assert first.updates == frozenset() and _sentences(first) == FIRST.replace(". ", ".\n").splitlines()
    sent = set(_sentences(first))

    _day(service, clock, tmp_path, 1, [REPORTS[1]])
    second = deliver(service)
    [update] = second.stories
    assert update.id == story.id and second.updates == {story.id}
    # The restatement of Monday's outcome is not news; the two new facts are, cited to City Desk.
    assert _sentences(second) == ["Egyptian officials said the delegations will return to Cairo on Thursday.",
                                  "Qatar offered to host a second round of the Gaza talks in Doha."]
    assert [a.source for a in update.articles] == ["City Desk"]
    assert {update.source_number(s.article_id) for s in update.summary} == {1}
    sent |= set(_sentences(second))

    _day(service, clock, tmp_path, 2, [REPORTS[2]])
    third = deliver(service)
    [again] = third.stories
    assert again.id == story.id and third.updates == {story.id}
    assert _sentences(third) == ["Mediators proposed an exchange of 40 hostages for 300 prisoners.",
                                 "Israel's cabinet will meet on Sunday to discuss the ceasefire proposal."]
    assert not sent & set(_sentences(third))

    # A fourth day with no report on it: the story is left out, nothing is repeated.
    clock.moment = DAY0 + timedelta(days=3, hours=9)
    assert deliver(service).stories == []


def test_an_undelivered_digest_is_not_read_and_other_chats_keep_their_own_state(
    service: NewsService, clock: Clock, tmp_path: Path,
) -> None:
    other = ChatRef(78, kind="private", title="Other reader")
    run(service.subscribe(CHAT, "gaza"))
    run(service.subscribe(other, "gaza, bridge"))
    _day(service, clock, tmp_path, 0, [REPORTS[0], OTHER])
    prepared = run(service.prepare_digest(CHAT.id, worker="w1"))
    assert prepared is not None and len(prepared.digest.stories) == 1
    assert run(service.digest_failed(prepared, "NetworkError: Bad Gateway")) is True
    # The failed send counted for nothing: the retry (and /digest) still carry the whole story.
    retry = run(service.prepare_digest(CHAT.id, worker="w1", period=prepared.period))
    assert retry is not None and retry.digest.updates == frozenset()
    assert _sentences(retry.digest) == _sentences(prepared.digest)
    run(service.digest_delivered(retry))
    digest, _ = run(service.digest_now(other))  # never told it was sent: nothing recorded
    assert {s.title for s in digest.stories} == {REPORTS[0]["title"], OTHER["title"]}
    again, _ = run(service.digest_now(other))
    assert [s.id for s in again.stories] == [s.id for s in digest.stories] and again.updates == frozenset()
    run(service.digest_read(other, again))
    _day(service, clock, tmp_path, 1, [REPORTS[1]])
    later, _ = run(service.digest_now(other))
    [gaza] = [s.id for s in prepared.digest.stories]
    assert [s.id for s in later.stories] == [gaza] and later.updates == {gaza}


def test_subscribing_brings_the_latest_story_at_once_and_the_digest_then_only_its_news(
    service: NewsService, clock: Clock, tmp_path: Path,
) -> None:
    _day(service, clock, tmp_path, 0, [REPORTS[0], OTHER])
    assert run(service.latest_on(CHAT, ["-bridge", "volcano"])) is None  # nothing on it
    done = run(service.subscribe(CHAT, "-bridge, gaza"))
    latest = run(service.latest_on(CHAT, done.added))
    assert latest is not None and latest.topics == ["gaza"] and latest.updates == frozenset()
    [story] = latest.stories
    assert _sentences(latest) == FIRST.replace(". ", ".\n").splitlines()
    run(service.digest_read(CHAT, latest))  # the face sent it
    assert _scheduled(service).stories == []  # already read: not in today's digest
    assert run(service.latest_on(CHAT, ["gaza"])) is None  # nor shown again on subscribing
    _day(service, clock, tmp_path, 1, [REPORTS[1]])
    later = _scheduled(service)
    assert [s.id for s in later.stories] == [story.id] and later.updates == {story.id}


def test_a_seen_story_with_nothing_new_frees_its_place_in_the_digest(
    settings: Settings, db: Database, clock: Clock, tmp_path: Path,
) -> None:
    one = NewsService(settings.model_copy(update={"digest_stories": 1}), db, clock=clock)
    run(one.subscribe(CHAT, "gaza, bridge"))
    _day(one, clock, tmp_path, 0, [REPORTS[0], OTHER])
    first = _scheduled(one)
    assert len(first.stories) == 1 and first.more_available == 1
    clock.moment = DAY0 + timedelta(days=1, hours=9)
    second = _scheduled(one)  # the story read yesterday has nothing new: the other one comes
    assert len(second.stories) == 1 and second.stories[0].id != first.stories[0].id
    assert second.more_available == 0 and second.updates == frozenset()
