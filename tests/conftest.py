"""Shared fixtures: store factories for SQLite and (when configured) PostgreSQL, the seeded
sample store, sample paths."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.handlers.answer import Answerer
from bot.scheduler.today import Sources
from store.directory.directory import Directory, default_directory
from store.models import Base
from store.repo import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "plans"
POSTGRES_URL = os.environ.get("DUBAN_TEST_POSTGRES_URL")


def free_port() -> int:
    """A TCP port on 127.0.0.1 free now (for a process's webhook or callback server)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty SQLite store file that the `duban` command (DUBAN_DATABASE_URL) uses."""
    from config.settings import get_settings

    path = tmp_path / "store.sqlite3"
    monkeypatch.setenv("DUBAN_DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def directory() -> Directory:
    """The bundled unit directory."""
    return default_directory()


async def _reset_postgres(store: Store) -> None:
    async with store.engine.begin() as conn:
        await conn.run_sync(Base.metadata.drop_all)
        await conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(params=["sqlite", "postgres"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    """A migrated, empty store on each backend; PostgreSQL only when DUBAN_TEST_POSTGRES_URL is set."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'duban.sqlite3'}"
    else:
        if not POSTGRES_URL:
            pytest.skip("DUBAN_TEST_POSTGRES_URL is not set: PostgreSQL store tests skipped")
        url = POSTGRES_URL
        probe = await Store.open_unmigrated(url)
        await _reset_postgres(probe)
        await probe.close()
    opened = await Store.open(url)
    try:
        yield opened
    finally:
        if request.param == "postgres":
            await _reset_postgres(opened)
        await opened.close()


def sources(answerer: Answerer) -> Sources:
    """What the reminders read, from the same store, task index and directory as `answerer`."""
    return Sources(answerer.store, answerer.reader, answerer.directory)


# (org, unit or None, role, platform, chat id): a chat bound in a seeded store.
Bound = tuple[str, str | None, str, str, str]
SeededStore = Callable[..., Awaitable[Store]]


async def _seed(url: str) -> None:
    from store.ingest.service import import_files

    store = await Store.open(url)
    try:
        await import_files(store, sorted(SAMPLES.glob("*.txt")))
    finally:
        await store.close()


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file with the five sample plans, imported once per test session."""
    path = tmp_path_factory.mktemp("seeded") / "samples.sqlite3"
    asyncio.run(_seed(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture
async def seeded_store(seeded_template: Path, tmp_path: Path) -> AsyncIterator[SeededStore]:
    """A factory of private copies of the seeded store: `await seeded_store(*bound)` opens one
    with the chats in `bound` bound; every store it opened is closed at teardown."""
    from store.access import create_invite, redeem_invite

    opened: list[Store] = []

    async def open_copy(*bound: Bound) -> Store:
        path = tmp_path / f"seeded-{len(opened)}.sqlite3"
        shutil.copy(seeded_template, path)
        store = await Store.open(f"sqlite+aiosqlite:///{path}")
        opened.append(store)
        for org, unit, role, platform, chat in bound:
            code = await create_invite(store, org, unit, role, "test")
            await redeem_invite(store, code, platform, chat, "test")
        return store

    try:
        yield open_copy
    finally:
        for store in opened:
            await store.close()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ANN001
    """Print the importer's corpus scores (collected by tests/ingest/test_corpus.py)."""
    from tests.ingest.test_corpus import CORPUS_REPORTS

    for name, lines in config.stash.get(CORPUS_REPORTS, []):
        terminalreporter.write_sep("-", f"importer score over {name}")
        terminalreporter.write_line(lines)
