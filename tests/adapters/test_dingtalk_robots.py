"""DingTalk custom robots (自定义机器人) against the loopback fake, which checks each webhook's
加签 signature and counts 20 messages a minute on a simulated clock: a unit's reminders with an @
of its liaisons, none dropped over the limit, long digests split, a refused token or signature
ending the binding and telling administrators, network errors left to retry; and binding a robot
by chat command and by `duban units bind-robot --platform dingtalk`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import httpx
import pytest
from sqlalchemy import select

from bot import texts
from bot.adapters.dingtalk.api import DingTalkAPI
from bot.adapters.dingtalk.robots import ROBOT_LIMITS, DingTalkRobots
from bot.domain.chat import ChatRef, Reply
from bot.domain.errors import UserError
from bot.handlers.answer import Answerer
from bot.handlers.bindings import bind_robot_for
from bot.scheduler.outbox import RetryLater, flush
from bot.scheduler.pacing import Pacer
from bot.scheduler.service import ReminderService
from store.access import all_bindings, create_invite, redeem_invite
from store.models import OutboxItem, Robot
from store.outbox import enqueue
from store.repo import Store
from tests.conftest import SeededStore, sources
from tests.fakes.clock import SimClock
from tests.fakes.dingtalk_api import ROBOT_SECRET, ROBOT_TOKEN, FakeDingTalk

TODAY = date(2025, 10, 22)
NOW = datetime(2025, 10, 22, 1, 0, tzinfo=UTC)
URL = f"https://oapi.dingtalk.com/robot/send?access_token={ROBOT_TOKEN}"
WEBHOOK = "/robot/send"


@dataclass
class Robots:
    fake: FakeDingTalk
    robots: DingTalkRobots
    store: Store
    answerer: Answerer
    sim: SimClock

    async def bound(self, words: str = f"长宁区 区府办 {URL} {ROBOT_SECRET}") -> str:
        """Bind the robot to a unit by chat command; the binding's chat id."""
        await self.answerer.refresh()
        await bind_robot_for(self.answerer, f"dingtalk {words}", "test")
        (binding,) = [b for b in await all_bindings(self.store) if b.platform == "dingtalk-robot"]
        return binding.chat_id


@pytest.fixture
async def ding(seeded_store: SeededStore) -> AsyncIterator[Robots]:
    store = await seeded_store()
    sim = SimClock(1_761_000_000.0)
    fake = FakeDingTalk(clock=sim.clock).start()
    fake.add_robot()
    robots = DingTalkRobots(store, DingTalkAPI(fake.base_url, fake.base_url), lambda: NOW,
                            Pacer(ROBOT_LIMITS, sim.clock, sim.sleep), wall=sim.clock)
    try:
        yield Robots(fake, robots, store, Answerer(store), sim)
    finally:
        await robots.stop()
        fake.stop()


async def test_binding_by_chat_command_keeps_the_token_and_secret(ding: Robots) -> None:
    await ding.answerer.refresh()
    reply = await bind_robot_for(ding.answerer, f"dingtalk 长宁区 区府办 {URL} {ROBOT_SECRET}", "t")
    assert reply.text == "已将群机器人绑定到 长宁区府办：该单位的提醒会推送到这个机器人所在的群。"
    async with ding.store.sessions() as session:
        robot = (await session.scalars(select(Robot))).one()
    assert (robot.platform, robot.key, robot.secret) == ("dingtalk", ROBOT_TOKEN, ROBOT_SECRET)
    with pytest.raises(UserError) as err:
        await bind_robot_for(ding.answerer, "dingtalk 长宁区 区府办 https://oapi.dingtalk.com/x", "t")
    assert err.value.message.startswith("没有看到钉钉机器人的 access_token")
    async with ding.store.sessions() as session:
        assert len((await session.scalars(select(Robot))).all()) == 1  # nothing changed


async def test_reminders_are_signed_and_mention_the_liaisons(ding: Robots) -> None:
    await ding.bound()
    code = await create_invite(ding.store, "长宁区", "区府办", "liaison", "test")
    await redeem_invite(ding.store, code, "dingtalk", "lisi01", "test")
    service = ReminderService(sources(ding.answerer), ding.robots.send_digest, None,
                              "dingtalk-robot", time(9), lambda: TODAY, lambda: NOW,
                              pacer=ding.robots.pacer)
    assert await service.daily() == 1
    (message,) = ding.fake.messages(WEBHOOK)
    assert message.target == ROBOT_TOKEN and ding.fake.robot_codes == [0]  # the sign was right
    text = message.body["markdown"]["text"]
    assert text.startswith("【督办提醒】2025-10-22\n1. 到期提醒：长宁区 第9项（区府办），截止 2025-10-31")
    assert text.endswith("\n\n@lisi01")
    assert message.body["at"] == {"atUserIds": ["lisi01"], "isAtAll": False}


