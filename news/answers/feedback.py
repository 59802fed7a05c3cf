"""Feedback that changes what comes next: 👍 / 👎 on a digest story move stories like it up or
down in that chat's later digests, fading with time.

How weights combine with the digest ranking, exactly. The digest's own order (most widely
reported first, then newest; see ``news.answers.digest``) gives each matching story a position
p = 0, 1, 2, … Each press is an event e: its sign s (+1 for 👍, −1 for 👎), the pressed story's
terms T (content words and numbers of its title and summary, as ``news.answers.novelty``
fingerprints them), its outlets O, and its time t. Then

    likeness(story, e) = 0.7 · |T_story ∩ T_e| / min(|T_story|, |T_e|) + 0.3 · [O_story ∩ O_e ≠ ∅]
    w(story)           = clip(Σ_e s_e · 2^(−(now − t_e) / HALF_LIFE) · likeness(story, e), −1, 1)
    rank key           = p − SHIFT · w        (ties keep the digest's order)

so a story like a liked one moves up by up to ``SHIFT`` places and one like a disliked story down
as much (out of a digest of eight, if it was near the end). A press counts fully today, half
after ``HALF_LIFE``; one press per chat and story (pressing again replaces it). Stories that share
nothing with any pressed story keep their places.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import Connection

from news.answers.novelty import fingerprint
from news.models import Story
from news.store import feedback as store

__all__ = [
    "HALF_LIFE",
    "HORIZON",
    "SHIFT",
    "FeedbackEvent",
    "Profile",
    "StoryReason",
    "chat_events",
    "event_row",
    "profile",
    "rerank",
    "weight",
]

HALF_LIFE: Final = timedelta(days=14)
SHIFT: Final = 5.0
_TERMS: Final = 0.7
_OUTLET: Final = 0.3
# Older presses weigh under 2**-8 (0.4%) of a fresh one: not worth reading.
HORIZON: Final = HALF_LIFE * 8


@dataclass(slots=True, frozen=True)
class Profile:
    """What "stories like it" compares: a story's terms and outlets."""

    terms: frozenset[int]
    outlets: frozenset[str]


@dataclass(slots=True, frozen=True)
class FeedbackEvent:
    """One 👍 (sign +1) or 👎 (sign −1) of a chat on a story, with the story's profile then."""

    story_id: int
    sign: int
    profile: Profile
    at: datetime


@dataclass(slots=True, frozen=True)
class StoryReason:
    """Why a story is in a chat's digest ("Why?"): the topics it matched (none: a top story),
    how widely and how recently it was reported, and the chat's feedback weight of it."""

    story_id: int
    title: str
    topics: list[str]
    reports: int
    outlets: int
    last_published_at: datetime
    weight: float  # in [-1, 1]; 0 when no feedback bears on it


def chat_events(conn: Connection, chat_id: int, *, now: datetime) -> list[FeedbackEvent]:
    """The chat's presses recent enough to count."""
    return [
        FeedbackEvent(r.story_id, r.sign, Profile(frozenset(r.terms), frozenset(r.outlets)), r.at)
        for r in store.feedback_rows(conn, chat_id, since=now - HORIZON)
    ]


def event_row(story: Story, *, liked: bool, now: datetime) -> store.FeedbackRow:
    """A press on the story, as stored."""
    shape = profile(story)
    return store.FeedbackRow(story.id, 1 if liked else -1, tuple(sorted(shape.terms)),
                             tuple(sorted(shape.outlets)), now)


def profile(story: Story) -> Profile:
    text = " ".join([story.title, *(s.text for s in story.summary)])
    return Profile(frozenset(fingerprint(text)), frozenset(a.source for a in story.articles))


def _likeness(a: Profile, b: Profile) -> float:
    smaller = min(len(a.terms), len(b.terms))
    terms = len(a.terms & b.terms) / smaller if smaller else 0.0
    return _TERMS * terms + _OUTLET * bool(a.outlets & b.outlets)


def weight(story: Profile, events: Sequence[FeedbackEvent], *, now: datetime) -> float:
    """The chat's feedback weight of a story in [−1, 1] (module docstring)."""
    total = 0.0
    for event in events:
        age = max((now - event.at) / HALF_LIFE, 0.0)
        total += event.sign * 0.5 ** age * _likeness(story, event.profile)
    return max(-1.0, min(1.0, total))


def rerank(stories: Sequence[Story], events: Sequence[FeedbackEvent], *, now: datetime) -> list[Story]:
    """The stories in the order the chat's feedback gives them (module docstring)."""
    if not events:
        return list(stories)
    keys = {s.id: position - SHIFT * weight(profile(s), events, now=now) for position, s in enumerate(stories)}
    return sorted(stories, key=lambda s: keys[s.id])
