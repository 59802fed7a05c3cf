"""Daily digests in Telegram: one ``run_daily`` job per chat at its local time, and delivery
through the outbox (claim and compose in the service, send here, record the outcome).

At start-up every enabled chat gets its job, rows left claimed by a dead process are retried
once, and a digest missed while the bot was down is sent once.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date, timedelta

from telegram import Bot
from telegram.ext import Application, ContextTypes, JobQueue

from bot.telegram import context as ctx
from bot.telegram.feedback import digest_markup
from bot.telegram.i18n import language_of
from bot.telegram.render import render_digest
from bot.telegram.sending import DEFAULT_POLICY, ChatUnreachable, RetryPolicy, send_messages
from news import Chat, NewsService

__all__ = ["Outcome", "catch_up", "deliver_digest", "digest_job", "retry_job", "schedule_all",
           "schedule_chat", "unschedule_chat"]

log = logging.getLogger(__name__)
RETRY_DELAY = timedelta(minutes=10)  # before a digest Telegram kept refusing is tried again
# Digests composed at once. When a thousand fall due together, composing them all up front only
# starves the event loop (the rate limiter lets ~25 a second out anyway), and a starved loop
# releases messages in bunches that trip Telegram's flood limit.
DIGEST_CONCURRENCY = 8
_SLOTS_KEY = "digest_slots"


@dataclass(slots=True, frozen=True)
class Outcome:
    """What happened to one digest: "sent", "skipped", "paused", "retry" or "failed"."""

    state: str
    period: date | None = None


async def deliver_digest(bot: Bot, news: NewsService, chat_id: int, *, worker: str,
                         period: date | None = None, policy: RetryPolicy = DEFAULT_POLICY) -> Outcome:
    """Claim, compose, send, record; the bot's own words in the language stored with the chat
    (the one last heard there, bot.telegram.i18n), so a restart does not turn it English."""
    prepared = await news.prepare_digest(chat_id, worker=worker, period=period)
    if prepared is None:
        return Outcome("skipped")
    try:
        messages = render_digest(prepared.digest, now=prepared.local_now,
                                 language=language_of(prepared.chat.language))
        await send_messages(bot, chat_id, messages, thread_id=prepared.chat.thread_id, preview=False,
                            markup=digest_markup(prepared.digest), policy=policy)
    except ChatUnreachable as exc:
        if await news.chat_unreachable(chat_id, f"Telegram: {exc}", prepared=prepared):
            log.warning("chat %s blocked or removed the bot (%s): digest paused", chat_id, exc)
        return Outcome("paused", prepared.period)
    except Exception as exc:
        again = await news.digest_failed(prepared, f"{type(exc).__name__}: {exc}")
        log.error("digest for chat %s (%s) not delivered: %s%s", chat_id, prepared.period, exc,
                  "; will retry" if again else "")
        return Outcome("retry" if again else "failed", prepared.period)
    await news.digest_delivered(prepared)
    return Outcome("sent", prepared.period)


def _job_name(chat_id: int) -> str:
    return f"digest:{chat_id}"


def _slots(context: ContextTypes.DEFAULT_TYPE) -> asyncio.Semaphore:
    return ctx.shared(context.bot_data, _SLOTS_KEY, asyncio.Semaphore,
                      lambda: asyncio.Semaphore(DIGEST_CONCURRENCY))


async def _deliver(context: ContextTypes.DEFAULT_TYPE, chat_id: int, period: date | None) -> Outcome:
    async with _slots(context):
        outcome = await deliver_digest(context.bot, ctx.service(context.bot_data), chat_id,
                                       worker=ctx.worker(context.bot_data), period=period,
                                       policy=ctx.policy(context.bot_data))
    if outcome.state == "retry" and outcome.period is not None:
        assert context.job_queue is not None
        context.job_queue.run_once(retry_job, when=RETRY_DELAY, chat_id=chat_id, data=outcome.period,
                                   name=f"digest-retry:{chat_id}")
    return outcome


async def digest_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The daily job of one chat (``job.chat_id``)."""
    job = context.job
    assert job is not None and job.chat_id is not None
    outcome = await _deliver(context, job.chat_id, None)
    if outcome.state == "paused":
        job.schedule_removal()  # /subscribe, /settings or /start in that chat schedule it again
    log.info("digest for chat %s: %s", job.chat_id, outcome.state)


async def retry_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """A digest that Telegram kept refusing (5xx, timeouts), tried again later."""
    job = context.job
    assert job is not None and job.chat_id is not None and isinstance(job.data, date)
    outcome = await _deliver(context, job.chat_id, job.data)
    log.info("retried digest for chat %s (%s): %s", job.chat_id, job.data, outcome.state)


async def catch_up(context: ContextTypes.DEFAULT_TYPE) -> None:
    """At start-up: retry digests a dead process claimed, send those missed while down (once)."""
    news = ctx.service(context.bot_data)
    for chat_id, period in await news.pending_digests(worker=ctx.worker(context.bot_data)):
        outcome = await _deliver(context, chat_id, period)
        log.info("catch-up digest for chat %s (%s): %s", chat_id, period, outcome.state)


def unschedule_chat(job_queue: JobQueue, chat_id: int) -> None:  # type: ignore[type-arg]
    """Remove the chat's daily job (a chat that moved to a new id, or went away)."""
    for job in job_queue.get_jobs_by_name(_job_name(chat_id)):
        job.schedule_removal()


def schedule_chat(job_queue: JobQueue, chat: Chat) -> None:  # type: ignore[type-arg]
    """(Re)place the chat's daily job at its local time; none while disabled or paused."""
    unschedule_chat(job_queue, chat.id)
    if not chat.digest_enabled or chat.paused:
        return
    job_queue.run_daily(
        digest_job, time=chat.local_digest_time, chat_id=chat.id, name=_job_name(chat.id),
        # A late start (busy loop, suspended machine) still sends today's digest; the outbox
        # makes any double firing harmless.
        job_kwargs={"misfire_grace_time": 6 * 3600, "coalesce": True},
    )


async def schedule_all(application: Application) -> int:  # type: ignore[type-arg]
    """A daily job for every chat with digests on; returns how many."""
    assert application.job_queue is not None
    chats = await ctx.service(application.bot_data).digest_chats()
    for chat in chats:
        schedule_chat(application.job_queue, chat)
    return len(chats)
