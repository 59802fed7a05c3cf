"""Clustering in memory: features, scoring, time window, centroid storage format."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

from news.stories.cluster import (
    ArticleVector,
    Clusterer,
    StoryState,
    decode_centroid,
    encode_centroid,
)
from news.stories.features import ArticleFeatures, article_features, lead_text, term_id
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


# Two halves of one report, and the whole: the halves share no word, the whole bridges them.
# Both name the port, as two outlets would, but too little else for one to join the other.
_HALF_A = "In Rotterdam harbour cranes toppled onto freighters while dockworkers scrambled across flooded quays."
_HALF_B = "In Rotterdam engineers inspected ruptured pipelines; refinery managers suspended tanker loading."


def test_an_article_bridging_two_stories_merges_them() -> None:
    clusterer = Clusterer(_flat_idf, window=timedelta(hours=72))
    first = clusterer.assign(1, article_features("", _HALF_A), BASE)
    second = clusterer.assign(2, article_features("", _HALF_B), BASE + timedelta(hours=1))
    assert first != second  # nothing in common yet
    bridge = clusterer.assign(3, article_features("", f"{_HALF_A} {_HALF_B}"), BASE + timedelta(hours=2))
    assert clusterer.resolve(first) == clusterer.resolve(second) == clusterer.resolve(bridge) == first
    assert clusterer.merged() == {second: first}  # the older story survives
    (story,) = clusterer.stories.values()
    assert story.count == 3 and sorted(story.members) == [1, 2, 3]
    assert story.first == BASE and story.last == BASE + timedelta(hours=2)
    # The merged story goes on taking reports of either half.
    assert clusterer.resolve(clusterer.assign(4, article_features("", _HALF_B), BASE + timedelta(hours=3))) == first


def _corpus_idf(features: list[ArticleFeatures]) -> Callable[[int], float]:
    """The smoothed IDF of news.stories.terms over these articles alone."""
    frequencies = Counter(t for f in features for t in {*f.terms, *f.entities})
    total = len(features)
    return lambda t: math.log((total + 1) / (frequencies.get(t, 0) + 1)) + 1


def test_stories_sharing_only_a_famous_name_and_place_stay_apart() -> None:
    texts = [
        f"{EVENTS[event][outlet]} In Moscow, aides to Vladimir Putin said the Kremlin was following it."
        for event in ("quake", "chips") for outlet in (0, 1)
    ] + list(EVENTS["final"])
    features = [article_features("", text) for text in texts]
    clusterer = Clusterer(_corpus_idf(features), window=timedelta(hours=72))
    final = [clusterer.resolve(clusterer.assign(i, f, BASE)) for i, f in enumerate(features)]
    assert final[0] == final[1] and final[2] == final[3] and final[4] == final[5]
    assert len(set(final)) == 3


def test_merging_is_deterministic_whatever_the_input_order() -> None:
    texts = [_HALF_A, _HALF_B, f"{_HALF_A} {_HALF_B}", *EVENTS["quake"], *EVENTS["chips"]]
    partitions = []
    for order in (list(range(len(texts))), list(reversed(range(len(texts))))):
        clusterer = Clusterer(_flat_idf, window=timedelta(hours=72))
        # Arrival order differs; clustering order is (published_at, id) as in assign_stories.
        arrivals = sorted(order, key=lambda i: (BASE + timedelta(hours=i), i))
        keys = {i: clusterer.assign(i, article_features("", texts[i]), BASE + timedelta(hours=i)) for i in arrivals}
        groups: dict[int, set[int]] = {}
        for i, key in keys.items():
            groups.setdefault(clusterer.resolve(key), set()).add(i)
        partitions.append({frozenset(g) for g in groups.values()})
    assert partitions[0] == partitions[1]
    assert frozenset({0, 1, 2}) in partitions[0]
