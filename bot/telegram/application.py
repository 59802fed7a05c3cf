"""The one place that builds the Telegram bot, and the two ways to run it.

``build_application`` registers every handler in a visible order; resources open in ``post_init``
(the news service, digest jobs, the pipeline job) and close in ``post_shutdown``. Tests build the
application against a fake Bot API server and drive it through the real HTTP stack.
"""

from __future__ import annotations

import logging
import uuid
from urllib.parse import urlsplit

from telegram import Bot, BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot import jobs
from bot.telegram import context as ctx
from bot.telegram import glue
from bot.telegram.digests import catch_up, schedule_all
from bot.telegram.handlers import COMMANDS, find_command
from bot.telegram.handlers.ask import more, question
from bot.telegram.handlers.cards import card_button
from bot.telegram.handlers.feedback import feedback_button
from bot.telegram.handlers.settings import settings_button
from bot.telegram.handlers.start import stale_button, unknown
from bot.telegram.i18n import DEFAULT, LANGUAGES, command_description
from bot.telegram.inline import inline_query
from bot.telegram.membership import membership_changed, migrated
from bot.telegram.pacing import PacedRateLimiter
from bot.telegram.processor import ChatOrderedProcessor
from bot.telegram.ratelimit import PerChatFloodWait
from bot.telegram.sending import RetryPolicy
from config import Settings, SettingsError
from news import NewsService

__all__ = ["build_application", "menu_commands", "run_application"]

log = logging.getLogger(__name__)


def menu_commands(language: str = DEFAULT) -> list[BotCommand]:
    """The Telegram menu: every command of the registry, admin ones included (they refuse),
    described in ``language`` (a bot.telegram.i18n code)."""
    return [BotCommand(spec.name, command_description(spec.name, language, spec.description))
            for spec in COMMANDS]


async def _set_menus(bot: Bot) -> None:
    """The English menu for everyone, and one per catalog language: Telegram shows a user the
    menu of their app's language (``language_code``), else the default one."""
    await bot.set_my_commands(menu_commands())
    for language in sorted(LANGUAGES - {DEFAULT}):
        await bot.set_my_commands(menu_commands(language), language_code=language)


async def _pipeline(context: ContextTypes.DEFAULT_TYPE) -> None:
    await jobs.pipeline_pass(ctx.service(context.bot_data))


async def _heartbeat(context: ContextTypes.DEFAULT_TYPE) -> None:
    news = ctx.service(context.bot_data)
    await jobs.record_beat(news, news.role)


async def _post_init(application: Application) -> None:  # type: ignore[type-arg]
    settings: Settings = application.bot_data[ctx.SETTINGS_KEY]
    news = await NewsService.open(settings)
    application.bot_data[ctx.SERVICE_KEY] = news
    await _set_menus(application.bot)
    job_queue = application.job_queue
    assert job_queue is not None
    if application.bot_data.get(ctx.RUN_PIPELINE_KEY, True):
        # Under the bot the pipeline runs on PTB's JobQueue (APScheduler) so one scheduler
        # serves both; max_instances=1 keeps a slow pass from overlapping the next.
        job_queue.run_repeating(
            _pipeline, interval=jobs.pipeline_interval(settings), first=1, name=jobs.PIPELINE_JOB,
            job_kwargs=jobs.PIPELINE_JOB_OPTIONS | {"misfire_grace_time": settings.pipeline_misfire_grace_seconds},
        )
    # The loop's own beat, for `newsbrief health` (a bot is judged by it).
    job_queue.run_repeating(_heartbeat, interval=jobs.HEARTBEAT_SECONDS, first=0, name=jobs.HEARTBEAT_JOB)
    scheduled = await schedule_all(application)
    job_queue.run_once(catch_up, when=0, name="digest-catch-up")
    log.info("bot ready: %d chats with daily digests", scheduled)


async def _post_shutdown(application: Application) -> None:  # type: ignore[type-arg]
    news = application.bot_data.pop(ctx.SERVICE_KEY, None)
    if isinstance(news, NewsService):
        await news.aclose()


