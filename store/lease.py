"""The send lease: one process at a time sends reminders, fenced by a token.

Every sender (`duban run`'s scheduler, `duban remind`) holds the lease while it sends. The lease
is the row `send_leases.send` with a fencing token that grows by one whenever the lease changes
hands; a digest is claimed (`store.outbox.claim`) only in a statement that also checks that the
row still carries the claimer's token, so a sender that lost the lease can never claim another.

- SQLite: the row is the lock. Its holder renews `heartbeat_at`; another process takes it over
  when the heartbeat is older than `ttl`, or at once when the holder's process is gone (same
  host). A claim also needs a heartbeat younger than half the ttl, so a holder cut off from the
  store stops claiming well before anyone may take over.
- PostgreSQL: a session advisory lock held on a connection of its own decides who holds the
  lease (the server frees it the moment that connection dies: a kill, a terminated backend, a
  broken network). The new holder then raises the token; a claim checks the token and that the
  holder's backend still holds the advisory lock (`pg_locks`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, and_, exists, literal, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection

from store.db import dialect_insert
from store.models import SendLease as LeaseRow
from store.processes import this_process
from store.repo import Store

_log = logging.getLogger(__name__)

SEND = "send"
# The advisory lock's key: "duban-send" folded to 31 bits (shown in pg_locks as classid 0, objid KEY).
ADVISORY_KEY = 0x6475_6261
FREE = ""  # the owner of a released lease
# The server's keepalives on the advisory lock's connection: a silent peer is dropped (and the
# lock freed) about 2 + 2 × 1 s after the last traffic; tcp_user_timeout bounds unacknowledged
# sends the same way. Ignored on a Unix socket, where a dead peer is seen at once.
_KEEPALIVES = ("SELECT set_config('tcp_keepalives_idle', '2', false),"
               " set_config('tcp_keepalives_interval', '1', false),"
               " set_config('tcp_keepalives_count', '2', false),"
               " set_config('tcp_user_timeout', '4000', false)")


@dataclass(frozen=True)
class Holder:
    """Who holds the lease: `host:pid`, `run` or `remind`, since when, last heard of."""

    owner: str
    role: str
    token: int
    acquired_at: datetime
    heartbeat_at: datetime

    @property
    def pid(self) -> str:
        """The holder's process id."""
        return self.owner.rpartition(":")[2]


def utcnow() -> datetime:
    """Now in UTC."""
    return datetime.now(UTC)


