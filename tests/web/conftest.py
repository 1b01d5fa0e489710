"""The web console over a private copy of the seeded store on a fixed day, listening on
127.0.0.1 (any free port), with the chats that sign in and a recording Telegram platform."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import httpx
import pytest

from bot.adapters.web.server import WebConsole
from bot.delivery import Delivery
from bot.domain.chat import ChatRef, Incoming, Reply
from bot.handlers.answer import Answerer
from bot.handlers.chat import ChatService
from bot.handlers.weblink import sign_in_link
from bot.platform import Services
from config.settings import WebSettings
from store.websessions import WebIdentity
from tests.conftest import SeededStore

TODAY = date(2025, 10, 20)
NOW = datetime(2025, 10, 20, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
LIAISON = ChatRef("telegram", "100")  # 长宁区 区教育局
LEAD = ChatRef("telegram", "200")  # 长宁区 lead
OTHER_LIAISON = ChatRef("telegram", "300")  # 普陀区 区数据局
ADMIN = ChatRef("telegram", "999")


@dataclass
class Recorder:
    """A Telegram platform that keeps what it is asked to send."""

    name: str = "telegram"
    interactive: bool = True
    pacer: None = None
    sent: list[tuple[ChatRef, str]] = field(default_factory=list)

    async def start(self, serve: bool) -> None:
        """Nothing to connect."""

    async def stop(self) -> None:
        """Nothing to release."""

    async def send(self, reply: Reply, chat: ChatRef) -> None:
        """Keep it."""
        self.sent.append((chat, reply.text))

    async def send_digest(self, chat: ChatRef, reply: Reply) -> str:
        """Keep it."""
        self.sent.append((chat, reply.text))
        return "1"


@dataclass
class Web:
    """A running console and what tests drive it with."""

    console: WebConsole
    chats: ChatService
    telegram: Recorder
    now: list[datetime]

    @property
    def url(self) -> str:
        """http://127.0.0.1:PORT"""
        return self.console.base_url()

    async def link(self, org: str | None, unit: str | None = None, role: str = "lead") -> str:
        """A sign-in link as `duban web link` makes it."""
        return await sign_in_link(self.console.store, self.url,
                                  WebIdentity(org, unit, role, None, "test"), self.now[0])

    async def say(self, chat: ChatRef, text: str, chat_type: str = "private") -> list[Reply]:
        """A chat message through the same core."""
        return await self.chats.on_message(
            Incoming(chat.platform, chat.chat_id, chat_type, chat.chat_id, text), TODAY, self.now[0])

    def client(self) -> httpx.AsyncClient:
        """An HTTP client of the console (cookies kept, redirects not followed)."""
        return httpx.AsyncClient(base_url=self.url, follow_redirects=False, timeout=10)

    @asynccontextmanager
    async def signed_in(self, org: str | None, unit: str | None = None,
                        role: str = "lead") -> AsyncIterator[httpx.AsyncClient]:
        """A client with a live session."""
        async with self.client() as client:
            link = await self.link(org, unit, role)
            response = await client.post(link.removeprefix(self.url))
            assert response.status_code == 303, response.text
            yield client


@pytest.fixture
async def web(seeded_store: SeededStore) -> AsyncIterator[Web]:
    """The console on 127.0.0.1 over the samples with 长宁区's liaison and lead and 普陀区's
    liaison bound on Telegram."""
    store = await seeded_store(("长宁区", "区教育局", "liaison", "telegram", LIAISON.chat_id),
                               ("长宁区", None, "lead", "telegram", LEAD.chat_id),
                               ("普陀区", "区数据局", "liaison", "telegram", OTHER_LIAISON.chat_id))
    answerer = Answerer(store, tz=ZoneInfo("Asia/Shanghai"))
    chats = ChatService(answerer, [ADMIN], b"test-secret")
    now = [NOW]
    delivery = Delivery(store, [ADMIN], lambda: now[0])
    telegram = Recorder()
    delivery.add(telegram)
    console = WebConsole(WebSettings(port=0), Services(chats, delivery, lambda: TODAY, lambda: now[0]))
    await console.start()
    chats.web_url = console.base_url()
    try:
        yield Web(console, chats, telegram, now)
    finally:
        await console.stop()
