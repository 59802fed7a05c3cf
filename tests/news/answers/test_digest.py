"""Digest composition: stemmed topic matching, exclusions, phrases, top stories, periods."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from news.answers.digest import (
    CandidateCache,
    Candidates,
    TopicMatcher,
    compose_digest,
    story_stems,
)
from news.answers.matching import stems
from news.models import ArticleRef, Story, StorySentence
from news.store import Database
from tests.helpers.articles import article, seed_articles

NOW = datetime.now(UTC)


def _story(title: str, sentences: list[str]) -> Story:
    ref = ArticleRef(1, None, title, None, "Src", NOW)
    return Story(1, title, (ref,), tuple(StorySentence(1, s) for s in sentences), NOW, NOW)


def _match(topics: list[str], story: Story) -> bool:
    return TopicMatcher.from_topics(topics).matches(story_stems(story))


def test_stems_are_porter_stems_in_latin_script_and_snowball_in_others() -> None:
    assert stems("Elections electing Biden's") == ("elect", "elect", "biden")
    # Each word takes its script's stemmer, so inflected forms meet: Russian cases, too.
    assert stems("Выборы выборов выборами") == ("выбор",) * 3


@pytest.mark.parametrize(("topics", "expected"), [
    (["election"], True),           # "elections" stems alike
    (["elections results"], True),  # phrase, in order, stemmed
    (["results elections"], False),  # phrase out of order
    (["climate"], False),
    (["climate", "voter"], True),   # any include topic ("voter" follows "Voters")
    (["election", "-football"], False),  # an exclusion wins
    (["-weather"], True),           # only exclusions: everything else
])
def test_topic_matching(topics: list[str], expected: bool) -> None:
    story = _story("Elections results are in", ["Voters backed the football club owner."])
    assert _match(topics, story) is expected


def test_a_phrase_never_matches_across_two_sentences() -> None:
    story = _story("Talks", ["It was about climate.", "Change came later."])
    assert not _match(["climate change"], story)


def test_indexed_candidates_choose_exactly_what_matching_each_story_would() -> None:
    stories = [
        _story("Elections results are in", ["Voters backed the football club owner."]),
        _story("Climate talks stall", ["Delegates argued about climate change targets."]),
        _story("Football final tonight", ["The club meets its rival in the cup final."]),
        _story("Climate and elections", ["Climate was the issue of the election campaign."]),
    ]
    stories = [Story(n, s.title, s.articles, s.summary, NOW, NOW - timedelta(hours=n))
               for n, s in enumerate(stories, start=1)]
    pool = Candidates.of(stories)
    for topics in (["election"], ["climate change"], ["climate", "-election"], ["-football"], [],
                   ["final", "voters"], ["change climate"], ["nothing here"]):
        expected = [s for s in stories if _match(topics, s)]
        assert pool.matching(TopicMatcher.from_topics(topics), NOW - timedelta(days=1)) == expected, topics
    # Only stories published since the chat's last digest are chosen.
    since = NOW - timedelta(hours=2, minutes=30)
    assert [s.id for s in pool.matching(TopicMatcher.from_topics([]), since)] == [1, 2]


NEWS = [
    article("Parliament votes on new election law",
            "Parliament voted on the election law on Tuesday. The opposition walked out. "
            "The law changes how districts are drawn.", source="Politico One"),
    article("Football club wins the cup final",
            "The football club won the cup final on penalties. Fans celebrated in the streets. "
            "The coach praised the goalkeeper.", source="Sports Desk"),
    article("Elections officials prepare for the vote",
            "Elections officials prepared polling stations. Football stadiums will host voting. "
            "Turnout is expected to be high.", source="Daily Vote"),
]


@pytest.fixture
def seeded(db: Database, settings: object, tmp_path: object) -> Database:
    seed_articles(db, settings, tmp_path, NEWS)  # type: ignore[arg-type]
    return db


def test_compose_digest_matches_topics_with_stemming_and_exclusions(seeded: Database) -> None:
    with seeded.read() as conn:
        digest = compose_digest(conn, ["elect", "-football"], now=NOW, since=None, limit=10, summary_sentences=3)
        titles = [s.title for s in digest.stories]
        assert titles == ["Parliament votes on new election law"]
        assert not digest.top_stories
        top = compose_digest(conn, [], now=NOW, since=None, limit=2, summary_sentences=3)
        assert top.top_stories and len(top.stories) == 2 and top.more_available == 1
        # Nothing has arrived since a digest sent a minute from now.
        next_start = datetime.now(UTC) + timedelta(minutes=1)
        later = compose_digest(conn, [], now=next_start, since=next_start, limit=5, summary_sentences=3)
        assert later.empty and later.since == next_start


def test_digests_due_together_share_one_load_until_it_expires(
    seeded: Database, settings: object, tmp_path: object
) -> None:
    clock = [0.0]
    cache = CandidateCache(ttl=timedelta(minutes=2), clock=lambda: clock[0])
    since = NOW - timedelta(days=1)
    with seeded.read() as conn:
        first = cache.get(conn, since, summary_sentences=3)
        # Another chat, a few minutes' difference in its last digest: the same load serves.
        assert cache.get(conn, since.replace(minute=0) + timedelta(minutes=1), summary_sentences=3) is first
        assert len(first.stories) == 3
    seed_articles(seeded, settings, tmp_path, [  # type: ignore[arg-type]
        article("Harbour bridge reopens", "The harbour bridge reopened on Friday after repairs. "
                "Traffic returned to normal by the evening.", source="City Desk"),
    ])
    with seeded.read() as conn:
        assert cache.get(conn, since, summary_sentences=3) is first  # within the ttl
        clock[0] += 121
        fresh = compose_digest(conn, [], now=NOW, since=since, limit=10, summary_sentences=3, candidates=cache)
    assert "Harbour bridge reopens" in [s.title for s in fresh.stories]


def test_a_report_stored_after_the_last_digest_reaches_the_next_one(
    db: Database, settings: object, tmp_path: object
) -> None:
    # The 08:00 digest went out; a feed polled at 08:10 then brings a report published at
    # 07:55, and an archive import brings one from last year. The next digest starts at 08:00.
    last_digest = datetime.now(UTC) - timedelta(seconds=1)
    seed_articles(db, settings, tmp_path, [  # type: ignore[arg-type]
        article("Harbour bridge reopens", "The harbour bridge reopened on Friday after repairs. "
                "Traffic returned to normal by the evening.", source="City Desk",
                published=last_digest - timedelta(minutes=5)),
        article("Old mill closes", "The old mill closed for good after a century of work. "
                "Its workers were offered jobs at the new plant.", source="Archive",
                published=last_digest - timedelta(days=400)),
    ])
    with db.read() as conn:
        digest = compose_digest(conn, [], now=datetime.now(UTC), since=last_digest, limit=10, summary_sentences=3)
        # The digest before that one (started a day earlier) would have had it as well.
        earlier = compose_digest(conn, [], now=datetime.now(UTC), since=last_digest - timedelta(days=1),
                                 limit=10, summary_sentences=3)
    assert [s.title for s in digest.stories] == ["Harbour bridge reopens"]
    assert [s.title for s in earlier.stories] == ["Harbour bridge reopens"]


def test_a_story_stored_after_a_shared_pool_was_read_goes_in_the_next_digest(
    db: Database, settings: object, tmp_path: object
) -> None:
    seed_articles(db, settings, tmp_path, NEWS[:1])  # type: ignore[arg-type]
    cache = CandidateCache(ttl=timedelta(minutes=2))
    last_digest = datetime.now(UTC) - timedelta(hours=1)
    with db.read() as conn:
        pool = cache.get(conn, last_digest, summary_sentences=3)  # read at 08:00:00, say
    seed_articles(db, settings, tmp_path, [  # type: ignore[arg-type]
        article("Harbour bridge reopens", "The harbour bridge reopened on Friday after repairs. "
                "Traffic returned to normal by the evening.", source="City Desk"),
    ])
    with db.read() as conn:
        # A chat whose digest goes out at 08:01 from the pool read at 08:00:00...
        digest = compose_digest(conn, [], now=datetime.now(UTC), since=last_digest, limit=10, summary_sentences=3,
                                candidates=cache)
        assert "Harbour bridge reopens" not in [s.title for s in digest.stories]
        assert digest.covered_until == pool.read_at
        # ...covers up to 08:00:00, so its next digest carries what was stored meanwhile.
        following = compose_digest(conn, [], now=datetime.now(UTC), since=digest.covered_until, limit=10, summary_sentences=3)
    assert [s.title for s in following.stories] == ["Harbour bridge reopens"]
