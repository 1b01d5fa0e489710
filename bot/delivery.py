"""Where messages go: every reply is addressed to a ChatRef, and the platform that owns it sends
it. A platform this process does not run (a Telegram lead's request filed from WeCom in a process
without Telegram, a notice from the console) gets the message through the outbox, which the
process serving that platform sends with its next digest. Refused chats are handled here, once
for every platform (bot.scheduler.refused)."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from datetime import datetime

from bot.domain.chat import ChatRef, Reply
from bot.platform import Platform
from bot.scheduler.refused import chat_refused
from store.outbox import enqueue_notices
from store.repo import Store

_log = logging.getLogger(__name__)


class Delivery:
    """The platforms of this process, by name, and the outbox for the others."""

    def __init__(self, store: Store, admins: Iterable[ChatRef], now: Callable[[], datetime]) -> None:
        self.store = store
        self.admins = frozenset(admins)
        self.now = now
        self.platforms: dict[str, Platform] = {}

    def add(self, platform: Platform) -> None:
        """A platform that runs in this process."""
        self.platforms[platform.name] = platform

    async def send(self, reply: Reply, chat: ChatRef) -> None:
        """Send `reply` to `chat` now, or queue its text in the outbox when the chat's platform
        is not running here (images and files cannot wait there: their text says what they were)."""
        platform = self.platforms.get(chat.platform)
        if platform is not None:
            await platform.send(reply, chat)
            return
        now = self.now()
        key = hashlib.sha256(f"{chat}|{now.isoformat()}|{reply.text}".encode()).hexdigest()[:24]
        await enqueue_notices(self.store, [chat], f"reply-{key}", reply.text, now.date(), now)
        _log.info("%s is not served by this process: the message waits in the outbox", chat)

    async def send_all(self, replies: Iterable[Reply], origin: ChatRef) -> None:
        """Every reply of a message: to the chat it names, else to the chat it came from."""
        for reply in replies:
            await self.send(reply, reply.chat or origin)

    async def refused(self, chat: ChatRef, why: str) -> None:
        """A platform refused a reply for good: the chat's bindings end, administrators hear."""
        await chat_refused(self.store, self.admins, chat, why, self.now(), tell=self._tell)

    async def given_up(self, chat: ChatRef, why: str, refused: bool) -> None:
        """Reminders to `chat` given up (the outbox's report)."""
        await chat_refused(self.store, self.admins, chat, why, self.now(), refused=refused,
                           reminders=True)

    async def _tell(self, reply: Reply, chat: ChatRef) -> None:
        try:
            await self.send(reply, chat)
        except Exception:  # noqa: BLE001 - telling an administrator must not fail the reply
            _log.exception("telling %s failed", chat)
