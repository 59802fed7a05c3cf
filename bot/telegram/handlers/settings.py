"""/settings: digest time, IANA timezone and on/off, by arguments or inline buttons."""

from __future__ import annotations

import re

from bot.telegram.handlers.common import Env, Reply
from bot.telegram.render import esc
from news import Chat, SubscriptionError

__all__ = ["ZONES", "settings_button", "settings_command"]

# Buttons for the most common zones; any other IANA name works with /settings timezone NAME.
ZONES = ("UTC", "Europe/London", "Europe/Berlin", "Europe/Moscow", "Asia/Kolkata", "Asia/Tokyo",
         "America/New_York", "America/Los_Angeles", "Australia/Sydney")
_USAGE = ("Usage: /settings time 07:30 · /settings timezone Europe/Berlin · "
          "/settings digest on|off · /settings feedback reset")
# Button data: set:t:<minutes> (shift the time), set:z:<zone index>, set:d:<0|1>, set:f:r (reset
# the chat's 👍 / 👎 feedback).
_BUTTON = re.compile(r"set:(?:t:(-?\d{1,4})|z:(\d{1,2})|d:([01])|f:(r))")
_SHIFTS = ((-60, "−1h"), (-15, "−15m"), (15, "+15m"), (60, "+1h"))
# A button we never drew (forged, or from an older version): redraw the current settings.
STALE_BUTTON = "That button is out of date; here are the current settings."
_FEEDBACK_RESET = "Feedback reset: your digests are ranked as if you never pressed 👍 or 👎."


def _view(chat: Chat, note: str | None = None, *, edit: bool = False, toast: str | None = None) -> Reply:
    state = "on" if chat.digest_enabled and not chat.paused else ("paused" if chat.paused else "off")
    topics = ", ".join(chat.topics) or "none (top stories)"
    lines = [
        "<b>Settings</b>",
        f"Daily digest: {state} at {chat.digest_time:%H:%M} ({esc(chat.timezone)})",
        f"Topics: {esc(topics)}",
        esc(_USAGE),
    ]
    if note:
        lines.insert(0, esc(note))
    zones = [(z.split("/")[-1].replace("_", " "), f"set:z:{i}") for i, z in enumerate(ZONES)]
    rows = [
        [(label, f"set:t:{minutes}") for minutes, label in _SHIFTS],
        zones[:5],
        zones[5:],
        [("Digest off" if state != "off" else "Digest on", f"set:d:{'0' if state != 'off' else '1'}")],
        [("Reset 👍/👎 feedback", "set:f:r")],
    ]
    return Reply(["\n".join(lines)], buttons=rows, reschedule=note is not None, edit=edit, toast=toast)


async def settings_command(env: Env, args: str) -> Reply:
    """Show the settings, or change one: time HH:MM, timezone NAME, digest on|off."""
    words = args.split()
    if not words:
        return _view(await env.news.chat(env.chat))
    key, value = words[0].lower(), " ".join(words[1:])
    try:
        if key == "time" and value:
            chat = await env.news.set_digest_time(env.chat, value)
        elif key in ("timezone", "tz") and value:
            chat = await env.news.set_timezone(env.chat, value)
        elif key == "digest" and value.lower() in ("on", "off"):
            chat = await env.news.set_digest_enabled(env.chat, value.lower() == "on")
        elif key == "feedback" and value.lower() == "reset":
            await env.news.reset_feedback(env.chat)
            return _view(await env.news.chat(env.chat), _FEEDBACK_RESET)
        else:
            return Reply([esc(_USAGE)])
    except SubscriptionError as exc:
        return Reply([esc(str(exc))])
    return _view(chat, "Saved.")


async def settings_button(env: Env, data: str) -> Reply:
    """An inline button of the settings message: change one thing and redraw the message."""
    match = _BUTTON.fullmatch(data)
    shift, zone, digest, reset = match.groups() if match else (None, None, None, None)
    try:
        if shift is not None and int(shift) in dict(_SHIFTS):
            chat = await env.news.shift_digest_time(env.chat, int(shift))
        elif zone is not None and int(zone) < len(ZONES):
            chat = await env.news.set_timezone(env.chat, ZONES[int(zone)])
        elif digest is not None:
            chat = await env.news.set_digest_enabled(env.chat, digest == "1")
        elif reset is not None:
            await env.news.reset_feedback(env.chat)
            return _view(await env.news.chat(env.chat), _FEEDBACK_RESET, edit=True, toast=_FEEDBACK_RESET)
        else:  # only values of buttons we drew are accepted, whatever the regex let through
            return _view(await env.news.chat(env.chat), edit=True, toast=STALE_BUTTON)
    except SubscriptionError as exc:
        return _view(await env.news.chat(env.chat), edit=True, toast=str(exc))
    return _view(chat, "Saved.", edit=True, toast="Saved.")
