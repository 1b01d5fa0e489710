"""WeCom end to end over HTTP: an independent client (wechatpy's crypto) drives the callback, the
real adapter answers through a loopback fake of the WeCom API; robots get reminders with
@mentions at 20 a minute on simulated time; every bad callback is refused before any handler."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import httpx
import pytest
from sqlalchemy import func, select
from wechatpy.enterprise.crypto import WeChatCrypto

from bot.adapters.wecom.api import WeComAPI
from bot.adapters.wecom.callback import WeComAdapter
from bot.adapters.wecom.crypto import WeComCrypto
from bot.adapters.wecom.robots import ROBOT_LIMITS, WeComRobots
from bot.domain.chat import ChatRef
from bot.handlers.answer import Answerer
from bot.handlers.bindings import bind_robot_for
from bot.handlers.chat import ChatService
from bot.scheduler.outbox import flush
from bot.scheduler.pacing import Pacer
from bot.scheduler.service import ReminderService
from store.access import all_bindings, create_invite, redeem_invite
from store.models import InboundMessage, OutboxItem, Plan
from store.outbox import enqueue
from store.repo import Store
from tests.conftest import ROOT, SeededStore, sources
from tests.fakes.clock import SimClock
from tests.fakes.wecom_api import AGENT_ID, CORP_ID, ROBOT_KEY, SECRET, FakeWeComAPI

TOKEN = "wecomCallbackToken"
AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
TS = 1_760_000_000  # the callback's clock (2025-10-09)
TODAY = date(2025, 10, 22)
NOW = datetime(2025, 10, 22, 1, 0, tzinfo=UTC)
ADMIN = "admin01"


@dataclass
class WeCom:
    api: FakeWeComAPI
    adapter: WeComAdapter
    robots: WeComRobots
    store: Store
    url: str
    client: WeChatCrypto  # the independent side: what WeCom's servers would do
    http: httpx.AsyncClient
    sim: SimClock
    nonce: int = 0

    async def post(self, user: str, content: str, msg_id: str, *, crypto: WeChatCrypto | None = None,
                   timestamp: int = TS, signature: str | None = None,
                   body: bytes | None = None, sent_timestamp: str | None = None,
                   settle: bool = True, fields: str | None = None) -> httpx.Response:
        """Post a message (`fields`: its MsgType and content elements, instead of a text's)."""
        self.nonce += 1
        nonce = f"n{self.nonce}"
        xml = (f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName>"
               f"<FromUserName><![CDATA[{user}]]></FromUserName><CreateTime>{timestamp}</CreateTime>"
               + (fields or f"<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content>")
               + f"<MsgId>{msg_id}</MsgId><AgentID>{AGENT_ID}</AgentID></xml>")
        envelope = (crypto or self.client).encrypt_message(xml, nonce, str(timestamp))
        encrypted = envelope.split("<Encrypt><![CDATA[", 1)[1].split("]]>", 1)[0]
        sig = signature or envelope.split("<MsgSignature><![CDATA[", 1)[1].split("]]>", 1)[0]
        payload = body if body is not None else (
            f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName>"
            f"<Encrypt><![CDATA[{encrypted}]]></Encrypt><AgentID><![CDATA[{AGENT_ID}]]></AgentID></xml>"
        ).encode()
        response = await self.http.post(self.url, params={
            "msg_signature": sig, "timestamp": sent_timestamp or str(timestamp), "nonce": nonce},
            content=payload)
        if settle:
            await self.adapter.settle()
        return response

    async def say(self, user: str, content: str, msg_id: str) -> list[str]:
        before = len(self.api.sent_messages())
        assert (await self.post(user, content, msg_id)).status_code == 200
        return [m["text"]["content"] for m in self.api.sent_messages()[before:]
                if m["touser"] == user]


@pytest.fixture
async def wecom(seeded_store: SeededStore) -> AsyncIterator[WeCom]:
    store = await seeded_store()
    sim = SimClock()
    api = FakeWeComAPI(robot_keys=[ROBOT_KEY], clock=sim.clock).start()
    service = ChatService(Answerer(store), {f"wecom:{ADMIN}"}, b"k")
    client = WeComAPI(api.base_url, CORP_ID, SECRET, AGENT_ID)
    adapter = WeComAdapter(service, client, WeComCrypto(TOKEN, AES_KEY, CORP_ID),
                           lambda: TODAY, lambda: NOW, wall=lambda: TS + 30)
    robots = WeComRobots(store, WeComAPI(api.base_url), lambda: NOW,
                         Pacer(ROBOT_LIMITS, sim.clock, sim.sleep))
    await adapter.start(serve=True)
    http = httpx.AsyncClient()
    try:
        yield WeCom(api, adapter, robots, store,
                    f"http://127.0.0.1:{adapter.port}/wecom/callback",
                    WeChatCrypto(TOKEN, AES_KEY, CORP_ID), http, sim)
    finally:
        await http.aclose()
        await adapter.stop()
        await robots.stop()
        api.stop()


async def test_url_verification(wecom: WeCom) -> None:
    envelope = wecom.client.encrypt_message("1616140317555161061", "nonce1", str(TS))
    echostr = envelope.split("<Encrypt><![CDATA[", 1)[1].split("]]>", 1)[0]
    sig = envelope.split("<MsgSignature><![CDATA[", 1)[1].split("]]>", 1)[0]
    ok = await wecom.http.get(wecom.url, params={"msg_signature": sig, "timestamp": str(TS),
                                                 "nonce": "nonce1", "echostr": echostr})
    assert (ok.status_code, ok.text) == (200, "1616140317555161061")
    bad = await wecom.http.get(wecom.url, params={"msg_signature": "0" * 40, "timestamp": str(TS),
                                                  "nonce": "nonce1", "echostr": echostr})
    assert (bad.status_code, bad.text) == (403, "")


async def test_invite_bind_and_ask_through_the_app(wecom: WeCom) -> None:
    (unbound,) = await wecom.say("zhangsan", "我的任务", "1001")
    assert unbound.startswith("本聊天还没有绑定单位，暂不能查看任务。")
    (invite,) = await wecom.say(ADMIN, "/invite 长宁区 教育局", "1002")
    code = invite.split("邀请码：", 1)[1][:8]
    (bound,) = await wecom.say("zhangsan", f"/bind {code}", "1003")
    assert bound == "绑定成功：本聊天已绑定为 长宁区教育局（联络员）。发送「我的任务」或 /help 开始使用。"
    (tasks,) = await wecom.say("zhangsan", "第9项", "1004")
    assert tasks.startswith("【长宁区 2025年 第9项】")
    sent = wecom.api.sent_messages()
    assert all(m["agentid"] == AGENT_ID and m["msgtype"] == "text" for m in sent)
    assert len(wecom.api.tokens_issued) == 1  # the token is cached


async def test_a_redelivered_message_is_answered_once(wecom: WeCom) -> None:
    first = await wecom.say("zhangsan", "帮助", "2001")
    again = await wecom.post("zhangsan", "帮助", "2001")
    assert again.status_code == 200 and len(first) == 1
    assert len(wecom.api.sent_messages()) == 1


async def test_a_message_whose_answer_failed_is_answered_on_redelivery(wecom: WeCom) -> None:
    wecom.api.fail("message/send", -1, "system busy")
    first = await wecom.post("zhangsan", "帮助", "2101")
    assert first.status_code == 200 and wecom.api.sent_messages() == []
    async with wecom.store.sessions() as session:
        record = await session.get(InboundMessage, ("wecom", "2101"))
    assert record is not None and record.answered_at is None  # received, never answered
    (help_text,) = await wecom.say("zhangsan", "帮助", "2101")  # WeCom delivers it again
    assert help_text.startswith("我是督办助手")
    async with wecom.store.sessions() as session:
        record = await session.get(InboundMessage, ("wecom", "2101"))
    assert record is not None and record.answered_at == NOW
    assert await wecom.say("zhangsan", "帮助", "2101") == []  # answered: dropped


async def test_a_redelivery_while_the_message_is_answered_is_dropped(wecom: WeCom) -> None:
    wecom.api.hold("message/send")
    try:
        first = await wecom.post("zhangsan", "帮助", "2201", settle=False)
        await asyncio.to_thread(wecom.api.wait_held, 1)  # the answer is on its way
        second = await wecom.post("zhangsan", "帮助", "2201", settle=False)
        assert (first.status_code, second.status_code) == (200, 200)
    finally:
        wecom.api.release("message/send")
    await wecom.adapter.settle()
    assert len(wecom.api.sent_messages()) == 1 and wecom.api.held == ["/cgi-bin/message/send"]


async def test_an_expired_token_is_renewed(wecom: WeCom) -> None:
    await wecom.say("zhangsan", "帮助", "3001")
    wecom.api.expire_tokens()
    (again,) = await wecom.say("zhangsan", "帮助", "3002")
    assert again == wecom.api.sent_messages()[0]["text"]["content"]  # the same help, once more
    assert len(wecom.api.tokens_issued) == 2
    assert len(wecom.api.sent_messages()) == 2


@pytest.mark.parametrize("case", ["signature", "old", "future", "not-a-number", "xml", "doctype",
                                  "aes", "receive-id"])
async def test_bad_callbacks_are_refused_before_any_handler(wecom: WeCom, case: str) -> None:
    kwargs: dict = {}
    if case == "signature":
        kwargs["signature"] = "0" * 40
    elif case == "old":
        kwargs["timestamp"] = TS + 30 - 301
    elif case == "future":
        kwargs["timestamp"] = TS + 30 + 301
    elif case == "xml":
        kwargs["body"] = b"<xml><Encrypt>"
    elif case == "doctype":
        kwargs["body"] = (b'<!DOCTYPE x [<!ENTITY a "b">]><xml><Encrypt>&a;</Encrypt></xml>')
    elif case == "receive-id":
        kwargs["crypto"] = WeChatCrypto(TOKEN, AES_KEY, "wwSomeOtherCorp")
    elif case == "not-a-number":
        kwargs["sent_timestamp"] = "soon"  # signed with the real one: the signature fails too
    if case == "aes":
        bogus = "QUJD" * 11  # base64 of a payload that is no whole number of AES blocks
        signature = WeComCrypto(TOKEN, AES_KEY, CORP_ID).signature(str(TS), "nx", bogus)
        response = await wecom.http.post(wecom.url, params={
            "msg_signature": signature, "timestamp": str(TS), "nonce": "nx"},
            content=f"<xml><Encrypt><![CDATA[{bogus}]]></Encrypt></xml>".encode())
    else:
        response = await wecom.post("zhangsan", "我的任务", f"9{case}", **kwargs)
    await wecom.adapter.settle()
    expected = 400 if case in ("xml", "doctype", "aes") else 403
    assert response.status_code == expected
    assert wecom.api.sent_messages() == []
    async with wecom.store.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(InboundMessage)) == 0


