"""Coverage: the subject's words count, a one-sentence detail does not, repeats gain less."""

from __future__ import annotations

import numpy as np

from summarizers.coverage import Coverage, share_weight

# Term ids of four sentences: 0 = the subject (three sentences use it), 1 = a second theme
# (two sentences), 2 and 3 = details only one sentence has.
SENTENCES = [[0, 1], [0, 2], [0, 1], [3]]


def _coverage() -> Coverage:
    return Coverage.of(SENTENCES, 4, use_length=0.0, length_power=0.0)


def test_a_detail_only_one_sentence_has_is_worth_nothing() -> None:
    gains = _coverage().gains(np.zeros(4), saturation=1.0)
    assert gains[3] == 0.0
    # The subject (used by two other sentences) plus the second theme (used by one other).
    assert gains[0] == gains[2] == 3.0
    assert gains[1] == 2.0  # the subject only; its detail counts for nothing


def test_saying_the_same_thing_again_gains_less() -> None:
    cover = _coverage()
    covered = np.zeros(4)
    first = cover.gains(covered, saturation=0.9)
    cover.add(covered, 0)
    assert covered.tolist() == [1.0, 1.0, 0.0, 0.0]
    second = cover.gains(covered, saturation=0.9)
    assert 0.0 < second[2] < first[2]  # same words as the chosen sentence: diminishing
    # Without saturation a repeat would gain as much as the first time.
    assert cover.gains(covered, saturation=1.0)[2] == 3.0


def test_long_sentences_pay_for_their_length() -> None:
    plain = Coverage.of([[0, 1], [0, 1, 5, 6, 7, 8]], 9, use_length=0.0, length_power=0.0)
    paid = Coverage.of([[0, 1], [0, 1, 5, 6, 7, 8]], 9, use_length=0.0, length_power=0.5)
    assert plain.gains(np.zeros(9), 1.0)[1] == plain.gains(np.zeros(9), 1.0)[0]
    assert paid.gains(np.zeros(9), 1.0)[1] < paid.gains(np.zeros(9), 1.0)[0]


def test_share_weight_rises_with_the_share_and_the_count() -> None:
    def weight(count: int, available: int) -> float:
        return share_weight(
            count, available, half=0.12, steep=6.0, reference_count=8.0, count_power=2.0
        )

    assert weight(8, 16) > 0.99 > 0.5 > weight(3, 12) > weight(3, 30)
    assert weight(6, 30) > weight(3, 15)  # same share, longer summary: more coverage
    assert weight(0, 5) == weight(5, 0) == 0.0
