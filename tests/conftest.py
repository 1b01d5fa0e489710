"""Shared fixtures: store factories for SQLite and (when configured) PostgreSQL, sample paths."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text

from store.directory.directory import Directory, default_directory
from store.models import Base
from store.repo import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "plans"
POSTGRES_URL = os.environ.get("DUBAN_TEST_POSTGRES_URL")


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


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ANN001
    """Print the importer's corpus scores (collected by tests/ingest/test_corpus.py)."""
    from tests.ingest.test_corpus import CORPUS_REPORTS

    for name, lines in config.stash.get(CORPUS_REPORTS, []):
        terminalreporter.write_sep("-", f"importer score over {name}")
        terminalreporter.write_line(lines)
