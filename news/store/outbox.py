"""The digest outbox: one ``digest_deliveries`` row per chat and local day.

    claim  ──►  claimed ──send ok──────────────────►  sent
                   │  ├──chat unreachable (403)───►  failed
                   │  └──Telegram kept failing────►  retry ──claimed again later (up to
                   │                                         MAX_SEND_ATTEMPTS), then failed
                   └── process died: a later process re-claims it once (attempts 1 → 2),
                       after that it is abandoned rather than risk sending it a third time.

The unique (chat, period) constraint makes the claim the exclusion: of several processes only one
inserts the row, so a digest is never sent twice. Which periods are due is decided in
``news.outbox``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from news.store.schema import chats, digest_deliveries

__all__ = [
    "MAX_CLAIM_ATTEMPTS",
    "MAX_SEND_ATTEMPTS",
    "Claim",
    "claim_delivery",
    "delivery_exists",
    "digests_sent_since",
    "mark_failed",
    "mark_sent",
    "stale_claims",
]

MAX_CLAIM_ATTEMPTS = 2  # the first try plus one retry after a crash between claim and send
MAX_SEND_ATTEMPTS = 3  # deliveries that failed on Telegram's side are tried this often in all


@dataclass(slots=True, frozen=True)
class Claim:
    """The right to send one chat's digest for one local day."""

    delivery_id: int
    chat_id: int
    period: date
    attempts: int


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


def delivery_exists(conn: Connection, chat_id: int, period: date) -> bool:
    return conn.execute(
        select(digest_deliveries.c.id).where(
            digest_deliveries.c.chat_id == chat_id, digest_deliveries.c.period == period
        )
    ).first() is not None


def digests_sent_since(conn: Connection, since: datetime) -> int:
    return int(conn.execute(
        select(func.count()).select_from(digest_deliveries).where(digest_deliveries.c.sent_at >= since)
    ).scalar_one())
