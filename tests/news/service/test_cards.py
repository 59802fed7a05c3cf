"""Story cards at the service level: one story told by three outlets over three days."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from config import Settings
from news import NewsService, NotFoundError, card_to_json, listing_to_json
from news.store import Database
from tests.helpers.articles import seed_articles
from tests.helpers.service import run
from tests.helpers.story_reports import DISTINCT, FIRST_DAY, OUTLETS, SPEAKER, story_rows


@pytest.fixture
def carded(settings: Settings, db: Database, tmp_path: Path) -> tuple[NewsService, int]:
    seed_articles(db, settings, tmp_path, story_rows())
    news = NewsService(settings, db, clock=lambda: FIRST_DAY + timedelta(days=3))
    [listed] = run(news.stories())
    assert len(listed.articles) == 3  # the three reports are one story
    return news, listed.id


def test_a_card_has_one_perspective_per_outlet_a_quote_with_its_speaker_and_an_ordered_timeline(
    carded: tuple[NewsService, int],
) -> None:
    news, story_id = carded
    card = run(news.story_card(story_id))
    assert [s.outlet for s in card.sources] == list(OUTLETS)
    assert all(s.url and s.url.startswith("https://") for s in card.sources)
    number = {s.outlet: s.number for s in card.sources}

    # Perspectives: one per outlet, each the angle only that outlet carries, cited to it.
    assert [p.outlet for p in card.perspectives] == list(OUTLETS)
    for perspective in card.perspectives:
        assert DISTINCT[perspective.outlet].lower() in perspective.text.lower(), perspective
        assert perspective.source == number[perspective.outlet]

    assert card.quote is not None and card.quote.speaker == SPEAKER
    assert card.quote.text.startswith("We are closer than at any time")
    assert card.quote.source == number["Global Times"]

    # Timeline: in date order, every report's day present, "on Sunday" in Monday's report
    # resolved to the day before, and "due to resume on Thursday" in Tuesday's to Thursday.
    days = [entry.day for entry in card.timeline]
    assert days == sorted(days)
    report_days = {s.published_at.date() for s in card.sources}
    assert report_days <= set(days)
    resolved = {entry.day: entry.text for entry in card.timeline if entry.from_text}
    assert "Sunday" in resolved[FIRST_DAY.date() - timedelta(days=1)]
    assert "Thursday" in resolved[FIRST_DAY.date() + timedelta(days=3)]

    # Summary of 2-3 sentences; 3-5 key points that neither repeat it nor each other.
    assert 2 <= len(card.summary) <= 3
    summary = {line.text for line in card.summary}
    assert 3 <= len(card.key_points) <= 5
    assert not summary & {p.text for p in card.key_points}
    assert len({p.text for p in card.key_points}) == len(card.key_points)
    assert all(1 <= line.source <= 3 for line in (*card.summary, *card.key_points))


def test_cards_of_several_stories_and_an_unknown_one(carded: tuple[NewsService, int]) -> None:
    news, story_id = carded
    assert [c.id for c in run(news.story_cards([story_id, story_id + 1000]))] == [story_id]
    with pytest.raises(NotFoundError):
        run(news.story_card(story_id + 1000))


def test_stories_json_keeps_its_contract_keys_and_adds_the_card(carded: tuple[NewsService, int]) -> None:
    news, story_id = carded
    listing = run(news.stories())
    [row] = listing_to_json(listing, run(news.story_cards([s.id for s in listing])))
    assert {"id", "title", "articles"} <= set(row) and row["id"] == story_id
    card = row["card"]
    assert card == card_to_json(run(news.story_card(story_id)))
    assert card["quote"]["speaker"] == SPEAKER
    assert [p["outlet"] for p in card["perspectives"]] == list(OUTLETS)
    assert [e["date"] for e in card["timeline"]] == sorted(e["date"] for e in card["timeline"])