async def test_robot_reminders_mention_the_liaisons(wecom: WeCom) -> None:
    answerer = wecom.adapter.service.answerer
    await answerer.refresh()
    reply = await bind_robot_for(answerer, f"长宁区 区府办 {ROBOT_KEY}", "test")
    assert reply.text == "已将群机器人绑定到 长宁区府办：该单位的提醒会推送到这个机器人所在的群。"
    code = await create_invite(wecom.store, "长宁区", "区府办", "liaison", "test")
    await redeem_invite(wecom.store, code, "wecom", "lisi", "test")
    robots = ReminderService(sources(answerer), wecom.robots.send_digest, None, "robot", time(9),
                             lambda: TODAY, lambda: NOW, pacer=wecom.robots.pacer)
    assert await robots.daily() == 1
    (message,) = wecom.api.robot_messages(ROBOT_KEY)
    content = message["markdown"]["content"]
    assert content.startswith("【督办提醒】2025-10-22\n1. 到期提醒：长宁区 第9项（区府办），截止 2025-10-31")
    assert content.endswith("<@lisi>")
    app = ReminderService(sources(answerer), wecom.adapter.send_digest, None, "wecom", time(9),
                          lambda: TODAY, lambda: NOW)
    assert await app.daily() == 1  # the liaison's own app chat gets the digest too
    (direct,) = wecom.api.sent_messages()
    assert direct["touser"] == "lisi" and direct["text"]["content"].startswith("【督办提醒】2025-10-22")