class SendLease:
    """This process's view of the send lease (see the module's docstring)."""

    def __init__(self, store: Store, role: str, *, ttl: float = 30.0, owner: str | None = None,
                 gone: Callable[[str], bool] = lambda owner: False,
                 clock: Callable[[], datetime] = utcnow,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.store, self.role, self.ttl = store, role, ttl
        self.owner = owner or this_process()
        self.gone, self.clock, self.monotonic = gone, clock, monotonic
        self.token: int | None = None
        self.backend_pid: int | None = None
        self._confirmed: float | None = None  # monotonic time of the last confirmation
        self._conn: AsyncConnection | None = None  # PostgreSQL: the advisory lock's connection
        self.postgres = store.engine.dialect.name == "postgresql"

    @property
    def held(self) -> bool:
        """Whether this process may send now: it holds the lease and confirmed it recently
        (within half the ttl: a holder that cannot reach the store stops before anyone may take
        over)."""
        return (self.token is not None and self._confirmed is not None
                and self.monotonic() - self._confirmed < self.ttl / 2)

    def fence(self) -> ColumnElement[bool]:
        """The condition a claim must meet in its own statement: the lease row still carries
        this holder's token (and, on PostgreSQL, its backend still holds the advisory lock;
        on SQLite, its heartbeat is fresh)."""
        if self.token is None:
            return literal(False)
        row = and_(LeaseRow.name == SEND, LeaseRow.owner == self.owner, LeaseRow.token == self.token)
        if self.postgres:
            lock = text("EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
                        f" AND classid = 0 AND objid = {ADVISORY_KEY} AND objsubid = 1"
                        f" AND pid = {int(self.backend_pid or 0)}"
                        " AND database = (SELECT oid FROM pg_database"
                        " WHERE datname = current_database()))")
            return and_(exists(select(LeaseRow.name).where(row)), lock)
        fresh = self.clock() - timedelta(seconds=self.ttl / 2)
        return exists(select(LeaseRow.name).where(row, LeaseRow.heartbeat_at >= fresh))

    async def holder(self) -> Holder | None:
        """Who holds the lease now (None: nobody)."""
        async with self.store.sessions() as session:
            row = await session.get(LeaseRow, SEND)
        if row is None or row.owner == FREE:
            return None
        return Holder(row.owner, row.role, row.token, row.acquired_at, row.heartbeat_at)

    async def acquire(self) -> bool:
        """Take the lease if it is free (or ours); whether this process holds it now."""
        if self.token is not None and await self.confirm():
            return True
        if self.postgres:
            return await self._acquire_postgres()
        return await self._acquire_row(self._may_take)

    async def confirm(self) -> bool:
        """The heartbeat: renew the lease; False when another process holds it now (this one
        must take it again). Store errors propagate: the lease is then not confirmed, and stops
        being `held` after half the ttl."""
        if self.token is None:
            return False
        if self.postgres:
            return await self._confirm_postgres()
        now, started = self.clock(), self.monotonic()
        async with self.store.sessions() as session, session.begin():
            result = await session.execute(update(LeaseRow).where(
                LeaseRow.name == SEND, LeaseRow.owner == self.owner, LeaseRow.token == self.token
            ).values(heartbeat_at=now))
        if result.rowcount == 1:
            self._confirmed = started  # counted from before the call: a slow answer is older
            return True
        self._lost()
        return False

    async def release(self) -> None:
        """Give the lease up (a clean stop: the next sender need not wait for the ttl)."""
        token, self.token = self.token, None
        self._confirmed = None
        try:
            if token is not None:
                async with self.store.sessions() as session, session.begin():
                    await session.execute(update(LeaseRow).where(
                        LeaseRow.name == SEND, LeaseRow.owner == self.owner, LeaseRow.token == token
                    ).values(owner=FREE))
        finally:
            await self._close()

    # ---- SQLite: the row is the lock ---------------------------------------------------------

    def _may_take(self, row: LeaseRow, now: datetime) -> bool:
        return (row.owner in (FREE, self.owner) or now - row.heartbeat_at > timedelta(seconds=self.ttl)
                or self.gone(row.owner))

    async def _acquire_row(self, may_take: Callable[[LeaseRow, datetime], bool],
                           backend_pid: int | None = None) -> bool:
        """Compare and swap: read the row, and take it with the next token unless someone else
        changed it in between."""
        now, started = self.clock(), self.monotonic()
        async with self.store.sessions() as session, session.begin():
            row = await session.get(LeaseRow, SEND)
            if row is None:
                insert = dialect_insert(self.store.engine)
                result = await session.execute(insert(LeaseRow).values(
                    name=SEND, owner=self.owner, role=self.role, token=1, backend_pid=backend_pid,
                    heartbeat_at=now, acquired_at=now).on_conflict_do_nothing(index_elements=["name"]))
                token = 1
            elif not may_take(row, now):
                return False
            else:
                token = row.token + 1
                result = await session.execute(update(LeaseRow).where(
                    LeaseRow.name == SEND, LeaseRow.token == row.token, LeaseRow.owner == row.owner
                ).values(owner=self.owner, role=self.role, token=token, backend_pid=backend_pid,
                         heartbeat_at=now, acquired_at=now))
        if result.rowcount != 1:
            return False  # another process took it at the same moment
        self.token, self.backend_pid = token, backend_pid
        self._confirmed = started
        _log.warning("took the send lease (token %d)", token)
        return True

    def _lost(self) -> None:
        if self.token is not None:
            _log.error("lost the send lease (token %d): another process holds it; not sending",
                       self.token)
        self.token = None
        self._confirmed = None

    # ---- PostgreSQL: an advisory lock on a connection of its own ------------------------------

    async def _acquire_postgres(self) -> bool:
        await self._close()
        conn = await self.store.engine.connect()
        try:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            # A leader whose machine or network is gone is noticed by the server within a few
            # seconds (TCP keepalives of its own; the defaults wait two hours), and so is its lock.
            await conn.execute(text(_KEEPALIVES))
            got = (await conn.execute(text(f"SELECT pg_try_advisory_lock({ADVISORY_KEY})"))).scalar()
            if not got:
                await conn.close()
                return False
            pid = int((await conn.execute(text("SELECT pg_backend_pid()"))).scalar() or 0)
        except BaseException:
            await _discard(conn)
            raise
        self._conn = conn
        try:
            # The advisory lock makes this process the only one that may write the row.
            if await self._acquire_row(lambda row, now: True, backend_pid=pid):
                return True
        except BaseException:
            await self._close()
            raise
        await self._close()
        return False

    async def _confirm_postgres(self) -> bool:
        conn = self._conn
        if conn is None:
            self._lost()
            return False
        started = self.monotonic()
        try:
            held = (await conn.execute(text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                f" AND classid = 0 AND objid = {ADVISORY_KEY} AND objsubid = 1"
                " AND pid = pg_backend_pid()"))).scalar()
            if held:
                await conn.execute(update(LeaseRow).where(
                    LeaseRow.name == SEND, LeaseRow.token == self.token
                ).values(heartbeat_at=self.clock()))
        except BaseException:
            # The lock's connection is broken: the server has freed (or will free) the lock.
            if self.token is not None:
                _log.error("the send lease's connection failed (token %d): not sending until "
                           "the lease is taken again", self.token)
            self.token = None
            self._confirmed = None
            await self._close()
            raise
        if not held:
            self._lost()
            await self._close()
            return False
        self._confirmed = started
        return True

    async def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            await _discard(conn)


async def _discard(conn: AsyncConnection) -> None:
    """Close a lock connection; a broken one is invalidated (never returned to the pool holding
    the advisory lock)."""
    try:
        if not conn.closed:
            await conn.invalidate()
            await conn.close()
    except Exception as err:  # noqa: BLE001 - the connection is gone either way
        _log.debug("closing the lease connection: %s", err)
