"""The outbox: computed twice adds nothing, a crash mid-fan-out resumes with the rest (the one
digest whose call was in flight sent again), failures are retried with backoff, refused chats
are given up. Time is passed in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.domain.chat import Reply
from bot.handlers.answer import Answerer
from bot.scheduler.outbox import DeliveryRefused, compute_day, flush
from store.access import create_invite, redeem_invite
from store.lease import SendLease
from store.models import OutboxItem
from store.repo import Store
from tests.conftest import SeededStore, sources

DAY = date(2025, 10, 22)
NOW = datetime(2025, 10, 22, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
CHATS = {"区府办": "-1", "区教育局": "-2", "新华路街道": "-3"}


@pytest.fixture
async def answerer(seeded_store: SeededStore) -> Answerer:
    return Answerer(await seeded_store(*[("长宁区", unit, "liaison", "telegram", chat)
                                          for unit, chat in CHATS.items()]))


class Chats:
    """A fake platform: records digests; can crash after N sends (before the Nth+1 arrives, or
    `delivered`: just after it arrived, before the answer came back) or fail chats."""

    def __init__(self, crash_after: int | None = None, failing: dict[str, Exception] | None = None,
                 delivered: bool = False):
        self.sent: list[tuple[str, Reply]] = []
        self.crash_after = crash_after
        self.failing = failing or {}
        self.delivered = delivered

    async def __call__(self, chat: str, reply: Reply) -> str:
        if self.crash_after is not None and len(self.sent) == self.crash_after:
            if self.delivered:
                self.sent.append((str(chat), reply))
            raise KeyboardInterrupt  # the process is killed here
        if str(chat) in self.failing:
            raise self.failing.pop(str(chat))
        self.sent.append((str(chat), reply))
        return str(len(self.sent))


async def count(answerer: Answerer, **where: object) -> int:
    async with answerer.store.sessions() as session:
        query = select(func.count(OutboxItem.id))
        for key, value in where.items():
            query = query.where(getattr(OutboxItem, key) == value)
        return int(await session.scalar(query))


async def test_computing_twice_adds_nothing(answerer: Answerer) -> None:
    first = await compute_day(sources(answerer), DAY, NOW)
    assert first > 0
    assert await compute_day(sources(answerer), DAY, NOW) == 0
    assert await count(answerer) == first
    # Units without a bound chat are kept, marked, and never sent.
    assert await count(answerer, status="no_chat") == first - await count(answerer, status="pending")


async def test_one_digest_per_chat_and_day(answerer: Answerer) -> None:
    await compute_day(sources(answerer), DAY, NOW)
    chats = Chats()
    assert await flush(answerer.store, chats, NOW) == 3
    by_chat = {chat: reply for chat, reply in chats.sent}
    assert sorted(by_chat) == ["telegram:-1", "telegram:-2", "telegram:-3"]
    office = by_chat["telegram:-1"].text.splitlines()
    assert office[0] == "【督办提醒】2025-10-22"
    assert "到期提醒：长宁区 第9项（区府办），截止 2025-10-31" in " ".join(office)
    assert await flush(answerer.store, chats, NOW) == 0  # nothing twice
    assert await count(answerer, status="pending") == 0


async def lease(store: Store, owner: str) -> SendLease:
    taken = SendLease(store, "remind", owner=owner)
    assert await taken.acquire()
    return taken


async def test_a_crash_mid_fan_out_sends_the_rest(answerer: Answerer) -> None:
    await compute_day(sources(answerer), DAY, NOW)
    crashing = Chats(crash_after=1)
    with pytest.raises(KeyboardInterrupt):
        await flush(answerer.store, crashing, NOW, lease=await lease(answerer.store, "h:1"))
    assert await count(answerer, status="sending") == await count(answerer, chat="telegram:-2")
    restarted = Chats()
    await compute_day(sources(answerer), DAY, NOW)  # the restart computes the day again
    # h:1 died without releasing: the next sender takes over (here: a heartbeat long stale)
    later = SendLease(answerer.store, "remind", owner="h:2", gone=lambda owner: owner == "h:1")
    assert await later.acquire() and later.token == 2
    assert await flush(answerer.store, restarted, NOW, lease=later) == 2
    assert sorted(c for c, _ in crashing.sent + restarted.sent) == [
        "telegram:-1", "telegram:-2", "telegram:-3"]
    assert await count(answerer, status="sending") == 0


async def test_a_kill_after_delivery_doubles_only_the_digest_in_flight(answerer: Answerer) -> None:
    await compute_day(sources(answerer), DAY, NOW)
    crashing = Chats(crash_after=1, delivered=True)  # -2 arrived, the process died before marking
    with pytest.raises(KeyboardInterrupt):
        await flush(answerer.store, crashing, NOW, lease=await lease(answerer.store, "h:1"))
    restarted = Chats()
    later = SendLease(answerer.store, "remind", owner="h:2", gone=lambda owner: owner == "h:1")
    assert await later.acquire()
    assert await flush(answerer.store, restarted, NOW, lease=later) == 2
    assert [c for c, _ in crashing.sent] == ["telegram:-1", "telegram:-2"]
    assert [c for c, _ in restarted.sent] == ["telegram:-2", "telegram:-3"]  # the one double


async def test_a_sender_that_lost_the_lease_claims_nothing(answerer: Answerer) -> None:
    await compute_day(sources(answerer), DAY, NOW)
    old = await lease(answerer.store, "h:1")
    usurper = SendLease(answerer.store, "remind", owner="h:2", gone=lambda owner: owner == "h:1")
    assert await usurper.acquire() and usurper.token == old.token + 1
    assert old.held  # it has not noticed yet: the store's fence refuses its claims anyway
    chats = Chats()
    assert await flush(answerer.store, chats, NOW, lease=old) == 0
    assert chats.sent == [] and await count(answerer, status="sending") == 0
    assert not await old.confirm() and not old.held
    assert await flush(answerer.store, chats, NOW, lease=usurper) == 3


async def test_failures_are_retried_and_refusals_given_up(answerer: Answerer) -> None:
    await compute_day(sources(answerer), DAY, NOW)
    chats = Chats(failing={"telegram:-1": TimeoutError("slow"), "telegram:-2": DeliveryRefused("blocked")})
    assert await flush(answerer.store, chats, NOW) == 1
    assert await flush(answerer.store, chats, NOW + timedelta(seconds=10)) == 0  # backing off
    assert await flush(answerer.store, chats, NOW + timedelta(seconds=31)) == 1  # retried
    assert sorted(c for c, _ in chats.sent) == ["telegram:-1", "telegram:-3"]
    async with answerer.store.sessions() as session:
        refused = (await session.scalars(select(OutboxItem).where(OutboxItem.chat == "telegram:-2"))).all()
    assert {r.status for r in refused} == {"failed"} and refused[0].error == "blocked"


async def test_days_missed_are_sent_once_marked_late(answerer: Answerer) -> None:
    now = datetime(2025, 10, 30, 1, 0, tzinfo=UTC)
    await compute_day(sources(answerer), date(2025, 10, 28), now, late=True)  # 3 workdays before 10-31
    await compute_day(sources(answerer), date(2025, 10, 30), now)  # 1 workday before
    chats = Chats()
    await flush(answerer.store, chats, now)
    heads = [reply.text.splitlines()[0] for chat, reply in chats.sent if chat == "telegram:-1"]
    assert heads == ["【督办提醒】2025-10-28（服务中断期间的补发）", "【督办提醒】2025-10-30"]


async def test_outbox_on_every_backend(store: Store) -> None:
    from store.ingest.service import import_files
    from tests.conftest import SAMPLES

    await import_files(store, [SAMPLES / "changning-2025.txt"])
    code = await create_invite(store, "长宁区", "区府办", "liaison", "test")
    await redeem_invite(store, code, "telegram", "-1", "test")
    answerer = Answerer(store)
    added = await compute_day(sources(answerer), DAY, NOW)
    assert added > 0 and await compute_day(sources(answerer), DAY, NOW) == 0
    chats = Chats()
    assert await flush(answerer.store, chats, NOW) == 1
    assert await count(answerer, status="sent") == added - await count(answerer, status="no_chat")


async def test_a_timeout_after_the_request_went_out_retries_only_that_digest(
        answerer: Answerer) -> None:
    class Ambiguous(Chats):
        """-2's first call arrives, but the answer never comes back (a read timeout)."""

        async def __call__(self, chat: str, reply: Reply) -> str:
            if str(chat) == "telegram:-2" and not any(c == "telegram:-2" for c, _ in self.sent):
                self.sent.append((str(chat), reply))
                raise TimeoutError("timed out reading the answer")
            return await super().__call__(chat, reply)

    await compute_day(sources(answerer), DAY, NOW)
    chats, sender = Ambiguous(), await lease(answerer.store, "h:1")
    assert await flush(answerer.store, chats, NOW, lease=sender) == 2  # the day goes on
    assert [c for c, _ in chats.sent] == ["telegram:-1", "telegram:-2", "telegram:-3"]
    assert await count(answerer, chat="telegram:-2", status="pending") > 0
    assert await flush(answerer.store, chats, NOW + timedelta(seconds=10), lease=sender) == 0
    assert await flush(answerer.store, chats, NOW + timedelta(seconds=31), lease=sender) == 1
    # only that digest was sent again; nothing else of the day was
    assert [c for c, _ in chats.sent] == ["telegram:-1", "telegram:-2", "telegram:-3",
                                          "telegram:-2"]