async def test_unsigned_robots_need_no_secret_and_long_digests_are_split(ding: Robots) -> None:
    ding.fake.add_robot("ab" * 32, secret=None)
    chat = await ding.bound(f"长宁区 区府办 {'ab' * 32}")
    long = "\n".join(f"{i}. 到期提醒：长宁区 第{i}项（区府办），截止 2025-10-31" for i in range(200))
    assert await ding.robots.send_digest(ChatRef("dingtalk-robot", chat), Reply(long)) == "robot-4"
    parts = [m.body["markdown"]["text"] for m in ding.fake.messages(WEBHOOK)]
    assert len(parts) == 4 and all(len(t.encode()) <= 4000 for t in parts)
    assert "\n".join(parts) == long + texts.DINGTALK_ROBOT_HINT  # split at line breaks only


async def test_twenty_a_minute_per_robot_none_dropped(ding: Robots) -> None:
    chat = await ding.bound()
    rows = [{"day": date(2025, 9, 1) + timedelta(days=d), "org": "长宁区", "task_id": 2, "seq": 2,
             "unit": "区府办", "kind": "overdue", "due_date": date(2025, 8, 29),
             "chat": f"dingtalk-robot:{chat}", "late": True} for d in range(25)]
    await enqueue(ding.store, rows, NOW)
    start, sent, rounds = ding.sim.t, 0, 0
    while sent < 25 and rounds < 5:
        now = NOW + timedelta(seconds=ding.sim.t - start)
        sent += await flush(ding.store, ding.robots.send_digest, now, None, "dingtalk-robot",
                            ding.robots.pacer)
        ding.sim.t += 60
        rounds += 1
    assert sent == 25 and len(ding.fake.messages(WEBHOOK)) == 25
    assert ding.fake.robot_codes == [0] * 25  # never over the limit, every signature good
    assert rounds >= 2  # 20 in the first minute, the rest after it


async def test_a_rate_limit_answer_is_retried_later(ding: Robots) -> None:
    chat = await ding.bound()
    for _ in range(20):  # another sender used the robot's minute up
        ding.fake.robots[ROBOT_TOKEN].sent.append(ding.sim.t)
    with pytest.raises(RetryLater):
        await ding.robots.send_digest(ChatRef("dingtalk-robot", chat), Reply("提醒"))
    assert ding.fake.robot_codes == [410100]


@pytest.mark.parametrize("case", ["token", "signature"])
async def test_a_refused_robot_is_unbound_and_administrators_told(ding: Robots, case: str) -> None:
    if case == "token":
        ding.fake.robots.clear()  # the robot was removed from the group
    else:
        ding.fake.robots[ROBOT_TOKEN].secret = "SEC" + "ff" * 32  # 加签 secret reset in DingTalk
    await ding.bound()
    told: list[tuple[str, str]] = []

    async def admin_sender(chat: ChatRef, reply: Reply) -> str:
        told.append((str(chat), reply.text))
        return "1"

    admins = frozenset({ChatRef("dingtalk", "admin01")})
    service = ReminderService(sources(ding.answerer), ding.robots.send_digest, None,
                              "dingtalk-robot", time(9), lambda: TODAY, lambda: NOW,
                              pacer=ding.robots.pacer, admins=admins)
    assert await service.daily() == 0
    assert ding.fake.robot_codes == [300001 if case == "token" else 310000]
    assert [b for b in await all_bindings(ding.store) if b.platform == "dingtalk-robot"] == []
    app = ReminderService(sources(ding.answerer), admin_sender, None, "dingtalk", time(9),
                          lambda: TODAY, lambda: NOW, admins=admins)
    await app.retry()
    ((chat, text),) = told
    assert chat == "dingtalk:admin01"
    assert text.startswith("【督办·管理员】发往 dingtalk-robot:1 的提醒无法送达，已停止发送")
    assert "webhook 或加签密钥已失效，绑定已解除" in text and ROBOT_TOKEN not in text
    async with ding.store.sessions() as session:
        statuses = set((await session.scalars(select(OutboxItem.status).where(
            OutboxItem.chat.like("dingtalk-robot:%")))).all())
    assert statuses == {"failed"}


async def test_network_errors_are_left_to_retry(ding: Robots) -> None:
    chat = await ding.bound()
    ding.robots.api.oapi_base = "http://127.0.0.1:9"  # nothing listens there
    with pytest.raises(ConnectionError) as err:
        await ding.robots.send_digest(ChatRef("dingtalk-robot", chat), Reply("提醒"))
    assert ROBOT_TOKEN not in str(err.value) and ROBOT_SECRET not in str(err.value)
    assert isinstance(err.value.__context__, httpx.ConnectError)
    assert [b.chat_id for b in await all_bindings(ding.store) if b.platform == "dingtalk-robot"]
