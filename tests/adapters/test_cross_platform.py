"""Messages reach chats on whichever platform they are bound: a WeCom liaison's extension request
goes to a lead bound only on Telegram, the lead's decision comes back to WeCom. Both real
adapters on one event loop, over their loopback fakes; and with Telegram not running in the
process, the request waits in the outbox until Telegram's sender delivers it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import httpx
import pytest
from wechatpy.enterprise.crypto import WeChatCrypto

from bot.adapters.telegram.adapter import TelegramAdapter
from bot.adapters.wecom.api import WeComAPI
from bot.adapters.wecom.callback import WeComAdapter
from bot.adapters.wecom.crypto import WeComCrypto
from bot.delivery import Delivery
from bot.handlers.answer import Answerer
from bot.handlers.chat import ChatService
from bot.scheduler.service import ReminderService
from store.repo import Store
from tests.conftest import SeededStore, sources
from tests.fakes.telegram_api import TOKEN as BOT_TOKEN
from tests.fakes.telegram_api import FakeBotAPI
from tests.fakes.wecom_api import AGENT_ID, CORP_ID, SECRET, FakeWeComAPI

CALLBACK_TOKEN = "cbToken"
AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
TS = 1_760_000_000
TODAY = date(2025, 10, 22)
NOW = datetime(2025, 10, 22, 2, 0, tzinfo=UTC)
LEAD_CHAT, LEAD_USER, LIAISON = -200, 8, "zhangsan"
BOUND = (("长宁区", "区府办", "liaison", "wecom", LIAISON),
         ("长宁区", None, "lead", "telegram", str(LEAD_CHAT)))
REQUEST_HEAD = "【延期申请】长宁区 2025年 第9项\n单位：区府办"
APPROVED = "【延期已同意】长宁区 2025年 第9项，区府办 的完成日期改为 2025-11-30。"


@dataclass
class Platforms:
    store: Store
    bot_api: FakeBotAPI
    wecom_api: FakeWeComAPI
    wecom: WeComAdapter
    url: str
    sent: int = 0

    async def from_wecom(self, user: str, content: str) -> None:
        """A text message from a WeCom user, through the callback like WeCom would post it."""
        self.sent += 1
        crypto = WeChatCrypto(CALLBACK_TOKEN, AES_KEY, CORP_ID)
        xml = (f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName>"
               f"<FromUserName><![CDATA[{user}]]></FromUserName><CreateTime>{TS}</CreateTime>"
               f"<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content>"
               f"<MsgId>{self.sent}</MsgId><AgentID>{AGENT_ID}</AgentID></xml>")
        envelope = crypto.encrypt_message(xml, f"n{self.sent}", str(TS))
        sig = envelope.split("<MsgSignature><![CDATA[", 1)[1].split("]]>", 1)[0]
        async with httpx.AsyncClient() as client:
            answer = await client.post(self.url, content=envelope.encode(), params={
                "msg_signature": sig, "timestamp": str(TS), "nonce": f"n{self.sent}"})
        assert answer.status_code == 200
        await self.wecom.settle()

    def wecom_texts(self, user: str) -> list[str]:
        return [m["text"]["content"] for m in self.wecom_api.sent_messages() if m["touser"] == user]


async def _wecom(chats: ChatService, api: FakeWeComAPI, delivery: Delivery) -> WeComAdapter:
    adapter = WeComAdapter(chats, WeComAPI(api.base_url, CORP_ID, SECRET, AGENT_ID),
                           WeComCrypto(CALLBACK_TOKEN, AES_KEY, CORP_ID), lambda: TODAY,
                           lambda: NOW, wall=lambda: TS + 30, delivery=delivery)
    delivery.add(adapter)
    await adapter.start(serve=True)
    return adapter


@pytest.fixture
async def fakes() -> AsyncIterator[tuple[FakeBotAPI, FakeWeComAPI]]:
    bot_api, wecom_api = FakeBotAPI().start(), FakeWeComAPI().start()
    try:
        yield bot_api, wecom_api
    finally:
        bot_api.stop()
        wecom_api.stop()


async def test_a_wecom_liaisons_request_reaches_a_lead_bound_only_on_telegram(
        seeded_store: SeededStore, fakes: tuple[FakeBotAPI, FakeWeComAPI]) -> None:
    bot_api, wecom_api = fakes
    store = await seeded_store(*BOUND)
    chats = ChatService(Answerer(store), (), b"k")
    delivery = Delivery(store, (), lambda: NOW)
    telegram = TelegramAdapter(chats, BOT_TOKEN, bot_api.base_url, lambda: TODAY, lambda: NOW,
                               delivery=delivery)
    delivery.add(telegram)
    wecom = await _wecom(chats, wecom_api, delivery)
    await telegram.start(serve=True, poll_timeout=1)
    on = Platforms(store, bot_api, wecom_api, wecom, f"http://127.0.0.1:{wecom.port}/wecom/callback")
    try:
        await on.from_wecom(LIAISON, "延期 9 2025-11-30 等待上级文件")
        assert on.wecom_texts(LIAISON) == ["已提交第9项延期申请（至 2025-11-30），等待区府办审核。"]
        (request,) = await asyncio.to_thread(bot_api.wait_for, 1, "sendMessage", LEAD_CHAT)
        assert request["text"].startswith(REQUEST_HEAD)
        approve = request["reply_markup"]["inline_keyboard"][0][0]
        assert approve["text"] == "同意"
        bot_api.press(LEAD_CHAT, LEAD_USER, approve["callback_data"])
        await asyncio.to_thread(bot_api.wait_for, 2, "sendMessage", LEAD_CHAT)
        assert bot_api.sent(chat_id=LEAD_CHAT)[1]["text"] == APPROVED
        await asyncio.to_thread(wecom_api.wait_for, 2)
        assert on.wecom_texts(LIAISON)[-1] == APPROVED  # the decision came back to WeCom
    finally:
        await telegram.stop()
        await wecom.stop()


async def test_without_telegram_in_the_process_the_request_waits_in_the_outbox(
        seeded_store: SeededStore, fakes: tuple[FakeBotAPI, FakeWeComAPI]) -> None:
    bot_api, wecom_api = fakes
    store = await seeded_store(*BOUND)
    chats = ChatService(Answerer(store), (), b"k")
    wecom = await _wecom(chats, wecom_api, Delivery(store, (), lambda: NOW))
    on = Platforms(store, bot_api, wecom_api, wecom, f"http://127.0.0.1:{wecom.port}/wecom/callback")
    try:
        await on.from_wecom(LIAISON, "延期 9 2025-11-30 等待上级文件")
    finally:
        await wecom.stop()
    # Later, the process that serves Telegram sends what waits for its chats.
    telegram = TelegramAdapter(chats, BOT_TOKEN, bot_api.base_url, lambda: TODAY, lambda: NOW)
    await telegram.start(serve=False)
    try:
        sender = ReminderService(sources(chats.answerer), telegram.send_digest, None, "telegram",
                                 time(9), lambda: TODAY, lambda: NOW)
        assert await sender.retry() == 1
        (request,) = bot_api.sent(chat_id=LEAD_CHAT)
        assert request["text"].startswith(REQUEST_HEAD)
        assert request["text"].endswith("（也可回复「同意 1」或「驳回 1」）")  # words, no buttons
    finally:
        await telegram.stop()
