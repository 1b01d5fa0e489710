"""`duban migrate` is the one step that changes the store's schema: every other command refuses an
older schema (and, on PostgreSQL, a store with none) with a line saying what to run, and changes
nothing; a new SQLite file is still created by `duban run` (the quick start)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command

from bot.cli import main
from store.db import SCHEMA_HEAD, alembic_config, make_engine, schema_version
from store.repo import Store
from tests.conftest import POSTGRES_URL, ROOT, _reset_postgres

OLD = "0015"


async def _old_store(url: str) -> None:
    engine = make_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(lambda sync: command.upgrade(alembic_config(sync), OLD))
    await engine.dispose()


async def _version(url: str) -> str | None:
    engine = make_engine(url)
    try:
        return await schema_version(engine)
    finally:
        await engine.dispose()


def test_migrate_creates_then_says_it_is_current(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate"]) == 0
    assert capsys.readouterr().err == f"已创建任务库结构（版本 {SCHEMA_HEAD}）：{db}\n"
    assert main(["migrate"]) == 0
    assert capsys.readouterr().err == f"任务库结构已是最新版本（{SCHEMA_HEAD}），无需迁移：{db}\n"
    assert main(["migrate", "--quiet"]) == 0
    assert capsys.readouterr().err == ""


def test_an_older_store_is_refused_until_migrated(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite+aiosqlite:///{db}"
    asyncio.run(_old_store(url))
    refused = (f"无法打开任务库（DUBAN_DATABASE_URL）：任务库的结构是旧版本 {OLD}，本程序需要 "
               f"{SCHEMA_HEAD}：请先运行 duban migrate（或 make migrate）升级；多个进程共用任务库时，"
               "先把它们都停下\n")
    for args in (["plans"], ["remind", "--dry-run", "--today", "2025-10-22"], ["ask", "第1项"]):
        assert main(args) == 2, args
        assert capsys.readouterr().err == refused, args
    assert asyncio.run(_version(url)) == OLD  # nothing changed
    assert main(["migrate"]) == 0
    assert capsys.readouterr().err == f"已将任务库结构从版本 {OLD} 升级到 {SCHEMA_HEAD}：{db}\n"
    assert main(["plans"]) == 0


@pytest.mark.slow
def test_run_refuses_an_older_store(db: Path) -> None:
    asyncio.run(_old_store(f"sqlite+aiosqlite:///{db}"))
    env = {"DUBAN_DATABASE_URL": f"sqlite+aiosqlite:///{db}", "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "run"], input="", capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1].startswith(f"无法打开任务库（DUBAN_DATABASE_URL）：任务库的结构是旧版本 {OLD}")


@pytest.fixture
def postgres(monkeypatch: pytest.MonkeyPatch) -> str:
    """An empty PostgreSQL store (DUBAN_TEST_POSTGRES_URL) that the `duban` command uses."""
    from config.settings import get_settings

    if not POSTGRES_URL:
        pytest.skip("DUBAN_TEST_POSTGRES_URL is not set: PostgreSQL migrate tests skipped")

    async def reset() -> None:
        probe = await Store.open_unmigrated(POSTGRES_URL)
        await _reset_postgres(probe)
        await probe.close()

    asyncio.run(reset())
    monkeypatch.setenv("DUBAN_DATABASE_URL", POSTGRES_URL)
    get_settings.cache_clear()
    yield POSTGRES_URL
    get_settings.cache_clear()
    asyncio.run(reset())


def test_an_empty_postgresql_store_is_refused_until_migrated(
        postgres: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plans"]) == 2
    assert capsys.readouterr().err == ("无法打开任务库（DUBAN_DATABASE_URL）：任务库还没有建表："
                                       "请先运行 duban migrate（或 make migrate）创建\n")
    assert asyncio.run(_version(postgres)) is None


@pytest.mark.slow
def test_two_migrations_at_once_on_postgresql_both_succeed(postgres: str) -> None:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("DUBAN_")},
           "DUBAN_DATABASE_URL": postgres, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-m", "bot.cli", "migrate"], cwd=ROOT, env=env,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    assert [code for code, _ in results] == [0, 0], results
    said = sorted(err.split("：")[0] for _, err in results)  # one created it, the other found it
    assert said == [f"任务库结构已是最新版本（{SCHEMA_HEAD}），无需迁移",
                    f"已创建任务库结构（版本 {SCHEMA_HEAD}）"], said
    assert asyncio.run(_version(postgres)) == SCHEMA_HEAD
    assert main(["plans"]) == 0
