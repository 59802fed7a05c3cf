"""A digest that knows what the chat has read: first-time stories whole, seen ones as updates.

For each story a chat's digest would carry (``news.answers.digest``), the chat's read state
(``news.store.reads``) decides:

* never sent: the story as today; delivering it records all its current reports as seen and
  the sentences shown as sent;
* sent before, no report since: left out;
* sent before, with reports the chat has not seen: an *update* carrying only their new facts,
  the summary sentences of those reports that are near-duplicates neither of a sentence the chat
  was sent nor of each other (``news.answers.novelty``), each cited with its report's number.
  Reports are taken in turn (the first sentence of each, then the second...), so one wordy
  report never crowds out another outlet's news; at most ``MAX_UPDATE_FACTS`` are shown. A story
  whose new reports only repeat what was sent is left out.

Nothing is written here: the marks go with the digest and are recorded once it was delivered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import zip_longest
from typing import Final

from sqlalchemy import Connection

from news.answers.novelty import distinct, fingerprint
from news.models import Story, StorySentence
from news.store import reads as store
from news.store.reads import NewReport, Read, ReadMark

__all__ = ["MAX_UPDATE_FACTS", "Followed", "follow_up", "update_of"]

# New facts shown per update: about two messages' worth of lines in a digest of eight stories.
MAX_UPDATE_FACTS: Final = 6


@dataclass(slots=True, frozen=True)
class Followed:
    """A story as this chat's digest would show it, and what showing it marks as read."""

    story: Story
    update: bool
    mark: ReadMark


def update_of(story: Story, read: Read, reports: Sequence[NewReport],
              *, max_facts: int = MAX_UPDATE_FACTS) -> Followed | None:
    """The update of a story the chat has seen, or None when its new reports hold no new fact."""
    if not reports:
        return None
    facts: list[StorySentence] = []
    for row in zip_longest(*(r.sentences for r in reports)):
        facts.extend(StorySentence(r.ref.id, text) for r, text in zip(reports, row, strict=True) if text)
    prints = [fingerprint(f.text) for f in facts]
    kept = distinct(prints, read.sentences)[:max_facts]
    # A report not summarized yet has no sentences to judge: it stays unseen until it has.
    seen = tuple(r.ref.id for r in reports if r.sentences)
    if not kept:
        return None
    shown = [facts[i] for i in kept]
    cited = {f.article_id for f in shown}
    listed = tuple(r.ref for r in reports if r.ref.id in cited)
    updated = Story(
        id=story.id, title=story.title, articles=listed, summary=tuple(shown),
        first_published_at=story.first_published_at, last_published_at=story.last_published_at,
        more_sources=len(reports) - len(listed), updated_at=story.updated_at,
    )
    return Followed(updated, True, ReadMark(story.id, seen, tuple(prints[i] for i in kept)))


def follow_up(conn: Connection, chat_id: int, stories: Sequence[Story], *,
              limit: int) -> tuple[list[Followed], int]:
    """The first ``limit`` stories as the chat should get them, in the same order, those with
    nothing new left out; and how many in all would be shown.

    A seen story whose new reports repeat only what was sent is left out without being marked:
    it stays out next time too, for the same reason, until a report with a new fact joins it.
    Only the chat's read rows and the reports of the stories it has seen are read for the whole
    list (a top-stories chat matches up to 300); members are listed only for the stories shown.
    """
    reads = store.load_reads(conn, chat_id, (s.id for s in stories))
    unseen = store.unseen_reports(conn, {i: r.article_ids for i, r in reads.items()}) if reads else {}
    chosen: list[Story | Followed] = []
    for story in stories:
        read = reads.get(story.id)
        if read is None:
            chosen.append(story)
        elif (update := update_of(story, read, unseen.get(story.id, ()))) is not None:
            chosen.append(update)
    shown = chosen[:limit]
    members = store.member_ids(conn, [s.id for s in shown if isinstance(s, Story)])
    followed: list[Followed] = []
    for item in shown:
        if isinstance(item, Followed):
            followed.append(item)
            continue
        now_members = tuple(members.get(item.id) or (a.id for a in item.articles))
        mark = ReadMark(item.id, now_members, tuple(fingerprint(s.text) for s in item.summary))
        followed.append(Followed(item, False, mark))
    return followed, len(chosen)
