"""The task reader's cache: changes through the same store show at once, others after a recheck."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from bot.handlers.answer import Answerer
from bot.handlers.context import ChatContext
from store.ingest.service import import_files
from store.reader import RECHECK_SECONDS
from store.repo import Store
from tests.conftest import SAMPLES

TODAY = date(2025, 6, 16)
NOW = datetime(2025, 6, 16, 1, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_cache_follows_writes(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'store.sqlite3'}"
    mine, other = await Store.open(url), await Store.open(url)
    try:
        await import_files(mine, [SAMPLES / "putuo-2025.txt"])
        clock = Clock()
        answerer = Answerer(mine, clock=clock)
        _, first = await answerer.answer("普陀区已完成的任务", ChatContext(), TODAY)
        assert first.tasks == []

        # Another process reports: seen only after the recheck interval.
        task_id = (await answerer.reader.tasks([answerer.catalog[0].id], seq=22))[0].id
        await other.report_progress(task_id, "区数据局", "department", "done", now=NOW)
        clock.now += RECHECK_SECONDS / 2
        _, stale = await answerer.answer("普陀区已完成的任务", ChatContext(), TODAY)
        assert stale.tasks == []
        clock.now += RECHECK_SECONDS
        _, fresh = await answerer.answer("普陀区数据局已完成的任务", ChatContext(), TODAY)
        assert [t.seq for t in fresh.tasks] == [22]

        # A report through the same store shows at once.
        ctx = ChatContext(org="普陀区", unit="区数据局")
        await answerer.answer("12 已完成", ctx, TODAY, NOW)
        _, now_done = await answerer.answer("普陀区数据局已完成的任务", ChatContext(), TODAY)
        assert [t.seq for t in now_done.tasks] == [12, 22]

        # A plan imported elsewhere joins the catalog after the recheck.
        await import_files(other, [SAMPLES / "changning-2025.txt"])
        clock.now += RECHECK_SECONDS * 2
        _, changning = await answerer.answer("长宁区10月任务", ChatContext(), TODAY)
        assert [t.seq for t in changning.tasks] == [9, 22, 23, 25, 28]
        _, kept = await answerer.answer("普陀区数据局已完成的任务", ChatContext(), TODAY)
        assert [t.seq for t in kept.tasks] == [12, 22]
    finally:
        await mine.close()
        await other.close()


async def test_poller_lock(tmp_path: Path) -> None:
    from datetime import timedelta

    from store.access import acquire_lock, release_lock

    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'lock.sqlite3'}")
    try:
        stale = timedelta(seconds=60)
        assert await acquire_lock(store, "poller", "host:1", stale, NOW)
        assert not await acquire_lock(store, "poller", "host:2", stale, NOW + timedelta(seconds=30))
        # A dead owner's lock is taken at once; a silent one after the stale time.
        assert await acquire_lock(store, "poller", "host:2", stale, NOW + timedelta(seconds=30),
                                  gone=lambda owner: owner == "host:1")
        assert await acquire_lock(store, "poller", "host:3", stale, NOW + timedelta(seconds=120))
        await release_lock(store, "poller", "host:3")
        assert await acquire_lock(store, "poller", "host:4", stale, NOW + timedelta(seconds=121))
    finally:
        await store.close()
