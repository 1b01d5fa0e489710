"""Writes made by other processes, as they happen: PostgreSQL `LISTEN/NOTIFY`.

Every read cache (the task index, bindings, rosters) is keyed on `Store.writes`, bumped by every
write through the Store. Several `duban run` may share a PostgreSQL store, so each one listens on
one channel: after a write it notifies the others (one notification for a burst of writes), and a
notification from another process bumps this process's counter, so its caches reload at their
next use. While not listening (SQLite, or the listening connection lost and not yet back), the
caches look again at most a second after they last did (`RECHECK_SECONDS` in each).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection

    from store.repo import Store

_log = logging.getLogger(__name__)

CHANNEL = "duban_writes"
RECONNECT_SECONDS = 2.0


class Changes:
    """One process's listening connection (see the module's docstring)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.me = uuid.uuid4().hex  # this process's notifications come back to it: ignored
        self.listening = False
        self.heard = 0  # notifications from other processes
        self._conn: AsyncConnection | None = None
        self._driver: Any = None  # asyncpg's connection under it
        self._wrote = asyncio.Event()
        self._lost = asyncio.Event()
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        """Listen (connecting now, so a failure is seen at start) and keep listening."""
        await self._connect()
        self._task = asyncio.create_task(self._run())

    def wrote(self) -> None:
        """A write through this process's Store: the others are told."""
        self._wrote.set()

    async def stop(self) -> None:
        """Stop listening; the last writes are told first."""
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None
        if self._wrote.is_set() and self.listening:
            try:
                await self._notify()
            except Exception as err:  # noqa: BLE001 - the others look again within a second
                _log.debug("notifying the last writes failed: %s", err)
        await self._close()

    async def _connect(self) -> None:
        conn = await self.store.engine.connect()
        try:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            raw = await conn.get_raw_connection()
            driver = raw.driver_connection
            await driver.add_listener(CHANNEL, self._heard)
            driver.add_termination_listener(lambda _c: self._lost.set())
        except BaseException:
            await conn.invalidate()
            await conn.close()
            raise
        self._conn, self._driver = conn, driver
        self._lost.clear()
        self.listening = True
        self.store.writes_seen_elsewhere()  # whatever happened while not listening

    def _heard(self, _connection: object, _pid: int, _channel: str, payload: str) -> None:
        if payload != self.me:
            self.heard += 1
            self.store.writes_seen_elsewhere()

    async def _notify(self) -> None:
        self._wrote.clear()
        await self._driver.execute("SELECT pg_notify($1, $2)", CHANNEL, self.me)

    async def _run(self) -> None:
        while True:
            if not self.listening:
                await asyncio.sleep(RECONNECT_SECONDS)
                try:
                    await self._connect()
                    _log.warning("listening for other processes' writes again")
                except Exception as err:  # noqa: BLE001 - tried again; caches recheck meanwhile
                    _log.debug("listening again failed: %s", err)
                continue
            wrote = asyncio.create_task(self._wrote.wait())
            lost = asyncio.create_task(self._lost.wait())
            try:
                await asyncio.wait({wrote, lost}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                wrote.cancel()
                lost.cancel()
            try:
                if self._lost.is_set():
                    raise ConnectionError("the listening connection was closed")
                await self._notify()
            except Exception as err:  # noqa: BLE001 - listen again; caches recheck meanwhile
                _log.error("lost the connection that hears other processes' writes (%s); "
                           "caches look again every second until it is back", err)
                self.listening = False
                await self._close()

    async def _close(self) -> None:
        conn, self._conn, self._driver = self._conn, None, None
        self.listening = False
        if conn is not None:
            try:
                await conn.invalidate()
                await conn.close()
            except Exception as err:  # noqa: BLE001 - gone either way
                _log.debug("closing the listening connection: %s", err)
