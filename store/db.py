"""Engine and session factory for the task store, and schema migration to the newest revision."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

if TYPE_CHECKING:
    from alembic.config import Config

_log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest migration (a test keeps it equal to Alembic's head): a store already there is opened
# without loading Alembic, which would cost every command a noticeable part of its start.
SCHEMA_HEAD = "0018"
# The advisory lock `duban migrate` holds on PostgreSQL while it changes the schema.
MIGRATE_LOCK = 0x6475_6D67


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DB-API objects
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # WAL with synchronous=NORMAL: a commit appends to the WAL without waiting for the disk; the
    # store stays consistent and survives any process crash or kill, and only an operating-system
    # crash or power cut can take back the last commits (SQLite's recommended setting for WAL).
    # FULL would wait for the disk at every commit: ~3 ms each here, and a chat message commits
    # three times (taken in, the chat's memory, answered).
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _sqlite_read_only_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def sqlite_path(url: str) -> str | None:
    """The file of an SQLite store (None for other stores, or one in memory)."""
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - a URL that does not parse has no file
        return None
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return database.removeprefix("file:").split("?", 1)[0]


def read_only_url(url: str) -> str | None:
    """For an SQLite store, the URL that reads its file as it is, writing nothing at all (no
    journal, no shared-memory file: what still works on a full disk); None for other stores."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:" \
            or database.startswith("file:"):
        return None
    path = Path(database).resolve()
    return f"{parsed.drivername}:///file:{path}?mode=ro&immutable=1&uri=true"


def is_read_only(engine: AsyncEngine) -> bool:
    """Whether the engine reads an SQLite file as it is (see read_only_url): nothing is written."""
    return engine.dialect.name == "sqlite" and engine.url.query.get("mode") == "ro"


def make_engine(url: str) -> AsyncEngine:
    """An async engine for `url`; SQLite gets WAL and foreign keys on every connection (a
    read-only one, foreign keys only)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        read_only = parsed.query.get("mode") == "ro"
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url)
        event.listen(engine.sync_engine, "connect",
                     _sqlite_read_only_pragmas if read_only else _sqlite_pragmas)
        return engine
    # A server that does not answer is given up on after 10 s (asyncpg's own default is 60 s).
    connect_args = {} if "timeout" in parsed.query else {"timeout": 10}
    return create_async_engine(url, pool_pre_ping=True, connect_args=connect_args)


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker:
    """Sessions that keep loaded objects usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at the bundled migrations, optionally bound to a connection."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


class NotMigrated(Exception):
    """The store's schema is older than this code's (`found`; None: no schema at all) and the
    caller may not upgrade it: `duban migrate` must run first."""

    def __init__(self, found: str | None) -> None:
        self.found = found
        super().__init__(f"schema {found or 'missing'}, expected {SCHEMA_HEAD}")


def known_revision(version: str) -> bool:
    """Whether `version` is one of the bundled migrations (read off their file names, without
    loading Alembic)."""
    return any(p.name.startswith(f"{version}_") for p in (MIGRATIONS_DIR / "versions").glob("*.py"))


async def migrate(engine: AsyncEngine, creating: Callable[[], None] | None = None,
                  upgrade: bool = True) -> str | None:
    """Bring the schema to the newest Alembic revision (creates it on an empty store, calling
    `creating` first); the revision it found (None: there was no schema; SCHEMA_HEAD: nothing
    was to do). Without `upgrade` (every command but `duban migrate`), a store at an older
    revision — or a PostgreSQL store with no schema yet — raises NotMigrated instead: several
    processes may share a PostgreSQL store, and the schema changes in one deliberate step, never
    as a side effect of whichever process starts first. A new SQLite file is still created (the
    single-machine default, so that `make run` works on a fresh machine).

    On SQLite, foreign keys are off while migrating: changing a column rebuilds its table, and
    dropping the old table would otherwise cascade-delete every row that refers to it (SQLite's
    own recipe for schema changes). They are checked before they are turned on again."""

    version = await schema_version(engine)
    if version == SCHEMA_HEAD:
        return version
    if not upgrade:
        new_file = version is None and engine.dialect.name == "sqlite"
        if not new_file and (version is None or known_revision(version)):
            raise NotMigrated(version)
    if version is None and creating is not None:
        creating()

    def upgrade(connection: Connection) -> None:
        from alembic import command

        command.upgrade(alembic_config(connection), "head")

    sqlite = engine.dialect.name == "sqlite"
    async with engine.connect() as conn:
        if sqlite:
            await conn.exec_driver_sql("PRAGMA foreign_keys=OFF")  # no transaction is open yet
            await conn.commit()
        try:
            async with conn.begin():
                if engine.dialect.name == "postgresql":  # two migrating at once: one waits,
                    await conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATE_LOCK})")
                    # then finds what the other did
                    if (await conn.exec_driver_sql(
                            "SELECT to_regclass('alembic_version')")).scalar() is not None:
                        version = (await conn.exec_driver_sql(
                            "SELECT version_num FROM alembic_version")).scalar()
                await conn.run_sync(upgrade)
                if sqlite and (await conn.exec_driver_sql("PRAGMA foreign_key_check")).first():
                    raise RuntimeError("migration left rows that refer to missing rows")
        finally:
            if sqlite:
                await conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                await conn.commit()
    return version


def dialect_insert(engine: AsyncEngine) -> Callable[..., Any]:
    """The engine's dialect's INSERT, which has ON CONFLICT DO NOTHING (SQLite, PostgreSQL);
    imported when first needed, as each dialect module takes a while to load."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


async def schema_version(engine: AsyncEngine) -> str | None:
    """The store's Alembic revision; None for a new store."""
    async with engine.connect() as conn:
        try:
            return (await conn.exec_driver_sql("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:  # no such table yet
            return None
