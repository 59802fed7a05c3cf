"""Sending: replies and digests, through Telegram's faults, and the daily digest jobs.

Faults and what they mean for a message:
  429 (``RetryAfter``)         wait what Telegram asks, send again (the message is not dropped)
  timeouts, 5xx (NetworkError) retry with exponential backoff, a few times
  400 "can't parse entities"   send the same message as plain text
  403 (``Forbidden``)          the bot was blocked or removed: raise ``ChatUnreachable`` so the
                               digest path pauses the chat instead of retrying forever

Digests go through the outbox in ``news.subscriptions``: claim the (chat, local day) row, compose,
send, mark sent. At start-up every enabled chat gets a ``run_daily`` job at its local time, rows
left claimed by a dead process are retried once, and a digest missed while the bot was down is
sent once.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application, CallbackContext, ContextTypes, JobQueue

from bot.render import html_to_text, render_digest
from config import Settings
from news.db import Database
from news.digest import CandidateCache, compose_digest
from news.outbox import (
    Claim,
    claim_delivery,
    local_period,
    mark_failed,
    mark_sent,
    missed_digests,
    stale_claims,
)
from news.subscriptions import (
    Chat,
    digest_chats,
    get_chat,
    pause_chat,
)

__all__ = [
    "POLICY_KEY",
    "ChatUnreachable",
    "Outcome",
    "RetryPolicy",
    "catch_up",
    "deliver_digest",
    "digest_job",
    "edit_message",
    "retry_job",
    "schedule_all",
    "schedule_chat",
    "send_messages",
]

# PTB 22 warns on every 429 (even inside its own RetryAfter constructor) that ``retry_after`` will
# become a timedelta; opting in to that future behaviour silences it, and _retry_seconds takes both.
os.environ.setdefault("PTB_TIMEDELTA", "1")

log = logging.getLogger(__name__)
POLICY_KEY = "retry_policy"
RETRY_DELAY = timedelta(minutes=10)  # before a digest Telegram kept refusing is tried again
# Digests composed at once. When a thousand fall due together, composing them all up front only
# starves the event loop (the rate limiter lets ~25 a second out anyway), and a starved loop
# releases messages in bunches that trip Telegram's flood limit.
DIGEST_CONCURRENCY = 8
_SLOTS_KEY = "digest_slots"
_CANDIDATES_KEY = "digest_candidates"
_T = TypeVar("_T")


@dataclass(slots=True, frozen=True)
class RetryPolicy:
    attempts: int = 5
    base_delay: float = 1.0
    max_delay: float = 30.0
    max_retry_after: float = 600.0  # beyond this a flood wait is an outage: give up, log


DEFAULT_POLICY = RetryPolicy()


@dataclass(slots=True, frozen=True)
class Outcome:
    """What happened to one digest: "sent", "skipped", "paused", "retry" or "failed"."""

    state: str
    period: date | None = None


class ChatUnreachable(Exception):
    """Telegram refuses messages to this chat (403: blocked, kicked, deactivated)."""


def _retry_seconds(exc: RetryAfter) -> float:
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def _call_with_retries(send: Callable[[bool], Awaitable[Message | bool]],
                             policy: RetryPolicy, *, what: str) -> Message | bool:
    """Run ``send(plain: bool)`` until it succeeds, per the fault table in the module docstring."""
    plain = False
    delay = policy.base_delay
    for attempt in range(1, policy.attempts + 1):
        try:
            return await send(plain)
        except RetryAfter as exc:
            wait = _retry_seconds(exc)
            if wait > policy.max_retry_after or attempt == policy.attempts:
                raise
            log.warning("flood limit on %s: waiting %.1f s as Telegram asks", what, wait)
            await asyncio.sleep(wait)
        except Forbidden as exc:
            raise ChatUnreachable(str(exc)) from exc
        except BadRequest as exc:
            if "can't parse entities" in str(exc).lower() and not plain:
                log.warning("Telegram rejected our HTML for %s (%s); sending plain text", what, exc)
                plain = True
                continue
            raise
        except NetworkError as exc:  # timeouts and 5xx; RetryAfter/BadRequest are caught above
            if attempt == policy.attempts:
                raise
            log.warning("sending %s failed (%s); retry %d in %.1f s", what, exc, attempt, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, policy.max_delay)
    raise AssertionError("unreachable")


async def send_messages(
    bot: Bot,
    chat_id: int,
    messages: list[str],
    *,
    thread_id: int | None = None,
    preview: bool = True,
    markup: InlineKeyboardMarkup | None = None,
    policy: RetryPolicy = DEFAULT_POLICY,
) -> list[Message]:
    """Send HTML messages in order (buttons under the last one), surviving Telegram's faults."""
    sent: list[Message] = []
    for index, text in enumerate(messages):
        last = index == len(messages) - 1

        async def send(plain: bool, text: str = text, last: bool = last) -> Message:
            return await bot.send_message(
                chat_id,
                html_to_text(text) if plain else text,
                parse_mode=None if plain else ParseMode.HTML,
                message_thread_id=thread_id,
                link_preview_options=LinkPreviewOptions(is_disabled=not preview),
                reply_markup=markup if last else None,
            )

        result = await _call_with_retries(send, policy, what=f"a message to chat {chat_id}")
        assert isinstance(result, Message)
        sent.append(result)
    return sent


