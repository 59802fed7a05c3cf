"""The one door into the news core: ``NewsService``.

Every face (the Telegram bot, the console chat, the CLI) does its work through one
``NewsService`` built from the settings, and imports nothing else of ``news``. Each call is one
unit of work with its own transaction (an import commits file by file, a pass stage by stage)
and returns plain dataclasses, never rows or connections. Calls are coroutines: network I/O
(feeds, pages) runs on the caller's event loop with bounded concurrency, and database work,
summarizing and clustering run in the service's bounded worker pool, so a face never blocks its
loop and one slow call never holds up another.

    answers      ask, digest_now, digest_read, latest_on, sample_digest, stories, sources, stats
    cards        story_card, story_cards
    channels     add_channel, channels, managed_channel, remove_channel
    chats        chat, subscribe, unsubscribe, set_digest_time, shift_digest_time,
                 set_timezone, set_digest_enabled, remember_language, migrate_chat,
                 resume_chat, digest_chats
    deliveries   prepare_digest, digest_delivered, digest_failed, chat_unreachable,
                 pending_digests
    feedback     story_feedback, why_story, reset_feedback
    feeds        add_feed, list_feeds, remove_feed, resume_feed, import_opml, export_opml
    pipeline     ingest, run_pass, quarantine, summarize_url, summarize_text, evaluate, beat,
                 health, role
    trends       trend, trend_chart
"""

from __future__ import annotations

from .answers import AnswersMixin
from .base import Clock
from .cards import CardsMixin
from .channels import ChannelsMixin
from .chats import ChatsMixin
from .deliveries import DeliveriesMixin
from .feedback import FeedbackMixin
from .feeds import FeedsMixin
from .pipeline import PipelineMixin
from .trends import TrendsMixin

__all__ = ["Clock", "NewsService"]


class NewsService(AnswersMixin, ChannelsMixin, CardsMixin, ChatsMixin, DeliveriesMixin, FeedbackMixin, FeedsMixin, PipelineMixin, TrendsMixin):
    """Everything a face does with the news, built from settings: ``await NewsService.open(s)``
    (or ``NewsService(settings, db)`` over an open database), then ``await service.aclose()``."""
