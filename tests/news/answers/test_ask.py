"""Answers: full-text search with recency, stories not articles, honest fallbacks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from config import Settings
from news.answers.ask import answer_question
from news.answers.matching import search_terms
from news.models import Answer, ArticleDraft
from news.store import Database
from news.store.search import search_articles
from news.store.stories import MAX_SOURCES
from tests.helpers.articles import store_drafts

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


_store = store_drafts


def _draft(title: str, body: str, days_ago: float, source: str = "Wire") -> ArticleDraft:
    return ArticleDraft(body=body, title=title, source=source, published_at=NOW - timedelta(days=days_ago))


def _ask(db: Database, question: str, **kw: int) -> Answer:
    with db.read() as conn:
        return answer_question(conn, question, now=NOW, default_period_days=kw.get("days", 3), limit=5,
                               summary_sentences=4)


def test_recent_matching_story_is_answered_with_its_summary(db: Database, settings: Settings) -> None:
    _store(
        db, settings,
        _draft("Volcano erupts in Iceland", "A volcano erupted near Grindavik on Tuesday. Residents were evacuated overnight. "
               "Flights were not affected, officials said.", 1),
        _draft("Budget passes", "The parliament passed the budget on Monday. The vote was close.", 1),
    )
    answer = _ask(db, "what's new on the volcano?")
    assert [s.title for s in answer.stories] == ["Volcano erupts in Iceland"]
    story = answer.stories[0]
    assert story.summary and all(s.text in "A volcano erupted near Grindavik on Tuesday. Residents were evacuated overnight. "
                                 "Flights were not affected, officials said." for s in story.summary)
    assert answer.note is None


def test_stemmed_matching_finds_inflected_words(db: Database, settings: Settings) -> None:
    _store(db, settings, _draft("Talks continue", "Negotiators were negotiating late into the night in Cairo.", 0.5))
    assert len(_ask(db, "news about negotiations").stories) == 1


def test_old_matches_are_answered_with_their_age(db: Database, settings: Settings) -> None:
    _store(db, settings, _draft("Election called", "The prime minister called an early election. Voting is in May.", 40))
    answer = _ask(db, "what's new on the election?")
    assert len(answer.stories) == 1
    assert answer.note is not None
    assert "Nothing new on election in the last 3 days" in answer.note
    assert "1 month old" in answer.note


def test_explicit_period_and_fresher_first(db: Database, settings: Settings) -> None:
    _store(
        db, settings,
        _draft("Storm nears coast", "A storm is approaching the coast. Schools will close.", 2.5),
        _draft("Storm makes landfall", "The storm made landfall overnight. Thousands lost power.", 0.2),
    )
    answer = _ask(db, "storm today")
    assert [s.title for s in answer.stories] == ["Storm makes landfall"]
    answer = _ask(db, "storm this week")
    assert answer.stories[0].title == "Storm makes landfall"


def test_nothing_matching_says_so(db: Database, settings: Settings) -> None:
    _store(db, settings, _draft("Budget passes", "The parliament passed the budget.", 1))
    answer = _ask(db, "what's new on cricket?")
    assert answer.stories == []
    assert answer.note == "No news about cricket yet."


@pytest.mark.parametrize("hostile", ['gaza" OR *', "NEAR(a b)", "title:x AND -y", "'; DROP TABLE articles; --", "<b>&amp;</b>"])
def test_query_syntax_in_topics_is_inert(db: Database, settings: Settings, hostile: str) -> None:
    _store(db, settings, _draft("Gaza talks", "Talks on Gaza resumed in Cairo.", 1))
    answer = _ask(db, hostile)
    assert isinstance(answer.stories, list)


def test_period_search_finds_backfilled_articles_and_skips_old_ones(db: Database, settings: Settings) -> None:
    # Ingestion order is not publication order: a fresh report, then an archive backfill (one
    # old, one fresh), must all be judged by date, whatever their ids.
    fresh_first, old, fresh_backfill = _store(
        db, settings,
        _draft("Glacier retreats", "The glacier retreated again, surveyors said on Monday.", 1),
        _draft("Glacier survey", "Surveyors measured the glacier in a survey last year.", 300),
        _draft("Glacier lake drains", "A glacier lake drained overnight, surveyors said.", 0.5, source="Post"),
    )
    with db.read() as conn:
        recent = search_articles(conn, search_terms("glacier"), since=NOW - timedelta(days=3))
        newest = search_articles(conn, search_terms("glacier"), newest_first=True, limit=2)
    assert {h.article_id for h in recent} == {fresh_first, fresh_backfill}
    assert [h.article_id for h in newest] == [fresh_backfill, old]  # the latest ingested matches


def test_a_story_lists_its_cited_and_latest_reports_and_counts_the_rest(
    db: Database, settings: Settings
) -> None:
    angles = ["Rescuers searched the rubble through the night", "Divers recovered a truck from the river",
              "The mayor ordered every bridge in the city inspected", "Relatives gathered at the city hospital",
              "Traffic was diverted across the old ferry crossing", "The contractor declined to comment",
              "Inspectors had warned of cracks two years ago", "Schools near the river stayed closed",
              "Prosecutors opened a criminal investigation", "A memorial service was planned for Friday"]
    drafts = [
        _draft(f"Harbin bridge collapse: {angle.lower()}",
               f"The Harbin bridge collapse killed nine people. {angle}, reporters for outlet {n} "
               f"were told. Witnesses described {n + 2} cars falling. {angles[(n + 3) % 10]} too.",
               2 - n * 0.1, source=f"Outlet {n}")
        for n, angle in enumerate(angles)
    ]
    ids = _store(db, settings, *drafts)
    answer = _ask(db, "Harbin bridge")
    story = answer.stories[0]
    shown = [a.id for a in story.articles]
    assert len(shown) == MAX_SOURCES and story.more_sources == 10 - MAX_SOURCES
    cited = {s.article_id for s in story.summary}
    assert cited <= set(shown)  # every citation resolves
    # The rest of the list is the latest reports, newest first in line.
    newest_first = sorted(ids, key=lambda i: drafts[ids.index(i)].published_at, reverse=True)
    assert set(newest_first[: MAX_SOURCES - len(cited)]) <= set(shown)
