"""The near-duplicate test that decides which sentences of new reports are new facts."""

from __future__ import annotations

from news.answers.novelty import distinct, fingerprint, is_near_duplicate

SENT = "Negotiations on a Gaza ceasefire ended in Cairo without agreement on Monday."


def test_restatements_repeat_and_new_facts_do_not() -> None:
    sent = fingerprint(SENT)
    assert is_near_duplicate(fingerprint("Gaza ceasefire negotiations in Cairo ended without agreement."), sent)
    assert is_near_duplicate(fingerprint("The Cairo negotiations ended."), sent)  # shorter: nothing new
    assert not is_near_duplicate(fingerprint("Qatar offered to host a second round in Doha."), sent)
    # One word apart, but a new number is a new fact.
    toll = fingerprint("The death toll in the Cairo blast rose to 40.")
    assert is_near_duplicate(fingerprint("The death toll of the Cairo blast rose to 40"), toll)
    assert not is_near_duplicate(fingerprint("The death toll in the Cairo blast rose to 52."), toll)
    # "26,000" and "26.000" are one number in two conventions.
    assert is_near_duplicate(fingerprint("26.000 people fled the Cairo blast."),
                             fingerprint("26,000 people fled the Cairo blast."))


def test_distinct_keeps_one_of_each_new_fact() -> None:
    facts = ["Qatar offered to host a second round in Doha.", SENT,
             "Qatar offered to host a second round of talks in Doha.", "Israel's cabinet meets on Sunday."]
    assert distinct([fingerprint(f) for f in facts], [fingerprint(SENT)]) == [0, 3]
    assert fingerprint("Negotiations ended") == fingerprint("negotiations ended.")
