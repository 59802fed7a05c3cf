"""A fake Bot API server on 127.0.0.1: queues updates for getUpdates, records every call.

The bot talks to it through python-telegram-bot's real HTTP stack (httpx), at
``<root>/bot<token>/<method>``. Faults are scripted per method (``fail_next``) or per chat
(``fail_chat``, ``block_chat``); an optional flood limit answers 429 like Telegram when too many
messages arrive within one second, so a benchmark can prove the rate limiter causes none. As on
Telegram, a message longer than 4,096 characters is refused ("message is too long"), and
``getChatMember`` answers from the statuses set with ``set_member`` ("member" otherwise).
A scripted ``HOLD`` keeps the request open without answering (past the bot's read timeout)
until ``release_held`` or ``stop``, and delivers nothing: a request Telegram never finished.
"""

from __future__ import annotations

import email.policy
import itertools
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

__all__ = [
    "ANONYMOUS_ADMIN_ID", "BOT_ID", "BOT_USERNAME", "HANG_UP", "HOLD", "Call", "FakeTelegram", "callback_update", "inline_update",
    "message_update", "migrate_update", "my_chat_member_update", "png_size",
]

BOT_ID = 4242
BOT_USERNAME = "newsbrief_test_bot"
ANONYMOUS_ADMIN_ID = 1087968824  # Telegram's @GroupAnonymousBot, the sender of anonymous admins
MESSAGE_LIMIT = 4096
HANG_UP = 0  # a scripted fault's status: close the connection without answering
HOLD = -1  # a scripted fault's status: keep the connection open, unanswered, until released
_HOLD_CAP = 30.0  # seconds a held request waits for release_held at most
_LONG_POLL_CAP = 1.0  # seconds: keeps shutdown fast


@dataclass(slots=True)
class Call:
    method: str
    params: dict[str, Any]
    at: float
    status: int = 200


@dataclass(slots=True)
class _Fault:
    status: int
    description: str
    retry_after: int | None = None
    migrate_to: int | None = None  # "group chat was upgraded to a supergroup chat"


def _decode(value: str) -> Any:
    # PTB posts form fields; nested values (reply_markup, link_preview_options) are JSON.
    try:
        return json.loads(value)
    except ValueError:
        return value


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG (its IHDR chunk); ValueError when ``data`` is not a PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _multipart(content_type: str, data: bytes) -> dict[str, Any]:
    """Form fields of a multipart upload: files as bytes, other fields decoded like forms."""
    message = BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + data)
    params: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        if part.get_filename() is not None:
            params[str(name)] = payload
        else:
            params[str(name)] = _decode(payload.decode())
    return params


