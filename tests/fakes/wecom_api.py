"""A loopback fake of the WeCom (企业微信) server API: access tokens, app messages, file uploads and
group-robot webhooks, as JSON over HTTP on 127.0.0.1. Point the client's base URL at `base_url`;
tests read back what was sent and inject failures."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

CORP_ID = "ww0123456789abcdef"
SECRET = "test-app-secret"
AGENT_ID = 1000002
ROBOT_KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"

GETTOKEN = "/cgi-bin/gettoken"
MESSAGE_SEND = "/cgi-bin/message/send"
MEDIA_UPLOAD = "/cgi-bin/media/upload"
MEDIA_GET = "/cgi-bin/media/get"  # a file a user sent the app, by its MediaId
WEBHOOK_SEND = "/cgi-bin/webhook/send"
POST_ONLY = {MESSAGE_SEND, MEDIA_UPLOAD, WEBHOOK_SEND}

TOKEN_LIFETIME = 7200
ROBOT_RATE = 20  # messages per key ...
ROBOT_WINDOW = 60.0  # ... per rolling window of this many seconds
# Documented per-message content limits of the group robot, in UTF-8 bytes.
ROBOT_LIMITS = {"text": 2048, "markdown": 4096, "markdown_v2": 4096}

Json = dict[str, Any]


@dataclass
class Call:
    """One HTTP request the fake received, whatever it answered."""

    method: str
    path: str
    query: dict[str, str]
    body: Any = None  # decoded JSON; for uploads {"filename", "size"}; None when absent/unparsable
    errcode: int | None = None  # what the fake answered


@dataclass
class _Token:
    issued_at: float
    expired: bool = False


@dataclass
class _Failure:
    errcode: int
    errmsg: str
    times: int
    status: int = 200


@dataclass
class _State:
    tokens: dict[str, _Token] = field(default_factory=dict)
    messages: list[tuple[str, Json]] = field(default_factory=list)
    robot: list[tuple[str, Json]] = field(default_factory=list)
    robot_times: dict[str, deque[float]] = field(default_factory=dict)
    media: dict[str, Json] = field(default_factory=dict)


class FakeWeComAPI:
    """gettoken, message/send, media/upload and webhook/send over loopback HTTP.

    Tokens expire after 7200 s of `clock` or when `expire_tokens()` is called; the robot accepts 20
    messages per key per rolling 60 s of `clock`; `fail(...)` makes the next calls of an endpoint
    answer a given errcode.
    """

    def __init__(self, corp_id: str = CORP_ID, secret: str = SECRET, agent_id: int = AGENT_ID,
                 robot_keys: Iterable[str] = (ROBOT_KEY,),
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.corp_id = corp_id
        self.secret = secret
        self.agent_id = agent_id
        self.robot_keys = frozenset(robot_keys)
        self.clock = clock
        self.calls: list[Call] = []
        self._failures: dict[str, list[_Failure]] = {}
        self._holds: dict[str, threading.Event] = {}
        self.held: list[str] = []  # the paths of calls that waited at a hold
        self._state = _State()
        self._cond = threading.Condition()
        self._counter = 0
        self.user_files: dict[str, tuple[str, bytes]] = {}  # media id -> (name, bytes) users sent
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        daemon=True, name="fake-wecom-api")

    @property
    def base_url(self) -> str:
        """What the WeCom client's base URL points at (instead of https://qyapi.weixin.qq.com)."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakeWeComAPI:
        """Serve in a background thread; returns self."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port; wakes any waiter."""
        with self._cond:
            self._cond.notify_all()
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeWeComAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- what tests do -------------------------------------------------------------------------

    def fail(self, path_or_method: str, errcode: int, errmsg: str = "injected failure",
             times: int = 1, status: int = 200) -> None:
        """Make the next `times` calls of an endpoint answer `errcode` (and HTTP `status`).

        The endpoint is its path ("/cgi-bin/message/send") or its short name ("message/send",
        "gettoken", "webhook/send", "media/upload"). Failed calls are in `calls`, never in the
        sent messages.
        """
        with self._cond:
            self._failures.setdefault(_endpoint(path_or_method), []).append(
                _Failure(errcode, errmsg, times, status))

    def user_file(self, name: str, data: bytes) -> str:
        """Keep a file as if a user had sent it to the app; its MediaId (media/get serves it)."""
        with self._cond:
            media_id = self._next_id("user-media-")
            self.user_files[media_id] = (name, data)
            return media_id

    def hold(self, path_or_method: str) -> threading.Event:
        """Make calls of an endpoint wait, before they are answered or recorded, until the
        returned event is set (a client killed meanwhile never gets an answer)."""
        gate = threading.Event()
        with self._cond:
            self._holds[_endpoint(path_or_method)] = gate
        return gate

    def release(self, path_or_method: str) -> None:
        """Let held calls of an endpoint go on, and stop holding new ones."""
        with self._cond:
            gate = self._holds.pop(_endpoint(path_or_method), None)
        if gate is not None:
            gate.set()

    def wait_held(self, count: int, timeout: float = 10.0) -> list[str]:
        """Wait until `count` calls have reached a hold; their paths."""
        return self._wait(count, timeout, "held calls", lambda: list(self.held))

    def expire_tokens(self) -> None:
        """Make every token issued so far expired: later use answers errcode 42001."""
        with self._cond:
            for token in self._state.tokens.values():
                token.expired = True

    # ---- what tests read -----------------------------------------------------------------------

    @property
    def tokens_issued(self) -> list[str]:
        """Every access token gettoken handed out, oldest first."""
        with self._cond:
            return list(self._state.tokens)

    def sent_messages(self) -> list[Json]:
        """Bodies of the accepted message/send calls, in order."""
        with self._cond:
            return [body for _, body in self._state.messages]

    def sent_with_tokens(self) -> list[tuple[str, Json]]:
        """(access_token, body) of the accepted message/send calls, in order."""
        with self._cond:
            return list(self._state.messages)

    def robot_messages(self, key: str | None = None) -> list[Json]:
        """Bodies of the accepted group-robot messages (to `key`), in order."""
        with self._cond:
            return [body for k, body in self._state.robot if key is None or k == key]

    def uploads(self) -> dict[str, Json]:
        """Uploaded media by media_id: {"type", "filename", "bytes"}."""
        with self._cond:
            return dict(self._state.media)

    def wait_for(self, count: int, path: str = MESSAGE_SEND, key: str | None = None,
                 timeout: float = 20.0) -> list[Json]:
        """Block until at least `count` messages were accepted on `path`; all of them.

        `path` is message/send (the app's messages) or webhook/send (the robot's, to `key` if
        given). Raises TimeoutError after `timeout` seconds.
        """
        endpoint = _endpoint(path)
        if endpoint not in (MESSAGE_SEND, WEBHOOK_SEND):
            raise ValueError(f"wait_for counts accepted messages; use wait_for_calls for {path}")
        return self._wait(
            count, timeout, f"{endpoint} ({key or 'any key'})",
            lambda: self.sent_messages() if endpoint == MESSAGE_SEND else self.robot_messages(key))

    def wait_for_calls(self, count: int, path: str | None = None,
                       timeout: float = 20.0) -> list[Call]:
        """Block until at least `count` requests (to `path`, any answer) were received."""
        endpoint = None if path is None else _endpoint(path)

        def found() -> list[Call]:
            return [c for c in self.calls if endpoint is None or c.path == endpoint]

        return self._wait(count, timeout, f"calls to {endpoint or 'any path'}", found)

    def _wait(self, count: int, timeout: float, what: str, found: Callable[[], list[Any]]
              ) -> list[Any]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                items = found()
                if len(items) >= count:
                    return items
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{what}: {len(items)} of {count}")
                self._cond.wait(left)

    # ---- the server ----------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output quiet
                return

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                self._serve("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._serve("POST")

            def _serve(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                url = urlsplit(self.path)
                with fake._cond:
                    gate = fake._holds.get(url.path)
                    if gate is not None:
                        fake.held.append(url.path)
                        fake._cond.notify_all()
                if gate is not None:
                    gate.wait(60.0)
                query = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
                if url.path == MEDIA_GET and (found := fake._media_get(method, query)) is not None:
                    name, data = found
                    self.send_response(200)
                    self.send_header("Content-Type", "application/octet-stream")
                    self.send_header("Content-Disposition",
                                     f"attachment; filename*=UTF-8''{quote(name)}")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                status, payload = fake._answer(method, url.path, query,
                                               self.headers.get("Content-Type", ""), body)
                data = json.dumps(payload, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=UTF-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped waiting

        return Handler

    def _answer(self, method: str, path: str, query: dict[str, str], content_type: str,
                body: bytes) -> tuple[int, Json]:
        call = Call(method, path, query, _body(path, content_type, body))
        with self._cond:
            self.calls.append(call)
            status, payload = self._dispatch(call, content_type, body)
            call.errcode = payload.get("errcode")
            self._cond.notify_all()
        return status, payload

    def _media_get(self, method: str, query: dict[str, str]) -> tuple[str, bytes] | None:
        """A user's file for media/get with a valid token (recorded as a call); None: answer
        with an error instead (a bad token or media id)."""
        with self._cond:
            if self._token_error(query.get("access_token", "")) is not None:
                return None
            found = self.user_files.get(query.get("media_id", ""))
            if found is not None:
                self.calls.append(Call(method, MEDIA_GET, query, None, 0))
                self._cond.notify_all()
            return found

    def _dispatch(self, call: Call, content_type: str, raw: bytes) -> tuple[int, Json]:
        failures = self._failures.get(call.path)
        if failures:
            failure = failures[0]
            failure.times -= 1
            if failure.times <= 0:
                failures.pop(0)
            return failure.status, _error(failure.errcode, failure.errmsg)
        if call.path == GETTOKEN:
            return 200, self._gettoken(call.query)
        if call.path == MEDIA_GET:
            return 200, (self._token_error(call.query.get("access_token", ""))
                         or _error(40007, "invalid media_id"))
        if call.path not in POST_ONLY:
            return 404, _error(404, "not found")
        if call.method != "POST":
            return 200, _error(43002, "require POST method")
        if call.path == WEBHOOK_SEND:
            return 200, self._robot(call.query.get("key", ""), call.body)
        token_error = self._token_error(call.query.get("access_token", ""))
        if token_error:
            return 200, token_error
        if call.path == MEDIA_UPLOAD:
            return 200, self._upload(call.query.get("type", ""), content_type, raw)
        return 200, self._send(call.query["access_token"], call.body)

    def _next_id(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}{self._counter:06d}"

    def _gettoken(self, query: dict[str, str]) -> Json:
        if query.get("corpid") != self.corp_id:
            return _error(40013, "invalid corpid")
        if query.get("corpsecret") != self.secret:
            return _error(40001, "invalid credential")
        token = self._next_id("fake-token-")
        self._state.tokens[token] = _Token(self.clock())
        return {"errcode": 0, "errmsg": "ok", "access_token": token,
                "expires_in": TOKEN_LIFETIME}

    def _token_error(self, token: str) -> Json | None:
        if not token:
            return _error(41001, "access_token missing")
        issued = self._state.tokens.get(token)
        if issued is None:
            return _error(40014, "invalid access_token")
        if issued.expired or self.clock() - issued.issued_at >= TOKEN_LIFETIME:
            return _error(42001, "access_token expired")
        return None

    def _send(self, token: str, body: Any) -> Json:
        if not isinstance(body, dict):
            return _error(47001, "data format error")
        agent = body.get("agentid")
        if isinstance(agent, bool) or str(agent) != str(self.agent_id):
            return _error(40056, "invalid agentid")
        if not any(body.get(k) for k in ("touser", "toparty", "totag")):
            return _error(40031, "invalid user list: touser, toparty and totag are all empty")
        msgtype = body.get("msgtype")
        if msgtype in ("text", "markdown"):
            content = (body.get(msgtype) or {}).get("content")
            if not isinstance(content, str) or not content:
                return _error(44004, f"empty content: {msgtype}.content is required")
        elif msgtype in ("file", "image"):
            media_id = (body.get(msgtype) or {}).get("media_id")
            if media_id not in self._state.media:
                return _error(40007, "invalid media_id")
        else:
            return _error(40008, "invalid message type")
        self._state.messages.append((token, body))
        return {"errcode": 0, "errmsg": "ok", "invaliduser": "", "invalidparty": "",
                "invalidtag": "", "msgid": self._next_id("msgid-")}

    def _upload(self, kind: str, content_type: str, raw: bytes) -> Json:
        if kind not in ("file", "image", "voice", "video"):
            return _error(40004, "invalid media type")
        part = _multipart_file(content_type, raw)
        if part is None:
            return _error(41005, "media data missing")
        filename, data = part
        media_id = self._next_id("media-")
        self._state.media[media_id] = {"type": kind, "filename": filename, "bytes": data}
        return {"errcode": 0, "errmsg": "ok", "type": kind, "media_id": media_id,
                "created_at": str(int(time.time()))}

    def _robot(self, key: str, body: Any) -> Json:
        if key not in self.robot_keys:
            return _error(93000, "invalid webhook url")
        if not isinstance(body, dict):
            return _error(47001, "data format error")
        msgtype = body.get("msgtype")
        if msgtype not in ROBOT_LIMITS:
            return _error(40008, "invalid message type")
        content = (body.get(msgtype) or {}).get("content")
        if not isinstance(content, str) or not content:
            return _error(44004, f"empty content: {msgtype}.content is required")
        if len(content.encode("utf-8")) > ROBOT_LIMITS[msgtype]:
            return _error(40058, f"content exceed max length {ROBOT_LIMITS[msgtype]} bytes")
        now = self.clock()
        sent = self._state.robot_times.setdefault(key, deque())
        while sent and now - sent[0] >= ROBOT_WINDOW:
            sent.popleft()
        if len(sent) >= ROBOT_RATE:
            return _error(45009, "api freq out of limit")
        sent.append(now)
        self._state.robot.append((key, body))
        return {"errcode": 0, "errmsg": "ok"}


def _endpoint(path_or_method: str) -> str:
    """'/cgi-bin/message/send', 'cgi-bin/message/send' and 'message/send' all name one path."""
    name = path_or_method.strip("/")
    name = name.removeprefix("cgi-bin/")
    return f"/cgi-bin/{name}"


def _error(errcode: int, errmsg: str) -> Json:
    return {"errcode": errcode, "errmsg": errmsg}


def _body(path: str, content_type: str, raw: bytes) -> Any:
    """The JSON body, or a summary of an uploaded file; None when absent or not JSON."""
    if path == MEDIA_UPLOAD:
        part = _multipart_file(content_type, raw)
        return None if part is None else {"filename": part[0], "size": len(part[1])}
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _multipart_file(content_type: str, raw: bytes) -> tuple[str, bytes] | None:
    """(filename, bytes) of the "media" part of a multipart/form-data body."""
    if not content_type.startswith("multipart/form-data"):
        return None
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw)
    if not message.is_multipart():
        return None
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") == "media":
            return part.get_filename() or "", part.get_payload(decode=True) or b""
    return None