async def edit_message(bot: Bot, chat_id: int, message_id: int, text: str, *,
                       markup: InlineKeyboardMarkup | None = None,
                       policy: RetryPolicy = DEFAULT_POLICY) -> None:
    """Replace a message (a pressed settings keyboard); "not modified" is not an error."""

    async def edit(plain: bool) -> Message | bool:
        return await bot.edit_message_text(
            html_to_text(text) if plain else text, chat_id=chat_id, message_id=message_id,
            parse_mode=None if plain else ParseMode.HTML, reply_markup=markup,
        )

    try:
        await _call_with_retries(edit, policy, what=f"an edit in chat {chat_id}")
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


# Digests ----------------------------------------------------------------------------------------


def _claim(db: Database, chat_id: int, *, worker: str, now: datetime,
           period: date | None) -> tuple[Claim, Chat] | None:
    """Claim the outbox row (None: nothing to send). The write transaction stays this short
    because SQLite has one writer: a thousand digests due at once queue for it."""
    with db.engine.connect() as conn:
        chat = get_chat(conn, chat_id)
    if chat is None or not chat.digest_enabled or chat.paused:
        return None
    with db.engine.begin() as conn:
        claim = claim_delivery(conn, chat_id, period or local_period(chat, now), worker=worker,
                               now=now)
    return (claim, chat) if claim is not None else None


def _compose(db: Database, settings: Settings, chat: Chat, now: datetime,
             candidates: CandidateCache | None) -> tuple[list[str], datetime]:
    """The digest's messages, and the moment it covers up to (the next one starts there)."""
    with db.engine.connect() as conn:
        digest = compose_digest(conn, chat.topics, now=now, since=chat.last_digest_at,
                                limit=settings.digest_stories, summary_sentences=3,
                                candidates=candidates)
    return render_digest(digest, now=now.astimezone(chat.tzinfo)), digest.covered_until


def _finish(db: Database, claim: Claim, *, error: str | None, covered_until: datetime,
            pause_reason: str | None = None) -> bool:
    """Record the outcome; True when the chat was just paused or the send will be retried."""
    with db.engine.begin() as conn:
        if error is None:
            mark_sent(conn, claim, now=datetime.now(UTC), covered_until=covered_until)
            return False
        if pause_reason:
            mark_failed(conn, claim, error)
            return pause_chat(conn, claim.chat_id, pause_reason)
        return mark_failed(conn, claim, error, retry=True)


async def deliver_digest(bot: Bot, db: Database, settings: Settings, chat_id: int, *,
                         worker: str, now: datetime | None = None, period: date | None = None,
                         policy: RetryPolicy = DEFAULT_POLICY,
                         candidates: CandidateCache | None = None) -> Outcome:
    """Claim, compose, send, mark."""
    now = now or datetime.now(UTC)
    claimed = await asyncio.to_thread(_claim, db, chat_id, worker=worker, now=now, period=period)
    if claimed is None:
        return Outcome("skipped")
    claim, chat = claimed
    try:
        messages, covered_until = await asyncio.to_thread(_compose, db, settings, chat, now,
                                                          candidates)
        await send_messages(bot, chat_id, messages, thread_id=chat.thread_id, preview=False,
                            policy=policy)
    except ChatUnreachable as exc:
        if await asyncio.to_thread(_finish, db, claim, error=str(exc), covered_until=now,
                                   pause_reason=f"Telegram: {exc}"):
            log.warning("chat %s blocked or removed the bot (%s): digest paused", chat_id, exc)
        return Outcome("paused", claim.period)
    except Exception as exc:
        again = await asyncio.to_thread(_finish, db, claim, error=f"{type(exc).__name__}: {exc}",
                                        covered_until=now)
        log.error("digest for chat %s (%s) not delivered: %s%s", chat_id, claim.period, exc,
                  "; will retry" if again else "")
        return Outcome("retry" if again else "failed", claim.period)
    await asyncio.to_thread(_finish, db, claim, error=None, covered_until=covered_until)
    return Outcome("sent", claim.period)


def _job_name(chat_id: int) -> str:
    return f"digest:{chat_id}"


