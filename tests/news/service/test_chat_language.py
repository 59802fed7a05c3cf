"""A chat's language is kept with the chat: recorded once per change, read back by a new
service (a restart), carried along when a group becomes a supergroup, and only language codes
are taken."""

from __future__ import annotations

import pytest

from config import Settings
from news import ChatRef, NewsService, SubscriptionError
from news.store import Database
from tests.helpers.service import run

PRIVATE = ChatRef(100, kind="private", title="Tester")
GROUP = ChatRef(-555, kind="group", title="Readers")


def test_the_language_survives_a_new_service_and_changes_only_when_it_differs(
    settings: Settings, db: Database,
) -> None:
    first = NewsService(settings, db)
    assert run(first.chat(PRIVATE)).language is None  # nobody heard yet
    assert run(first.remember_language(PRIVATE, "ru")) is True
    assert run(first.remember_language(PRIVATE, "ru")) is False  # unchanged: not rewritten
    run(first.aclose())

    restarted = NewsService(settings, db)
    assert run(restarted.chat(PRIVATE)).language == "ru"
    run(restarted.subscribe(PRIVATE, "gaza"))
    [chat] = run(restarted.digest_chats())
    assert chat.language == "ru"  # what the scheduler reads for a digest nobody asked for
    assert run(restarted.remember_language(PRIVATE, "pt-BR")) is True
    assert run(restarted.chat(PRIVATE)).language == "pt-br"
    run(restarted.aclose())


def test_a_group_that_became_a_supergroup_keeps_its_language(news: NewsService) -> None:
    run(news.remember_language(GROUP, "de"))
    moved = run(news.migrate_chat(GROUP.id, ChatRef(-1005550000, kind="supergroup")))
    assert moved is not None and moved.language == "de"


@pytest.mark.parametrize("code", ["", "russian", "ru; DROP TABLE chats", "x" * 40, "1"])
def test_only_language_codes_are_recorded(news: NewsService, code: str) -> None:
    with pytest.raises(SubscriptionError):
        run(news.remember_language(PRIVATE, code))
    assert run(news.chat(PRIVATE)).language is None
