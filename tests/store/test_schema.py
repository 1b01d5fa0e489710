"""The migrations build exactly the schema the models declare, and keep data when they change it."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text

from store.db import SCHEMA_HEAD, alembic_config, make_engine, migrate
from store.models import Base, Progress, Task
from store.repo import Store


async def test_migrations_match_the_models(store: Store) -> None:
    async with store.engine.connect() as conn:
        drift = await conn.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata))
    assert drift == []


def test_the_known_head_is_alembics_head() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == SCHEMA_HEAD


async def test_rebuilding_a_table_on_sqlite_keeps_the_rows_that_refer_to_it(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.sqlite3'}"
    engine = make_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(lambda sync: command.upgrade(alembic_config(sync), "0007"))
        await conn.execute(text(
            "INSERT INTO plans (id, org, year, source_name, source_sha256, imported_at, updated_at)"
            " VALUES (1, '长宁区', 2025, 'a.txt', 'x', '2025-01-01', '2025-01-01')"))
        await conn.execute(text("INSERT INTO units (id, org, name, kind) VALUES (1, '长宁区', '区府办', 'department')"))
        await conn.execute(text("INSERT INTO tasks (id, plan_id, seq, content, kind) VALUES (1, 1, 1, '公开', 'year-long')"))
        await conn.execute(text("INSERT INTO progress (task_id, unit_id, status, created_at)"
                                " VALUES (1, 1, 'done', '2025-01-02')"))
    await migrate(engine)  # 0008 rebuilds tasks and units
    store = Store(engine)
    async with store.sessions() as session:
        assert await session.scalar(select(func.count(Progress.id))) == 1
        assert (await session.scalars(select(Task.area))).all() == [[]]
        assert (await session.execute(text("PRAGMA foreign_keys"))).scalar() == 1
    await store.close()
