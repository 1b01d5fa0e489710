"""A loopback fake of DingTalk's servers, on 127.0.0.1 only: the app's access token, robot messages
to users and groups, session webhooks, media uploads, custom-robot webhooks (access token,
加签 signature, 20 messages a minute on an injectable clock, error codes), and the Stream gateway
(connections/open, then a WebSocket that pushes robot-message frames and takes the SDK's acks).
It runs its own tornado loop in a thread; tests read back what was sent and push messages."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import tornado.httpserver
import tornado.web
import tornado.websocket

CLIENT_ID = "dingtestclientid0001"
CLIENT_SECRET = "test-dingtalk-app-secret"
ROBOT_CODE = "dingtestrobotcode01"
ROBOT_TOKEN = "0f" * 32  # a custom robot's access_token
ROBOT_SECRET = "SEC" + "a1" * 32  # its 加签 secret
ROBOT_RATE, ROBOT_WINDOW = 20, 60.0
SIGN_WINDOW = 3600.0

Json = dict[str, Any]


@dataclass
class Sent:
    """One message the fake took: where it went and what it said."""

    path: str
    target: str  # user ids, conversation, session id or robot token
    body: Json
    token: str = ""


@dataclass
class _Robot:
    secret: str | None
    sent: deque[float] = field(default_factory=deque)


class FakeDingTalk:
    """The fake servers (API and gateway on one port); `base_url` is both bases."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock  # the robots' clock: signature windows and the rate limit
        self.sent: list[Sent] = []
        self.uploads: dict[str, tuple[str, int]] = {}  # media id -> (file name, size)
        self.files: dict[str, bytes] = {}  # download code -> a file users sent the robot
        self.tokens: list[str] = []
        self.expired: set[str] = set()
        self.robots: dict[str, _Robot] = {}
        self.robot_codes: list[int] = []  # the errcode of every robot webhook call
        self.failing: dict[str, deque[tuple[int, Json]]] = {}
        self.acks: list[Json] = []
        self.opened: list[Json] = []
        self._tickets: set[str] = set()
        self._sockets: list[tornado.websocket.WebSocketHandler] = []
        self._ids = itertools.count(1)
        self._cond = threading.Condition()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # ---- life -----------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:PORT."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FakeDingTalk:
        """Serve in a thread of its own; returns once listening."""
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)
            server = tornado.httpserver.HTTPServer(self._app())
            server.listen(0, address="127.0.0.1")
            self.port = next(iter(server._sockets.values())).getsockname()[1]  # noqa: SLF001
            ready.set()
            self._loop.run_forever()
            server.stop()
            self._loop.close()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        """Close the sockets and stop the loop."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._close_all)
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    def _close_all(self) -> None:
        for socket in self._sockets:
            socket.close()

    # ---- what tests set and read ------------------------------------------------------------

    def add_robot(self, token: str = ROBOT_TOKEN, secret: str | None = ROBOT_SECRET) -> None:
        """A custom robot that takes messages with this token (signed with `secret` if set)."""
        self.robots[token] = _Robot(secret)

    def fail(self, path: str, status: int, answer: Json, times: int = 1) -> None:
        """Answer the next `times` calls to `path` with this status and JSON."""
        self.failing.setdefault(path, deque()).extend([(status, answer)] * times)

    def expire_tokens(self) -> None:
        """Every token issued so far is refused from now on (401)."""
        self.expired.update(self.tokens)

    def messages(self, path: str | None = None) -> list[Sent]:
        """What was sent (to `path` only, if given)."""
        with self._cond:
            return [s for s in self.sent if path is None or s.path == path]

    def wait_for(self, count: int, path: str | None = None, timeout: float = 10.0) -> list[Sent]:
        """Block until `count` messages (to `path`) were sent."""
        with self._cond:
            if not self._cond.wait_for(lambda: len(self.messages(path)) >= count, timeout):
                raise AssertionError(f"{len(self.messages(path))} of {count} messages to {path}")
            return self.messages(path)

    def wait_acks(self, count: int, timeout: float = 10.0) -> list[Json]:
        """Block until the gateway took `count` acks."""
        with self._cond:
            if not self._cond.wait_for(lambda: len(self.acks) >= count, timeout):
                raise AssertionError(f"{len(self.acks)} of {count} acks")
            return list(self.acks)

    def wait_connected(self, timeout: float = 10.0) -> None:
        """Block until a client holds a gateway WebSocket."""
        with self._cond:
            if not self._cond.wait_for(lambda: bool(self._sockets), timeout):
                raise AssertionError("no stream connection")

    def push(self, message: Json, frame_id: str | None = None) -> str:
        """Push a robot message to the connected client as a CALLBACK frame; the frame's id."""
        frame_id = frame_id or f"frame-{next(self._ids)}"
        frame = {"specVersion": "1.0", "type": "CALLBACK",
                 "headers": {"appId": CLIENT_ID, "connectionId": "conn-1",
                             "contentType": "application/json", "messageId": frame_id,
                             "time": str(int(time.time() * 1000)),
                             "topic": "/v1.0/im/bot/messages/get"},
                 "data": json.dumps(message, ensure_ascii=False)}
        assert self._loop is not None
        raw = json.dumps(frame, ensure_ascii=False)
        self._loop.call_soon_threadsafe(lambda: [s.write_message(raw) for s in self._sockets])
        return frame_id

    def session_url(self, session: str) -> str:
        """A message's sessionWebhook, on this fake."""
        return f"{self.base_url}/robot/sendBySession?session={session}"

    # ---- the servers ------------------------------------------------------------------------

    def _app(self) -> tornado.web.Application:
        fake = self
        return tornado.web.Application([
            (r"/v1\.0/oauth2/accessToken", _Token, {"fake": fake}),
            (r"/v1\.0/robot/(oToMessages/batchSend|groupMessages/send)", _RobotAPI, {"fake": fake}),
            (r"/media/upload", _Upload, {"fake": fake}),
            (r"/v1\.0/robot/messageFiles/download", _FileCode, {"fake": fake}),
            (r"/files/([A-Za-z0-9_-]+)", _File, {"fake": fake}),
            (r"/robot/sendBySession", _Session, {"fake": fake}),
            (r"/robot/send", _Webhook, {"fake": fake}),
            (r"/v1\.0/gateway/connections/open", _Open, {"fake": fake}),
            (r"/gateway/connect", _Gateway, {"fake": fake}),
        ])

    def _record(self, sent: Sent) -> None:
        with self._cond:
            self.sent.append(sent)
            self._cond.notify_all()

    def _injected(self, path: str) -> tuple[int, Json] | None:
        queue = self.failing.get(path)
        return queue.popleft() if queue else None

    def _robot_answer(self, token: str, timestamp: str, sign: str) -> Json:
        """What the custom-robot webhook answers (before recording the message)."""
        robot = self.robots.get(token)
        if robot is None:
            return {"errcode": 300001, "errmsg": "token is not exist"}
        now = self.clock()
        if robot.secret is not None:
            if not timestamp.isdigit() or abs(int(timestamp) / 1000 - now) > SIGN_WINDOW:
                return {"errcode": 310000, "errmsg": "sign not match, timestamp is invalid"}
            digest = hmac.new(robot.secret.encode(), f"{timestamp}\n{robot.secret}".encode(),
                              hashlib.sha256).digest()
            if not hmac.compare_digest(base64.b64encode(digest).decode(), sign):
                return {"errcode": 310000, "errmsg": "sign not match"}
        while robot.sent and robot.sent[0] <= now - ROBOT_WINDOW:
            robot.sent.popleft()
        if len(robot.sent) >= ROBOT_RATE:
            return {"errcode": 410100, "errmsg": "send too fast"}
        robot.sent.append(now)
        return {"errcode": 0, "errmsg": "ok"}


