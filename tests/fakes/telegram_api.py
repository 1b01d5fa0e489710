"""A loopback fake of the Telegram Bot API: the real python-telegram-bot client talks to it over
HTTP. Tests push updates (messages, button presses) and read back every call the bot made."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote

TOKEN = "123456:TEST-TOKEN"
DOWNLOAD_LIMIT = 20 * 1024 * 1024  # getFile refuses larger files
SENDS = ("sendMessage", "sendPhoto", "sendDocument", "editMessageText")


class FakeBotAPI:
    """getMe, getUpdates (long polling), sendMessage/Photo/Document, answerCallbackQuery,
    edits, webhook calls, getChatMember (`chat_admins` are administrators); `fail` makes a method fail once with a given Bot API error."""

    def __init__(self, username: str = "duban_bot", bot_id: int = 1000,
                 enforce_limits: bool = False, clock: Callable[[], float] = time.monotonic,
                 first_update: int = 1) -> None:
        self.bot = {"id": bot_id, "is_bot": True, "first_name": "督办", "username": username}
        # Telegram's limits, counted like a strict server would: 30 sends in any second overall,
        # 20 in any minute to one group; a send beyond them gets 429 and is not delivered.
        self.enforce_limits = enforce_limits
        # Seconds each send takes (half before it is recorded as delivered, half after, before
        # the answer goes back): a client killed in the second half delivered but never knew.
        self.latency = 0.0
        self.clock = clock
        self.too_many: list[tuple[str, dict[str, Any]]] = []
        self.files: dict[str, bytes] = {}
        self.too_big: set[str] = set()  # files declared beyond the 20 MB a bot may download
        self.chat_admins: set[tuple[int, int]] = set()  # (chat, user): getChatMember says admin
        self._sends: deque[float] = deque()
        self._group_sends: dict[str, deque[float]] = {}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.call_times: list[float] = []  # time.monotonic() when each call was recorded
        self.updates: list[dict[str, Any]] = []
        self.fail: dict[str, list[dict[str, Any]]] = {}
        self._cond = threading.Condition()
        self._next_update = first_update  # Telegram's ids only grow: a new fake for an old store starts higher
        self._next_message = 100
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        """What DUBAN_TELEGRAM_BASE_URL points at."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    def start(self) -> FakeBotAPI:
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._cond:
            self._cond.notify_all()
        self._server.shutdown()
        self._server.server_close()

    # ---- what tests push ----------------------------------------------------------------------

    def message(self, chat_id: int, user_id: int, text: str, chat_type: str = "group",
                reply_to: dict[str, Any] | None = None) -> int:
        """Queue a text message from a user; its update id."""
        with self._cond:
            self._next_message += 1
            msg: dict[str, Any] = {
                "message_id": self._next_message, "date": int(time.time()), "text": text,
                "chat": {"id": chat_id, "type": chat_type, "title": "群" if chat_type != "private" else None},
                "from": {"id": user_id, "is_bot": False, "first_name": f"用户{user_id}"},
            }
            if reply_to is not None:
                msg["reply_to_message"] = reply_to
            return self._push({"message": msg})

    def document(self, chat_id: int, user_id: int, name: str, data: bytes, caption: str = "",
                 chat_type: str = "group", size: int | None = None) -> int:
        """Queue a file a user sent (with an optional caption); getFile and the file URL serve it.
        `size`: the size the update declares, when not the data's (a file beyond the Bot API's
        download limit)."""
        with self._cond:
            self._next_message += 1
            file_id = f"doc{self._next_message}"
            self.files[file_id] = data
            if size is not None and size > DOWNLOAD_LIMIT:
                self.too_big.add(file_id)
            msg: dict[str, Any] = {
                "message_id": self._next_message, "date": int(time.time()),
                "chat": {"id": chat_id, "type": chat_type, "title": "群" if chat_type != "private" else None},
                "from": {"id": user_id, "is_bot": False, "first_name": f"用户{user_id}"},
                "document": {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": name,
                             "file_size": len(data) if size is None else size},
            }
            if caption:
                msg["caption"] = caption
            return self._push({"message": msg})

    def press(self, chat_id: int, user_id: int, data: str, message_id: int = 1) -> int:
        """Queue a button press on one of the bot's messages."""
        with self._cond:
            return self._push({"callback_query": {
                "id": f"cb{self._next_update}", "chat_instance": "x", "data": data,
                "from": {"id": user_id, "is_bot": False, "first_name": f"用户{user_id}"},
                "message": {"message_id": message_id, "date": int(time.time()), "text": "…",
                            "chat": {"id": chat_id, "type": "group"}, "from": self.bot},
            }})

    def _push(self, body: dict[str, Any]) -> int:
        update_id = self._next_update
        self._next_update += 1
        self.updates.append({"update_id": update_id, **body})
        self._cond.notify_all()
        return update_id

    # ---- what tests read ----------------------------------------------------------------------

    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[dict[str, Any]]:
        """Parameters of the calls made with `method` (to `chat_id`)."""
        with self._cond:
            return [p for m, p in self.calls if m == method
                    and (chat_id is None or str(p.get("chat_id")) == str(chat_id))]

    def sent_at(self, method: str = "sendMessage") -> list[tuple[float, dict[str, Any]]]:
        """(time.monotonic() when recorded, parameters) of the calls made with `method`."""
        with self._cond:
            return [(t, p) for t, (m, p) in zip(self.call_times, self.calls, strict=True)
                    if m == method]

    def wait_for(self, count: int, method: str = "sendMessage", chat_id: int | None = None,
                 timeout: float = 20.0) -> list[dict[str, Any]]:
        """Block until at least `count` such calls were made; all of them."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [p for m, p in self.calls if m == method
                         and (chat_id is None or str(p.get("chat_id")) == str(chat_id))]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{method} to {chat_id}: {len(found)} of {count} calls")
                self._cond.wait(left)

    # ---- the server ----------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output quiet
                return

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if unquote(self.path).startswith(f"/file/bot{TOKEN}/"):
                    data = fake.files.get(self.path.rsplit("/", 1)[-1])
                    self.send_response(200 if data is not None else 404)
                    self.send_header("Content-Length", str(len(data or b"")))
                    self.end_headers()
                    self.wfile.write(data or b"")
                    return
                method = self.path.rsplit("/", 1)[-1]
                if not self.path.startswith(f"/bot{TOKEN}/"):
                    self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                    return
                params = _params(self.headers.get("Content-Type", ""), body)
                status, payload = fake._answer(method, params)
                self._reply(status, payload)

            do_GET = do_POST  # noqa: N815

            def _reply(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped waiting (a long poll cut short at shutdown)

        return Handler

    def _answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._updates(params)}
        if method in SENDS and self.enforce_limits and (wait := self._over_limit(params)):
            with self._cond:
                self.too_many.append((method, params))
            return 429, {"ok": False, "error_code": 429,
                         "description": f"Too Many Requests: retry after {wait}",
                         "parameters": {"retry_after": wait}}
        if method in SENDS and self.latency:
            time.sleep(self.latency / 2)
        with self._cond:
            self.calls.append((method, params))
            self.call_times.append(time.monotonic())
            self._cond.notify_all()
            failures = self.fail.get(method)
            if failures:
                error = failures.pop(0)
                return error.get("error_code", 400), {"ok": False, **error}
        if method == "getMe":
            return 200, {"ok": True, "result": self.bot}
        if method == "getChatMember":
            chat, user = int(params.get("chat_id", 0)), int(params.get("user_id", 0))
            status = "administrator" if (chat, user) in self.chat_admins else "member"
            return 200, {"ok": True, "result": {
                "status": status, "user": {"id": user, "is_bot": False, "first_name": "x"},
                **({"can_be_edited": False, "is_anonymous": False, "can_manage_chat": True,
                    "can_delete_messages": True, "can_manage_video_chats": True,
                    "can_restrict_members": True, "can_promote_members": False,
                    "can_change_info": True, "can_invite_users": True,
                    "can_post_stories": False, "can_edit_stories": False,
                    "can_delete_stories": False} if status == "administrator" else {})}}
        if method == "getFile":
            file_id = str(params.get("file_id"))
            if file_id not in self.files:
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"}
            if file_id in self.too_big:
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: file is too big"}
            return 200, {"ok": True, "result": {"file_id": file_id, "file_unique_id": f"u{file_id}",
                                                "file_size": len(self.files[file_id]),
                                                "file_path": f"documents/{file_id}"}}
        if method in SENDS:
            with self._cond:
                self._next_message += 1
                message_id = self._next_message
            chat_id = params.get("chat_id")
            result = {"message_id": message_id, "date": int(time.time()), "from": self.bot,
                      "chat": {"id": int(chat_id) if str(chat_id).lstrip("-").isdigit() else 0,
                               "type": "group"}}
            if "text" in params:
                result["text"] = params["text"]
            if method == "sendPhoto":
                result["photo"] = [{"file_id": "p1", "file_unique_id": "p1", "width": 1, "height": 1}]
            if method == "sendDocument":
                result["document"] = {"file_id": "d1", "file_unique_id": "d1"}
            if self.latency:
                time.sleep(self.latency / 2)
            return 200, {"ok": True, "result": result}
        return 200, {"ok": True, "result": True}

    def _over_limit(self, params: dict[str, Any]) -> int:
        """Seconds to wait when this send breaks a limit (then it is not counted), else 0."""
        chat = str(params.get("chat_id"))
        with self._cond:
            now = self.clock()
            while self._sends and self._sends[0] <= now - 1.0:
                self._sends.popleft()
            group = self._group_sends.setdefault(chat, deque())
            while group and group[0] <= now - 60.0:
                group.popleft()
            if len(self._sends) >= 30:
                return 1
            if chat.startswith("-") and len(group) >= 20:
                return max(1, int(group[0] + 60.0 - now) + 1)
            self._sends.append(now)
            if chat.startswith("-"):
                group.append(now)
            return 0

    def _updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 1.0)
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                pending = [u for u in self.updates if u["update_id"] >= offset]
                left = deadline - time.monotonic()
                if pending or left <= 0:
                    return pending
                self._cond.wait(left)


def _params(content_type: str, body: bytes) -> dict[str, Any]:
    """Form fields (JSON-decoded where they are JSON) or multipart parts (files as bytes)."""
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
        params: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            if part.get_filename():
                params[name] = {"filename": part.get_filename(), "bytes": payload}
            else:
                params[name] = _decode(payload.decode())
        return params
    if content_type.startswith("application/json"):
        return json.loads(body or b"{}")
    return {k: _decode(v[0]) for k, v in parse_qs(body.decode()).items()}


def _decode(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value
