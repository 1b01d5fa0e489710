"""The DingTalk app robot as a platform: a robot message (the same JSON in Stream and callback
mode) -> Incoming -> ChatService -> replies. A reply goes through the message's sessionWebhook
while it is valid, else through the robot send API (charts and files always: a session webhook
takes only text and markdown). A message id is recorded when it arrives and marked answered
after its replies went out, so a redelivery is answered once."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import httpx

from bot import texts
from bot.adapters.dingtalk.api import DingTalkAPI, DingTalkError
from bot.adapters.wecom.callback import button_hint  # markdown without buttons, as WeCom's text
from bot.delivery import Delivery
from bot.domain.chat import Attachment, ChatRef, Incoming, Reply, split_bytes
from bot.handlers.chat import ChatService
from bot.scheduler.outbox import DeliveryRefused
from bot.scheduler.pacing import Pacer
from store.inbound import answered, dropped, received

_log = logging.getLogger(__name__)

PLATFORM = "dingtalk"
GROUP = "2"  # conversationType of a group chat ("1": a single chat)
TEXT_BYTES = 4000
USER_GONE = {"staffId.notExisted", "invalidStaffIdList", "chatbot.notInGroup"}


class DingTalkChat:
    """Translates between the app robot and the chat service (a Platform; `start` is the
    transport's: Stream or callback, see stream.py and callback.py)."""

    name = PLATFORM
    interactive = True
    pacer: Pacer | None = None  # the app's limits are DingTalk's own, far above our pace

    def __init__(self, service: ChatService, api: DingTalkAPI, today: Callable[[], date],
                 now: Callable[[], datetime], wall: Callable[[], float] = time.time,
                 delivery: Delivery | None = None) -> None:
        self.service, self.api = service, api
        self.today, self.now, self.wall = today, now, wall
        if delivery is None:  # a process with this platform alone
            delivery = Delivery(service.store, service.admins, now)
            delivery.add(self)
        self.delivery = delivery
        self._webhooks: dict[str, tuple[str, int]] = {}  # chat id -> (session webhook, expiry ms)
        self._answering: set[str] = set()

    async def handle(self, message: dict[str, Any]) -> None:
        """Answer one robot message, once per message id (its transport has checked it)."""
        msg_id = str(message.get("msgId") or "")
        if not msg_id or msg_id in self._answering:
            return
        self._answering.add(msg_id)
        try:
            arrival = await received(self.service.store, PLATFORM, msg_id, self.now())
            if dropped(arrival, PLATFORM, msg_id):
                return
            await self._process(message)
            await answered(self.service.store, PLATFORM, msg_id, self.now())
        finally:
            self._answering.discard(msg_id)

    async def _process(self, message: dict[str, Any]) -> None:
        user = str(message.get("senderStaffId") or message.get("senderId") or "")
        if not user:
            return
        group = str(message.get("conversationType", "1")) == GROUP
        chat_id = str(message.get("conversationId", "")) if group else user
        chat = ChatRef(PLATFORM, chat_id)
        webhook = message.get("sessionWebhook")
        if webhook:
            self._webhooks[chat_id] = (str(webhook),
                                       int(message.get("sessionWebhookExpiredTime") or 0))
        kind = message.get("msgtype", "text")
        attachment = await self._attachment(message) if kind == "file" else None
        if kind != "text" and attachment is None:
            await self.send(Reply(texts.DINGTALK_TEXT_ONLY), chat)
            return
        text = str((message.get("text") or {}).get("content", "")).strip()
        incoming = Incoming(PLATFORM, chat_id, "group" if group else "private", user, text,
                            user_name=message.get("senderNick"), attachment=attachment)
        replies = await self.service.on_message(incoming, self.today(), self.now())
        await self.delivery.send_all(replies, chat)

    async def _attachment(self, message: dict[str, Any]) -> Attachment | None:
        """A file message's file (quarterly reports, plans), downloaded by its download code (its
        data None when that failed: the user is asked to send it again); None without a code."""
        content = message.get("content") or {}
        code = str(content.get("downloadCode") or "")
        if not code:
            return None
        name = str(content.get("fileName") or "文件")
        try:
            data = await self.api.download(code)
        except (DingTalkError, httpx.HTTPError) as err:
            _log.warning("downloading a DingTalk file failed: %s", type(err).__name__)
            return Attachment(name, None, code, None)
        return Attachment(name, len(data), code, data)

    # ---- outgoing -----------------------------------------------------------------------------

    async def send(self, reply: Reply, chat: ChatRef) -> None:
        """A reply: markdown text (split), the chart as an image, the ledger as a file. A user or
        group DingTalk no longer lets the robot reach is refused (its bindings end)."""
        try:
            await self._text(chat.chat_id, reply.text + button_hint(reply))
            if reply.image is not None:
                media = await self.api.upload("image", "chart.png", reply.image)
                await self._robot(chat.chat_id, "sampleImageMsg", {"photoURL": media})
            if reply.file is not None:
                name, data = reply.file
                media = await self.api.upload("file", name, data)
                await self._robot(chat.chat_id, "sampleFile", {
                    "mediaId": media, "fileName": name,
                    "fileType": name.rsplit(".", 1)[-1] if "." in name else "file"})
        except DingTalkError as err:
            if str(err.code) not in USER_GONE:
                raise
            await self.delivery.refused(chat, str(err))

    async def send_digest(self, chat: ChatRef, reply: Reply) -> str:
        """A reminder digest through the robot send API; DeliveryRefused for a chat it cannot
        reach any more."""
        try:
            return await self._text(chat.chat_id, reply.text + button_hint(reply), session=False)
        except DingTalkError as err:
            if str(err.code) in USER_GONE:
                raise DeliveryRefused(str(err)) from err
            raise

    async def _text(self, chat_id: str, text: str, session: bool = True) -> str:
        """Markdown parts through the session webhook while valid, else the send API."""
        sent = ""
        for part in split_bytes(text, TEXT_BYTES):
            if not part.strip():
                continue
            body = {"title": texts.DINGTALK_TITLE, "text": part}
            webhook, expires = self._webhooks.get(chat_id, ("", 0))
            if session and webhook and self.wall() * 1000 < expires:
                await self.api.session_reply(webhook, {"msgtype": "markdown", "markdown": body})
                sent = "session"
            else:
                sent = await self._robot(chat_id, "sampleMarkdown", body)
        return sent

    async def _robot(self, chat_id: str, key: str, param: dict[str, Any]) -> str:
        if chat_id.startswith("cid"):  # an open conversation id: a group
            return await self.api.to_group(chat_id, key, param)
        return await self.api.to_users([chat_id], key, param)

    async def start(self, serve: bool) -> None:
        """Nothing here: the transport (Stream or callback) takes messages in."""

    async def stop(self) -> None:
        """Close the API client."""
        await self.api.aclose()

