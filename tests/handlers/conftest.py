"""A store seeded with the five sample plans, copied per test so tests never share writes."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.handlers.answer import Answerer
from store.ingest.service import import_files
from store.repo import Store
from tests.conftest import SAMPLES


async def _seed(url: str) -> None:
    store = await Store.open(url)
    try:
        await import_files(store, sorted(SAMPLES.glob("*.txt")))
    finally:
        await store.close()


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file with the sample plans, imported once per test session."""
    path = tmp_path_factory.mktemp("seeded") / "samples.sqlite3"
    asyncio.run(_seed(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture
async def answerer(seeded_template: Path, tmp_path: Path) -> AsyncIterator[Answerer]:
    """An Answerer over a private copy of the seeded store."""
    path = tmp_path / "store.sqlite3"
    shutil.copy(seeded_template, path)
    store = await Store.open(f"sqlite+aiosqlite:///{path}")
    try:
        yield Answerer(store)
    finally:
        await store.close()