async def _on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log every unexpected error once, with its traceback; tell the user something went wrong."""
    log.error("error while handling an update: %s", context.error, exc_info=context.error)
    if isinstance(update, Update) and update.effective_message is not None:
        try:
            await update.effective_message.reply_text(
                "Sorry, something went wrong on my side. Please try again later."
            )
        except TelegramError as exc:  # the chat may be unreachable; the cause is logged above
            log.debug("could not tell the user about the error: %s", exc)


def build_application(
    settings: Settings, *, run_pipeline: bool = True, retry_policy: RetryPolicy | None = None,
    poll_timeout: float = 30.0, chat_interval: float = 1.0, read_timeout: float | None = None,
) -> Application:  # type: ignore[type-arg]
    """The bot with every handler registered; nothing runs until ``run_application``.

    ``chat_interval`` (seconds between two messages to one chat, Telegram's limit) is for tests
    that drive a conversation through the fake Bot API and should not wait a real second;
    ``read_timeout`` (how long a Bot API call may go unanswered; PTB's 5 s when None) for tests
    of a call that times out (bot.telegram.sending retries it)."""
    token = settings.token
    if not token:
        raise SettingsError("TELEGRAM_BOT_TOKEN is not set (get one from @BotFather)")
    root = settings.telegram_api_url
    builder = ApplicationBuilder()
    if read_timeout is not None:
        builder = builder.read_timeout(read_timeout)
    application = (
        builder
        .token(token)
        # A self-hosted Bot API server (and the tests' fake) serves <root>/bot<token>/<method>.
        .base_url(f"{root}/bot")
        .base_file_url(f"{root}/file/bot")
        # Chats are answered concurrently, each chat's updates in order (bot.telegram.processor).
        .concurrent_updates(ChatOrderedProcessor(max_working=settings.concurrent_chats))
        # Telegram's limits, innermost first: PacedRateLimiter (bot.telegram.pacing) keeps every
        # second of Telegram's clock under 30 requests and a chat's messages a second apart, so
        # 60 answers due at once go out within ~2 s without a 429 (bench/load.py); AIORateLimiter
        # keeps only its per-group limit (overall_max_rate=0: the pacing replaces its bucket).
        # On a 429 AIORateLimiter would hold back *every* chat (so it does not retry here:
        # max_retries=0); PerChatFloodWait holds back only the chat Telegram named, then
        # retries; bot.telegram.sending's retry loop is the second line.
        .rate_limiter(PerChatFloodWait(PacedRateLimiter(
            AIORateLimiter(overall_max_rate=0, overall_time_period=0, max_retries=0),
            chat_interval=chat_interval), max_retries=2))
        .get_updates_read_timeout(poll_timeout + 5)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    application.bot_data[ctx.SETTINGS_KEY] = settings
    application.bot_data[ctx.WORKER_KEY] = f"bot-{uuid.uuid4().hex[:12]}"
    application.bot_data[ctx.RUN_PIPELINE_KEY] = run_pipeline
    if retry_policy is not None:
        application.bot_data[ctx.POLICY_KEY] = retry_policy

    # 1. Commands, from the one registry /help and the menu also use. CommandHandler accepts
    #    /cmd@thisbot in groups and ignores commands addressed to other bots.
    for spec in COMMANDS:
        application.add_handler(CommandHandler(spec.name, glue.command(spec)))
    # 2. Inline buttons: "More" paging (reading: anyone) and the settings keyboard (authorized as
    #    /settings); any other data (forged, or from an older version) is still answered.
    application.add_handler(CallbackQueryHandler(glue.callback(more), pattern=r"^more:"))
    # Story cards (reading: anyone); the pattern takes every card: press, valid or forged.
    application.add_handler(CallbackQueryHandler(glue.callback(card_button), pattern=r"^card:"))
    application.add_handler(CallbackQueryHandler(
        glue.callback(settings_button, authorize_as=find_command("settings")), pattern=r"^set:"))
    # Feedback under digests: 👍 / 👎 change what the chat gets (authorized as /settings); Why?
    # is reading (anyone); forged fb: data is answered by the feature with a toast.
    application.add_handler(CallbackQueryHandler(
        glue.callback(feedback_button, authorize_as=find_command("settings")), pattern=r"^fb:[ud]:"))
    application.add_handler(CallbackQueryHandler(glue.callback(feedback_button), pattern=r"^fb:"))
    application.add_handler(CallbackQueryHandler(glue.callback(stale_button)))
    # 3. Plain text last, so it never shadows a command: a link is summarized, anything else is
    #    a question ("what's new on Gaza?").
    application.add_handler(
        MessageHandler(filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED, glue.text(question))
    )
    # 4. Any other command, in private chats only (in groups it may be another bot's).
    application.add_handler(MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE, glue.text(unknown)))
    # 5. The bot's place in chats: a group that became a supergroup moves its subscriptions;
    #    the bot removed (or blocked) pauses the chat, added back resumes it.
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, migrated))
    application.add_handler(ChatMemberHandler(membership_changed, ChatMemberHandler.MY_CHAT_MEMBER))
    # 6. Inline mode (@botname <topic> in any chat): story cards to share, enabled by /setinline.
    application.add_handler(InlineQueryHandler(inline_query))
    application.add_error_handler(_on_error)
    return application


def run_application(application: Application, settings: Settings) -> None:  # type: ignore[type-arg]
    """Long polling, or a webhook server when ``settings.webhook_url`` is set."""
    if settings.webhook_url:
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
            webhook_url=settings.webhook_url,
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
        )
        return
    application.run_polling(allowed_updates=Update.ALL_TYPES)
