"""Chats, their topics and the digest outbox: the state a daily digest depends on.

A chat row carries its digest settings (local time, IANA timezone, forum thread); its topics are
rows of ``subscriptions``. The outbox (``digest_deliveries``) has one row per chat and local day:

    claim  ──►  claimed ──send ok──────────────────►  sent
                   │  ├──chat unreachable (403)───►  failed
                   │  └──Telegram kept failing────►  retry ──claimed again later (up to
                   │                                         MAX_SEND_ATTEMPTS), then failed
                   └── process died: a later process re-claims it once (attempts 1 → 2),
                       after that it is abandoned rather than risk sending it a third time.

Topics are words and phrases, never regular expressions; ``-word`` excludes. Matching lives in
``news.digest``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from news.db.schema import chats, digest_deliveries, subscriptions
from news.errors import NewsError

__all__ = [
    "MAX_TOPICS",
    "MAX_TOPIC_CHARS",
    "Chat",
    "Claim",
    "SubscriptionError",
    "check_timezone",
    "claim_delivery",
    "count_chats",
    "digest_chats",
    "ensure_chat",
    "get_chat",
    "last_due",
    "local_period",
    "mark_failed",
    "mark_sent",
    "missed_digests",
    "parse_digest_time",
    "parse_topics",
    "pause_chat",
    "resume_chat",
    "set_digest_enabled",
    "set_digest_time",
    "set_timezone",
    "stale_claims",
    "subscribe",
    "unsubscribe",
]

MAX_TOPICS = 20
MAX_TOPIC_CHARS = 80
MAX_CLAIM_ATTEMPTS = 2  # the first try plus one retry after a crash between claim and send
MAX_SEND_ATTEMPTS = 3  # deliveries that failed on Telegram's side are tried this often in all


class SubscriptionError(NewsError):
    """A topic, time or timezone given by a user is not acceptable; the message says why."""


@dataclass(slots=True)
class Chat:
    """A chat's digest settings and topics (``-word`` topics are exclusions)."""

    id: int
    timezone: str
    digest_time: time
    digest_enabled: bool
    paused: bool
    title: str | None = None
    kind: str | None = None
    thread_id: int | None = None
    paused_reason: str | None = None
    last_digest_at: datetime | None = None
    created_at: datetime | None = None
    topics: list[str] = field(default_factory=list)

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def local_digest_time(self) -> time:
        """The digest time carrying the chat's tzinfo, as ``JobQueue.run_daily`` expects."""
        return self.digest_time.replace(tzinfo=self.tzinfo)


@dataclass(slots=True, frozen=True)
class Claim:
    """The right to send one chat's digest for one local day."""

    delivery_id: int
    chat_id: int
    period: date
    attempts: int


_TOKEN = re.compile(r'(-?)["“”]([^"“”]+)["“”]|(,|[^\s,"“”]+)')


def _clean(topic: str) -> str:
    words = re.findall(r"[^\W_]+(?:['’.&+-][^\W_]+)*", topic, re.UNICODE)
    return " ".join(words).lower()


def parse_topics(text: str) -> list[str]:
    """'gaza, "climate change" -football' -> ['gaza', 'climate change', '-football'].

    Commas separate phrases; quotes keep a phrase together; a leading ``-`` excludes. Everything
    but letters and digits is dropped, so nothing a user types is ever interpreted as a pattern.
    """
    found: list[str] = []

    def keep(topic: str, exclude: bool) -> None:
        cleaned = _clean(topic)
        if not cleaned:
            return
        if len(cleaned) > MAX_TOPIC_CHARS:
            raise SubscriptionError(f"topic too long (at most {MAX_TOPIC_CHARS} characters)")
        value = f"-{cleaned}" if exclude else cleaned
        if value not in found:
            found.append(value)

    words: list[str] = []

    def flush() -> None:
        keep(" ".join(words), False)
        words.clear()

    for match in _TOKEN.finditer(text):
        negated, phrase, token = match.groups()
        if phrase is not None:
            flush()
            keep(phrase, bool(negated))
        elif token == ",":
            flush()
        elif token.startswith("-"):
            flush()
            keep(token[1:], True)
        else:
            words.append(token)
    flush()
    if len(found) > MAX_TOPICS:
        raise SubscriptionError(f"too many topics (at most {MAX_TOPICS})")
    return found


