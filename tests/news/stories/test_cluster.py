"""Clustering in memory: features, scoring, time window, centroid storage format."""

from __future__ import annotations

from datetime import timedelta

from news.stories.cluster import (
    ArticleVector,
    Clusterer,
    StoryState,
    decode_centroid,
    encode_centroid,
)
from news.stories.features import article_features, lead_text, term_id
from tests.news.stories.corpus import BASE, EVENTS


def _flat_idf(_term: int) -> float:
    return 1.0


def test_entities_are_names_and_numbers_not_sentence_openers() -> None:
    features = article_features("", "Police said Barry Sherman, 75, was found dead. Police said more.")
    assert term_id("e:sherman") in features.entities
    assert term_id("e:barry") in features.entities
    assert term_id("n:75") in features.entities
    assert term_id("e:police") not in features.entities  # only ever opens a sentence
    assert term_id("police") in features.terms


def test_lead_is_whole_sentences() -> None:
    body = " ".join(f"Sentence number {i} has five words." for i in range(40))
    lead, rest = lead_text(body, words=12)
    assert lead.strip().endswith(".") and len(lead.split()) >= 12
    assert lead + rest == body


def test_pairs_join_and_events_stay_apart() -> None:
    clusterer = Clusterer(_flat_idf, window=timedelta(hours=72))
    keys = {
        (event, outlet): clusterer.assign(i, article_features("", EVENTS[event][outlet]), BASE)
        for i, (event, outlet) in enumerate((e, o) for e in EVENTS for o in (0, 1))
    }
    for event in EVENTS:
        assert keys[(event, 0)] == keys[(event, 1)]
    assert len(set(keys.values())) == len(EVENTS)


def test_outside_the_window_is_not_a_candidate() -> None:
    clusterer = Clusterer(_flat_idf, window=timedelta(hours=72))
    text = EVENTS["quake"][0]
    first = clusterer.assign(1, article_features("", text), BASE)
    assert clusterer.assign(2, article_features("", text), BASE + timedelta(hours=71)) == first
    assert clusterer.assign(3, article_features("", text), BASE + timedelta(days=10)) != first


def test_a_story_stops_growing_past_its_maximum_span() -> None:
    clusterer = Clusterer(_flat_idf, window=timedelta(hours=72), max_span=timedelta(days=7))
    text = EVENTS["quake"][0]
    first = clusterer.assign(1, article_features("", text), BASE)
    # Daily follow-ups keep the story alive, each within the window of the last report...
    for day in range(1, 8):
        assert clusterer.assign(1 + day, article_features("", text), BASE + timedelta(days=day)) == first
    # ...until a report would stretch it past a week: that one starts the next story.
    later = clusterer.assign(20, article_features("", text), BASE + timedelta(days=7, hours=1))
    assert later != first
    assert clusterer.assign(21, article_features("", text), BASE + timedelta(days=7, hours=2)) == later


def test_score_decays_with_time_within_the_window() -> None:
    clusterer = Clusterer(_flat_idf, window=timedelta(hours=72))
    clusterer.assign(1, article_features("", EVENTS["chips"][0]), BASE)
    vector = ArticleVector.from_features(article_features("", EVENTS["chips"][1]))
    near = clusterer.score(vector, BASE + timedelta(hours=12))[0][0]
    far = clusterer.score(vector, BASE + timedelta(hours=70))[0][0]
    assert near > far > 0


def test_centroid_round_trip() -> None:
    story = StoryState(key=1, terms={}, entities={}, first=BASE, last=BASE, count=0)
    story.add(ArticleVector.from_features(article_features("t", EVENTS["final"][0])), BASE, 1)
    terms, entities = decode_centroid(encode_centroid(story))
    assert terms.keys() == story.terms.keys() and entities.keys() == story.entities.keys()
    assert all(abs(terms[k] - v) < 1e-6 for k, v in story.terms.items())
    assert decode_centroid(None) == ({}, {})
