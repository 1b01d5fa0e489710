"""The real python-telegram-bot Application against the loopback fake Bot API, over a private
copy of the seeded sample store."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from bot.adapters.telegram.adapter import TelegramAdapter
from bot.handlers.answer import Answerer
from bot.handlers.chat import ChatService
from store.repo import Store
from tests.conftest import SeededStore
from tests.fakes.telegram_api import TOKEN, FakeBotAPI

ADMIN = 42
TODAY = date(2025, 11, 5)


@dataclass
class Bot:
    """A running bot: the fake server, the adapter, the store; `ask` waits for replies."""

    api: FakeBotAPI
    adapter: TelegramAdapter
    store: Store

    async def replies(self, chat_id: int, count: int) -> list[dict]:
        """The first `count` messages the bot sent to the chat (waiting for them)."""
        return await asyncio.to_thread(self.api.wait_for, count, "sendMessage", chat_id)

    async def say(self, chat_id: int, user_id: int, text: str, chat_type: str = "group",
                  expect: int = 1) -> list[str]:
        """Send a message and wait for `expect` more replies in that chat; their texts."""
        before = len(self.api.sent(chat_id=chat_id))
        self.api.message(chat_id, user_id, text, chat_type)
        sent = await self.replies(chat_id, before + expect)
        return [m["text"] for m in sent[before:]]


@pytest.fixture
async def bot(seeded_store: SeededStore) -> AsyncIterator[Bot]:
    store = await seeded_store()
    api = FakeBotAPI().start()
    answerer = Answerer(store)
    service = ChatService(answerer, {f"telegram:{ADMIN}"}, b"test-secret")
    adapter = TelegramAdapter(service, TOKEN, api.base_url, lambda: TODAY,
                              lambda: datetime(2025, 11, 5, 2, 0, tzinfo=UTC))
    app = adapter.app
    await app.initialize()
    await app.start()
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    try:
        yield Bot(api, adapter, store)
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        api.stop()
