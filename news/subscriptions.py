"""Chats and their topics: the state a daily digest depends on.

A chat row carries its digest settings (local time, IANA timezone, forum thread); its topics are
rows of ``subscriptions``. Delivery state lives in ``news.outbox``.

Topics are words and phrases, never regular expressions; ``-word`` excludes. Matching lives in
``news.digest``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from news.db.schema import chats, subscriptions
from news.errors import NewsError

__all__ = [
    "MAX_TOPICS",
    "MAX_TOPIC_CHARS",
    "Chat",
    "SubscriptionError",
    "check_timezone",
    "count_chats",
    "digest_chats",
    "ensure_chat",
    "get_chat",
    "parse_digest_time",
    "parse_topics",
    "pause_chat",
    "resume_chat",
    "set_digest_enabled",
    "set_digest_time",
    "set_timezone",
    "subscribe",
    "unsubscribe",
]

MAX_TOPICS = 20
MAX_TOPIC_CHARS = 80


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
