"""/start (welcome, deep links such as ``/start topic_gaza``) and /help (every command)."""

from __future__ import annotations

import re

from bot.handlers.common import Env, Reply
from bot.render import esc
from news.query import USAGE

__all__ = ["help_", "start", "unknown"]


def start(env: Env, args: str) -> Reply:
    """Welcome the chat; a ``topic_<words>`` payload answers that topic right away."""
    env.chat()
    welcome = (
        "<b>Hello! I read the news for you.</b>\n"
        f"{esc(USAGE)}\n"
        "Follow topics with /subscribe and get one digest a day at your time (/settings). "
        "Send me a link and I will summarize it. /help lists everything."
    )
    payload = args.strip()
    match = re.fullmatch(r"topic_([\w-]{1,60})", payload)
    if not match:
        return Reply([welcome])
    from bot.handlers.ask import answer_topic

    topic = match.group(1).replace("_", " ").replace("-", " ")
    answer = answer_topic(env, topic)
    return Reply([welcome, *answer.messages], buttons=answer.buttons)


def help_(env: Env, args: str) -> Reply:
    """List every command (admin commands too, marked, so admins find them)."""
    from bot.handlers import COMMANDS

    lines = ["<b>Commands</b>"]
    for spec in COMMANDS:
        usage = f" {esc(spec.usage)}" if spec.usage else ""
        admin = " (admins only)" if spec.admin else ""
        lines.append(f"/{spec.name}{usage} — {esc(spec.description)}{admin}")
    lines.append("")
    lines.append(esc(USAGE))
    lines.append("You can also just send a link to get it summarized.")
    return Reply(["\n".join(lines)])


def unknown(env: Env, text: str) -> Reply:
    """A command we do not have (in a private chat): point to /help."""
    name = esc(text.split()[0]) if text.split() else "/"
    return Reply([f"I don't know {name}. /help lists what I can do."])
