"""The send lease on every backend: one holder at a time, a token that grows at every change of
holder, a fence that refuses a sender that lost the lease, and a heartbeat that logs every
failure and keeps trying."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, text

from bot.scheduler.keeper import LeaseKeeper
from store.lease import SendLease
from store.models import OutboxItem
from store.outbox import claim, enqueue
from store.repo import Store

NOW = datetime(2025, 10, 22, 1, 0, tzinfo=UTC)


class Clock:
    """A wall clock and a monotonic clock that move together."""

    def __init__(self) -> None:
        self.at = NOW
        self.mono = 1000.0

    def now(self) -> datetime:
        return self.at

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)
        self.mono += seconds


def lease(store: Store, owner: str, clock: Clock | None = None, ttl: float = 30.0) -> SendLease:
    if clock is None:
        return SendLease(store, "remind", owner=owner, ttl=ttl)
    return SendLease(store, "remind", owner=owner, ttl=ttl, clock=clock.now,
                     monotonic=clock.monotonic)


async def one_item(store: Store) -> int:
    await enqueue(store, [{"day": date(2025, 10, 22), "org": "长宁区", "task_id": 1, "seq": 9,
                           "unit": "区府办", "kind": "deadline", "due_date": None,
                           "chat": "telegram:-1", "late": False}], NOW)
    async with store.sessions() as session:
        return int(await session.scalar(select(OutboxItem.id)))


async def test_one_holder_at_a_time_and_the_token_grows(store: Store) -> None:
    first, second = lease(store, "h:1"), lease(store, "h:2")
    assert await first.acquire() and first.token == 1 and first.held
    assert not await second.acquire() and second.token is None
    holder = await second.holder()
    assert holder is not None and (holder.owner, holder.role, holder.token) == ("h:1", "remind", 1)
    assert await first.acquire() and first.token == 1  # its own: renewed, same token
    await first.release()
    assert await second.holder() is None
    assert await second.acquire() and second.token == 2
    await second.release()


async def test_the_fence_refuses_a_released_or_taken_lease(store: Store) -> None:
    item = await one_item(store)
    first = lease(store, "h:1")
    assert await first.acquire()
    token, fence = first.token, first.fence()
    await first.release()
    second = lease(store, "h:2")
    assert await second.acquire()
    # the old holder's fence (built while it held the lease) claims nothing now
    assert await claim(store, [item], token, fence, NOW) == []
    assert await claim(store, [item], second.token, second.fence(), NOW) == [item]
    assert await claim(store, [item], second.token, second.fence(), NOW) == []  # once
    await second.release()


async def test_sqlite_a_stale_or_dead_holder_is_taken_over(tmp_path) -> None:  # noqa: ANN001
    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'lease.sqlite3'}")
    try:
        clock = Clock()
        first = lease(store, "h:1", clock)
        assert await first.acquire()
        clock.advance(14)
        assert first.held  # confirmed within half the ttl
        clock.advance(2)
        assert not first.held  # 16 s without a heartbeat: it stops sending by itself
        second = lease(store, "h:2", clock)
        assert not await second.acquire()  # not stale yet (30 s)
        clock.advance(15)
        assert await second.acquire() and second.token == 2
        assert not await first.confirm() and first.token is None
        dead = SendLease(store, "run", owner="h:3", clock=clock.now, monotonic=clock.monotonic,
                         gone=lambda owner: owner == "h:2")
        assert await dead.acquire() and dead.token == 3  # its holder's process is gone
    finally:
        await store.close()


async def test_postgres_the_advisory_lock_decides_and_dies_with_its_connection(
        store: Store) -> None:
    if store.engine.dialect.name != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's")
    item = await one_item(store)
    first, second = lease(store, "h:1"), lease(store, "h:2")
    assert await first.acquire() and first.backend_pid
    async with store.sessions() as session, session.begin():  # even a stale row is not enough
        await session.execute(text("UPDATE send_leases SET heartbeat_at = :t"),
                              {"t": NOW - timedelta(days=1)})
    assert not await second.acquire()
    async with store.sessions() as session, session.begin():
        await session.execute(text("SELECT pg_terminate_backend(:pid)"),
                              {"pid": first.backend_pid})
    # the lock went with its connection: the first holder's claims are refused at once
    assert await claim(store, [item], first.token, first.fence(), NOW) == []
    assert await second.acquire() and second.token == 2
    with pytest.raises(Exception):  # noqa: B017 - whatever the driver raises for a dead backend
        await first.confirm()
    assert first.token is None and not first.held
    assert await claim(store, [item], second.token, second.fence(), NOW) == [item]
    await second.release()
    await first.release()


async def test_the_heartbeat_logs_every_failure_and_comes_back(
        tmp_path, caplog: pytest.LogCaptureFixture) -> None:  # noqa: ANN001
    path = tmp_path / "lease.sqlite3"
    store = await Store.open(f"sqlite+aiosqlite:///{path}")
    try:
        keeper = LeaseKeeper(lease(store, "h:1", ttl=3.0))
        assert await keeper.beat()
        blocker = sqlite3.connect(path, timeout=0)
        blocker.execute("BEGIN EXCLUSIVE")  # the store cannot be written: an outage
        with caplog.at_level(logging.ERROR, "bot.scheduler.keeper"):
            assert not await keeper.beat()
            assert not await keeper.beat()
        failures = [r.getMessage() for r in caplog.records if r.name == "bot.scheduler.keeper"]
        assert len(failures) == 2 and failures[1].startswith("send lease heartbeat failed (2 in a row)")
        blocker.rollback()
        blocker.close()
        assert await keeper.beat() and keeper.failures == 0 and keeper.lease.token == 1
        await keeper.lease.release()
    finally:
        await store.close()


async def test_the_keeper_says_when_the_lease_changes_hands(tmp_path) -> None:  # noqa: ANN001
    from bot.metrics import REGISTRY, note_leader

    def leader() -> tuple[float | None, float | None]:
        return (REGISTRY.get_sample_value("duban_leader"),
                REGISTRY.get_sample_value("duban_leader_changes_total"))

    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'lease.sqlite3'}")
    try:
        clock = Clock()
        changes: list[str] = []
        mine, other = lease(store, "h:1", clock=clock), lease(store, "h:2", clock=clock)
        keeper = LeaseKeeper(mine, on_acquired=lambda: changes.append("acquired"),
                             on_lost=lambda: changes.append("lost"))
        note_leader(False)  # other tests' keepers ran in this process: start from "not leader"
        _, before = leader()
        assert await keeper.beat()
        assert leader() == (1.0, before + 1)
        assert await keeper.beat()  # still held: nothing new
        clock.advance(31)  # this holder went quiet past the ttl: the other takes over
        assert await other.acquire()
        assert not await keeper.beat()
        assert changes == ["acquired", "lost"]
        assert leader() == (0.0, before + 2)
        await other.release()
    finally:
        await store.close()
