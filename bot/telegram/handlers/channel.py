"""/channel: run a channel's, group's or forum topic's daily digest from a private chat.

    /channel add @name            (or a numeric id, or t.me/name; @group/42 for forum topic 42)
    /channel @name subscribe <topics>      /channel @name unsubscribe [topics]
    /channel @name settings time 07:00     (timezone Europe/Berlin, digest on|off)
    /channel @name digest         post its digest there now
    /channel list                 /channel remove @name

Telegram decides who may: adding asks it (getChatMember) that the user administers the chat and
that the bot may post there; every later change asks again whether the user still administers
it (cached a few minutes, ``bot.telegram.permissions``). Anyone else gets a polite refusal and
nothing is posted. The channel is an ordinary chat of the service, so its scheduled digests go
out like any chat's.
"""

from __future__ import annotations

import re

from bot.telegram.handlers.common import Env, Reply
from bot.telegram.handlers.directory import ChatInfo, Directory, PostFailed
from bot.telegram.render import esc, render_digest
from news import ChatRef, ManagedChat, SubscriptionError

__all__ = ["channel"]

USAGE = ("Usage: /channel add @name · /channel list · /channel remove @name\n"
         "/channel @name subscribe <topics> · /channel @name unsubscribe [topics]\n"
         "/channel @name settings time 07:00 | timezone Europe/Berlin | digest on|off\n"
         "/channel @name digest (post it there now). For a forum topic: @group/42.")
PRIVATE_ONLY = "Set up channels in a private chat with me: /channel add @name"
TELEGRAM_ONLY = "Channels and groups are set up in Telegram, in a private chat with the bot."
NOT_FOUND = ("I can't find {ref}. Add me to the channel (or group) first, then try again "
             "with its @name or numeric id.")
NOT_A_CHANNEL = "{ref} is a person, not a channel or group."
NOT_ADMIN = "Sorry, only administrators of {name} can set up or change its digest."
CANNOT_POST = {
    "channel": "I can't post in {name} yet: make me an administrator there with the right to post messages, then try again.",
    "group": "I can't post in {name} yet: add me to the group and let me send messages, then try again.",
}
NOT_A_FORUM = "{name} has no topics; leave out the /{thread} part."
NOT_ADDED = "You haven't added {ref} yet: /channel add {ref}"
ADDED = ("Added {name}. Next: /channel {ref} subscribe <topics>; its digest then comes daily at "
         "{time} {zone} (/channel {ref} settings time 07:00 to change it).")
REMOVED = "Removed {name}. {digest}"
NOTHING_TO_POST = "Nothing new for {name} right now; nothing was posted."
POSTED = "Posted the digest in {name} ({count} stor{plural})."
POST_FAILED = "I couldn't post in {name}: check that I may still post there, then try again."

_LINK = re.compile(r"(?:https?://)?(?:t|telegram)\.me/(?:s/)?([A-Za-z]\w{3,31})(?:/(\d{1,10}))?/?", re.IGNORECASE)
_HANDLE = re.compile(r"@?([A-Za-z]\w{3,31})(?:/(\d{1,10}))?")
_NUMERIC = re.compile(r"(-?\d{5,20})(?:/(\d{1,10}))?")


def _parse_ref(text: str) -> tuple[str, str, int | None] | None:
    """(how to look it up, how the user refers to it, forum thread) of "@name", "-100…",
    "t.me/name/42"; None when it is none of those."""
    for pattern, prefix in ((_LINK, "@"), (_NUMERIC, ""), (_HANDLE, "@")):
        match = pattern.fullmatch(text)
        if match:
            thread = int(match.group(2)) if match.group(2) else None
            lookup = f"{prefix}{match.group(1)}"
            return lookup, lookup, thread
    return None


def _kind(info: ChatInfo) -> str:
    return "channel" if info.kind == "channel" else "group"


def _describe(managed: ManagedChat) -> str:
    chat = managed.chat
    topics = ", ".join(chat.topics) or "top stories"
    state = "on" if chat.digest_enabled and not chat.paused else ("paused" if chat.paused else "off")
    where = f", topic {chat.thread_id}" if chat.thread_id else ""
    return (f"• {esc(managed.name)}{esc(where)}: {esc(topics)}; daily at {chat.digest_time:%H:%M} "
            f"{esc(chat.timezone)} ({state})")


async def _add(env: Env, directory: Directory, user_id: int, ref_text: str) -> Reply:
    parsed = _parse_ref(ref_text)
    if parsed is None:
        return Reply([esc(USAGE)])
    lookup, shown, thread = parsed
    info = await directory.find_chat(lookup)
    if info is None:
        return Reply([esc(NOT_FOUND.format(ref=shown))])
    if info.kind == "private":
        return Reply([esc(NOT_A_CHANNEL.format(ref=shown))])
    name = f"@{info.username}" if info.username else (info.title or shown)
    if not await directory.is_admin(info.id, user_id):
        return Reply([esc(NOT_ADMIN.format(name=name))])
    if thread is not None and not info.is_forum:
        return Reply([esc(NOT_A_FORUM.format(name=name, thread=thread))])
    if not await directory.bot_may_post(info):
        return Reply([esc(CANNOT_POST[_kind(info)].format(name=name))])
    try:
        managed = await env.news.add_channel(
            user_id, ChatRef(info.id, kind=info.kind, title=info.title, thread_id=thread), handle=info.username)
    except SubscriptionError as exc:
        return Reply([esc(str(exc).capitalize())])
    await env.news.remember_language(managed.ref, env.language)  # its digests speak the manager's
    chat = managed.chat
    ref = managed.name if managed.handle else str(chat.id)
    return Reply([esc(ADDED.format(name=managed.name, time=f"{chat.digest_time:%H:%M}", zone=chat.timezone,
                                   ref=ref))])


