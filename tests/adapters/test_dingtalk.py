"""DingTalk end to end against the loopback fake: the real dingtalk-stream SDK's frames and acks
over a WebSocket (Stream mode), the HTTP callback with good, forged and stale signatures (signed
here with hmac, independently of the adapter), replies through session webhooks or the robot
send API, and the whole conversation (/bind, a question, a progress report, a summary with its
chart) from a DingTalk chat."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from bot.adapters.dingtalk.platform import DingTalkApp
from bot.delivery import Delivery
from bot.domain.chat import ChatRef
from bot.handlers.answer import Answerer
from bot.handlers.chat import ChatService
from bot.platform import Services
from config.settings import DingTalkSettings
from store.models import InboundMessage, QuarterlyReport
from store.repo import Store
from tests.conftest import SeededStore
from tests.fakes.dingtalk_api import CLIENT_ID, CLIENT_SECRET, ROBOT_CODE, FakeDingTalk

TODAY = date(2025, 10, 22)
NOW = datetime(2025, 10, 22, 1, 0, tzinfo=UTC)
WALL = 1_761_000_000.0  # the adapter's wall clock (seconds)
WALL_MS = int(WALL * 1000)
ADMIN = "admin01"
SESSION = "/robot/sendBySession"
TO_USERS = "/v1.0/robot/oToMessages/batchSend"
TO_GROUP = "/v1.0/robot/groupMessages/send"


@dataclass
class DingTalk:
    fake: FakeDingTalk
    app: DingTalkApp
    store: Store
    http: httpx.AsyncClient
    pushed: int = 0
    frames: list[str] = field(default_factory=list)

    def message(self, user: str, text: str, msg_id: str, group: str | None = None,
                session_valid: bool = True) -> dict[str, Any]:
        """A robot message as DingTalk sends it (its session webhook named after the id)."""
        return {"msgId": msg_id, "msgtype": "text", "text": {"content": f" {text}"},
                "senderStaffId": user, "senderId": f"$:LWCP_v1:${user}", "senderNick": user,
                "conversationType": "2" if group else "1",
                "conversationId": group or f"cidsingle{user}", "robotCode": ROBOT_CODE,
                "sessionWebhook": self.fake.session_url(msg_id),
                "sessionWebhookExpiredTime": WALL_MS + (3_600_000 if session_valid else -1),
                "createAt": WALL_MS, "isInAtList": bool(group)}

    async def say(self, user: str, text: str, msg_id: str, **kwargs: Any) -> list[str]:
        """Push a message through the Stream gateway, wait for its ack; the session replies."""
        self.pushed += 1
        self.frames.append(self.fake.push(self.message(user, text, msg_id, **kwargs)))
        await asyncio.to_thread(self.fake.wait_acks, self.pushed)
        return [s.body["markdown"]["text"] for s in self.fake.messages(SESSION) if s.target == msg_id]


def sign(secret: str, timestamp: int) -> str:
    """DingTalk's signature, computed here as its servers do."""
    mac = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode()


def settings(fake: FakeDingTalk, mode: str = "stream") -> DingTalkSettings:
    return DingTalkSettings(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, robot_code=ROBOT_CODE,
                            mode=mode, api_base=fake.base_url, oapi_base=fake.base_url,
                            callback_port=0)


async def make_app(store: Store, fake: FakeDingTalk, mode: str) -> DingTalkApp:
    service = ChatService(Answerer(store), {f"dingtalk:{ADMIN}"}, b"k")
    delivery = Delivery(store, service.admins, lambda: NOW)
    app = DingTalkApp(settings(fake, mode), Services(service, delivery, lambda: TODAY, lambda: NOW),
                      wall=lambda: WALL)
    delivery.add(app)
    await app.start(serve=True)
    return app


@pytest.fixture
async def ding(seeded_store: SeededStore) -> AsyncIterator[DingTalk]:
    store = await seeded_store()
    fake = FakeDingTalk().start()
    app = await make_app(store, fake, "stream")
    http = httpx.AsyncClient()
    try:
        await asyncio.to_thread(fake.wait_connected)
        yield DingTalk(fake, app, store, http)
    finally:
        await http.aclose()
        await app.stop()
        fake.stop()


async def bind(ding: DingTalk, user: str, who: str, msg_id: str) -> str:
    (invite,) = await ding.say(ADMIN, f"/invite {who}", f"{msg_id}a")
    (bound,) = await ding.say(user, f"/bind {invite.split('邀请码：', 1)[1][:8]}", f"{msg_id}b")
    return bound