async def test_twenty_a_minute_per_robot_none_dropped(wecom: WeCom) -> None:
    answerer = wecom.adapter.service.answerer
    await answerer.refresh()
    await bind_robot_for(answerer, f"长宁区 区府办 {ROBOT_KEY}", "test")
    (binding,) = [b for b in await all_bindings(wecom.store) if b.platform == "robot"]
    rows = [{"day": date(2025, 9, 1) + timedelta(days=d), "org": "长宁区", "task_id": 2, "seq": 2,
             "unit": "区府办", "kind": "overdue", "due_date": date(2025, 8, 29),
             "chat": f"robot:{binding.chat_id}", "late": True} for d in range(25)]
    await enqueue(wecom.store, rows, NOW)
    start, sent, rounds = wecom.sim.t, 0, 0
    while sent < 25 and rounds < 5:
        now = NOW + timedelta(seconds=wecom.sim.t - start)
        sent += await flush(answerer.store, wecom.robots.send_digest, now, None, "robot",
                            wecom.robots.pacer)
        wecom.sim.t += 60
        rounds += 1
    assert sent == 25 and len(wecom.api.robot_messages(ROBOT_KEY)) == 25
    assert not [c for c in wecom.api.calls if c.errcode == 45009]  # never over the limit
    times = [c for c in wecom.api.calls if c.path.endswith("webhook/send")]
    assert len(times) == 25 and rounds >= 2  # 20 in the first minute, the rest after it


