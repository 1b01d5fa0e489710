"""WeCom (企业微信): the self-built app's callback -> Incoming -> ChatService -> app messages, and
reminders through the app to users (group robots: robots.py).

Every callback is checked (signature, timestamp, AES payload, receive id) before anything else
runs; a bad one gets 4xx and a log line without secrets. A message id is recorded as received
when it arrives and marked answered only after its reply went out: a redelivery of a message
already answered (or being answered by this process) is acknowledged and dropped, one whose
process died before answering is answered now. Messages are answered
through /cgi-bin/message/send, not in the callback's response, so a slow answer never makes WeCom
deliver the message again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import date, datetime

import httpx
import tornado.httpserver
import tornado.web

from bot import texts
from bot.adapters.wecom.api import WeComAPI, WeComError
from bot.adapters.wecom.crypto import (
    BadPayload,
    MalformedXml,
    WeComCrypto,
    WeComCryptoError,
    parse_message,
)
from bot.delivery import Delivery
from bot.domain.chat import Attachment, ChatRef, Incoming, Reply
from bot.handlers.chat import ChatService
from bot.scheduler.outbox import DeliveryRefused
from bot.scheduler.pacing import Pacer
from store.inbound import Arrival, answered, dropped, received

_log = logging.getLogger(__name__)

PLATFORM = "wecom"
CALLBACK_PATH = "/wecom/callback"
USER_GONE = (60111, 81013)  # no such user / user not in the app's range


class WeComAdapter:
    """Translates between the WeCom app and the chat service (a Platform)."""

    name = PLATFORM
    interactive = True
    pacer: Pacer | None = None  # the app's limits are WeCom's own, far above our pace

    def __init__(self, service: ChatService, api: WeComAPI, crypto: WeComCrypto,
                 today: Callable[[], date], now: Callable[[], datetime],
                 wall: Callable[[], float] = time.time, delivery: Delivery | None = None,
                 listen: str = "127.0.0.1", port: int = 0) -> None:
        self.service, self.api, self.crypto = service, api, crypto
        self.today, self.now, self.wall = today, now, wall
        self.listen, self.port = listen, port
        if delivery is None:  # a process with this platform alone
            delivery = Delivery(service.store, service.admins, now)
            delivery.add(self)
        self.delivery = delivery
        self._tasks: set[asyncio.Task] = set()
        self._answering: set[str] = set()  # message ids this process is answering now
        self._server: tornado.httpserver.HTTPServer | None = None

    # ---- the callback -----------------------------------------------------------------------

    async def verify(self, args: dict[str, str]) -> tuple[int, str]:
        """URL verification (GET): the decrypted echostr, or a 4xx."""
        try:
            return 200, self.crypto.verify_url(args.get("msg_signature", ""),
                                               args.get("timestamp", ""), args.get("nonce", ""),
                                               args.get("echostr", ""), self.wall())
        except WeComCryptoError as err:
            return _rejected(err, "verification")

    async def receive(self, args: dict[str, str], body: bytes) -> tuple[int, str]:
        """A message (POST): checked and decrypted, acknowledged at once, answered in the
        background; a redelivered message id is acknowledged and dropped."""
        try:
            inner = self.crypto.decrypt_message(body, args.get("msg_signature", ""),
                                                args.get("timestamp", ""), args.get("nonce", ""),
                                                self.wall())
            message = parse_message(inner)
        except WeComCryptoError as err:
            return _rejected(err, "message")
        msg_id = message.get("MsgId") or "|".join(
            message.get(k, "") for k in ("FromUserName", "CreateTime", "Event", "EventKey"))
        if msg_id in self._answering:
            _log.info("WeCom redelivered message %s while it is answered; dropped", msg_id)
            return 200, ""
        self._answering.add(msg_id)  # before the first await: a concurrent redelivery waits out
        try:
            arrival = await received(self.service.store, PLATFORM, msg_id, self.now())
        except BaseException:
            self._answering.discard(msg_id)
            raise
        if dropped(arrival, PLATFORM, msg_id):
            self._answering.discard(msg_id)
            return 200, ""
        if arrival is Arrival.UNANSWERED:
            _log.warning("WeCom redelivered message %s that was never answered; answering it",
                         msg_id)
        task = asyncio.create_task(self._answer(msg_id, message))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return 200, ""

    async def settle(self) -> None:
        """Wait until every message taken in has been answered (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def _answer(self, msg_id: str, message: dict[str, str]) -> None:
        """Answer a message, then mark it answered; one that fails stays unanswered, so a
        redelivery is answered."""
        try:
            await self._process(message)
            await answered(self.service.store, PLATFORM, msg_id, self.now())
        except Exception:  # one bad message is logged; the service goes on
            _log.exception("answering a WeCom message failed")
        finally:
            self._answering.discard(msg_id)

    async def _process(self, message: dict[str, str]) -> None:
        user = message.get("FromUserName", "")
        kind = message.get("MsgType", "")
        if not user or kind == "event":
            return
        chat = ChatRef(PLATFORM, user)
        attachment = await self._attachment(message) if kind == "file" else None
        if kind != "text" and attachment is None:
            await self.send(Reply(texts.WECOM_TEXT_ONLY), chat)
            return
        incoming = Incoming(PLATFORM, user, "private", user, message.get("Content", ""),
                            attachment=attachment)
        replies = await self.service.on_message(incoming, self.today(), self.now())
        await self.delivery.send_all(replies, chat)

    async def _attachment(self, message: dict[str, str]) -> Attachment | None:
        """A file message's file, downloaded from the app API (its data None when that failed:
        the user is asked to send it again); None without a MediaId."""
        media_id = message.get("MediaId", "")
        if not media_id:
            return None
        name = message.get("FileName") or message.get("Title") or media_id
        try:
            given, data = await self.api.download(media_id)
        except (WeComError, httpx.HTTPError) as err:
            _log.warning("downloading a WeCom file failed: %s", type(err).__name__)
            return Attachment(name, None, media_id, None)
        return Attachment(given or name, len(data), media_id, data)

    # ---- outgoing -----------------------------------------------------------------------------

    async def send(self, reply: Reply, chat: ChatRef) -> None:
        """A reply to a user: text (split to the size limit, buttons as a hint), image, file. A
        user WeCom no longer knows is refused (their bindings end)."""
        user = chat.chat_id
        try:
            await self.api.send_text(user, reply.text + button_hint(reply))
            if reply.image is not None:
                await self.api.send_media(user, "image", "chart.png", reply.image)
            if reply.file is not None:
                await self.api.send_media(user, "file", *reply.file)
        except WeComError as err:
            if err.errcode not in USER_GONE:
                raise
            await self.delivery.refused(chat, str(err))

    async def send_digest(self, chat: ChatRef, reply: Reply) -> str:
        """A reminder digest to a user through the app. A user WeCom no longer knows raises
        DeliveryRefused; anything else propagates to be retried."""
        try:
            return await self.api.send_text(chat.chat_id, reply.text + button_hint(reply))
        except WeComError as err:
            if err.errcode in USER_GONE:
                raise DeliveryRefused(str(err)) from err
            raise

    # ---- the server ---------------------------------------------------------------------------

    def web_app(self) -> tornado.web.Application:
        """The callback endpoint as a tornado application."""
        return tornado.web.Application([(CALLBACK_PATH, _CallbackHandler, {"adapter": self})])

    async def start(self, serve: bool) -> None:
        """With `serve`, take callbacks at /wecom/callback on the running event loop (`port`
        then holds the port it listens on, when 0 was asked)."""
        if not serve:
            return
        self._server = tornado.httpserver.HTTPServer(self.web_app(), max_body_size=1024 * 1024)
        self._server.listen(self.port, address=self.listen)
        sockets = list(self._server._sockets.values())  # noqa: SLF001 (the port when 0 was asked)
        if sockets:
            self.port = sockets[0].getsockname()[1]
        _log.warning("WeCom callback on %s:%s%s", self.listen, self.port, CALLBACK_PATH)

    async def stop(self) -> None:
        """Stop serving, finish the messages taken in, close the API client."""
        if self._server is not None:
            self._server.stop()
        await self.settle()
        await self.api.aclose()


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


def button_hint(reply: Reply) -> str:
    """WeCom text messages have no buttons: the progress buttons become words to reply with."""
    labels = [b.text for row in reply.buttons for b in row if "第" in b.text and "项" in b.text]
    return texts.WECOM_BUTTON_HINT.format(labels="、".join(labels)) if labels else ""