async def test_stream_connection_subscribes_to_robot_messages(ding: DingTalk) -> None:
    (opened,) = ding.fake.opened
    assert opened["clientId"] == CLIENT_ID
    assert opened["subscriptions"] == [{"type": "CALLBACK", "topic": "/v1.0/im/bot/messages/get"}]


async def test_bind_ask_report_and_summary_from_a_dingtalk_chat(ding: DingTalk) -> None:
    (unbound,) = await ding.say("zhangsan", "我的任务", "m1")
    assert unbound.startswith("本聊天还没有绑定单位，暂不能查看任务。")
    bound = await bind(ding, "zhangsan", "长宁区 教育局", "m2")
    assert bound == "绑定成功：本聊天已绑定为 长宁区教育局（联络员）。发送「我的任务」或 /help 开始使用。"
    (task,) = await ding.say("zhangsan", "第9项", "m3")
    assert task.startswith("【长宁区 2025年 第9项】")
    (saved,) = await ding.say("zhangsan", "第9项 已完成 已开讲", "m4")
    assert "已完成" in saved
    acks = ding.fake.acks
    assert [a["headers"]["messageId"] for a in acks] == ding.frames
    assert {a["code"] for a in acks} == {200}
    await bind(ding, "wangwu", "长宁区 lead", "m5")
    (summary,) = await ding.say("wangwu", "/summary", "m6")
    assert summary.startswith("【长宁区 2025年】进度统计")
    (chart,) = ding.fake.messages(TO_USERS)  # a session webhook takes no image
    assert (chart.target, chart.body["msgKey"]) == ("wangwu", "sampleImageMsg")
    name, size = ding.fake.uploads[chart.body["msgParam"]["photoURL"]]
    assert name == "chart.png" and size > 1000
    await ding.say("wangwu", "/export", "m7")
    ledger = ding.fake.messages(TO_USERS)[-1]
    assert ledger.body["msgKey"] == "sampleFile"
    assert ding.fake.uploads[ledger.body["msgParam"]["mediaId"]][0].endswith(".xlsx")
    assert len(ding.fake.tokens) == 1  # the token is cached


async def test_a_redelivered_message_is_answered_once(ding: DingTalk) -> None:
    first = await ding.say("zhangsan", "帮助", "r1")
    again = await ding.say("zhangsan", "帮助", "r1")
    assert len(first) == 1 and again == first  # the same one reply: nothing more was sent
    assert len(ding.fake.messages(SESSION)) == 1 and len(ding.fake.acks) == 2
    async with ding.store.sessions() as session:
        record = await session.get(InboundMessage, ("dingtalk", "r1"))
    assert record is not None and record.answered_at == NOW


async def test_a_failed_answer_is_nacked_and_answered_on_redelivery(ding: DingTalk) -> None:
    ding.fake.fail(SESSION, 500, {"errcode": -1, "errmsg": "system busy"})
    assert await ding.say("zhangsan", "帮助", "f1") == []
    assert ding.fake.acks[-1]["code"] == 500
    (help_text,) = await ding.say("zhangsan", "帮助", "f1")
    assert help_text.startswith("我是督办助手")


async def test_expired_session_webhooks_fall_back_to_the_send_api(ding: DingTalk) -> None:
    await ding.say("zhangsan", "帮助", "e1", session_valid=False)
    await ding.say("zhangsan", "帮助", "e2", group="cidGroup01", session_valid=False)
    assert ding.fake.messages(SESSION) == []
    (single,) = ding.fake.messages(TO_USERS)
    (group,) = ding.fake.messages(TO_GROUP)
    assert single.target == "zhangsan" and group.target == "cidGroup01"
    assert single.body["msgKey"] == "sampleMarkdown" and single.body["robotCode"] == ROBOT_CODE
    assert single.body["msgParam"]["text"].startswith("我是督办助手")
    ding.fake.expire_tokens()
    await ding.say("zhangsan", "帮助", "e3", session_valid=False)
    assert len(ding.fake.tokens) == 2 and len(ding.fake.messages(TO_USERS)) == 2


@pytest.fixture
async def callback(seeded_store: SeededStore) -> AsyncIterator[tuple[DingTalk, str]]:
    store = await seeded_store()
    fake = FakeDingTalk().start()
    app = await make_app(store, fake, "callback")
    http = httpx.AsyncClient()
    try:
        assert app.callback is not None and app.stream is None
        yield DingTalk(fake, app, store, http), f"http://127.0.0.1:{app.callback.port}/dingtalk/callback"
    finally:
        await http.aclose()
        await app.stop()
        fake.stop()