async def test_a_dead_robot_is_unbound_and_administrators_told(wecom: WeCom) -> None:
    answerer = wecom.adapter.service.answerer
    await answerer.refresh()
    await bind_robot_for(answerer, f"长宁区 区府办 {ROBOT_KEY}", "test")
    wecom.api.fail("/cgi-bin/webhook/send", 93000, "invalid webhook url")
    admins = frozenset({ChatRef("wecom", ADMIN), ChatRef("telegram", "42")})
    robots = ReminderService(sources(answerer), wecom.robots.send_digest, None, "robot", time(9),
                             lambda: TODAY, lambda: NOW, pacer=wecom.robots.pacer,
                             admins=admins)
    assert await robots.daily() == 0
    assert [b for b in await all_bindings(wecom.store) if b.platform == "robot"] == []
    app = ReminderService(sources(answerer), wecom.adapter.send_digest, None, "wecom", time(9),
                          lambda: TODAY, lambda: NOW, admins=admins)
    await app.retry()  # the notice goes out through the app (and through Telegram's sender there)
    (told,) = wecom.api.sent_messages()
    assert told["touser"] == ADMIN
    assert told["text"]["content"].startswith("【督办·管理员】发往 robot:1 的提醒无法送达，已停止发送")
    assert "webhook 已失效，绑定已解除" in told["text"]["content"]
    assert ROBOT_KEY not in told["text"]["content"]
    async with wecom.store.sessions() as session:
        statuses = set((await session.scalars(select(OutboxItem.status).where(
            OutboxItem.chat.like("robot:%")))).all())
    assert statuses == {"failed"}


async def test_a_lead_gets_the_chart_and_the_ledger_as_media(wecom: WeCom) -> None:
    (invite,) = await wecom.say(ADMIN, "/invite 长宁区 lead", "4001")
    code = invite.split("邀请码：", 1)[1][:8]
    await wecom.say("wangwu", f"/bind {code}", "4002")
    before = len(wecom.api.sent_messages())
    assert (await wecom.post("wangwu", "/summary", "4003")).status_code == 200
    summary, chart = wecom.api.sent_messages()[before:]
    assert summary["text"]["content"].startswith("【长宁区 2025年】进度统计")
    assert chart["msgtype"] == "image"
    assert wecom.api.uploads()[chart["image"]["media_id"]]["bytes"][:8] == b"\x89PNG\r\n\x1a\n"
    await wecom.post("wangwu", "/export", "4004")
    ledger = wecom.api.sent_messages()[-1]
    assert ledger["msgtype"] == "file"
    assert wecom.api.uploads()[ledger["file"]["media_id"]]["filename"].endswith(".xlsx")