@dataclass
class FakeTelegram:
    token: str
    flood_per_second: int | None = None
    calls: list[Call] = field(default_factory=list)
    _updates: list[dict[str, Any]] = field(default_factory=list)
    _faults: dict[str, deque[_Fault]] = field(default_factory=dict)
    _blocked: set[int] = field(default_factory=set)
    _chat_faults: dict[tuple[str, int], deque[_Fault]] = field(default_factory=dict)
    _members: dict[tuple[int, int], str] = field(default_factory=dict)
    _rights: dict[tuple[int, int], dict[str, bool]] = field(default_factory=dict)
    _chats: dict[str, dict[str, Any]] = field(default_factory=dict)
    _sent_times: deque[float] = field(default_factory=deque)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _cond: threading.Condition = field(default_factory=threading.Condition)
    _release: threading.Event = field(default_factory=threading.Event)

    # ---- running
    def start(self) -> FakeTelegram:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                fake._handle(self)

            do_GET = do_POST

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release_held()  # server_close waits for every request thread
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    # ---- scripting
    def push_update(self, update: dict[str, Any]) -> None:
        with self._cond:
            update.setdefault("update_id", next(self._ids))
            self._updates.append(update)
            self._cond.notify_all()

    def fail_next(self, method: str, status: int, description: str = "",
                  retry_after: int | None = None, times: int = 1) -> None:
        with self._cond:
            queue = self._faults.setdefault(method, deque())
            for _ in range(times):
                queue.append(_Fault(status, description or f"Error {status}", retry_after))

    def fail_chat(self, chat_id: int, status: int, description: str = "", *,
                  method: str = "sendMessage", retry_after: int | None = None, times: int = 1,
                  migrate_to: int | None = None) -> None:
        """The next ``times`` calls of ``method`` for this chat fail; other chats are served."""
        with self._cond:
            queue = self._chat_faults.setdefault((method, chat_id), deque())
            for _ in range(times):
                queue.append(_Fault(status, description or f"Error {status}", retry_after, migrate_to))

    def release_held(self) -> None:
        """Let every request held by a ``HOLD`` fault end (unanswered: the client gave up)."""
        self._release.set()

    def block_chat(self, chat_id: int) -> None:
        self._blocked.add(chat_id)

    def unblock_chat(self, chat_id: int) -> None:
        self._blocked.discard(chat_id)

    def add_chat(self, chat_id: int, kind: str, title: str, *, username: str | None = None,
                 is_forum: bool = False) -> None:
        """A chat getChat knows, by id and by @username (unknown ones: "chat not found")."""
        chat: dict[str, Any] = {"id": chat_id, "type": kind, "title": title, "accent_color_id": 0,
                                "max_reaction_count": 11, "accepted_gift_types": {
                                    "unlimited_gifts": False, "limited_gifts": False,
                                    "unique_gifts": False, "premium_subscription": False,
                                    "gifts_from_channels": False}}
        if username:
            chat["username"] = username
        if is_forum:
            chat["is_forum"] = True
        with self._cond:
            self._chats[str(chat_id)] = chat
            if username:
                self._chats[f"@{username}".lower()] = chat

    def grant(self, chat_id: int, user_id: int, **rights: bool) -> None:
        """Rights getChatMember adds to an administrator's answer (e.g. can_post_messages)."""
        with self._cond:
            self._rights[(chat_id, user_id)] = rights

    def set_member(self, chat_id: int, user_id: int, status: str) -> None:
        """What getChatMember answers: "creator", "administrator", "member", "left", ..."""
        with self._cond:
            self._members[(chat_id, user_id)] = status

    # ---- inspecting
    def calls_to(self, method: str, *, ok_only: bool = True) -> list[Call]:
        with self._cond:
            return [c for c in self.calls
                    if c.method == method and (c.status == 200 or not ok_only)]

    def sent_messages(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        return [c.params for c in self.calls_to("sendMessage")
                if chat_id is None or int(c.params["chat_id"]) == chat_id]

    def wait_for(self, method: str, count: int = 1, *, chat_id: int | None = None,
                 timeout: float = 15.0) -> list[Call]:
        """Block until ``count`` successful calls of ``method`` (to ``chat_id``) were recorded."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [c for c in self.calls if c.method == method and c.status == 200
                         and (chat_id is None or int(c.params.get("chat_id", 0)) == chat_id)]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"expected {count} {method} call(s), got {len(found)}: "
                        f"{[(c.method, c.status) for c in self.calls][-20:]}"
                    )
                self._cond.wait(left)

    # ---- serving
    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        path = request.path.split("?")[0]
        prefix = f"/bot{self.token}/"
        if not path.startswith(prefix):
            self._reply(request, 404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        method = path[len(prefix):]
        length = int(request.headers.get("Content-Length") or 0)
        data = request.rfile.read(length) if length else b""
        content_type = request.headers.get("Content-Type", "")
        if content_type.startswith("multipart/form-data"):
            params = _multipart(content_type, data)  # uploads: sendPhoto with a new file
        elif content_type.startswith("application/json"):
            params = json.loads(data.decode() or "{}")
        else:
            params = {k: _decode(v) for k, v in parse_qsl(data.decode())}
        status, body = self._respond(method, params)
        self._reply(request, status, body)

    def _reply(self, request: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
        if status == HOLD:  # no answer until the test says so: the bot's read timeout fires
            self._release.wait(_HOLD_CAP)
            request.close_connection = True
            return
        if status == HANG_UP:  # the connection drops without an answer (a timeout's cousin)
            request.close_connection = True
            return
        data = json.dumps(body).encode()
        try:
            request.send_response(status)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(data)))
            request.end_headers()
            request.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the bot hung up on a long poll while shutting down

    def _record(self, method: str, params: dict[str, Any], status: int) -> None:
        with self._cond:
            self.calls.append(Call(method, params, time.monotonic(), status))
            self._cond.notify_all()

    def _error(self, method: str, params: dict[str, Any], fault: _Fault) -> tuple[int, dict[str, Any]]:
        self._record(method, params, fault.status)
        body: dict[str, Any] = {"ok": False, "error_code": fault.status,
                                "description": fault.description}
        if fault.retry_after is not None:
            body["parameters"] = {"retry_after": fault.retry_after}
        if fault.migrate_to is not None:
            body["parameters"] = {"migrate_to_chat_id": fault.migrate_to}
        return fault.status, body

    def _respond(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if method == "getUpdates":
            self._record(method, params, 200)
            return 200, {"ok": True, "result": self._get_updates(params)}
        raw_chat = str(params.get("chat_id", 0) or 0)
        chat_id = int(raw_chat) if raw_chat.lstrip("-").isdigit() else 0  # getChat takes "@name" too
        with self._cond:
            queue = self._faults.get(method)
            fault = queue.popleft() if queue else None
            chat_queue = self._chat_faults.get((method, chat_id))
            if fault is None and chat_queue:
                fault = chat_queue.popleft()
        if fault is not None:
            return self._error(method, params, fault)
        too_long = len(str(params.get("text", "")).encode("utf-16-le")) // 2 > MESSAGE_LIMIT
        if method == "editMessageText" and too_long:  # Telegram words it differently for edits
            return self._error(method, params, _Fault(400, "Bad Request: MESSAGE_TOO_LONG"))
        if method == "sendMessage":
            if too_long:
                return self._error(method, params, _Fault(400, "Bad Request: message is too long"))
            if chat_id in self._blocked:
                return self._error(method, params, _Fault(
                    403, "Forbidden: bot was blocked by the user"))
            if self.flood_per_second is not None:
                now = time.monotonic()
                with self._cond:
                    while self._sent_times and now - self._sent_times[0] > 1.0:
                        self._sent_times.popleft()
                    flooded = len(self._sent_times) >= self.flood_per_second
                    if not flooded:
                        self._sent_times.append(now)
                if flooded:
                    return self._error(method, params, _Fault(
                        429, "Too Many Requests: retry after 1", retry_after=1))
        self._record(method, params, 200)
        if method == "getMe":
            result: Any = {"id": BOT_ID, "is_bot": True, "first_name": "Newsbrief",
                           "username": BOT_USERNAME, "can_join_groups": True,
                           "can_read_all_group_messages": False, "supports_inline_queries": False}
        elif method in ("sendMessage", "editMessageText"):
            result = {"message_id": int(params.get("message_id") or next(self._ids)),
                      "date": int(time.time()), "chat": {"id": chat_id, "type": "private"},
                      "text": str(params.get("text", ""))}
            if params.get("message_thread_id"):
                result["message_thread_id"] = int(params["message_thread_id"])
        elif method == "sendPhoto":
            photo = params.get("photo")
            width, height = png_size(photo) if isinstance(photo, bytes) else (0, 0)
            result = {"message_id": next(self._ids), "date": int(time.time()),
                      "chat": {"id": chat_id, "type": "private"}, "caption": str(params.get("caption", "")),
                      "photo": [{"file_id": f"photo{chat_id}", "file_unique_id": f"u{chat_id}",
                                 "width": width, "height": height}]}
        elif method == "getChatMember":
            user_id = int(params["user_id"])
            with self._cond:
                status = self._members.get((chat_id, user_id), "member")
            result = {"status": status, "user": {"id": user_id, "is_bot": False, "first_name": "U"}}
            if status == "administrator":
                result |= {"can_be_edited": False, "is_anonymous": False, "can_manage_chat": True,
                           "can_delete_messages": True, "can_manage_video_chats": True,
                           "can_restrict_members": True, "can_promote_members": False,
                           "can_change_info": True, "can_invite_users": True,
                           "can_post_stories": False, "can_edit_stories": False,
                           "can_delete_stories": False}
            elif status == "creator":
                result["is_anonymous"] = False
            elif status == "kicked":
                result["until_date"] = 0
            with self._cond:
                result |= self._rights.get((chat_id, user_id), {})
        elif method == "getChat":
            with self._cond:
                found = self._chats.get(raw_chat.lower())
            if found is None:
                return self._error(method, params, _Fault(400, "Bad Request: chat not found"))
            result = dict(found)
        else:  # setMyCommands, deleteWebhook, answerCallbackQuery, ...
            result = True
        return 200, {"ok": True, "result": result}

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), _LONG_POLL_CAP)
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                ready = [u for u in self._updates if u["update_id"] >= offset]
                left = deadline - time.monotonic()
                if ready or left <= 0:
                    self._updates = ready  # confirmed updates are gone, as on Telegram
                    return ready
                self._cond.wait(left)


_message_ids = itertools.count(1000)


def _chat(chat_id: int, chat_type: str, title: str | None = None) -> dict[str, Any]:
    chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
    if chat_type == "private":
        chat["first_name"] = "Tester"
    else:
        chat["title"] = title or "Group"
    return chat


def message_update(text: str, *, chat_id: int = 100, user_id: int = 100,
                   chat_type: str = "private", thread_id: int | None = None,
                   title: str | None = None, as_chat: bool = False) -> dict[str, Any]:
    """A message update with what PTB needs: date, chat, from, and a bot_command entity.

    ``as_chat``: an anonymous admin posting as the group (sender_chat is the chat itself).
    """
    chat = _chat(chat_id, chat_type, title)
    if thread_id is not None and chat_type != "private":
        chat["is_forum"] = True
    if as_chat:
        user_id = ANONYMOUS_ADMIN_ID
    message: dict[str, Any] = {
        "message_id": next(_message_ids), "date": int(time.time()), "chat": chat,
        "from": {"id": user_id, "is_bot": False, "first_name": "Tester"}, "text": text,
    }
    if text.startswith("/"):
        length = len(text.split()[0])
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    if as_chat:
        message["sender_chat"] = dict(chat)
    if thread_id is not None:
        message["message_thread_id"] = thread_id
        message["is_topic_message"] = True
    return {"message": message}


def callback_update(data: str, *, chat_id: int = 100, user_id: int = 100,
                    message_id: int = 1, chat_type: str = "private") -> dict[str, Any]:
    return {"callback_query": {
        "id": str(next(_message_ids)), "chat_instance": "ci", "data": data,
        "from": {"id": user_id, "is_bot": False, "first_name": "Tester"},
        "message": {"message_id": message_id, "date": int(time.time()),
                    "chat": _chat(chat_id, chat_type),
                    "from": {"id": BOT_ID, "is_bot": True, "first_name": "Newsbrief"},
                    "text": "earlier message"},
    }}


def migrate_update(old_chat_id: int, new_chat_id: int) -> dict[str, Any]:
    """The service message a group gets when it becomes a supergroup (sent in the old chat)."""
    return {"message": {
        "message_id": next(_message_ids), "date": int(time.time()),
        "chat": _chat(old_chat_id, "group"),
        "from": {"id": 100, "is_bot": False, "first_name": "Tester"},
        "migrate_to_chat_id": new_chat_id,
    }}


def my_chat_member_update(chat_id: int, new_status: str, *, old_status: str = "member",
                          chat_type: str = "group", user_id: int = 100) -> dict[str, Any]:
    """The bot's own membership changed: added ("member"), removed ("left"/"kicked"), blocked."""

    def member(status: str) -> dict[str, Any]:
        found: dict[str, Any] = {"status": status,
                                 "user": {"id": BOT_ID, "is_bot": True, "first_name": "Newsbrief"}}
        if status == "kicked":
            found["until_date"] = 0
        return found

    return {"my_chat_member": {
        "chat": _chat(chat_id, chat_type), "date": int(time.time()),
        "from": {"id": user_id, "is_bot": False, "first_name": "Tester"},
        "old_chat_member": member(old_status), "new_chat_member": member(new_status),
    }}


def inline_update(query: str, *, user_id: int = 100) -> dict[str, Any]:
    """An inline query (someone typed ``@bot <query>`` in any chat)."""
    return {"inline_query": {
        "id": str(next(_message_ids)), "query": query, "offset": "",
        "from": {"id": user_id, "is_bot": False, "first_name": "Tester"},
    }}