@pytest.mark.parametrize(("case", "status"), [("good", 200), ("forged", 403), ("stale", 403),
                                              ("future", 403), ("missing", 403)])
async def test_callback_signatures_are_checked_before_any_handler(
        callback: tuple[DingTalk, str], case: str, status: int) -> None:
    ding, url = callback
    timestamp = {"stale": WALL_MS - 3_600_001, "future": WALL_MS + 3_600_001}.get(case, WALL_MS - 5)
    headers = {"timestamp": str(timestamp),
               "sign": sign("not-the-secret" if case == "forged" else CLIENT_SECRET, timestamp)}
    body = json.dumps(ding.message("zhangsan", "帮助", "c1"), ensure_ascii=False)
    response = await ding.http.post(url, content=body.encode(),
                                    headers={} if case == "missing" else headers)
    assert response.status_code == status
    replies = ding.fake.messages(SESSION)
    async with ding.store.sessions() as session:
        seen = await session.scalar(select(func.count()).select_from(InboundMessage))
    if case == "good":
        assert [r.body["markdown"]["text"][:6] for r in replies] == ["我是督办助手"]
        assert seen == 1
    else:
        assert replies == [] and seen == 0


async def test_admins_can_be_dingtalk_users() -> None:
    from config.settings import Settings

    found = Settings(admins="dingtalk:manager4321, wecom:zs, 42").admin_ids()
    assert found == {ChatRef("dingtalk", "manager4321"), ChatRef("wecom", "zs"),
                     ChatRef("telegram", "42")}


async def test_an_administrator_binds_a_custom_robot_from_dingtalk(ding: DingTalk) -> None:
    from tests.fakes.dingtalk_api import ROBOT_SECRET, ROBOT_TOKEN

    url = f"https://oapi.dingtalk.com/robot/send?access_token={ROBOT_TOKEN}"
    (refused,) = await ding.say("zhangsan", f"/bindrobot dingtalk 长宁区 区府办 {url}", "b1")
    assert refused == "只有管理员可以绑定群机器人。"
    (bound,) = await ding.say(ADMIN, f"/bindrobot dingtalk 长宁区 区府办 {url} {ROBOT_SECRET}", "b2")
    assert bound == "已将群机器人绑定到 长宁区府办：该单位的提醒会推送到这个机器人所在的群。"
    (bad,) = await ding.say(ADMIN, "/bindrobot dingtalk 长宁区 区府办 https://x/y", "b3")
    assert bad.startswith("没有看到钉钉机器人的 access_token")


async def test_a_quarterly_report_file_and_an_extension_from_dingtalk(ding: DingTalk) -> None:
    await bind(ding, "zhangsan", "长宁区 教育局", "q1")
    await bind(ding, "wangwu", "长宁区 lead", "q2")
    data = b"PK\x03\x04" + b"x" * 2000  # the bytes are kept as sent; not read as a document
    ding.fake.files["dlcode1"] = data
    message = ding.message("zhangsan", "", "q3")
    message.update(msgtype="file", content={"downloadCode": "dlcode1",
                                            "fileName": "区教育局三季度报告.docx"})
    del message["text"]
    ding.pushed += 1
    ding.frames.append(ding.fake.push(message))
    await asyncio.to_thread(ding.fake.wait_acks, ding.pushed)
    (received,) = [s.body["markdown"]["text"] for s in ding.fake.messages(SESSION)
                   if s.target == "q3"]
    assert received.startswith("已收到长宁区教育局2025年第三季度报告（文件《区教育局三季度报告.docx》2 KB）"), received
    async with ding.store.sessions() as session:
        (stored,) = (await session.scalars(select(QuarterlyReport))).all()
    assert (stored.org, stored.unit, stored.year, stored.quarter) == ("长宁区", "区教育局", 2025, 3)

    (asked,) = await ding.say("zhangsan", "延期 25 2025-11-30 网站改版推迟", "q4")
    assert asked == "已提交第25项延期申请（至 2025-11-30），等待区府办审核。"
    # the lead's chat is told through its session webhook, still valid from its /bind
    (to_lead,) = [s for s in ding.fake.messages(SESSION) if s.target == "q2b"
                  and "延期申请" in s.body["markdown"]["text"]]
    number = re.search(r"同意 (\d+)", to_lead.body["markdown"]["text"])
    assert number, to_lead.body
    (decided,) = await ding.say("wangwu", f"同意 {number[1]}", "q5")
    assert decided.startswith("【延期已同意】长宁区 2025年 第25项，区教育局 的完成日期改为 2025-11-30")
