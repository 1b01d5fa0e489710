"""The send lease's heartbeat: it can never die silently.

Every sixth of the lease's ttl it renews the lease (or tries to take it, when this process does
not hold it: a `duban run` waiting while a `duban remind` sends, or a standby beside the leader
on PostgreSQL, which tries every `standby_every` seconds so it takes over within seconds of the
leader's death). Every failure is logged and tried again at the next beat; the lease is not
confirmed meanwhile, so sending stops after half the ttl while everything else (chat answering)
goes on. When the lease is (re)taken, `on_acquired` runs, so a pending day goes out at once; when
it is lost, `on_lost`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from bot.metrics import note_leader
from store.lease import SendLease

_log = logging.getLogger(__name__)


class LeaseKeeper:
    """Keeps (or waits for) the send lease in the background."""

    def __init__(self, lease: SendLease, on_acquired: Callable[[], object] = lambda: None,
                 on_lost: Callable[[], object] = lambda: None,
                 standby_every: float | None = None) -> None:
        self.lease = lease
        self.every = lease.ttl / 6
        self.standby_every = min(standby_every or self.every, self.every)
        self.on_acquired, self.on_lost = on_acquired, on_lost
        self.failures = 0
        self._task: asyncio.Task | None = None
        self._pending: asyncio.Task | None = None  # a store call that has not answered yet
        self._stop = asyncio.Event()

    async def beat(self) -> bool:
        """One heartbeat: renew the lease, or take it if free; whether it is held. Never raises
        (but for cancellation): failures are logged and counted. A store call that does not
        answer within a beat is waited for, never cancelled (cut off mid-write, an SQLite
        connection would keep its write lock); the next beat waits for it again."""
        had = self.lease.token is not None
        if self._pending is None:
            self._pending = asyncio.create_task(self.lease.acquire())
        done, _ = await asyncio.wait({self._pending}, timeout=max(self.every, 1.0))
        if not done:
            self._failed("the store did not answer within a beat")
            self._changed(had)
            return False
        task, self._pending = self._pending, None
        try:
            held = task.result()
        except Exception as err:  # noqa: BLE001 - the heartbeat must go on whatever happens
            self._failed(f"{type(err).__name__}: {err}")
            self._changed(had)
            return False
        if self.failures:
            _log.warning("send lease heartbeat works again after %d failures", self.failures)
            self.failures = 0
        self._changed(had)
        return held

    def _changed(self, had: bool) -> None:
        """Call on_acquired / on_lost when the lease changed hands in this beat."""
        has = self.lease.token is not None
        if has == had:
            return
        note_leader(has)
        try:
            (self.on_acquired if has else self.on_lost)()
        except Exception:  # noqa: BLE001 - a failing callback must not stop the heartbeat
            _log.exception("acting on the send lease %s failed", "taken" if has else "lost")

    def _failed(self, why: str) -> None:
        self.failures += 1
        _log.error("send lease heartbeat failed (%d in a row): %s; sending paused, retrying",
                    self.failures, why)

    def start(self) -> None:
        """Beat in the background until `stop()`."""
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while not self._stop.is_set():
            held = await self.beat()
            try:
                # a standby tries often; a store that fails is tried (and logged) once a beat
                quick = not held and not self.failures
                await asyncio.wait_for(self._stop.wait(),
                                       timeout=self.standby_every if quick else self.every)
            except TimeoutError:
                pass

    async def stop(self, grace: float = 10.0) -> None:
        """End the heartbeat (the lease itself is released by its owner), letting a store call
        in progress finish first (up to `grace` seconds)."""
        self._stop.set()
        waiting = {t for t in (self._task, self._pending) if t is not None}
        if waiting:
            _, late = await asyncio.wait(waiting, timeout=grace)
            for task in late:
                task.cancel()
        if self._pending is not None and self._pending.done() and not self._pending.cancelled():
            self._pending.exception()  # retrieved: a failure at stop needs no second report
