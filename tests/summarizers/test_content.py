"""is_content_sentence keeps article prose and rejects page furniture."""

from __future__ import annotations

import pytest
from summarizer_samples import CAIRO_FURNITURE, GAZA_FURNITURE

from summarizers import is_content_sentence

PROSE = [
    "The two sides blamed each other for the impasse.",
    "He said: 'I'll stop this cruise, I'll make history.'",
    '"Israel cannot accept that."',
    "By Monday, the company had lost $5m.",
    "Updated figures show the economy grew.",
    "With the new Avengers: Age of Ultron movie released, he posted a photo.",
    "Die Verhandlungen in Kairo sind ohne Ergebnis zu Ende gegangen.",
    "Las negociaciones terminaron sin acuerdo en El Cairo.",
    "مرحبا بكم في هذا المقال الجديد عن المفاوضات.",
]

FURNITURE = [
    *GAZA_FURNITURE,
    *CAIRO_FURNITURE,
    "By . Daily Mail Reporter .",
    "By Jane Doe and John Roe for MailOnline.",
    "PUBLISHED: . 12:34 EST, 4 May 2013 . | . UPDATED: . 13:00 EST, 4 May 2013 .",
    "LONDON (Reuters) -",
    "Scroll down for video",
    "Read more",
    "Click here for the latest news.",
    "Story continues below advertisement",
    "What happened to Barry and Honey Sherman?",
    "Would you pay that much for a coffee?",
    "Postmedia CEO Paul Godfrey.",
    "SPECIAL MESSAGE FROM THE NEWSROOM.",
    "Find NJ.com on Facebook.",
    "FILE - In this Aug. 15, 2014 file photo, Robert Durst leaves a courtroom.",
    "Image caption Kieran is delighted with his new ears.",
    "Follow AP Film Writer Lindsey Bahr on Twitter: www.twitter.com/ldbahr",
    "Ballers and shotcallers: Mirreyes are the sons of society Living it up: Many photos show it.",
    "He paused and then said…",
    "Email the reporter at jane@example.com today.",
]


@pytest.mark.parametrize("sentence", PROSE)
def test_prose_is_content(sentence: str) -> None:
    assert is_content_sentence(sentence)


@pytest.mark.parametrize("sentence", FURNITURE)
def test_furniture_is_not_content(sentence: str) -> None:
    assert not is_content_sentence(sentence)


def test_blank_is_not_content() -> None:
    assert not is_content_sentence("")
    assert not is_content_sentence("   ")