def _resources(context: CallbackContext) -> tuple[Database, Settings, str, RetryPolicy]:  # type: ignore[type-arg]
    data = context.bot_data
    return data["db"], data["settings"], data["worker"], data.get(POLICY_KEY, DEFAULT_POLICY)


def _shared(context: CallbackContext, key: str, kind: type[_T], make: Callable[[], _T]) -> _T:  # type: ignore[type-arg]
    """One object per application in ``bot_data``, made on first use."""
    value = context.bot_data.get(key)
    if not isinstance(value, kind):
        value = context.bot_data[key] = make()
    return value


def _slots(context: CallbackContext) -> asyncio.Semaphore:  # type: ignore[type-arg]
    return _shared(context, _SLOTS_KEY, asyncio.Semaphore, lambda: asyncio.Semaphore(DIGEST_CONCURRENCY))


def _candidates(context: CallbackContext) -> CandidateCache:  # type: ignore[type-arg]
    """The application's shared candidate stories (one load serves the digests due together)."""
    return _shared(context, _CANDIDATES_KEY, CandidateCache, CandidateCache)


def _schedule_retry(context: ContextTypes.DEFAULT_TYPE, chat_id: int, period: date) -> None:
    assert context.job_queue is not None
    context.job_queue.run_once(retry_job, when=RETRY_DELAY, chat_id=chat_id, data=period,
                               name=f"digest-retry:{chat_id}")


async def digest_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The daily job of one chat (``job.chat_id``)."""
    job = context.job
    assert job is not None and job.chat_id is not None
    db, settings, worker, policy = _resources(context)
    async with _slots(context):
        outcome = await deliver_digest(context.bot, db, settings, job.chat_id, worker=worker,
                                       policy=policy, candidates=_candidates(context))
    if outcome.state == "paused":
        job.schedule_removal()  # /subscribe or /settings in that chat schedules it again
    elif outcome.state == "retry" and outcome.period is not None:
        _schedule_retry(context, job.chat_id, outcome.period)
    log.info("digest for chat %s: %s", job.chat_id, outcome.state)


async def retry_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """A digest that Telegram kept refusing (5xx, timeouts), tried again later."""
    job = context.job
    assert job is not None and job.chat_id is not None and isinstance(job.data, date)
    db, settings, worker, policy = _resources(context)
    async with _slots(context):
        outcome = await deliver_digest(context.bot, db, settings, job.chat_id, worker=worker,
                                       period=job.data, policy=policy, candidates=_candidates(context))
    if outcome.state == "retry":
        _schedule_retry(context, job.chat_id, job.data)
    log.info("retried digest for chat %s (%s): %s", job.chat_id, job.data, outcome.state)


def schedule_chat(job_queue: JobQueue, chat: Chat) -> None:  # type: ignore[type-arg]
    """(Re)place the chat's daily job at its local time; none while disabled or paused."""
    for job in job_queue.get_jobs_by_name(_job_name(chat.id)):
        job.schedule_removal()
    if not chat.digest_enabled or chat.paused:
        return
    job_queue.run_daily(
        digest_job, time=chat.local_digest_time, chat_id=chat.id, name=_job_name(chat.id),
        # A late start (busy loop, suspended machine) still sends today's digest; the outbox
        # makes any double firing harmless.
        job_kwargs={"misfire_grace_time": 6 * 3600, "coalesce": True},
    )


async def schedule_all(application: Application) -> int:  # type: ignore[type-arg]
    db: Database = application.bot_data["db"]
    assert application.job_queue is not None
    with_digests = await asyncio.to_thread(_digest_chats, db)
    for chat in with_digests:
        schedule_chat(application.job_queue, chat)
    return len(with_digests)


def _digest_chats(db: Database) -> list[Chat]:
    with db.engine.connect() as conn:
        return digest_chats(conn)


def _catch_up_list(db: Database, worker: str, now: datetime) -> list[tuple[int, date]]:
    with db.engine.connect() as conn:
        pending = stale_claims(conn, worker=worker)
        seen = set(pending)
        for chat, period in missed_digests(conn, now):
            if (chat.id, period) not in seen:
                pending.append((chat.id, period))
    return pending


async def catch_up(context: ContextTypes.DEFAULT_TYPE) -> None:
    """At start-up: retry digests a dead process claimed, send those missed while down (once)."""
    db, settings, worker, policy = _resources(context)
    now = datetime.now(UTC)
    pending = await asyncio.to_thread(_catch_up_list, db, worker, now)
    for chat_id, period in pending:
        async with _slots(context):
            outcome = await deliver_digest(context.bot, db, settings, chat_id, worker=worker,
                                           now=now, period=period, policy=policy,
                                           candidates=_candidates(context))
        if outcome.state == "retry":
            _schedule_retry(context, chat_id, period)
        log.info("catch-up digest for chat %s (%s): %s", chat_id, period, outcome.state)