class _Base(tornado.web.RequestHandler):
    def initialize(self, fake: FakeDingTalk) -> None:
        self.fake = fake

    def answer(self, status: int, body: Json) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body, ensure_ascii=False))

    def json(self) -> Json:
        return json.loads(self.request.body or b"{}")

    def injected(self) -> bool:
        found = self.fake._injected(self.request.path)  # noqa: SLF001
        if found is not None:
            self.answer(*found)
        return found is not None

    def token_ok(self, token: str) -> bool:
        if token in self.fake.tokens and token not in self.fake.expired:
            return True
        self.answer(401, {"code": "InvalidAuthentication", "message": "token is invalid"})
        return False


class _Token(_Base):
    def post(self) -> None:
        body = self.json()
        if (body.get("appKey"), body.get("appSecret")) != (CLIENT_ID, CLIENT_SECRET):
            self.answer(400, {"code": "invalidClientIdOrSecret", "message": "bad credentials"})
            return
        token = f"tok-{next(self.fake._ids)}"  # noqa: SLF001
        self.fake.tokens.append(token)
        self.answer(200, {"accessToken": token, "expireIn": 7200})


class _RobotAPI(_Base):
    def post(self, kind: str) -> None:
        token = self.request.headers.get("x-acs-dingtalk-access-token", "")
        if self.injected() or not self.token_ok(token):
            return
        body = self.json()
        if body.get("robotCode") != ROBOT_CODE:
            self.answer(400, {"code": "robot.notExist", "message": "no such robot"})
            return
        body["msgParam"] = json.loads(body["msgParam"])
        target = (",".join(body["userIds"]) if kind.startswith("oTo")
                  else body["openConversationId"])
        self.fake._record(Sent(self.request.path, target, body, token))  # noqa: SLF001
        self.answer(200, {"processQueryKey": f"pqk-{next(self.fake._ids)}"})  # noqa: SLF001


