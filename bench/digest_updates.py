"""Digests that know what the chat has read, measured on pooled Multi-News dev stories.

    .venv/bin/python bench/digest_updates.py [--data ../shared/data] [--thresholds 0.5 0.6 0.7 0.8]

Every article of ``multinews.dev.jsonl`` is pooled (the row is the true story): a row's reports
arrive one a day (row r starting on day r mod 5, so stories overlap), each day's batch ingested
through the real service at that simulated day, then one chat following the top stories gets its
scheduled digest (``prepare_digest`` → ``digest_delivered``, no story limit so every story is
offered). Reported, per near-duplicate threshold (``news.answers.novelty.CONTAINMENT``):

* repeated: the share of digest sentences the chat had already been sent (exact text, any story;
  and near-duplicates of a sentence sent in the same story by the same test), target 0%;
* new facts kept: of the summary sentences of the reports a chat had not seen of a story it had
  read, those that are near-duplicates of nothing it was sent are the new facts; a fact is kept
  when the day's digest shows it or a near-duplicate of it. Target at least 90%;
* how the update's sentences come about: sentences of new reports judged repeats, updates sent,
  stories left out for having nothing new, facts per update; and, independent of the threshold
  under test, the digest sentences sharing at least half their terms with one sentence sent
  in the same story (what a looser test would have called a repeat).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import select

from config import load_settings
from news import ChatRef, NewsService
from news.answers import novelty
from news.store import open_database
from news.store import reads as read_store
from news.store.schema import story_reads

CHAT = ChatRef(1, kind="private", title="bench")


def _rows(data: Path) -> list[list[str]]:
    rows = [json.loads(line) for line in (data / "multinews.dev.jsonl").open(encoding="utf-8")]
    return [[a for a in row["articles"] if a.strip()] for row in rows]


def _arrivals(rows: list[list[str]], start: datetime) -> dict[int, list[dict[str, Any]]]:
    by_day: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for number, articles in enumerate(rows):
        for position, text in enumerate(articles):
            day = number % 5 + position
            by_day[day].append({"id": f"mn{number}-{position}", "text": text, "source": f"outlet{position}",
                                "published": (start + timedelta(days=day, hours=1)).isoformat()})
    return by_day


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def _run(rows: list[list[str]], threshold: float, workdir: Path) -> dict[str, float]:
    novelty.CONTAINMENT = threshold  # type: ignore[misc]  # the one knob this benchmark turns
    url = f"sqlite:///{workdir / f'updates-{threshold}.db'}"
    # No story limit: every story is offered every day, so only the read state decides.
    settings = load_settings(database_url=url, data_dir=workdir).model_copy(update={"digest_stories": 1000})
    # Days in the past: stories record their changes by the wall clock, and each simulated
    # digest must see them as changed since the one before.
    start = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=40)
    clock = Clock(start)
    arrivals = _arrivals(rows, start)
    db = open_database(url)
    figures: dict[str, float] = defaultdict(float)
    sent: dict[int, list[novelty.Fingerprint]] = {}
    sent_texts: set[str] = set()

    async def days() -> None:
        async with NewsService(settings, db, clock=clock) as news:
            await news.subscribe(CHAT, "anything")
            await news.unsubscribe(CHAT, "anything")  # digest on, no topics: the top stories
            await news.set_digest_enabled(CHAT, True)
            for day in range(max(arrivals) + 2):
                clock.moment = start + timedelta(days=day, hours=2)
                if arrivals.get(day):
                    path = workdir / f"day{threshold}-{day}.jsonl"
                    path.write_text("\n".join(json.dumps(r) for r in arrivals[day]), encoding="utf-8")
                    await news.ingest([path])
                clock.moment = start + timedelta(days=day, hours=9)
                await _measure_day(news, figures, sent, sent_texts)

    asyncio.run(days())
    db.dispose()
    figures["share_repeated_exact"] = figures["repeated_exact"] / max(figures["sentences"], 1)
    figures["share_repeated_near"] = figures["repeated_near_same_story"] / max(figures["sentences"], 1)
    figures["share_new_facts_kept"] = figures["new_facts_kept"] / max(figures["new_facts"], 1)
    figures["facts_per_update"] = figures["update_facts"] / max(figures["updates"], 1)
    figures["share_overlap_half"] = figures["overlap_half_same_story"] / max(figures["sentences"], 1)
    figures["share_new_report_sentences_repeats"] = 1 - figures["new_facts"] / max(figures["new_report_sentences"], 1)
    return dict(figures)


def _containment(sentence: novelty.Fingerprint, sent: list[novelty.Fingerprint]) -> float:
    """The largest share of the sentence's terms found in one sent sentence (numbers or not)."""
    ours = set(sentence)
    return max((len(ours & set(other)) / max(len(ours), 1) for other in sent), default=0.0)


