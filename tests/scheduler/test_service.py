"""The reminder service on a passed-in clock: catch-up after downtime, one sender at a time, and
the administrators told once about a year the official calendar does not cover."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.domain.chat import ChatRef, Reply
from bot.handlers.answer import Answerer
from bot.scheduler.service import ReminderService
from store.access import create_invite, redeem_invite
from store.models import OutboxItem
from tests.conftest import SeededStore, sources

SHANGHAI = ZoneInfo("Asia/Shanghai")
ADMINS = frozenset({ChatRef("telegram", "42"), ChatRef("wecom", "zhangsan")})


@pytest.fixture
async def answerer(seeded_store: SeededStore) -> Answerer:
    return Answerer(await seeded_store(("长宁区", "区府办", "liaison", "telegram", "-1")))


class Clock:
    """The service's clock: local time, as bot.app.clock gives it."""

    def __init__(self, day: date, hour: int = 9) -> None:
        self.at = datetime(day.year, day.month, day.day, hour, 0, tzinfo=SHANGHAI)

    def today(self) -> date:
        return self.at.date()

    def now(self) -> datetime:
        return self.at


class Chats:
    def __init__(self, pause: float = 0.0) -> None:
        self.sent: list[tuple[str, str]] = []
        self.pause = pause

    async def __call__(self, chat: str, reply: Reply) -> str:
        if self.pause:
            await asyncio.sleep(self.pause)  # a slow network: the other job must wait its turn
        self.sent.append((str(chat), reply.text))
        return str(len(self.sent))


def service(answerer: Answerer, chats: Chats, clock: Clock) -> ReminderService:
    return ReminderService(sources(answerer), chats, None, "telegram", time(9, 0), clock.today, clock.now,
                           admins=ADMINS)


async def test_days_missed_are_sent_once_marked_late(answerer: Answerer) -> None:
    chats, clock = Chats(), Clock(date(2025, 10, 21))
    svc = service(answerer, chats, clock)
    await svc.daily()
    assert chats.sent == []  # nothing for 区府办 on 10-21
    clock.at = datetime(2025, 10, 28, 9, 0, tzinfo=SHANGHAI)  # down from 10-22 to 10-28 09:00
    await svc.catch_up()
    heads = [text.splitlines()[0] for _, text in chats.sent]
    assert heads == ["【督办提醒】2025-10-22（服务中断期间的补发）",
                     "【督办提醒】2025-10-23（服务中断期间的补发）",
                     "【督办提醒】2025-10-24（服务中断期间的补发）",
                     "【督办提醒】2025-10-28"]
    await svc.catch_up()
    await svc.daily()
    assert len(chats.sent) == 4


async def test_before_the_hour_today_waits(answerer: Answerer) -> None:
    chats, clock = Chats(), Clock(date(2025, 10, 22), hour=8)
    svc = service(answerer, chats, clock)
    await svc.catch_up()
    assert chats.sent == []


async def test_the_daily_and_retry_jobs_never_send_twice(answerer: Answerer) -> None:
    chats, clock = Chats(pause=0.05), Clock(date(2025, 10, 22))
    svc = service(answerer, chats, clock)
    await asyncio.gather(svc.daily(), svc.retry(), svc.retry())
    assert [chat for chat, _ in chats.sent] == ["telegram:-1"]


async def test_administrators_hear_once_of_an_uncovered_year(answerer: Answerer) -> None:
    chats, clock = Chats(), Clock(date(2027, 1, 4))
    svc = service(answerer, chats, clock)
    await svc.catch_up()
    await svc.daily()
    clock.at = datetime(2027, 1, 5, 9, 0, tzinfo=SHANGHAI)
    await svc.daily()
    notices = [(chat, text) for chat, text in chats.sent if chat == "telegram:42"]
    assert len(notices) == 1
    assert notices[0][1].startswith("【督办·管理员】2027年的法定节假日和调休安排尚未录入")
    assert "wecom:zhangsan" not in {chat for chat, _ in chats.sent}  # another platform's admin


async def test_in_december_the_next_year_is_checked(answerer: Answerer) -> None:
    chats = Chats()
    await service(answerer, chats, Clock(date(2026, 11, 30))).daily()
    assert not any(chat == "telegram:42" for chat, _ in chats.sent)  # 2026 is covered
    await service(answerer, chats, Clock(date(2026, 12, 1))).daily()
    (notice,) = [text for chat, text in chats.sent if chat == "telegram:42"]
    assert notice.startswith("【督办·管理员】2027年")
    async with answerer.store.sessions() as session:
        assert await session.scalar(select(func.count()).where(OutboxItem.kind == "notice")) == 1


