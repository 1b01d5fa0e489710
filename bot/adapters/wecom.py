"""WeCom (企业微信): the self-built app's callback -> Incoming -> ChatService -> app messages, and
reminders through the app (to users) and through group robots (to units' work groups).

Every callback is checked (signature, timestamp, AES payload, receive id) before anything else
runs; a bad one gets 4xx and a log line without secrets. A message id already taken in is
acknowledged and dropped, so WeCom's redeliveries are never answered twice. Messages are answered
through /cgi-bin/message/send, not in the callback's response, so a slow answer never makes WeCom
deliver the message again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import date, datetime
from typing import NoReturn

import httpx
import tornado.httpserver
import tornado.web

from bot import texts
from bot.adapters.wecom_api import (
    ROBOT_BAD_KEYS,
    ROBOT_MARKDOWN_BYTES,
    ROBOT_RATE_LIMITED,
    WeComAPI,
    WeComError,
)
from bot.adapters.wecom_crypto import (
    BadPayload,
    MalformedXml,
    WeComCrypto,
    WeComCryptoError,
    parse_message,
)
from bot.domain.chat import ChatRef, Incoming, Reply, split_bytes
from bot.handlers.chat import ChatService
from bot.scheduler.outbox import MAX_INLINE_WAIT, DeliveryRefused, RetryLater
from bot.scheduler.pacing import Limit, Pacer, each_chat
from store.access import all_bindings, end_bindings
from store.robots import ROBOT, first_time, robot_key

_log = logging.getLogger(__name__)
logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines carry tokens and keys

PLATFORM = "wecom"
CALLBACK_PATH = "/wecom/callback"
# A robot takes 20 messages a minute; a second of margin for clocks that differ a little.
ROBOT_LIMITS = [Limit(20, 61.0, each_chat, "robot")]


class WeComAdapter:
    """Translates between WeCom and the chat service; sends reminders through the app and robots."""

    def __init__(self, service: ChatService, api: WeComAPI, crypto: WeComCrypto | None,
                 today: Callable[[], date], now: Callable[[], datetime],
                 wall: Callable[[], float] = time.time, robot_pacer: Pacer | None = None) -> None:
        self.service, self.api, self.crypto = service, api, crypto
        self.today, self.now, self.wall = today, now, wall
        self.robot_pacer = robot_pacer or Pacer(ROBOT_LIMITS)
        self._tasks: set[asyncio.Task] = set()
        self._server: tornado.httpserver.HTTPServer | None = None

    # ---- the callback -----------------------------------------------------------------------

    async def verify(self, args: dict[str, str]) -> tuple[int, str]:
        """URL verification (GET): the decrypted echostr, or a 4xx."""
        if self.crypto is None:
            return 404, ""
        try:
            return 200, self.crypto.verify_url(args.get("msg_signature", ""),
                                               args.get("timestamp", ""), args.get("nonce", ""),
                                               args.get("echostr", ""), self.wall())
        except WeComCryptoError as err:
            return _rejected(err, "verification")

    async def receive(self, args: dict[str, str], body: bytes) -> tuple[int, str]:
        """A message (POST): checked and decrypted, acknowledged at once, answered in the
        background; a redelivered message id is acknowledged and dropped."""
        if self.crypto is None:
            return 404, ""
        try:
            inner = self.crypto.decrypt_message(body, args.get("msg_signature", ""),
                                                args.get("timestamp", ""), args.get("nonce", ""),
                                                self.wall())
            message = parse_message(inner)
        except WeComCryptoError as err:
            return _rejected(err, "message")
        msg_id = message.get("MsgId") or "|".join(
            message.get(k, "") for k in ("FromUserName", "CreateTime", "Event", "EventKey"))
        if not await first_time(self.service.store, PLATFORM, msg_id, self.now()):
            _log.info("WeCom redelivered message %s; acknowledged, not processed again", msg_id)
            return 200, ""
        task = asyncio.create_task(self._process(message))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return 200, ""

    async def settle(self) -> None:
        """Wait until every message taken in has been answered (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def _process(self, message: dict[str, str]) -> None:
        user = message.get("FromUserName", "")
        kind = message.get("MsgType", "")
        if not user or kind == "event":
            return
        try:
            if kind != "text":
                await self.send(Reply(texts.WECOM_TEXT_ONLY), user)
                return
            incoming = Incoming(PLATFORM, user, "private", user, message.get("Content", ""))
            for reply in await self.service.on_message(incoming, self.today(), self.now()):
                await self.send(reply, user)
        except Exception:  # one bad message is logged; the service goes on
            _log.exception("answering a WeCom message failed")

    # ---- outgoing -----------------------------------------------------------------------------

    async def send(self, reply: Reply, default_user: str) -> None:
        """A reply to a user: text (split to the size limit, buttons as a hint), image, file."""
        user = reply.chat.chat_id if reply.chat else default_user
        text = reply.text + _button_hint(reply)
        await self.api.send_text(user, text)
        if reply.image is not None:
            await self.api.send_media(user, "image", "chart.png", reply.image)
        if reply.file is not None:
            await self.api.send_media(user, "file", *reply.file)

    async def send_reminder(self, chat: ChatRef, reply: Reply) -> str:
        """A reminder digest: `wecom:USER` through the app, `robot:ID` through that robot. A
        robot whose key WeCom refuses raises DeliveryRefused (its bindings end, administrators
        are told); a rate limit raises RetryLater; anything else propagates to be retried."""
        platform, target = chat.platform, chat.chat_id
        if platform == ROBOT:
            return await self._robot(target, reply)
        try:
            return await self.api.send_text(target, reply.text + _button_hint(reply))
        except WeComError as err:
            if err.errcode in (60111, 81013):  # no such user / user not in the app's range
                raise DeliveryRefused(str(err)) from err
            raise

    async def _robot(self, robot: str, reply: Reply) -> str:
        key = await robot_key(self.service.store, robot)
        if key is None:
            raise DeliveryRefused("unknown robot")
        mentions = await self._liaisons(robot)
        text = reply.text + texts.WECOM_ROBOT_HINT
        if mentions:
            text += "\n" + " ".join(f"<@{u}>" for u in mentions)
        parts = [p for p in split_bytes(text, ROBOT_MARKDOWN_BYTES) if p.strip()]
        for i, part in enumerate(parts):
            wait = self.robot_pacer.delay(robot)
            if wait > MAX_INLINE_WAIT:
                if i:  # part of the digest went out: keep it as sent rather than send it twice
                    return f"robot-{i}"
                raise RetryLater(wait)
            await self.robot_pacer.acquire(robot)
            try:
                await self.api.robot_markdown(key, part)
            except WeComError as err:
                if err.errcode == ROBOT_RATE_LIMITED:
                    raise RetryLater(60.0) from err
                if err.errcode in ROBOT_BAD_KEYS:  # its bindings end; the outbox tells admins
                    await self._robot_refused(robot)
                raise
            except httpx.HTTPError as err:  # the message says which request, never the key
                raise ConnectionError(f"robot {robot}: {type(err).__name__}") from None
        return f"robot-{len(parts)}"

    async def _liaisons(self, robot: str) -> list[str]:
        """WeCom user ids of the liaisons of the units this robot serves."""
        bindings = await all_bindings(self.service.store)
        units = {(b.org, b.unit) for b in bindings if b.platform == ROBOT and b.chat_id == robot}
        return sorted({b.chat_id for b in bindings
                       if b.platform == PLATFORM and (b.org, b.unit) in units and b.unit})

    async def _robot_refused(self, robot: str) -> NoReturn:
        store = self.service.store
        bindings = [b for b in await all_bindings(store)
                    if b.platform == ROBOT and b.chat_id == robot]
        await end_bindings(store, ROBOT, robot, "refused", self.now())
        who = "、".join(f"{b.org}{b.unit or ''}" for b in bindings) or robot
        raise DeliveryRefused(texts.WECOM_ROBOT_REFUSED.format(who=who, robot=robot))

    # ---- the server ---------------------------------------------------------------------------

    def web_app(self) -> tornado.web.Application:
        """The callback endpoint as a tornado application."""
        return tornado.web.Application([(CALLBACK_PATH, _CallbackHandler, {"adapter": self})])

    async def start(self, listen: str, port: int) -> int:
        """Serve the callback on the running event loop; the port it listens on."""
        self._server = tornado.httpserver.HTTPServer(self.web_app(), max_body_size=1024 * 1024)
        self._server.listen(port, address=listen)
        sockets = list(self._server._sockets.values())  # noqa: SLF001 (the port when 0 was asked)
        return sockets[0].getsockname()[1] if sockets else port

    async def stop(self) -> None:
        """Stop serving and finish the messages taken in."""
        if self._server is not None:
            self._server.stop()
        await self.settle()


class _CallbackHandler(tornado.web.RequestHandler):
    def initialize(self, adapter: WeComAdapter) -> None:
        self.adapter = adapter

    def _args(self) -> dict[str, str]:
        return {k: self.get_query_argument(k, "") for k in ("msg_signature", "timestamp",
                                                            "nonce", "echostr")}

    async def get(self) -> None:
        status, body = await self.adapter.verify(self._args())
        self._answer(status, body)

    async def post(self) -> None:
        status, body = await self.adapter.receive(self._args(), self.request.body)
        self._answer(status, body)

    def _answer(self, status: int, body: str) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(body)

    def log_exception(self, typ, value, tb) -> None:  # type: ignore[no-untyped-def]
        _log.error("WeCom callback failed: %s", typ.__name__ if typ else "error")


def _rejected(err: WeComCryptoError, what: str) -> tuple[int, str]:
    """The status for a callback that failed its checks (logged by kind, never with secrets)."""
    _log.warning("WeCom %s rejected: %s", what, type(err).__name__)
    return (400 if isinstance(err, MalformedXml | BadPayload) else 403), ""


def _button_hint(reply: Reply) -> str:
    """WeCom text messages have no buttons: the progress buttons become words to reply with."""
    labels = [b.text for row in reply.buttons for b in row if "第" in b.text and "项" in b.text]
    return texts.WECOM_BUTTON_HINT.format(labels="、".join(labels)) if labels else ""