async def _settings(env: Env, ref: ChatRef, words: list[str]) -> Reply | ManagedChat:
    key, value = (words[0].lower(), " ".join(words[1:])) if words else ("", "")
    if key == "time" and value:
        await env.news.set_digest_time(ref, value)
    elif key in ("timezone", "tz") and value:
        await env.news.set_timezone(ref, value)
    elif key == "digest" and value.lower() in ("on", "off"):
        await env.news.set_digest_enabled(ref, value.lower() == "on")
    elif words:
        return Reply([esc(USAGE)])
    return ManagedChat(await env.news.chat(ref), None)


async def _find(env: Env, user_id: int, ref_text: str) -> ManagedChat | None:
    parsed = _parse_ref(ref_text)
    return await env.news.managed_channel(user_id, parsed[1]) if parsed else None


async def _act(env: Env, directory: Directory, user_id: int, ref_text: str, action: str, rest: str) -> Reply:
    managed = await _find(env, user_id, ref_text)
    if managed is None:
        return Reply([esc(NOT_ADDED.format(ref=ref_text))])
    if not await directory.is_admin(managed.chat.id, user_id):  # still an administrator?
        return Reply([esc(NOT_ADMIN.format(name=managed.name))])
    ref = managed.ref
    # A channel has nobody writing in it: it speaks the language of the manager heard last.
    await env.news.remember_language(ref, env.language)
    try:
        if action == "subscribe":
            if not re.search(r"[^\W_]", rest):
                return Reply([esc(USAGE)])
            await env.news.subscribe(ref, rest)
        elif action == "unsubscribe":
            await env.news.unsubscribe(ref, rest)
        elif action == "settings":
            shown = await _settings(env, ref, rest.split())
            if isinstance(shown, Reply):
                return shown
        elif action == "digest":
            return await _post_digest(env, directory, managed)
        else:
            return Reply([esc(USAGE)])
    except SubscriptionError as exc:
        return Reply([esc(str(exc).capitalize())])
    now = ManagedChat(await env.news.chat(ref), managed.handle)
    await directory.reschedule(now.chat)
    return Reply([f"Saved.\n{_describe(now)}"])


async def _post_digest(env: Env, directory: Directory, managed: ManagedChat) -> Reply:
    digest, local_now = await env.news.digest_now(managed.ref)
    if digest.empty:
        return Reply([esc(NOTHING_TO_POST.format(name=managed.name))])
    try:
        await directory.post(managed.ref, render_digest(digest, now=local_now, language=env.language))
    except PostFailed:  # rights taken away, channel gone: the user is told, nothing counts as read
        return Reply([esc(POST_FAILED.format(name=managed.name))])
    await env.news.digest_read(managed.ref, digest)
    count = len(digest.stories)
    return Reply([esc(POSTED.format(name=managed.name, count=count, plural="y" if count == 1 else "ies"))])


async def channel(env: Env, args: str) -> Reply:
    """Run a channel's or group's digest from here: add, list, remove, subscribe, settings, digest."""
    if env.directory is None:
        return Reply([esc(TELEGRAM_ONLY)])
    if env.chat.kind != "private" or env.user_id is None:
        return Reply([esc(PRIVATE_ONLY)])
    words = args.split()
    if not words:
        return Reply([esc(USAGE)])
    first = words[0].lower()
    if first == "list":
        managed = await env.news.channels(env.user_id)
        if not managed:
            return Reply(["You run no channels or groups yet. " + esc("/channel add @name")])
        return Reply(["<b>Your channels and groups</b>\n" + "\n".join(_describe(m) for m in managed)])
    if first == "add" and len(words) == 2:
        return await _add(env, env.directory, env.user_id, words[1])
    if first == "remove" and len(words) == 2:
        found = await _find(env, env.user_id, words[1])
        if found is None:
            return Reply([esc(NOT_ADDED.format(ref=words[1]))])
        chat = await env.news.remove_channel(env.user_id, found.chat.id)
        if chat is not None:
            await env.directory.reschedule(chat)
        off = chat is not None and not chat.digest_enabled
        return Reply([esc(REMOVED.format(name=found.name, digest="Its daily digest is off." if off else ""))])
    if len(words) >= 2:
        return await _act(env, env.directory, env.user_id, words[0], words[1].lower(), " ".join(words[2:]))
    return Reply([esc(USAGE)])