async def test_every_lead_chat_of_the_org_hears_of_late_units(answerer: Answerer) -> None:
    for chat in ("-10", "-11"):
        code = await create_invite(answerer.store, "长宁区", None, "lead", "test")
        await redeem_invite(answerer.store, code, "telegram", chat, "test")
    chats = Chats()
    svc = service(answerer, chats, Clock(date(2025, 10, 23)))
    await svc.daily()
    await svc.daily()
    to_leads = {chat: text for chat, text in chats.sent if chat in ("telegram:-10", "telegram:-11")}
    assert set(to_leads) == {"telegram:-10", "telegram:-11"}
    assert to_leads["telegram:-10"] == to_leads["telegram:-11"]
    assert "逾期督办：长宁区 第20项（区府办）" in to_leads["telegram:-10"]
    assert len(chats.sent) == 3  # the liaison's digest and one per lead chat, once


async def test_a_chat_that_keeps_failing_is_given_up_and_administrators_told(
        answerer: Answerer) -> None:
    class Down(Chats):
        async def __call__(self, chat: str, reply: Reply) -> str:
            if str(chat) == "telegram:-1":
                raise ConnectionError("network unreachable")
            return await super().__call__(chat, reply)

    chats, clock = Down(), Clock(date(2025, 10, 22))
    svc = service(answerer, chats, clock)
    await svc.daily()
    for _ in range(12):  # past every backoff
        clock.at += timedelta(hours=3)
        await svc.retry()
    async with answerer.store.sessions() as session:
        statuses = (await session.scalars(select(OutboxItem.status).where(
            OutboxItem.chat == "telegram:-1"))).all()
    assert set(statuses) == {"failed"}
    (notice,) = [text for chat, text in chats.sent if chat == "telegram:42"]
    assert notice == ("【督办·管理员】发往 telegram:-1 的提醒无法送达，已停止发送：network unreachable。"
                      "请检查该聊天或机器人的绑定。")


async def test_a_stop_finishes_the_digest_in_flight_marks_it_and_sends_no_more(
        seeded_store: SeededStore) -> None:
    from store.lease import SendLease

    store = await seeded_store(*[("长宁区", unit, "liaison", "telegram", chat) for unit, chat in
                                 (("区府办", "-1"), ("区教育局", "-2"), ("新华路街道", "-3"))])
    answerer = Answerer(store)
    calls = asyncio.Event()

    class Slow(Chats):
        async def __call__(self, chat: str, reply: Reply) -> str:
            calls.set()
            return await super().__call__(chat, reply)

    lease = SendLease(store, "run", owner="h:1")
    assert await lease.acquire()
    chats, clock = Slow(pause=0.3), Clock(date(2025, 10, 22))
    svc = ReminderService(sources(answerer), chats, None, "telegram", time(9, 0), clock.today,
                          clock.now, lease=lease)
    sending = asyncio.create_task(svc.daily())
    await calls.wait()  # the first digest is in flight
    await svc.stop()
    assert await sending == 1
    assert [chat for chat, _ in chats.sent] == ["telegram:-1"]
    async with store.sessions() as session:
        rows = (await session.execute(select(OutboxItem.chat, OutboxItem.status).where(
            OutboxItem.chat.is_not(None)))).all()
    assert {(chat, status) for chat, status in rows} == {
        ("telegram:-1", "sent"), ("telegram:-2", "pending"), ("telegram:-3", "pending")}
    assert await svc.retry() == 0  # stopped: nothing more
    await lease.release()


async def test_without_the_lease_the_day_is_computed_but_not_sent(
        seeded_store: SeededStore) -> None:
    from store.lease import SendLease

    store = await seeded_store(("长宁区", "区府办", "liaison", "telegram", "-1"))
    holder, mine = SendLease(store, "remind", owner="h:1"), SendLease(store, "run", owner="h:2")
    assert await holder.acquire() and not await mine.acquire()
    chats, clock = Chats(), Clock(date(2025, 10, 22))
    svc = ReminderService(sources(Answerer(store)), chats, None, "telegram", time(9, 0),
                          clock.today, clock.now, lease=mine)
    assert await svc.daily() == 0 and chats.sent == []
    await holder.release()
    assert await mine.acquire() and await svc.retry() == 1
    assert [chat for chat, _ in chats.sent] == ["telegram:-1"]
    await mine.release()