async def test_extensions_are_approved_in_words_on_wecom(wecom: WeCom) -> None:
    async def bind(user: str, args: str, msg_id: str) -> None:
        (invite,) = await wecom.say(ADMIN, f"/invite {args}", f"{msg_id}0")
        await wecom.say(user, f"/bind {invite.split('邀请码：', 1)[1][:8]}", f"{msg_id}1")

    await bind("zhangsan", "长宁区 区府办", "50")
    await bind("wangwu", "长宁区 lead", "51")
    await bind("zhaoliu", "普陀区 lead", "52")
    sent = await wecom.say("zhangsan", "延期 9 2025-11-30 等待上级文件", "5003")
    assert sent == ["已提交第9项延期申请（至 2025-11-30），等待区府办审核。"]
    request = wecom.api.sent_messages()[-1]
    assert request["touser"] == "wangwu"
    assert request["text"]["content"].endswith("（也可回复「同意 1」或「驳回 1」）")
    assert await wecom.say("zhangsan", "同意 1", "5004") == ["延期申请由区府办负责人或管理员审批。"]
    assert await wecom.say("zhaoliu", "同意 1", "5005") == ["没有编号为 1 的延期申请。"]
    approved = "【延期已同意】长宁区 2025年 第9项，区府办 的完成日期改为 2025-11-30。"
    before = len(wecom.api.sent_messages())
    await wecom.post("wangwu", "同意 1", "5006")
    told = {(m["touser"], m["text"]["content"]) for m in wecom.api.sent_messages()[before:]}
    assert told == {("wangwu", approved), ("zhangsan", approved)}
    assert await wecom.say("wangwu", "驳回 1", "5007") == ["该申请已处理过了。"]


# ---- a plan file sent to the app: media/get, a preview with the words to reply -----------------

IMPORT_PLAN = ROOT / "tests" / "corpus" / "07_shanghai_putuo_2024_zwgk_yaodian.txt"


async def send_file_message(wecom: WeCom, user: str, media_id: str, msg_id: str) -> list[str]:
    before = len(wecom.api.sent_messages())
    fields = (f"<MsgType><![CDATA[file]]></MsgType><MediaId><![CDATA[{media_id}]]></MediaId>")
    assert (await wecom.post(user, "", msg_id, fields=fields)).status_code == 200
    return [m["text"]["content"] for m in wecom.api.sent_messages()[before:] if m["touser"] == user]


async def plan_count(wecom: WeCom) -> int:
    async with wecom.store.sessions() as session:
        return await session.scalar(select(func.count(Plan.id))) or 0


async def test_a_plan_file_through_the_app_is_previewed_and_confirmed_by_words(wecom: WeCom) -> None:
    media = wecom.api.user_file("2024年普陀区政务公开工作要点.txt", IMPORT_PLAN.read_bytes())
    before = await plan_count(wecom)
    (preview,) = await send_file_message(wecom, ADMIN, media, "3001")
    lines = preview.split("\n")
    assert lines[:3] == ["导入预览（第1号）：《2024年普陀区政务公开工作要点.txt》",
                         "普陀区 2024年 · 文号：未识别 · 共 6 项任务",
                         "任务库中还没有普陀区2024年的计划：确认后新建。"]
    assert lines[-1] == "确认前不会写入任何数据，预览 24 小时内有效。回复“确认导入 1”导入，“取消导入 1”放弃"
    assert await plan_count(wecom) == before
    (done,) = await wecom.say(ADMIN, "确认导入 1", "3002")
    assert done == "已导入《2024年普陀区政务公开工作要点.txt》：普陀区 2024年，共 6 项任务（新建）。"
    assert await plan_count(wecom) == before + 1


async def test_a_file_that_cannot_be_fetched_or_from_a_stranger(wecom: WeCom) -> None:
    (lost,) = await send_file_message(wecom, ADMIN, "no-such-media", "3101")
    assert lost == "文件《no-such-media》没能取到，请重新发送。没有写入任何数据。"
    media = wecom.api.user_file("plan.txt", IMPORT_PLAN.read_bytes())
    (stranger,) = await send_file_message(wecom, "lisi", media, "3102")
    assert stranger.startswith("本聊天还没有绑定单位")
