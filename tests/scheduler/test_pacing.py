"""Send limits on simulated time: the Pacer's windows, the outbox keeping held-back chats queued,
and the real Application against a fake Bot API that answers 429 beyond Telegram's limits."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from bot.adapters.telegram.adapter import TelegramAdapter
from bot.adapters.telegram.limits import TELEGRAM_LIMITS, telegram_group
from bot.handlers.answer import Answerer
from bot.handlers.chat import ChatService
from bot.scheduler.outbox import flush
from bot.scheduler.pacing import Limit, Pacer, each_chat
from store.models import OutboxItem
from store.outbox import SENT, enqueue
from tests.fakes.telegram_api import TOKEN, FakeBotAPI

START = datetime(2025, 10, 22, 1, 0, tzinfo=UTC)


class SimClock:
    """Simulated seconds: sleeping moves the clock instead of waiting."""

    def __init__(self) -> None:
        self.t = 1000.0
        self.slept = 0.0

    def clock(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.t += seconds
        self.slept += seconds

    def now(self) -> datetime:
        return START + timedelta(seconds=self.t - 1000.0)


def windows_hold(times: list[float], count: int, seconds: float) -> bool:
    """No `seconds`-long window holds more than `count` of `times`."""
    times = sorted(times)
    return all(times[i + count] - times[i] >= seconds for i in range(len(times) - count))


async def test_overall_limit_paces_sends_at_the_permitted_rate() -> None:
    sim = SimClock()
    pacer = Pacer([Limit(30, 1.0)], sim.clock, sim.sleep)
    times = []
    for i in range(300):
        await pacer.acquire(str(i))
        times.append(sim.t)
    assert windows_hold(times, 30, 1.0)
    assert not windows_hold(times, 29, 1.0)  # as fast as allowed, not slower
    assert 9.0 <= times[-1] - times[0] < 10.0


async def test_a_group_gets_twenty_a_minute_and_other_chats_are_not_held_up() -> None:
    sim = SimClock()
    pacer = Pacer([Limit(20, 60.0, telegram_group)], sim.clock, sim.sleep)
    for _ in range(20):
        assert pacer.delay("-5") == 0
        pacer.record("-5")
    assert pacer.delay("-5") == 60.0
    assert pacer.delay("-6") == 0 and pacer.delay("7") == 0  # another group, a private chat
    sim.t += 30
    assert pacer.delay("-5") == 30.0
    sim.t += 30
    assert pacer.delay("-5") == 0


def test_limits_apply_per_bucket() -> None:
    pacer = Pacer([Limit(2, 10.0, each_chat)], clock=lambda: 0.0)
    pacer.record("a")
    pacer.record("a")
    assert pacer.delay("a") == 10.0 and pacer.delay("b") == 0


async def _fill(answerer: Answerer, busy: str, quiet: int) -> None:
    """One reminder to each of `quiet` chats, and one a day for 25 days to the `busy` group."""
    rows = [{"day": date(2025, 10, 22), "org": "长宁区", "task_id": 1, "seq": 1, "unit": f"单位{i}",
             "kind": "deadline", "due_date": date(2025, 10, 31), "chat": f"telegram:-{100 + i}",
             "late": False} for i in range(quiet)]
    rows += [{"day": date(2025, 9, 1) + timedelta(days=d), "org": "长宁区", "task_id": 2, "seq": 2,
              "unit": "区府办", "kind": "overdue", "due_date": date(2025, 8, 29), "chat": busy,
              "late": True} for d in range(25)]
    await enqueue(answerer.store, rows, START)


async def test_no_429_from_a_strict_bot_api_and_nothing_dropped(answerer: Answerer) -> None:
    sim = SimClock()
    api = FakeBotAPI(enforce_limits=True, clock=sim.clock).start()
    pacer = Pacer(TELEGRAM_LIMITS, sim.clock, sim.sleep)
    service = ChatService(answerer, set(), b"k")
    adapter = TelegramAdapter(service, TOKEN, api.base_url, lambda: START.date(), sim.now,
                              pacer=pacer)
    await adapter.app.initialize()
    try:
        await _fill(answerer, "telegram:-42", 60)
        rounds, sent = 0, 0
        while sent < 85 and rounds < 10:
            sent += await flush(answerer.store, adapter.send_digest, sim.now(), None, "telegram", pacer)
            sim.t += 60  # the retry job comes back a minute later
            rounds += 1
    finally:
        await adapter.app.shutdown()
        api.stop()
    assert api.too_many == []
    assert sent == 85 and len(api.sent()) == 85
    assert len(api.sent(chat_id=-42)) == 25
    assert rounds >= 2  # the busy group waited for the next minute; the others did not
    async with answerer.store.sessions() as session:
        assert await session.scalar(select(func.count()).where(OutboxItem.status != SENT)) == 0


async def test_the_fake_does_answer_429_when_a_client_goes_too_fast(answerer: Answerer) -> None:
    """The check above can fail: without pacing, the same fake refuses sends."""
    sim = SimClock()
    api = FakeBotAPI(enforce_limits=True, clock=sim.clock).start()
    adapter = TelegramAdapter(ChatService(answerer, set(), b"k"), TOKEN, api.base_url,
                              lambda: START.date(), sim.now, rate_limit=False)
    await adapter.app.initialize()
    try:
        await _fill(answerer, "telegram:-42", 0)
        await flush(answerer.store, adapter.send_digest, sim.now(), None, "telegram")
    finally:
        await adapter.app.shutdown()
        api.stop()
    assert len(api.sent(chat_id=-42)) == 20 and len(api.too_many) == 5
    async with answerer.store.sessions() as session:  # held back, still queued, not failed
        assert await session.scalar(select(func.count()).where(OutboxItem.status == "pending")) == 5
