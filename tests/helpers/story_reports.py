"""One story told by three outlets over three days: what story-card tests open.

Each outlet carries the shared facts (talks in Cairo on a Gaza ceasefire, hostages, aid) and
one thing the others do not: Wire One the Rafah crossing, City Herald the families' protest,
Global Times the fuel shortage in hospitals. Global Times carries the one quote with a speaker.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.helpers.articles import article

__all__ = ["DISTINCT", "FIRST_DAY", "OUTLETS", "SPEAKER", "story_rows"]

FIRST_DAY = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)  # a Monday
OUTLETS = ("Wire One", "City Herald", "Global Times")
SPEAKER = "Foreign Minister Sameh Shoukry"
# The word that marks each outlet's own angle, for the perspectives test.
DISTINCT = {"Wire One": "Rafah", "City Herald": "protest", "Global Times": "fuel"}


def story_rows(first_day: datetime = FIRST_DAY) -> list[dict[str, Any]]:
    """Three JSONL rows, one per outlet, a day apart."""
    return [
        article(
            "Gaza ceasefire talks open in Cairo as mediators press for hostage deal",
            "Gaza ceasefire talks opened in Cairo on Monday as Egyptian and Qatari mediators pressed "
            "Israel and Hamas to agree a hostage deal. Negotiators discussed a six-week ceasefire in "
            "Gaza and the release of hostages held since October. Delegations from both sides arrived "
            "in Cairo late on Sunday for the ceasefire talks. Trucks loaded with medicine for Gaza "
            "waited at the Rafah crossing while the talks went on, and engineers repaired the road. "
            "Mediators said the hostage deal could be signed within days if both sides agreed.",
            source="Wire One", published=first_day, url="https://wire.example/cairo-talks-open",
        ),
        article(
            "Cairo ceasefire talks stall over Gaza hostage releases",
            "Ceasefire talks in Cairo stalled on Tuesday over the order of hostage releases, mediators "
            "said. Delegations from both sides had arrived in Cairo for the talks at the weekend. Israel and Hamas negotiators disagreed on how many hostages would be freed in the "
            "first week of a Gaza ceasefire. Egyptian mediators proposed a six-week ceasefire with "
            "hostages released in stages. In Tel Aviv, thousands of relatives joined a protest outside "
            "the defence ministry, demanding the government sign any deal that brings hostages home. "
            "The talks were due to resume on Thursday.",
            source="City Herald", published=first_day + timedelta(days=1),
            url="https://herald.example/talks-stall",
        ),
        article(
            "Mediators say Gaza ceasefire deal close after Cairo talks",
            "Mediators said a Gaza ceasefire deal was close after three days of talks in Cairo between "
            "Israel and Hamas negotiators. The draft provides for a six-week ceasefire and the release "
            "of hostages in stages. \"We are closer than at any time since the war began, and both "
            "delegations know what is at stake,\" said Foreign Minister Sameh Shoukry. Hospitals in "
            "southern Gaza ran out of fuel for their generators, doctors warned, and surgeons operated "
            "by torchlight. Aid agencies urged the mediators to include fuel deliveries in the "
            "ceasefire deal.",
            source="Global Times", published=first_day + timedelta(days=2),
            url="https://globaltimes.example/deal-close",
        ),
    ]
