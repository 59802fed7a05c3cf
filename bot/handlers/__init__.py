"""Features of the conversation, one module each, and the command registry.

``COMMANDS`` is the single list that the application registers, /help prints, the Telegram menu
(``set_my_commands``) shows and the console chat dispatches on.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.handlers import admin, ask, digest, settings, sources, start, subscriptions, summarize
from bot.handlers.common import Feature

__all__ = ["COMMANDS", "CommandSpec", "find_command"]


@dataclass(slots=True, frozen=True)
class CommandSpec:
    name: str
    usage: str
    description: str
    feature: Feature
    admin: bool = False


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("start", "", "welcome and how to ask", start.start),
    CommandSpec("help", "", "list every command", start.help_),
    CommandSpec("new", "<topic> [period]", "what's new on a topic", ask.new),
    CommandSpec("digest", "", "your digest now", digest.digest_now),
    CommandSpec("subscribe", "<topics>", "follow topics in a daily digest", subscriptions.subscribe),
    CommandSpec("unsubscribe", "[topics]", "stop following topics", subscriptions.unsubscribe),
    CommandSpec("settings", "", "digest time, timezone, on/off", settings.settings_command),
    CommandSpec("sources", "", "feeds and outlets I read", sources.sources),
    CommandSpec("summarize", "<url>", "summarize a web page", summarize.summarize),
    CommandSpec("addfeed", "<url>", "add a feed", admin.addfeed, admin=True),
    CommandSpec("removefeed", "<id or url>", "remove a feed", admin.removefeed, admin=True),
    CommandSpec("stats", "", "collection and delivery figures", admin.stats, admin=True),
)


def find_command(name: str) -> CommandSpec | None:
    return next((spec for spec in COMMANDS if spec.name == name), None)
