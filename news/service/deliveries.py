"""Scheduled digests through the outbox: claim, compose, and record how the send went.

The face (the Telegram bot) sends; the service decides what to send and keeps the outbox, so a
restart neither loses nor repeats a digest (see ``news.store.outbox``).
"""

from __future__ import annotations

from datetime import date, datetime

from news.answers.digest import compose_digest
from news.errors import StorageError
from news.outbox import local_period, missed_digests
from news.quarantine import describe, set_aside
from news.store import chats as chat_store
from news.store import outbox as store
from news.store import reads as read_store

from .base import ServiceBase
from .results import PreparedDigest

__all__ = ["DeliveriesMixin"]


class DeliveriesMixin(ServiceBase):
    async def prepare_digest(self, chat_id: int, *, worker: str,
                             period: date | None = None) -> PreparedDigest | None:
        """Claim the chat's digest for its local day (or ``period``) and compose it; None when
        there is nothing to send (disabled, paused, already sent or being sent)."""
        claimed = await self._run(self._claim, chat_id, worker, period)
        if claimed is None:
            return None
        try:
            return await self._run(self._compose, claimed)
        except StorageError:
            raise  # the database, not this digest: the claim stays and is retried after it is back
        except Exception as exc:  # this chat's digest only: recorded for a retry and set aside
            await self._run(self._compose_failed, claimed[0], exc)
            raise

    def _claim(self, chat_id: int, worker: str, period: date | None) -> tuple[store.Claim, datetime] | None:
        now = self.now()
        # Two short transactions: SQLite has one writer, and a thousand digests due at once
        # queue for it; the chat is read without holding the write lock.
        with self.db.read() as conn:
            chat = chat_store.get_chat(conn, chat_id)
        if chat is None or not chat.digest_enabled or chat.paused:
            return None
        with self.db.write() as conn:
            claim = store.claim_delivery(conn, chat_id, period or local_period(chat, now), worker=worker, now=now)
        return (claim, now) if claim is not None else None

    def _compose(self, claimed: tuple[store.Claim, datetime]) -> PreparedDigest:
        claim, now = claimed
        with self.db.read() as conn:
            chat = chat_store.get_chat(conn, claim.chat_id)
            assert chat is not None
            digest = compose_digest(
                conn, chat.topics, now=now, since=chat.last_digest_at, limit=self.settings.digest_stories,
                summary_sentences=self.settings.digest_summary_sentences, candidates=self._candidates,
                chat_id=chat.id,
            )
        return PreparedDigest(claim, chat, digest, now.astimezone(chat.tzinfo))

    async def digest_delivered(self, prepared: PreparedDigest) -> None:
        """Record the digest as sent and what it showed as read by the chat (only now: a digest
        that failed to send counts for nothing); the chat's next digest starts where this one
        ended."""
        await self._run(self._delivered, prepared)

    def _delivered(self, prepared: PreparedDigest) -> None:
        with self.db.write() as conn:
            now = self.now()
            store.mark_sent(conn, prepared.claim, now=now, covered_until=prepared.digest.covered_until)
            read_store.record_reads(conn, prepared.claim.chat_id, prepared.digest.reads, now=now)

    async def digest_failed(self, prepared: PreparedDigest, error: str) -> bool:
        """Record a send that failed on Telegram's side; True when it will be tried again."""
        return await self._run(self._failed, prepared.claim, error)

    def _compose_failed(self, claim: store.Claim, exc: Exception) -> None:
        with self.db.write() as conn:
            store.mark_failed(conn, claim, describe(exc), retry=True)
            set_aside(conn, "digest", [(f"chat {claim.chat_id} digest of {claim.period}", describe(exc), None)],
                      now=self.now())

    def _failed(self, claim: store.Claim, error: str) -> bool:
        with self.db.write() as conn:
            return store.mark_failed(conn, claim, error, retry=True)

    async def chat_unreachable(self, chat_id: int, reason: str, *,
                               prepared: PreparedDigest | None = None) -> bool:
        """Pause a chat Telegram refuses messages to; True only for the call that paused it
        (so it is logged once). A digest in flight is marked failed, not retried."""
        return await self._run(self._unreachable, chat_id, reason, prepared)

    def _unreachable(self, chat_id: int, reason: str, prepared: PreparedDigest | None) -> bool:
        with self.db.write() as conn:
            if prepared is not None:
                store.mark_failed(conn, prepared.claim, reason)
            return chat_store.pause_chat(conn, chat_id, reason)

    async def pending_digests(self, *, worker: str) -> list[tuple[int, date]]:
        """At start-up: digests a dead process claimed or that wait for a retry, and those missed
        while no bot ran (one per chat), as (chat id, period)."""
        return await self._run(self._pending, worker)

    def _pending(self, worker: str) -> list[tuple[int, date]]:
        with self.db.read() as conn:
            pending = store.stale_claims(conn, worker=worker)
            seen = set(pending)
            for chat, period in missed_digests(conn, self.now()):
                if (chat.id, period) not in seen:
                    pending.append((chat.id, period))
        return pending
