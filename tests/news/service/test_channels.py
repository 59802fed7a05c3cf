"""Channels and groups run from a private chat, at the service level: the manager link, the
channel's own chat row (topics, time, outbox), and what removing it does."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from news import ChatRef, NewsService, SubscriptionError
from news.service.channels import MAX_MANAGED
from tests.helpers.articles import article
from tests.helpers.service import ingest_rows, run

ADA, BOB = 11, 12
CHANNEL = ChatRef(-1001234, kind="channel", title="Harbour News")
FORUM = ChatRef(-1005678, kind="supergroup", title="Harbour Forum", thread_id=42)


def test_a_channel_gets_its_own_topics_time_and_scheduled_digest(news: NewsService, tmp_path: Path) -> None:
    added = run(news.add_channel(ADA, CHANNEL, handle="harbour_news"))
    assert added.name == "@harbour_news" and added.chat.kind == "channel"
    assert not added.chat.digest_enabled  # nothing to send until it follows something

    run(news.subscribe(added.ref, "lighthouse"))
    run(news.set_digest_time(added.ref, "07:00"))
    run(news.set_timezone(added.ref, "Europe/Berlin"))

    [listed] = run(news.channels(ADA))
    assert listed.chat.topics == ["lighthouse"] and listed.chat.digest_time == time(7, 0)
    assert listed.chat.timezone == "Europe/Berlin"
    assert CHANNEL.id in [chat.id for chat in run(news.digest_chats())]
    assert run(news.channels(BOB)) == []
    assert run(news.managed_channel(ADA, "@Harbour_News")) == listed  # @name, any case
    assert run(news.managed_channel(ADA, str(CHANNEL.id))) == listed
    assert run(news.managed_channel(BOB, "@harbour_news")) is None

    ingest_rows(news, tmp_path, [article("Lighthouse at Cape Vale restored",
                                         "The lighthouse at Cape Vale was restored. Engineers replaced the lamp.",
                                         source="Coast News")])
    prepared = run(news.prepare_digest(CHANNEL.id, worker="w1"))
    assert prepared is not None and prepared.chat.id == CHANNEL.id
    assert [s.title for s in prepared.digest.stories] == ["Lighthouse at Cape Vale restored"]


def test_a_forum_topic_is_where_the_groups_digests_go(news: NewsService) -> None:
    added = run(news.add_channel(ADA, FORUM, handle=None))
    assert added.chat.thread_id == 42 and added.ref.thread_id == 42
    assert added.name == "Harbour Forum"


def test_removing_the_last_manager_turns_the_digest_off(news: NewsService) -> None:
    run(news.add_channel(ADA, CHANNEL, handle="harbour_news"))
    run(news.add_channel(BOB, CHANNEL, handle="harbour_news"))
    run(news.subscribe(CHANNEL, "lighthouse"))

    still = run(news.remove_channel(ADA, CHANNEL.id))
    assert still is not None and still.digest_enabled  # Bob still runs it
    gone = run(news.remove_channel(BOB, CHANNEL.id))
    assert gone is not None and not gone.digest_enabled and gone.topics == ["lighthouse"]
    assert run(news.remove_channel(BOB, CHANNEL.id)) is None
    assert run(news.channels(ADA)) == [] and run(news.channels(BOB)) == []


def test_one_user_runs_a_bounded_number_of_chats(news: NewsService) -> None:
    for n in range(MAX_MANAGED):
        run(news.add_channel(ADA, ChatRef(-100_000 - n, kind="channel"), handle=None))
    run(news.add_channel(ADA, ChatRef(-100_000, kind="channel"), handle="again"))  # re-adding is fine
    with pytest.raises(SubscriptionError):
        run(news.add_channel(ADA, ChatRef(-200_000, kind="channel"), handle=None))
