"""A fixed day (DUBAN_TODAY, --today): what users do is stamped on that day at the real time of
day; bindings and invites keep the real clock. Conversations over the sample plans."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.domain.chat import Incoming
from bot.handlers.answer import Answerer
from bot.handlers.chat import ChatService
from store.models import Binding, Extension, Invite, Progress, QuarterlyReport
from tests.conftest import SeededStore

FIXED = date(2025, 10, 22)  # the day the demo says it is
REAL = datetime(2026, 12, 2, 1, 15, tzinfo=UTC)  # the real time: 09:15 in Shanghai
ON_FIXED = datetime(2025, 10, 22, 1, 15, tzinfo=UTC)  # the fixed day at 09:15 in Shanghai
ADMIN = "7"
CHATS = {"edu": ("长宁区", "区教育局", "liaison", "telegram", "-101"),
         "lead": ("长宁区", None, "lead", "telegram", "-104")}


class Chats:
    """Bound chats; `say` answers on the fixed day at real time `now`."""

    def __init__(self, service: ChatService) -> None:
        self.service = service
        self.store = service.answerer.store

    async def say(self, who: str, text: str, now: datetime = REAL) -> list[str]:
        chat = CHATS[who][4] if who in CHATS else who
        user = "8" if who in CHATS else ADMIN
        handled = await self.service.handle(Incoming("telegram", chat, "group", user, text),
                                            FIXED, now)
        return [r.text for r in handled.replies]

    async def rows(self, model: type) -> list:
        async with self.store.sessions() as session:
            return list((await session.scalars(select(model).order_by(model.id))).all())


@pytest.fixture
async def chats(seeded_store: SeededStore) -> Chats:
    store = await seeded_store(*CHATS.values())
    return Chats(ChatService(Answerer(store), admins=[f"telegram:{ADMIN}"], secret=b"test"))


async def test_progress_is_stamped_on_the_fixed_day_in_order(chats: Chats) -> None:
    await chats.say("edu", "25 进行中")
    await chats.say("edu", "25 已完成", REAL + timedelta(minutes=1))
    assert [(p.status, p.created_at) for p in await chats.rows(Progress)] == [
        ("in_progress", ON_FIXED), ("done", ON_FIXED + timedelta(minutes=1))]
    (detail,) = await chats.say("edu", "第25项")
    assert "  区教育局：已完成（2025-10-22）" in detail.splitlines()


async def test_a_quarterly_report_is_stamped_on_the_fixed_day(chats: Chats) -> None:
    (reply,) = await chats.say("edu", "三季度报告：本季度共发布政府信息58条。")
    assert reply.splitlines()[0] == (
        "已收到长宁区教育局2025年第三季度报告（文字14字），提交时间 2025-10-22 09:15。")
    assert [r.created_at for r in await chats.rows(QuarterlyReport)] == [ON_FIXED]


async def test_an_extension_is_asked_and_decided_on_the_fixed_day(chats: Chats) -> None:
    await chats.say("edu", "延期 25 2025-11-30 网站改版推迟")
    (ext,) = await chats.rows(Extension)
    await chats.say("lead", f"同意 {ext.id}", REAL + timedelta(hours=2))
    (ext,) = await chats.rows(Extension)
    assert (ext.created_at, ext.decided_at) == (ON_FIXED, ON_FIXED + timedelta(hours=2))


async def test_invites_and_bindings_keep_the_real_clock(chats: Chats) -> None:
    (reply,) = await chats.say(ADMIN, "/invite 长宁区 区体育局")
    code = reply.removeprefix("邀请码：").split("\n", 1)[0]
    (invite,) = [i for i in await chats.rows(Invite) if i.code == code]
    assert (invite.created_at, invite.expires_at) == (REAL, REAL + timedelta(days=7))
    (bound,) = await chats.say("-200", f"/bind {code}", REAL + timedelta(days=6))
    assert bound.startswith("绑定成功")
    new = [b for b in await chats.rows(Binding) if b.chat_id == "-200"]
    assert [b.created_at for b in new] == [REAL + timedelta(days=6)]
