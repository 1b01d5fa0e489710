"""HTTP callback mode: DingTalk posts each robot message to /dingtalk/callback with `timestamp`
and `sign` headers; they are checked (HmacSHA256 with the app secret, ±1 hour) before anything
else runs, and a bad one gets 403 and a log line without secrets. The message is answered before
the response, as DingTalk expects an answer within its timeout; redeliveries are answered once."""

from __future__ import annotations

import json
import logging

import tornado.httpserver
import tornado.web

from bot.adapters.dingtalk.chat import DingTalkChat
from bot.adapters.dingtalk.sign import SignatureError, check_callback

_log = logging.getLogger(__name__)

CALLBACK_PATH = "/dingtalk/callback"


class DingTalkCallback:
    """The callback server in front of a DingTalkChat (on the running event loop)."""

    def __init__(self, chat: DingTalkChat, secret: str, listen: str = "127.0.0.1",
                 port: int = 0) -> None:
        self.chat, self._secret = chat, secret
        self.listen, self.port = listen, port
        self._server: tornado.httpserver.HTTPServer | None = None

    async def receive(self, timestamp: str, sign: str, body: bytes) -> int:
        """The status for one callback: checked, parsed, answered."""
        try:
            check_callback(timestamp, sign, self._secret, int(self.chat.wall() * 1000))
        except SignatureError as err:
            _log.warning("DingTalk callback rejected: %s", type(err).__name__)
            return 403
        try:
            message = json.loads(body)
        except ValueError:
            return 400
        if not isinstance(message, dict):
            return 400
        await self.chat.handle(message)
        return 200

    def start(self) -> None:
        """Listen (`port` then holds the port, when 0 was asked)."""
        app = tornado.web.Application([(CALLBACK_PATH, _Handler, {"callback": self})])
        self._server = tornado.httpserver.HTTPServer(app, max_body_size=1024 * 1024)
        self._server.listen(self.port, address=self.listen)
        sockets = list(self._server._sockets.values())  # noqa: SLF001 (the port when 0 was asked)
        if sockets:
            self.port = sockets[0].getsockname()[1]
        _log.warning("DingTalk callback on %s:%s%s", self.listen, self.port, CALLBACK_PATH)

    def stop(self) -> None:
        """Stop listening."""
        if self._server is not None:
            self._server.stop()


class _Handler(tornado.web.RequestHandler):
    def initialize(self, callback: DingTalkCallback) -> None:
        self.callback = callback

    async def post(self) -> None:
        status = await self.callback.receive(self.request.headers.get("timestamp", ""),
                                             self.request.headers.get("sign", ""),
                                             self.request.body)
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish("{}" if status == 200 else "")

    def log_exception(self, typ, value, tb) -> None:  # type: ignore[no-untyped-def]
        _log.error("DingTalk callback failed: %s", typ.__name__ if typ else "error")
