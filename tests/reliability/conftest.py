"""The reliability bench: the sample plans with 100 units' chats bound, on SQLite (a private copy
of a template made once) and PostgreSQL (DUBAN_TEST_POSTGRES_URL, rebuilt for each test), and
the fake Bot API on 127.0.0.1 with a latency per send."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from bot.handlers.answer import Answerer
from bot.scheduler.today import Sources, day_reminders
from store.access import create_invite, redeem_invite
from store.repo import Store
from tests.conftest import POSTGRES_URL, SAMPLES, _reset_postgres
from tests.fakes.telegram_api import FakeBotAPI
from tests.reliability.harness import CHATS, DAY, Bench

Units = list[tuple[str, str]]


async def _units(url: str) -> Units:
    """The first 100 units (by org and name) with a reminder of the day."""
    store = await Store.open(url)
    try:
        answerer = Answerer(store)
        found = await day_reminders(Sources(store, answerer.reader, answerer.directory),
                                    date.fromisoformat(DAY))
        return sorted({(a.reminder.org, a.reminder.unit) for a in found
                       if a.reminder.kind != "escalation"})[:CHATS]
    finally:
        await store.close()


def chat_ids() -> list[str]:
    """The bound chats: private chats (Telegram's overall limit only)."""
    return [str(7000 + i) for i in range(CHATS)]


async def _build(url: str, units: Units | None = None) -> Units:
    """Import the samples into the (empty) store at `url` and bind a chat to each unit."""
    from store.ingest.service import import_files

    store = await Store.open(url)
    try:
        await import_files(store, sorted(SAMPLES.glob("*.txt")))
    finally:
        await store.close()
    units = units or await _units(url)
    assert len(units) == CHATS
    store = await Store.open(url)
    try:
        for (org, unit), chat in zip(units, chat_ids(), strict=True):
            code = await create_invite(store, org, unit, "liaison", "test")
            await redeem_invite(store, code, "telegram", chat, "test")
    finally:
        await store.close()
    return units


@pytest.fixture(scope="session")
def bench_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Units]:
    """An SQLite store with the samples and 100 bound chats, built once."""
    path = tmp_path_factory.mktemp("bench") / "bench.sqlite3"
    units = asyncio.run(_build(f"sqlite+aiosqlite:///{path}"))
    return path, units


@pytest.fixture
def api() -> Iterator[FakeBotAPI]:
    """The fake Bot API: 20 ms a send."""
    fake = FakeBotAPI().start()
    fake.latency = 0.02
    try:
        yield fake
    finally:
        fake.stop()


async def _reset(url: str) -> None:
    probe = await Store.open_unmigrated(url)
    try:
        await _reset_postgres(probe)
    finally:
        await probe.close()


@pytest.fixture(params=["sqlite", "postgres"])
def bench(request: pytest.FixtureRequest, bench_template: tuple[Path, Units],
          api: FakeBotAPI, tmp_path: Path) -> Iterator[Bench]:
    """The bench on each backend (PostgreSQL only when DUBAN_TEST_POSTGRES_URL is set)."""
    template, units = bench_template
    if request.param == "sqlite":
        path = tmp_path / "store.sqlite3"
        shutil.copy(template, path)
        bench = Bench(f"sqlite+aiosqlite:///{path}", api, tmp_path, chat_ids())
        try:
            yield bench
        finally:
            bench.kill_all()
        return
    if not POSTGRES_URL:
        pytest.skip("DUBAN_TEST_POSTGRES_URL is not set: PostgreSQL reliability tests skipped")
    asyncio.run(_reset(POSTGRES_URL))
    asyncio.run(_build(POSTGRES_URL, units))
    bench = Bench(POSTGRES_URL, api, tmp_path, chat_ids())
    try:
        yield bench
    finally:
        bench.kill_all()  # a failed test leaves none running into the next
        asyncio.run(_reset(POSTGRES_URL))


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ANN001
    """The figures of the kill and overlap scenarios (the README's table)."""
    import statistics

    from tests.reliability import test_cluster, test_kills

    figures = {**test_kills.FIGURES, **test_cluster.FIGURES}
    if figures:
        terminalreporter.write_sep("-", "reliability: kills tried, lost, doubled")
        for name, f in figures.items():
            terminalreporter.write_line(f"{name}: kills {f.kills}, lost {f.lost}, doubled {f.doubled}")
    if test_cluster.FAILOVERS:
        times = sorted(test_cluster.FAILOVERS)
        terminalreporter.write_line(
            f"failover, kill -9 to the next digest ({len(times)} kills): median "
            f"{statistics.median(times):.2f} s, max {times[-1]:.2f} s")
