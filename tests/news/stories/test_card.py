"""The pieces of a story card as pure functions: quotes and speakers, date phrases, bullets,
and a card built from plain data (one outlet, many reports)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from news.models import ArticleRef, Story, StorySentence
from news.stories.card import (
    MAX_READ_REPORTS,
    MAX_TIMELINE,
    CardReport,
    build_card,
    reports_to_read,
)
from news.stories.card_dates import explicit_date
from news.stories.card_quotes import find_quotes
from news.stories.card_text import shorten

MONDAY = date(2026, 5, 4)


@pytest.mark.parametrize(("text", "quote", "speaker"), [
    ('"We will not sign anything that leaves our people unprotected," said Foreign Minister Sameh Shoukry.',
     "We will not sign anything that leaves our people unprotected", "Foreign Minister Sameh Shoukry"),
    ('Mr. Haniyeh told reporters: "The occupation must end before any deal is signed."',
     "The occupation must end before any deal is signed.", "Mr. Haniyeh"),
    ("“Progress is slow but real and we hope,” Anna Schmidt, the Cairo-based analyst, said.",
     "Progress is slow but real and we hope", "Anna Schmidt, the Cairo-based analyst"),
    ("According to Maria Lopez, “the ceasefire holds for now in most places”.",
     "the ceasefire holds for now in most places", "Maria Lopez"),
    ('"Nobody wants this war to go on," Egypt\'s foreign minister said.',
     "Nobody wants this war to go on", "Egypt's foreign minister"),
    ("“The talks were constructive and honest,” he said on Monday.", "The talks were constructive and honest", None),
    ('"Our thoughts are with the family of the deceased," hotel spokeswoman Paula Dirks said in a statement.',
     "Our thoughts are with the family of the deceased", "hotel spokeswoman Paula Dirks"),
    ("“He was a loving boy, that’s all I can say,” a relative said.", "He was a loving boy, that’s all I can say",
     "a relative"),
    ('"We will not rest until the people responsible are found," said the family of the victim.',
     "We will not rest until the people responsible are found", "the family"),
    ('"Nothing has been decided on the route yet," the Foreign Ministry said.',
     "Nothing has been decided on the route yet", "the Foreign Ministry"),
    ('"We are still counting the ballots tonight," and then Smith said more.',
     "We are still counting the ballots tonight", None),
    ("«Мы не подпишем соглашение без гарантий безопасности», — заявил Сергей Лавров.",
     "Мы не подпишем соглашение без гарантий безопасности", "Сергей Лавров"),
    ("„Wir werden weiter verhandeln müssen“, sagte Olaf Scholz am Montag.",
     "Wir werden weiter verhandeln müssen", "Olaf Scholz"),
    ("«Nous restons prêts à reprendre le dialogue demain», a déclaré Jean Dupont.",
     "Nous restons prêts à reprendre le dialogue demain", "Jean Dupont"),
    ('"Closer than ever before in this war," said Sameh Shoukry. Hospitals ran out of fuel.',
     "Closer than ever before in this war", "Sameh Shoukry"),
])
def test_quotes_and_their_speakers(text: str, quote: str, speaker: str | None) -> None:
    [found] = find_quotes(text)
    assert (found.text, found.speaker) == (quote, speaker)


def test_scare_quotes_are_not_statements() -> None:
    assert find_quotes('The so-called "Big Four" met, and "terrorists" was the word used.') == []


@pytest.mark.parametrize(("sentence", "day"), [
    ("Delegations arrived in Cairo late on Sunday.", MONDAY - timedelta(days=1)),
    ("The talks opened on Monday.", MONDAY),
    ("They met last Monday.", MONDAY - timedelta(days=7)),
    ("The talks are due to resume on Thursday.", MONDAY + timedelta(days=3)),
    ("Mediators will meet next Monday.", MONDAY + timedelta(days=7)),
    ("The city said traffic would return by Friday.", MONDAY + timedelta(days=4)),
    ("The deal was first proposed on 3 May.", date(2026, 5, 3)),
    ("Talks began on April 28, after weeks of delay.", date(2026, 4, 28)),
    ("The truce collapsed on 20 December.", date(2025, 12, 20)),  # not later this year
    ("The accord was signed on 14 March 2019.", date(2019, 3, 14)),
    ("Officials said yesterday that talks went well.", MONDAY - timedelta(days=1)),
    ("He may return to Cairo soon.", None),  # "may" the verb is no month
    ("Nothing dated here.", None),
])
def test_date_phrases_resolve_against_the_report_date(sentence: str, day: date | None) -> None:
    assert explicit_date(sentence, MONDAY) == day


def test_bullets_are_shortened_at_a_clause_and_marked() -> None:
    short = "Talks resumed in Cairo."
    assert shorten(short) == short
    long = ("Mediators from Egypt and Qatar (who have hosted every round since January) said the draft, "
            "which both sides have seen, provides for a six-week ceasefire, the release of hostages in "
            "stages and more aid through the Rafah crossing, officials said.")
    bullet = shorten(long)
    assert len(bullet) <= 180 and bullet.endswith("…") and "(who have hosted" not in bullet
    assert bullet.startswith("Mediators from Egypt and Qatar said the draft, which both sides have seen")


def _reports(n: int, *, outlet: str = "Wire One") -> list[CardReport]:
    start = datetime(2026, 5, 1, 8, tzinfo=UTC)
    return [
        CardReport(i, f"Harbour bridge repairs, day {i}", outlet, f"https://w.example/{i}", start + timedelta(days=i),
                   "english", lead=f"Crews worked on the harbour bridge for day {i}.",
                   body=(f"Crews worked on the harbour bridge for day {i} of the repairs. The city said "
                         f"traffic on the harbour bridge would return by Friday. Engineers replaced "
                         f"{i} cables on the harbour bridge this week."))
        for i in range(1, n + 1)
    ]


def test_a_single_outlet_story_has_no_perspectives_and_a_bounded_timeline() -> None:
    reports = _reports(14)
    read = set(reports_to_read(reports))
    assert read == {1}  # one outlet: its first report only (its latest would add nothing new)
    reports = [r if r.article_id in read else CardReport(r.article_id, r.title, r.outlet, r.url, r.published_at,
                                                          r.language, lead=r.lead) for r in reports]
    refs = tuple(ArticleRef(r.article_id, None, r.title, r.url, r.outlet, r.published_at) for r in reports[:6])
    story = Story(9, "Harbour bridge repairs", refs, (StorySentence(1, "Crews worked on the bridge."),),
                  reports[0].published_at, reports[-1].published_at, more_sources=8)
    card = build_card(story, reports, more_sources=3)
    assert card.perspectives == ()
    assert [s.number for s in card.sources] == list(range(1, 15)) and card.more_sources == 3
    assert len(card.timeline) == MAX_TIMELINE
    days = [e.day for e in card.timeline]
    assert days == sorted(days) and days[0] == date(2026, 5, 2) and days[-1] == date(2026, 5, 15)
    assert card.summary[0].text == "Crews worked on the bridge." and card.summary[0].source == 1


def test_reports_read_are_the_first_and_each_outlets_latest() -> None:
    reports = [r for n in range(12) for r in _reports(1, outlet=f"Outlet {n}")]
    reports = [CardReport(n, r.title, r.outlet, r.url, r.published_at + timedelta(hours=n), r.language, body=r.body)
               for n, r in enumerate(reports, start=1)]
    chosen = reports_to_read(reports)
    assert chosen[0] == 1 and len(chosen) == MAX_READ_REPORTS
    assert chosen[1:] == [12, 11, 10, 9, 8, 7, 6]  # the most recent outlets