def _expected_facts(news: NewsService, figures: dict[str, float]) -> dict[int, list[novelty.Fingerprint]]:
    """Per story the chat has read: the new facts of its unseen reports, before the digest."""
    with news.db.read() as conn:
        story_ids = conn.execute(select(story_reads.c.story_id).where(story_reads.c.chat_id == CHAT.id)).scalars()
        reads = read_store.load_reads(conn, CHAT.id, story_ids)
        unseen = read_store.unseen_reports(conn, {i: r.article_ids for i, r in reads.items()})
    expected: dict[int, list[novelty.Fingerprint]] = {}
    for story_id, reports in unseen.items():
        prints = [novelty.fingerprint(s) for r in reports for s in r.sentences]
        figures["new_report_sentences"] += len(prints)
        expected[story_id] = [p for p in prints if not novelty.repeats_any(p, reads[story_id].sentences)]
    return expected


async def _measure_day(news: NewsService, figures: dict[str, float], sent: dict[int, list[novelty.Fingerprint]],
                       sent_texts: set[str]) -> None:
    expected = _expected_facts(news, figures)
    prepared = await news.prepare_digest(CHAT.id, worker="bench")
    if prepared is None:
        return
    digest = prepared.digest
    shown_by_story = {s.id: [x.text for x in s.summary] for s in digest.stories}
    for story in digest.stories:
        for text in shown_by_story[story.id]:
            figures["sentences"] += 1
            figures["repeated_exact"] += text in sent_texts
            figures["repeated_near_same_story"] += novelty.repeats_any(novelty.fingerprint(text),
                                                                       sent.get(story.id, []))
            # Independent of the threshold under test: half the words of one sent sentence.
            figures["overlap_half_same_story"] += _containment(novelty.fingerprint(text),
                                                               sent.get(story.id, [])) >= 0.5
        if story.id in digest.updates:
            figures["updates"] += 1
            figures["update_facts"] += len(story.summary)
        else:
            figures["first_time"] += 1
    for story_id, facts in expected.items():
        shown = [novelty.fingerprint(t) for t in shown_by_story.get(story_id, [])]
        figures["new_facts"] += len(facts)
        figures["new_facts_kept"] += sum(
            1 for f in facts if any(novelty.is_near_duplicate(f, s) or novelty.is_near_duplicate(s, f) for s in shown))
        figures["left_out_nothing_new"] += not facts and story_id not in shown_by_story
    await news.digest_delivered(prepared)
    for story in digest.stories:
        for text in shown_by_story[story.id]:
            sent_texts.add(text)
            sent.setdefault(story.id, []).append(novelty.fingerprint(text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--thresholds", type=float, nargs="+", default=[0.5, 0.6, 0.7, 0.8])
    args = parser.parse_args()
    rows = _rows(args.data)
    print(f"multinews dev: {len(rows)} stories, {sum(map(len, rows))} reports, one report a day per story")
    with tempfile.TemporaryDirectory() as tmp:
        for threshold in args.thresholds:
            f = _run(rows, threshold, Path(tmp))
            print(json.dumps({"threshold": threshold, **{k: round(v, 4) for k, v in sorted(f.items())}}))


if __name__ == "__main__":
    main()