class _FileCode(_Base):
    """/v1.0/robot/messageFiles/download: a file message's download code -> a short-lived URL."""

    def post(self) -> None:
        token = self.request.headers.get("x-acs-dingtalk-access-token", "")
        if self.injected() or not self.token_ok(token):
            return
        body = self.json()
        if body.get("robotCode") != ROBOT_CODE or body.get("downloadCode") not in self.fake.files:
            self.answer(400, {"code": "invalidParameter", "message": "downloadCode is invalid"})
            return
        self.answer(200, {"downloadUrl": f"{self.fake.base_url}/files/{body['downloadCode']}"})


class _File(_Base):
    def get(self, code: str) -> None:
        if code not in self.fake.files:
            self.send_error(404)
            return
        self.set_header("Content-Type", "application/octet-stream")
        self.finish(self.fake.files[code])


class _Upload(_Base):
    def post(self) -> None:
        if not self.token_ok(self.get_query_argument("access_token", "")):
            return
        (media,) = self.request.files["media"]
        media_id = f"@media-{next(self.fake._ids)}"  # noqa: SLF001
        self.fake.uploads[media_id] = (media["filename"], len(media["body"]))
        self.answer(200, {"errcode": 0, "media_id": media_id,
                          "type": self.get_query_argument("type", "")})


class _Session(_Base):
    def post(self) -> None:
        if self.injected():
            return
        session = self.get_query_argument("session", "")
        self.fake._record(Sent(self.request.path, session, self.json()))  # noqa: SLF001
        self.answer(200, {"errcode": 0, "errmsg": "ok"})


class _Webhook(_Base):
    def post(self) -> None:
        token = self.get_query_argument("access_token", "")
        answer = self.fake._robot_answer(token, self.get_query_argument("timestamp", ""),  # noqa: SLF001
                                         self.get_query_argument("sign", ""))
        self.fake.robot_codes.append(answer["errcode"])
        if not answer["errcode"]:
            self.fake._record(Sent(self.request.path, token, self.json()))  # noqa: SLF001
        self.answer(200, answer)


class _Open(_Base):
    def post(self) -> None:
        body = self.json()
        if (body.get("clientId"), body.get("clientSecret")) != (CLIENT_ID, CLIENT_SECRET):
            self.answer(401, {"code": "InvalidAuthentication", "message": "bad credentials"})
            return
        self.fake.opened.append(body)
        ticket = f"ticket-{next(self.fake._ids)}"  # noqa: SLF001
        self.fake._tickets.add(ticket)  # noqa: SLF001
        self.answer(200, {"endpoint": f"ws://127.0.0.1:{self.fake.port}/gateway/connect",
                          "ticket": ticket})


class _Gateway(tornado.websocket.WebSocketHandler):
    def initialize(self, fake: FakeDingTalk) -> None:
        self.fake = fake

    def open(self, *args: str, **kwargs: str) -> None:
        if self.get_query_argument("ticket", "") not in self.fake._tickets:  # noqa: SLF001
            self.close(4001, "bad ticket")
            return
        with self.fake._cond:  # noqa: SLF001
            self.fake._sockets.append(self)  # noqa: SLF001
            self.fake._cond.notify_all()  # noqa: SLF001

    def on_message(self, message: str | bytes) -> None:
        with self.fake._cond:  # noqa: SLF001
            self.fake.acks.append(json.loads(message))
            self.fake._cond.notify_all()  # noqa: SLF001

    def on_close(self) -> None:
        with self.fake._cond:  # noqa: SLF001
            if self in self.fake._sockets:  # noqa: SLF001
                self.fake._sockets.remove(self)  # noqa: SLF001
