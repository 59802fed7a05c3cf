"""/settings: digest time, IANA timezone and on/off, by arguments or inline buttons."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from bot.handlers.common import Env, Reply
from bot.render import esc
from news.subscriptions import (
    SubscriptionError,
    parse_digest_time,
    set_digest_enabled,
    set_digest_time,
    set_timezone,
)

__all__ = ["ZONES", "settings_button", "settings_command"]

# Buttons for the most common zones; any other IANA name works with /settings timezone NAME.
ZONES = ("UTC", "Europe/London", "Europe/Berlin", "Europe/Moscow", "Asia/Kolkata", "Asia/Tokyo",
         "America/New_York", "America/Los_Angeles", "Australia/Sydney")
_USAGE = ("Usage: /settings time 07:30 · /settings timezone Europe/Berlin · "
          "/settings digest on|off")


def _view(env: Env, note: str | None = None, *, edit: bool = False) -> Reply:
    chat = env.chat()
    state = "on" if chat.digest_enabled and not chat.paused else (
        "paused" if chat.paused else "off")
    topics = ", ".join(chat.topics) or "none (top stories)"
    lines = [
        "<b>Settings</b>",
        f"Daily digest: {state} at {chat.digest_time:%H:%M} ({esc(chat.timezone)})",
        f"Topics: {esc(topics)}",
        esc(_USAGE),
    ]
    if note:
        lines.insert(0, esc(note))
    rows = [
        [("−1h", "set:t:-60"), ("−15m", "set:t:-15"), ("+15m", "set:t:15"), ("+1h", "set:t:60")],
        [(z.split("/")[-1].replace("_", " "), f"set:z:{z}") for z in ZONES[:5]],
        [(z.split("/")[-1].replace("_", " "), f"set:z:{z}") for z in ZONES[5:]],
        [("Digest off" if state != "off" else "Digest on", f"set:d:{'0' if state != 'off' else '1'}")],
    ]
    return Reply(["\n".join(lines)], buttons=rows, reschedule=note is not None, edit=edit)


def _shift(value: time, minutes: int) -> time:
    moved = datetime.combine(datetime(2000, 1, 1), value) + timedelta(minutes=minutes)
    return moved.time()


def settings_command(env: Env, args: str) -> Reply:
    """Show the settings, or change one: time HH:MM, timezone NAME, digest on|off."""
    words = args.split()
    if not words:
        return _view(env)
    env.chat()
    key, value = words[0].lower(), " ".join(words[1:])
    try:
        with env.db.engine.begin() as conn:
            if key == "time" and value:
                set_digest_time(conn, env.chat_id, parse_digest_time(value))
            elif key in ("timezone", "tz") and value:
                set_timezone(conn, env.chat_id, value)
            elif key == "digest" and value.lower() in ("on", "off"):
                set_digest_enabled(conn, env.chat_id, value.lower() == "on")
            else:
                return Reply([esc(_USAGE)])
    except SubscriptionError as exc:
        return Reply([esc(str(exc))])
    return _view(env, "Saved.")


def settings_button(env: Env, data: str) -> Reply:
    """An inline button of the settings message: change one thing and redraw the message."""
    match = re.fullmatch(r"set:(t|z|d):([\w/+-]{1,40})", data)
    if not match:
        return _view(env, edit=True)
    kind, value = match.groups()
    chat = env.chat()
    try:
        with env.db.engine.begin() as conn:
            if kind == "t":
                set_digest_time(conn, env.chat_id, _shift(chat.digest_time, int(value)))
            elif kind == "z":
                set_timezone(conn, env.chat_id, value)
            else:
                set_digest_enabled(conn, env.chat_id, value == "1")
    except (SubscriptionError, ValueError) as exc:
        return Reply([esc(str(exc))])
    return _view(env, "Saved.", edit=True)
