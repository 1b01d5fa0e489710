"""Telegram: Update -> Incoming -> ChatService -> Replies -> Bot API calls. Nothing else."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from datetime import date, datetime

# Durations as timedelta (RetryAfter.retry_after), the behaviour of the next major version.
os.environ.setdefault("PTB_TIMEDELTA", "true")

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update  # noqa: E402
from telegram.error import Forbidden, NetworkError, RetryAfter, TimedOut  # noqa: E402
from telegram.ext import Application, ContextTypes, TypeHandler  # noqa: E402

from bot import texts
from bot.adapters.telegram_limits import PacedRateLimiter, retry_seconds
from bot.domain.chat import Attachment, ChatRef, Incoming, Reply
from bot.handlers.chat import ChatService, Press
from bot.nlu.parser import is_report_submission
from bot.scheduler.outbox import DeliveryRefused, RetryLater
from bot.scheduler.pacing import TELEGRAM_LIMITS, Pacer
from store.access import chat_bindings, end_bindings
from store.reports import MAX_FILE_BYTES

_log = logging.getLogger(__name__)

PLATFORM = "telegram"
SEND_ATTEMPTS = 4


class TelegramAdapter:
    """Translates between python-telegram-bot and the chat service."""

    def __init__(self, service: ChatService, token: str, base_url: str,
                 today: Callable[[], date], now: Callable[[], datetime],
                 rate_limit: bool = True, pacer: Pacer | None = None) -> None:
        self.service = service
        self.today, self.now = today, now
        self.pacer = pacer or Pacer(TELEGRAM_LIMITS)
        builder = (Application.builder().token(token).base_url(base_url)
                   .base_file_url(base_url.replace("/bot", "/file/bot")))
        if rate_limit:  # Telegram's 30 messages/s overall and 20 a minute per group
            builder = builder.rate_limiter(PacedRateLimiter(self.pacer))
        self.app: Application = builder.build()
        self.app.add_handler(TypeHandler(Update, self._on_update))
        self.app.add_error_handler(self._on_error)

    # ---- incoming ---------------------------------------------------------------------------

    async def _on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
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
        for reply in replies:
            await self.send(reply, incoming.chat_id)

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
        chat_id = str(query.message.chat.id)
        press = Press(PLATFORM, chat_id, str(query.from_user.id), query.data or "")
        notice, replies = await self.service.on_button(press, self.today(), self.now())
        await query.answer(notice[:190])
        for reply in replies:
            await self.send(reply, chat_id)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """One bad update is logged and dropped; the bot goes on."""
        _log.error("update failed: %s", context.error, exc_info=context.error)

    # ---- outgoing ---------------------------------------------------------------------------

    async def send(self, reply: Reply, default_chat: str) -> None:
        """Send a reply: text split to the limit (buttons on the last part), then image and file."""
        chat_id = reply.chat.chat_id if reply.chat else default_chat
        parts = reply.parts()
        markup = _markup(reply)
        bot = self.app.bot
        for i, part in enumerate(parts):
            if not part.strip():
                continue
            last = i == len(parts) - 1
            await self._call(chat_id, lambda p=part, m=markup if last else None:
                             bot.send_message(chat_id, p, reply_markup=m))
        if reply.image is not None:
            await self._call(chat_id, lambda: bot.send_photo(chat_id, reply.image))
        if reply.file is not None:
            name, data = reply.file
            await self._call(chat_id, lambda: bot.send_document(chat_id, data, filename=name))

    async def send_reminder(self, chat: ChatRef, reply: Reply) -> str:
        """A reminder digest to a Telegram chat; its message id. A chat that removed or
        blocked the bot raises DeliveryRefused (its bindings are ended); other errors propagate
        so the outbox retries."""
        chat_id = chat.chat_id
        parts = [p for p in reply.parts() if p.strip()]
        ids = []
        try:
            for i, part in enumerate(parts):
                markup = _markup(reply) if i == len(parts) - 1 else None
                message = await self.app.bot.send_message(chat_id, part, reply_markup=markup)
                ids.append(str(message.message_id))
        except Forbidden as err:
            await self._forbidden(chat_id)
            raise DeliveryRefused(str(err)) from err
        except RetryAfter as err:
            if ids:  # part of the digest went out: record it as sent rather than send it twice
                return ",".join(ids)
            raise RetryLater(retry_seconds(err)) from err
        return ",".join(ids)

    async def _call(self, chat_id: str, send: Callable) -> None:
        """Retry network trouble with backoff; a blocked or removed bot ends the chat's bindings."""
        delay = 0.5
        for attempt in range(SEND_ATTEMPTS):
            try:
                await send()
                return
            except Forbidden:
                await self._forbidden(chat_id)
                return
            except RetryAfter as err:  # beyond what the rate limiter already waited out
                await asyncio.sleep(retry_seconds(err))
            except (TimedOut, NetworkError) as err:
                if attempt == SEND_ATTEMPTS - 1:
                    _log.error("sending to %s failed: %s", chat_id, err)
                    return
                await asyncio.sleep(delay)
                delay *= 2

    async def _forbidden(self, chat_id: str) -> None:
        store = self.service.store
        bindings = await chat_bindings(store, PLATFORM, chat_id)
        if not bindings:
            return
        await end_bindings(store, PLATFORM, chat_id, "forbidden", self.now())
        who = "、".join(f"{b.org}{b.unit or ''}" for b in bindings)
        for admin in self.service.admins:
            platform, user = admin.platform, admin.chat_id
            if platform == PLATFORM and user != chat_id:
                await self._call(user, lambda u=user: self.app.bot.send_message(
                    u, texts.BINDING_ENDED_ADMIN.format(chat=chat_id, who=who)))


def _markup(reply: Reply) -> InlineKeyboardMarkup | None:
    """The reply's buttons as an inline keyboard."""
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.text, callback_data=b.data) for b in row]
                                 for row in reply.buttons])
