"""Wrong invite codes are throttled per chat over a sliding hour, on simulated time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.domain.chat import Incoming
from bot.handlers.answer import Answerer
from bot.handlers.chat import ChatService
from store.chatguard import count_wrong_codes

TODAY = date(2025, 11, 5)
T0 = datetime(2025, 11, 5, 2, 0, tzinfo=UTC)


async def test_the_cool_down_ends_an_hour_after_the_fifth_wrong_code(answerer: Answerer) -> None:
    service = ChatService(answerer, {"console:admin"}, b"k")

    async def say(text: str, at: datetime, chat: str = "-5") -> str:
        (reply,) = await service.on_message(Incoming("telegram", chat, "group", "9", text),
                                            TODAY, at)
        return reply.text

    for minute in (0, 10, 20, 30, 40):
        assert await say("/bind NOPE1234", T0 + timedelta(minutes=minute)) == "邀请码不存在，请核对后重试。"
    assert await count_wrong_codes(answerer.store) == 5
    assert await say("/bind NOPE1234", T0 + timedelta(minutes=45)) == (
        "本聊天 1 小时内已输错 5 次邀请码，请 15 分钟后再试，或向管理员核对邀请码。")
    assert await count_wrong_codes(answerer.store) == 5  # waiting is not another try
    # At 01:00 the first try is an hour old: one more try is allowed, and answered.
    assert await say("/bind NOPE1234", T0 + timedelta(minutes=60)) == "邀请码不存在，请核对后重试。"
    assert await say("/bind NOPE1234", T0 + timedelta(minutes=61)) == (
        "本聊天 1 小时内已输错 5 次邀请码，请 9 分钟后再试，或向管理员核对邀请码。")
