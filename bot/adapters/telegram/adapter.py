"""Telegram: Update -> Incoming -> ChatService -> Replies -> Bot API calls. Nothing else."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable
from datetime import date, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application, ContextTypes, TypeHandler

from bot import texts
from bot.adapters.telegram.limits import TELEGRAM_LIMITS, PacedRateLimiter, retry_seconds
from bot.delivery import Delivery
from bot.domain.chat import Attachment, ChatRef, Incoming, Press, Reply
from bot.handlers.chat import ChatService
from bot.nlu.parser import is_report_submission
from bot.scheduler.outbox import DeliveryRefused, RetryLater
from bot.scheduler.pacing import Pacer
from store.inbound import answered, dropped, received
from store.reports import MAX_FILE_BYTES

_log = logging.getLogger(__name__)

PLATFORM = "telegram"
SEND_ATTEMPTS = 4


class TelegramAdapter:
    """Translates between python-telegram-bot and the chat service (a Platform)."""

    name = PLATFORM
    interactive = True

    def __init__(self, service: ChatService, token: str, base_url: str,
                 today: Callable[[], date], now: Callable[[], datetime],
                 rate_limit: bool = True, pacer: Pacer | None = None,
                 delivery: Delivery | None = None,
                 webhook: dict[str, object] | None = None) -> None:
        # Durations as timedelta (RetryAfter.retry_after), the behaviour of the next major
        # version; set when a bot is built, never when this module is merely imported.
        os.environ.setdefault("PTB_TIMEDELTA", "true")
        self.service = service
        self.today, self.now = today, now
        self.pacer: Pacer | None = pacer or Pacer(TELEGRAM_LIMITS)
        if delivery is None:  # a process with this platform alone
            delivery = Delivery(service.store, service.admins, now)
            delivery.add(self)
        self.delivery = delivery
        builder = (Application.builder().token(token).base_url(base_url)
                   .base_file_url(base_url.replace("/bot", "/file/bot")))
        if rate_limit:  # Telegram's 30 messages/s overall and 20 a minute per group
            builder = builder.rate_limiter(PacedRateLimiter(self.pacer))
        self.app: Application = builder.build()
        self.app.add_handler(TypeHandler(Update, self._on_update))
        self.app.add_error_handler(self._on_error)
        self.webhook = webhook  # Updater.start_webhook's arguments; None: long polling
        self._serving = False
        self._poll_timeout = 10
        self._answering: set[str] = set()  # update ids this process is answering now
        service.chat_admin[PLATFORM] = self.is_chat_admin

    # ---- running ------------------------------------------------------------------------------

    @property
    def polls(self) -> bool:
        """Whether updates come by long polling (only one process of a store may poll: the
        leader), not by the webhook (every process serves it)."""
        return not self.webhook

    async def start(self, serve: bool, poll_timeout: int = 10) -> None:
        """Connect; with `serve`, take updates: long polling, or the webhook when configured."""
        self._poll_timeout = poll_timeout
        await self.app.initialize()
        if serve:
            await self.serve_updates(True)

    async def serve_updates(self, on: bool) -> None:
        """Start (or stop) taking updates; the connection stays. A process that becomes the
        leader starts polling, one that stops being it stops."""
        assert self.app.updater is not None
        if on and not self._serving:
            await self.app.start()
            if self.webhook:
                await self.app.updater.start_webhook(**self.webhook)  # type: ignore[arg-type]
            else:
                await self.app.updater.start_polling(poll_interval=0.0, timeout=self._poll_timeout,
                                                     drop_pending_updates=False)
            self._serving = True
        elif not on and self._serving:
            await self.app.updater.stop()
            await self.app.stop()
            self._serving = False

    async def stop(self) -> None:
        """Stop polling (or the webhook) and release the connection pool."""
        await self.serve_updates(False)
        await self.app.shutdown()

    # ---- incoming ---------------------------------------------------------------------------

    async def _on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Every update, webhook or polling: recorded as received, answered, then marked
        answered; a redelivered update already answered (or being answered) is dropped."""
        key = f"{self.app.bot.id}:{update.update_id}"  # update ids are counted per bot
        if key in self._answering:
            _log.info("Telegram update %s delivered again while it is answered; dropped", key)
            return
        self._answering.add(key)
        try:
            arrival = await received(self.service.store, PLATFORM, key, self.now())
            if dropped(arrival, PLATFORM, key):
                return
            await self._handle(update)
            await answered(self.service.store, PLATFORM, key, self.now())
        finally:
            self._answering.discard(key)

    async def _handle(self, update: Update) -> None:
        if update.callback_query is not None:
            await self._on_press(update)
            return
        message = update.message
        if message is None or message.from_user is None:
            return
        text = message.text or message.caption or ""
        private = message.chat.type == "private"
        if not private:
            text = self._addressed(message, text)
            if text is None:
                return
        incoming = Incoming(PLATFORM, str(message.chat.id), "private" if private else "group",
                            str(message.from_user.id), text, message.from_user.full_name,
                            await self._attachment(message))
        replies = await self.service.on_message(incoming, self.today(), self.now())
        await self.delivery.send_all(replies, incoming.chat)

    def _addressed(self, message: Message, text: str) -> str | None:
        """In groups: commands (for us), @mentions of us and replies to us; else None."""
        me = self.app.bot.username or ""
        mention = f"@{me}"
        if text.startswith("/"):
            first = text.split(maxsplit=1)[0]
            if "@" in first and first.split("@", 1)[1].lower() != me.lower():
                return None  # a command for another bot
            return text
        if me and mention.lower() in text.lower():
            start = text.lower().index(mention.lower())
            return (text[:start] + text[start + len(mention):]).strip()
        reply_to = message.reply_to_message
        if reply_to is not None and reply_to.from_user is not None and reply_to.from_user.id == self.app.bot.id:
            return text
        if is_report_submission(text):  # 「季度报告：…」 is meant for the bot without a mention
            return text
        return None

    async def _attachment(self, message: Message) -> Attachment | None:
        """A document sent with the message, downloaded when it is within the bot's limit."""
        doc = message.document
        if doc is None:
            return None
        name = doc.file_name or f"{doc.file_unique_id}"
        data = None
        if doc.file_size is None or doc.file_size <= MAX_FILE_BYTES:
            try:
                data = bytes(await (await doc.get_file()).download_as_bytearray())
            except (NetworkError, TimedOut) as err:  # the user is asked to send it again
                _log.warning("downloading %s failed: %s", name, err)
        return Attachment(name, doc.file_size, doc.file_id, data)

    async def _on_press(self, update: Update) -> None:
        query = update.callback_query
        assert query is not None
        if query.message is None or query.from_user is None:
            await query.answer(texts.BUTTON_FORGED)
            return
        press = Press(PLATFORM, str(query.message.chat.id), str(query.from_user.id),
                      query.data or "")
        notice, replies = await self.service.on_button(press, self.today(), self.now())
        await query.answer(notice[:190])
        await self.delivery.send_all(replies, press.chat)

    async def is_chat_admin(self, chat: ChatRef, user: ChatRef) -> bool:
        """Whether the user is the group's creator or one of its administrators (asked of
        Telegram; no answer counts as no)."""
        try:
            member = await self.app.bot.get_chat_member(int(chat.chat_id), int(user.chat_id))
        except (TelegramError, ValueError) as err:
            _log.warning("could not ask Telegram who administers %s: %s", chat, err)
            return False
        return member.status in ("creator", "administrator")

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """One bad update is logged and dropped; the bot goes on."""
        _log.error("update failed: %s", context.error, exc_info=context.error)

    # ---- outgoing ---------------------------------------------------------------------------

    async def send(self, reply: Reply, chat: ChatRef) -> None:
        """Send a reply: text split to the limit (buttons on the last part), then image and file.
        A chat that removed or blocked the bot is refused (its bindings end)."""
        chat_id = chat.chat_id
        parts = reply.parts()
        last = len(parts) - 1
        markup = _markup(reply)
        bot = self.app.bot
        calls: list[Callable[[], Awaitable[object]]] = [
            (lambda p=part, m=markup if i == last else None:
             bot.send_message(chat_id, p, reply_markup=m))
            for i, part in enumerate(parts) if part.strip()]
        if reply.image is not None:
            calls.append(lambda: bot.send_photo(chat_id, reply.image))
        if reply.file is not None:
            name, data = reply.file
            calls.append(lambda: bot.send_document(chat_id, data, filename=name))
        for call in calls:
            if not await self._call(chat, call):
                return

    async def send_digest(self, chat: ChatRef, reply: Reply) -> str:
        """A reminder digest; its message id. A chat that removed or blocked the bot raises
        DeliveryRefused; a rate limit RetryLater; other errors propagate so the outbox retries."""
        parts = [p for p in reply.parts() if p.strip()]
        ids = []
        try:
            for i, part in enumerate(parts):
                markup = _markup(reply) if i == len(parts) - 1 else None
                message = await self.app.bot.send_message(chat.chat_id, part, reply_markup=markup)
                ids.append(str(message.message_id))
        except Forbidden as err:
            raise DeliveryRefused(str(err)) from err
        except RetryAfter as err:
            if ids:  # part of the digest went out: record it as sent rather than send it twice
                return ",".join(ids)
            raise RetryLater(retry_seconds(err)) from err
        return ",".join(ids)

    async def _call(self, chat: ChatRef, send: Callable[[], Awaitable[object]]) -> bool:
        """Retry network trouble with backoff; a refused chat is handed to the delivery's one use
        case. Whether to go on sending to the chat."""
        delay = 0.5
        for attempt in range(SEND_ATTEMPTS):
            try:
                await send()
                return True
            except Forbidden as err:
                await self.delivery.refused(chat, str(err))
                return False
            except RetryAfter as err:  # beyond what the rate limiter already waited out
                await asyncio.sleep(retry_seconds(err))
            except (TimedOut, NetworkError) as err:
                if attempt == SEND_ATTEMPTS - 1:
                    _log.error("sending to %s failed: %s", chat, err)
                    return False
                await asyncio.sleep(delay)
                delay *= 2
        return False


def _markup(reply: Reply) -> InlineKeyboardMarkup | None:
    """The reply's buttons as an inline keyboard."""
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.text, callback_data=b.data) for b in row]
                                 for row in reply.buttons])
