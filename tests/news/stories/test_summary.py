"""Story summaries in the database: the story first, then what each outlet adds, attributed."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from config import Settings
from news.articles import add_articles
from news.models import ArticleDraft
from news.pipeline import summarize_pending, update_stories
from news.store import Database
from news.store.schema import articles, stories

WHEN = datetime(2026, 5, 1, 12, tzinfo=UTC)

# One event, three outlets: each opens with the same fact in its own words, then adds its own.
REPORTS = (
    (
        "Riverside",
        "Floodwaters breached the Elm River levee near Carrow on Sunday, forcing 3,000 residents "
        "to leave their homes, county officials said. The county opened two shelters at Carrow "
        "High School and the fairground exhibition hall. Officials said the breach was about 40 "
        "metres wide by late afternoon. Volunteers filled sandbags at the fire station through "
        "the night.",
    ),
    (
        "Valley Post",
        "The Elm River levee near Carrow was breached by floodwaters on Sunday and about 3,000 "
        "residents were told to leave, officials said. The National Weather Service said the "
        "river would crest at 9.2 metres on Tuesday, a record. Two bridges on Route 12 were "
        "closed after water covered the approach roads. Farmers said the spring planting would "
        "be delayed by at least a month.",
    ),
    (
        "State Wire",
        "Floodwaters broke through the Elm River levee near Carrow on Sunday, and 3,000 people "
        "were ordered to evacuate. The governor declared a state of emergency for four counties "
        "and asked the National Guard for help. Engineers had warned in March that the levee "
        "needed urgent repairs costing 14 million dollars. The state insurance office said most "
        "homeowners in the area lack flood cover.",
    ),
)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _overlap(a: str, b: str) -> float:
    return len(_words(a) & _words(b)) / len(_words(a) | _words(b))


def test_story_summary_states_the_story_then_adds_each_outlets_facts(
    db: Database, settings: Settings
) -> None:
    drafts = [
        ArticleDraft(
            body=body,
            title=f"Levee breach near Carrow ({source})",
            source=source,
            published_at=WHEN + timedelta(hours=i),
            url=f"https://example.com/{i}",
            ext_id=str(i),
            language="english",
        )
        for i, (source, body) in enumerate(REPORTS)
    ]
    with db.write() as conn:
        ids = [
            r.article_id for r in add_articles(conn, drafts, default_language="english", now=WHEN)
        ]
    summarize_pending(db, settings, now=WHEN)
    update_stories(db, settings, [i for i in ids if i is not None])
    with db.read() as conn:
        (story,) = conn.execute(select(stories.c.summary)).all()
        bodies = {row.id: row.body for row in conn.execute(select(articles.c.id, articles.c.body))}
    summary = story.summary
    assert len(summary) == settings.story_summary_sentences
    # The fact all three carry opens the summary, once.
    assert "levee" in summary[0]["text"].lower()
    assert sum("3,000" in s["text"] for s in summary) == 1
    # Every sentence is its report's own words, and no two say the same thing.
    for s in summary:
        assert s["text"] in bodies[s["article_id"]]
    for i, first in enumerate(summary):
        for second in summary[i + 1 :]:
            assert _overlap(first["text"], second["text"]) < 0.5
    # The later sentences: facts from different outlets, one after the other.
    later = [s["article_id"] for s in summary[len(summary) // 2 :]]
    assert len(set(later)) == len(later)
