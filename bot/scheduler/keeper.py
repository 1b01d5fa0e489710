"""The send lease's heartbeat: it can never die silently.

Every sixth of the lease's ttl it renews the lease (or tries to take it, when this process does
not hold it: a `duban run` waiting while a `duban remind` sends). Every failure is logged and
tried again at the next beat; the lease is not confirmed meanwhile, so sending stops after half
the ttl while everything else (chat answering) goes on. When the lease is (re)taken,
`on_acquired` runs, so a pending day goes out at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from store.lease import SendLease

_log = logging.getLogger(__name__)


class LeaseKeeper:
    """Keeps (or waits for) the send lease in the background."""

    def __init__(self, lease: SendLease, on_acquired: Callable[[], object] = lambda: None) -> None:
        self.lease = lease
        self.every = lease.ttl / 6
        self.on_acquired = on_acquired
        self.failures = 0
        self._task: asyncio.Task | None = None
        self._stop = asyncio.Event()

    async def beat(self) -> bool:
        """One heartbeat: renew the lease, or take it if free; whether it is held. Never raises
        (but for cancellation): failures are logged and counted."""
        had = self.lease.token is not None
        try:
            held = await asyncio.wait_for(self.lease.acquire(), timeout=max(self.every, 1.0))
        except asyncio.CancelledError:
            raise
        except Exception as err:  # noqa: BLE001 - the heartbeat must go on whatever happens
            self.failures += 1
            _log.error("send lease heartbeat failed (%d in a row): %s: %s; sending paused, "
                       "retrying", self.failures, type(err).__name__, err)
            return False
        if self.failures:
            _log.warning("send lease heartbeat works again after %d failures", self.failures)
            self.failures = 0
        if held and not had:
            try:
                self.on_acquired()
            except Exception:  # noqa: BLE001 - a failing callback must not stop the heartbeat
                _log.exception("starting to send after taking the lease failed")
        return held

    def start(self) -> None:
        """Beat in the background until `stop()`."""
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while not self._stop.is_set():
            await self.beat()
            try:
                await asyncio.wait_for(self._stop.wait(), timeout=self.every)
            except TimeoutError:
                pass

    async def stop(self) -> None:
        """End the heartbeat (the lease itself is released by its owner)."""
        self._stop.set()
        if self._task is not None:
            # Awaited rather than cancelled: a beat cancelled inside its write would leave the
            # store's connection holding SQLite's write lock. A beat is bounded by its timeout.
            done, _ = await asyncio.wait([self._task], timeout=max(self.every, 1.0) * 2)
            if not done:
                self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001 - stopping anyway
                pass
