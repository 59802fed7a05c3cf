"""Groups as Telegram has them, through the fake Bot API: changes are for the chat's admins
(getChatMember, cached), buttons are authorized and always answered, a group upgraded to a
supergroup keeps its subscriptions, and a bot removed from a chat pauses it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.telegram.glue import CHAT_ADMIN_REFUSAL
from bot.telegram.handlers.settings import STALE_BUTTON
from bot.telegram.handlers.start import STALE_BUTTON as UNKNOWN_BUTTON
from bot.telegram.permissions import CACHE_SECONDS, admin_cache
from news.store import Database
from news.store.chats import get_chat
from tests.bot.conftest import RunningBot, eventually
from tests.helpers.fake_telegram import (
    FakeTelegram,
    callback_update,
    message_update,
    migrate_update,
    my_chat_member_update,
)

GROUP = -1001
MEMBER, ADMIN, OWNER = 200, 201, 202


def _say(fake: FakeTelegram, text: str, *, user_id: int, chat_id: int = GROUP, **kwargs: Any) -> str:
    before = len(fake.sent_messages(chat_id))
    fake.push_update(message_update(text, chat_id=chat_id, user_id=user_id, chat_type="supergroup",
                                    **kwargs))
    fake.wait_for("sendMessage", before + 1, chat_id=chat_id)
    return str(fake.sent_messages(chat_id)[-1]["text"])


def _press(fake: FakeTelegram, data: str, *, user_id: int, chat_id: int = GROUP) -> str | None:
    """Press a button; return the toast its answer showed (every press must be answered)."""
    before = len(fake.calls_to("answerCallbackQuery"))
    fake.push_update(callback_update(data, chat_id=chat_id, user_id=user_id, chat_type="supergroup"))
    answer = fake.wait_for("answerCallbackQuery", before + 1)[-1]
    text = answer.params.get("text")
    return None if text is None else str(text)


def _member_checks(fake: FakeTelegram, user_id: int) -> int:
    return sum(1 for c in fake.calls_to("getChatMember") if int(c.params["user_id"]) == user_id)


def test_in_a_group_only_admins_change_the_chat_and_everyone_reads(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram, db: Database,
) -> None:
    bot = start_bot()
    now = [1000.0]
    admin_cache(bot.app.bot_data).clock = lambda: now[0]
    fake.set_member(GROUP, ADMIN, "administrator")
    fake.set_member(GROUP, OWNER, "creator")

    for command in ("/subscribe gaza", "/unsubscribe", "/settings digest off", "/settings"):
        assert _say(fake, command, user_id=MEMBER) == CHAT_ADMIN_REFUSAL
    with db.read() as conn:
        chat = get_chat(conn, GROUP)
    assert chat is None or (chat.topics == [] and not chat.digest_enabled)
    # Reading stays open to all.
    assert _say(fake, "/new gaza", user_id=MEMBER) != CHAT_ADMIN_REFUSAL
    assert "digest" in _say(fake, "/digest", user_id=MEMBER).lower()

    assert _say(fake, "/subscribe gaza", user_id=ADMIN).startswith("Added: gaza.")
    assert _say(fake, "/subscribe harbour", user_id=OWNER).startswith("Added: harbour.")
    assert "Daily digest: on" in _say(fake, "/settings", user_id=ADMIN)
    assert _member_checks(fake, ADMIN) == 1  # Telegram asked once, then the cache answered

    # An anonymous admin posts as the group itself: no one to ask, the group is the sender.
    checks = len(fake.calls_to("getChatMember"))
    assert _say(fake, "/unsubscribe harbour", user_id=0, as_chat=True).startswith("Removed: harbour.")
    assert len(fake.calls_to("getChatMember")) == checks

    # A demoted admin keeps the right until the cached answer expires, then loses it.
    fake.set_member(GROUP, ADMIN, "member")
    assert "Daily digest: on" in _say(fake, "/settings", user_id=ADMIN)
    now[0] += CACHE_SECONDS + 1
    assert _say(fake, "/settings digest off", user_id=ADMIN) == CHAT_ADMIN_REFUSAL
    with db.read() as conn:
        chat = get_chat(conn, GROUP)
    assert chat is not None and chat.topics == ["gaza"] and chat.digest_enabled
    # Telegram failing to answer is a refusal, not an error, and is asked again next time.
    fake.fail_next("getChatMember", 500, "Internal Server Error")
    assert _say(fake, "/settings digest off", user_id=OWNER) == CHAT_ADMIN_REFUSAL
    assert "Daily digest: off" in _say(fake, "/settings digest off", user_id=OWNER)


def test_buttons_are_authorized_like_their_command_validated_and_always_answered(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram, db: Database,
) -> None:
    start_bot()
    fake.set_member(GROUP, ADMIN, "administrator")
    _say(fake, "/subscribe gaza", user_id=ADMIN)

    assert _press(fake, "set:d:0", user_id=MEMBER) == CHAT_ADMIN_REFUSAL
    with db.read() as conn:
        chat = get_chat(conn, GROUP)
    assert chat is not None and chat.digest_enabled
    assert not fake.calls_to("editMessageText")

    for forged in ("set:t:99999999999", "set:t:9999", "set:t:-1440", "set:z:99", "set:d:7", "set:"):
        assert _press(fake, forged, user_id=ADMIN) == STALE_BUTTON
    assert _press(fake, "no-such-button", user_id=MEMBER) == UNKNOWN_BUTTON
    assert _press(fake, "more:deadbeef:99999999999", user_id=MEMBER) == "That list has expired."
    with db.read() as conn:
        unchanged = get_chat(conn, GROUP)
    assert unchanged == chat

    redrawn = len(fake.calls_to("editMessageText"))  # forged presses redraw the current view
    assert _press(fake, "set:d:0", user_id=ADMIN) == "Saved."
    edit = fake.wait_for("editMessageText", redrawn + 1)[-1]
    assert "Daily digest: off" in str(edit.params["text"])
    # Even a press whose reply fails is answered (the spinner never hangs).
    fake.fail_next("editMessageText", 400, "Bad Request: message can't be edited")
    assert _press(fake, "set:d:1", user_id=ADMIN) is not None
    presses = 1 + 6 + 2 + 1 + 1
    assert len(fake.calls_to("answerCallbackQuery")) == presses


def test_a_group_upgraded_to_a_supergroup_keeps_its_subscriptions_and_digest_job(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram, db: Database,
) -> None:
    old, new = -555, -100555
    bot = start_bot()
    fake.set_member(old, ADMIN, "administrator")
    before = len(fake.sent_messages(old))
    fake.push_update(message_update("/subscribe gaza, harbour", chat_id=old, user_id=ADMIN,
                                    chat_type="group"))
    fake.wait_for("sendMessage", before + 1, chat_id=old)
    queue = bot.app.job_queue
    assert queue is not None and queue.get_jobs_by_name(f"digest:{old}")

    fake.push_update(migrate_update(old, new))
    eventually(lambda: bool(queue.get_jobs_by_name(f"digest:{new}")))
    eventually(lambda: not queue.get_jobs_by_name(f"digest:{old}"))
    with db.read() as conn:
        assert get_chat(conn, old) is None
        moved = get_chat(conn, new)
    assert moved is not None and moved.topics == ["gaza", "harbour"] and moved.kind == "supergroup"
    # The supergroup's own notice (migrate_from_chat_id) finds nothing left to move.
    fake.push_update({"message": {"message_id": 9, "date": 0, "migrate_from_chat_id": old,
                                  "chat": {"id": new, "type": "supergroup", "title": "Group"},
                                  "from": {"id": ADMIN, "is_bot": False, "first_name": "A"}}})
    fake.set_member(new, ADMIN, "administrator")
    assert "Topics: gaza, harbour" in _say(fake, "/settings", user_id=ADMIN, chat_id=new)


def test_a_bot_removed_from_a_group_pauses_it_and_added_back_resumes(
    start_bot: Callable[..., RunningBot], fake: FakeTelegram, db: Database,
) -> None:
    bot = start_bot()
    fake.set_member(GROUP, ADMIN, "administrator")
    _say(fake, "/subscribe gaza", user_id=ADMIN)
    queue = bot.app.job_queue
    assert queue is not None and queue.get_jobs_by_name(f"digest:{GROUP}")

    def paused() -> bool:
        with db.read() as conn:
            chat = get_chat(conn, GROUP)
        return chat is not None and chat.paused

    sent = len(fake.sent_messages())
    fake.push_update(my_chat_member_update(GROUP, "kicked", chat_type="supergroup"))
    eventually(paused)
    eventually(lambda: not queue.get_jobs_by_name(f"digest:{GROUP}"))
    fake.push_update(my_chat_member_update(GROUP, "member", old_status="kicked", chat_type="supergroup"))
    eventually(lambda: not paused())
    eventually(lambda: bool(queue.get_jobs_by_name(f"digest:{GROUP}")))
    # "left" pauses too; these service updates are never answered in the chat.
    fake.push_update(my_chat_member_update(GROUP, "left", chat_type="supergroup"))
    eventually(paused)
    assert len(fake.sent_messages()) == sent
