"""Features of the conversation, one module each, and the command registry.

``COMMANDS`` is the single list that the application registers, /help prints, the Telegram menu
(``set_my_commands``) shows, the README's command table documents and the console chat
dispatches on. ``admin`` commands are for the bot's admins; ``changes_chat`` ones change what
the bot does in the chat, so in groups they are for the chat's administrators; ``limited`` ones
cost work (searches, downloads) and count against a user's input limit, as plain messages do.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.telegram.handlers import (
    admin,
    ask,
    cards,
    channel,
    digest,
    settings,
    sources,
    start,
    subscriptions,
    summarize,
    trend,
)
from bot.telegram.handlers.common import Env, Feature, Reply
from bot.telegram.i18n import command_description, t, translated
from bot.telegram.render import esc
from news import QUESTION_USAGE

__all__ = ["COMMANDS", "CommandSpec", "find_command", "help_"]


@dataclass(slots=True, frozen=True)
class CommandSpec:
    name: str
    usage: str
    description: str
    feature: Feature
    admin: bool = False  # bot-wide admins only (NEWSBRIEF_ADMIN_IDS)
    changes_chat: bool = False  # in groups: the chat's administrators only
    limited: bool = False  # counts against the user's input limit (bot.telegram.abuse)


async def help_(env: Env, args: str) -> Reply:
    """List every command (admin commands too, marked, so admins find them)."""
    lines = [f"<b>{t('help_header', env.language)}</b>"]
    for spec in COMMANDS:
        usage = f" {esc(spec.usage)}" if spec.usage else ""
        admin_only = f" ({t('admins_only', env.language)})" if spec.admin else ""
        description = command_description(spec.name, env.language, spec.description)
        lines.append(f"/{spec.name}{usage} — {esc(description)}{admin_only}")
    usage = translated("question_usage", env.language) or esc(QUESTION_USAGE)
    lines += ["", usage, t("help_link", env.language)]
    return Reply(["\n".join(lines)])


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("start", "", "welcome and how to ask", start.start),
    CommandSpec("help", "", "list every command", help_),
    CommandSpec("new", "<topic> [period]", "what's new on a topic", ask.new, limited=True),
    CommandSpec("digest", "", "your digest now", digest.digest_now, limited=True),
    CommandSpec("story", "<number>", "a story in full: key points, perspectives, quote, timeline, sources",
                cards.story),
    CommandSpec("subscribe", "<topics>", "follow topics in a daily digest", subscriptions.subscribe,
                changes_chat=True),
    CommandSpec("unsubscribe", "[topics]", "stop following topics", subscriptions.unsubscribe,
                changes_chat=True),
    CommandSpec("settings", "", "digest time, timezone, on/off", settings.settings_command,
                changes_chat=True),
    CommandSpec("sources", "", "feeds and outlets I read", sources.sources),
    CommandSpec("summarize", "<url>", "summarize a web page", summarize.summarize, limited=True),
    CommandSpec("trend", "<topic> [period]", "a chart of a topic's coverage per day", trend.trend),
    CommandSpec("channel", "add|list|remove, or <@name> subscribe|settings|digest",
                "run a channel's or group's digest from here", channel.channel),
    CommandSpec("addfeed", "<url>", "add a feed", admin.addfeed, admin=True),
    CommandSpec("removefeed", "<id or url>", "remove a feed", admin.removefeed, admin=True),
    CommandSpec("stats", "", "collection and delivery figures", admin.stats, admin=True),
)


def find_command(name: str) -> CommandSpec | None:
    return next((spec for spec in COMMANDS if spec.name == name), None)