def parse_digest_time(text: str) -> time:
    """'8', '08:30', '7.15', '18h' -> a time; SubscriptionError otherwise."""
    match = re.fullmatch(r"\s*(\d{1,2})(?:[:.hH](\d{2})?)?\s*", text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise SubscriptionError(f"{text.strip()!r} is not a time of day (use HH:MM, e.g. 07:30)")


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SubscriptionError(
            f"{name!r} is not an IANA timezone (e.g. Europe/Berlin, America/New_York, UTC)"
        ) from exc
    return name


def _chat_from_row(conn: Connection, row: object) -> Chat:
    chat_id = int(row.id)  # type: ignore[attr-defined]
    topics = conn.execute(
        select(subscriptions.c.topic)
        .where(subscriptions.c.chat_id == chat_id)
        .order_by(subscriptions.c.id)
    ).scalars().all()
    return Chat(
        id=chat_id,
        timezone=row.timezone,  # type: ignore[attr-defined]
        digest_time=row.digest_time,  # type: ignore[attr-defined]
        digest_enabled=bool(row.digest_enabled),  # type: ignore[attr-defined]
        paused=bool(row.paused),  # type: ignore[attr-defined]
        title=row.title,  # type: ignore[attr-defined]
        kind=row.kind,  # type: ignore[attr-defined]
        thread_id=row.thread_id,  # type: ignore[attr-defined]
        paused_reason=row.paused_reason,  # type: ignore[attr-defined]
        last_digest_at=row.last_digest_at,  # type: ignore[attr-defined]
        created_at=row.created_at,  # type: ignore[attr-defined]
        topics=list(topics),
    )


def get_chat(conn: Connection, chat_id: int) -> Chat | None:
    row = conn.execute(select(chats).where(chats.c.id == chat_id)).first()
    return _chat_from_row(conn, row) if row is not None else None


def ensure_chat(
    conn: Connection,
    chat_id: int,
    *,
    default_time: time,
    default_timezone: str,
    title: str | None = None,
    kind: str | None = None,
    thread_id: int | None = None,
    now: datetime | None = None,
) -> Chat:
    """The chat's row, created with the defaults on first contact (races end in one row)."""
    existing = get_chat(conn, chat_id)
    if existing is not None:
        return existing
    try:
        with conn.begin_nested():
            conn.execute(
                insert(chats).values(
                    id=chat_id, title=title, kind=kind, timezone=default_timezone,
                    digest_time=default_time, digest_enabled=False, thread_id=thread_id,
                    paused=False, created_at=now or datetime.now(UTC),
                )
            )
    except IntegrityError:
        pass
    chat = get_chat(conn, chat_id)
    assert chat is not None
    return chat


def subscribe(conn: Connection, chat_id: int, topics: list[str], *, thread_id: int | None = None,
              now: datetime | None = None) -> list[str]:
    """Add topics, enable (and un-pause) the digest; return the topics that were new."""
    now = now or datetime.now(UTC)
    existing = set(conn.execute(
        select(subscriptions.c.topic).where(subscriptions.c.chat_id == chat_id)
    ).scalars())
    if len(existing | set(topics)) > MAX_TOPICS:
        raise SubscriptionError(f"a chat can follow at most {MAX_TOPICS} topics")
    added = [t for t in topics if t not in existing]
    for topic in added:
        conn.execute(insert(subscriptions).values(chat_id=chat_id, topic=topic, created_at=now))
    values: dict[str, object] = {"digest_enabled": True, "paused": False, "paused_reason": None}
    if thread_id is not None:
        values["thread_id"] = thread_id
    conn.execute(update(chats).where(chats.c.id == chat_id).values(**values))
    return added


def unsubscribe(conn: Connection, chat_id: int, topics: list[str] | None = None) -> list[str]:
    """Remove the given topics, or all of them and the digest itself when none are given."""
    existing = list(conn.execute(
        select(subscriptions.c.topic).where(subscriptions.c.chat_id == chat_id)
        .order_by(subscriptions.c.id)
    ).scalars())
    removed = existing if topics is None else [t for t in topics if t in existing]
    if removed:
        conn.execute(
            delete(subscriptions).where(
                subscriptions.c.chat_id == chat_id, subscriptions.c.topic.in_(removed)
            )
        )
    if topics is None:
        set_digest_enabled(conn, chat_id, False)
    return removed


def set_digest_time(conn: Connection, chat_id: int, value: time) -> None:
    conn.execute(update(chats).where(chats.c.id == chat_id).values(digest_time=value))


def set_timezone(conn: Connection, chat_id: int, name: str) -> None:
    conn.execute(update(chats).where(chats.c.id == chat_id).values(timezone=check_timezone(name)))


def set_digest_enabled(conn: Connection, chat_id: int, enabled: bool) -> None:
    conn.execute(update(chats).where(chats.c.id == chat_id).values(digest_enabled=enabled))


def pause_chat(conn: Connection, chat_id: int, reason: str) -> bool:
    """Pause a chat's digest; True only for the call that paused it (so it is logged once)."""
    result = conn.execute(
        update(chats)
        .where(chats.c.id == chat_id, chats.c.paused.is_(False))
        .values(paused=True, paused_reason=reason)
    )
    return result.rowcount == 1


def resume_chat(conn: Connection, chat_id: int) -> None:
    conn.execute(update(chats).where(chats.c.id == chat_id).values(paused=False, paused_reason=None))


def digest_chats(conn: Connection) -> list[Chat]:
    """Chats that should receive digests: enabled and not paused."""
    rows = conn.execute(
        select(chats).where(chats.c.digest_enabled.is_(True), chats.c.paused.is_(False))
        .order_by(chats.c.id)
    ).all()
    return [_chat_from_row(conn, row) for row in rows]


def count_chats(conn: Connection) -> tuple[int, int, int]:
    """(chats known, chats with digests on, chats paused)."""
    rows = conn.execute(select(chats.c.digest_enabled, chats.c.paused)).all()
    return len(rows), sum(1 for r in rows if r.digest_enabled and not r.paused), sum(
        1 for r in rows if r.paused
    )


# The outbox -------------------------------------------------------------------------------------


def local_period(chat: Chat, now: datetime) -> date:
    """The chat's local calendar day at ``now``: one digest per chat and local day."""
    return now.astimezone(chat.tzinfo).date()


def last_due(chat: Chat, now: datetime) -> datetime:
    """The most recent scheduled digest moment at or before ``now`` (aware, chat-local)."""
    local = now.astimezone(chat.tzinfo)
    due = datetime.combine(local.date(), chat.digest_time, tzinfo=chat.tzinfo)
    if due > local:
        due = datetime.combine(local.date() - timedelta(days=1), chat.digest_time, tzinfo=chat.tzinfo)
    return due


def claim_delivery(conn: Connection, chat_id: int, period: date, *, worker: str,
                   now: datetime | None = None) -> Claim | None:
    """Claim the (chat, period) row; None when it is sent, failed or being sent by this worker.

    A row left ``claimed`` by another worker (a process that died between claim and send) is
    taken over once; a unique constraint makes concurrent claims end with one winner.
    """
    now = now or datetime.now(UTC)
    try:
        with conn.begin_nested():
            result = conn.execute(
                insert(digest_deliveries).values(
                    chat_id=chat_id, period=period, state="claimed", claimed_at=now,
                    claimed_by=worker, attempts=1,
                )
            )
        key = result.inserted_primary_key
        assert key is not None
        return Claim(int(key[0]), chat_id, period, 1)
    except IntegrityError:
        pass
    row = conn.execute(
        select(digest_deliveries).where(
            digest_deliveries.c.chat_id == chat_id, digest_deliveries.c.period == period
        )
    ).first()
    if row is not None and row.state == "retry" and row.attempts < MAX_SEND_ATTEMPTS:
        taken = conn.execute(
            update(digest_deliveries)
            .where(digest_deliveries.c.id == row.id, digest_deliveries.c.state == "retry")
            .values(state="claimed", claimed_by=worker, claimed_at=now,
                    attempts=row.attempts + 1)
        )
        if taken.rowcount != 1:
            return None
        return Claim(int(row.id), chat_id, period, int(row.attempts) + 1)
    if row is None or row.state != "claimed" or row.claimed_by == worker:
        return None
    if row.attempts >= MAX_CLAIM_ATTEMPTS:
        conn.execute(
            update(digest_deliveries).where(digest_deliveries.c.id == row.id)
            .values(state="abandoned", error="claimed twice without being sent")
        )
        return None
    taken = conn.execute(
        update(digest_deliveries)
        .where(digest_deliveries.c.id == row.id, digest_deliveries.c.state == "claimed",
               digest_deliveries.c.attempts == row.attempts)
        .values(claimed_by=worker, claimed_at=now, attempts=row.attempts + 1)
    )
    if taken.rowcount != 1:
        return None
    return Claim(int(row.id), chat_id, period, int(row.attempts) + 1)


def mark_sent(conn: Connection, claim: Claim, *, now: datetime | None = None,
              covered_until: datetime | None = None) -> None:
    """Record the digest as sent; the chat's next digest starts at ``covered_until``."""
    now = now or datetime.now(UTC)
    conn.execute(
        update(digest_deliveries).where(digest_deliveries.c.id == claim.delivery_id)
        .values(state="sent", sent_at=now, error=None)
    )
    conn.execute(
        update(chats).where(chats.c.id == claim.chat_id)
        .values(last_digest_at=covered_until or now)
    )


def mark_failed(conn: Connection, claim: Claim, error: str, *, retry: bool = False) -> bool:
    """Record a failed send; with ``retry`` (a transient fault) it stays claimable while
    attempts remain. Returns whether it will be retried."""
    again = retry and claim.attempts < MAX_SEND_ATTEMPTS
    conn.execute(
        update(digest_deliveries).where(digest_deliveries.c.id == claim.delivery_id)
        .values(state="retry" if again else "failed", error=error[:500])
    )
    return again


def stale_claims(conn: Connection, *, worker: str) -> list[tuple[int, date]]:
    """(chat, period) rows to finish: claimed by another, dead worker, or waiting for a retry."""
    rows = conn.execute(
        select(digest_deliveries.c.chat_id, digest_deliveries.c.period).where(
            ((digest_deliveries.c.state == "claimed") & (digest_deliveries.c.claimed_by != worker))
            | (digest_deliveries.c.state == "retry")
        ).order_by(digest_deliveries.c.id)
    ).all()
    return [(int(r.chat_id), r.period) for r in rows]


def missed_digests(conn: Connection, now: datetime) -> list[tuple[Chat, date]]:
    """Chats whose most recent digest moment passed with no outbox row: one period each.

    Only the latest due day is considered, so a bot that was down for a week sends one digest
    per chat when it comes back, not seven.
    """
    missed: list[tuple[Chat, date]] = []
    for chat in digest_chats(conn):
        due = last_due(chat, now)
        if chat.created_at is not None and chat.created_at > due:
            continue
        if chat.last_digest_at is not None and chat.last_digest_at >= due:
            continue
        exists = conn.execute(
            select(digest_deliveries.c.id).where(
                digest_deliveries.c.chat_id == chat.id, digest_deliveries.c.period == due.date()
            )
        ).first()
        if exists is None:
            missed.append((chat, due.date()))
    return missed
