"""Reminders on a clock: APScheduler jobs that hold no state — the store's outbox is the record.

At start, days missed while the service was down are computed (marked late) and sent once; every
day at `remind_at` the day's reminders are computed and sent; every minute failed sends are retried.
Sending needs the send lease (store.lease): without it the day is still computed, and sent by the
process that holds the lease. `stop()` lets the digest in flight finish and be marked.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.domain.chat import ChatRef
from bot.scheduler.outbox import (
    Buttons,
    Flushed,
    GiveUp,
    Lease,
    Send,
    compute_day,
    flush_report,
    notify_uncovered,
)
from bot.scheduler.pacing import Pacer
from bot.scheduler.policy import DEFAULT_POLICY, Policy
from bot.scheduler.refused import chat_refused
from bot.scheduler.today import Sources
from store.outbox import last_day
from store.robots import forget_inbound

_log = logging.getLogger(__name__)

CATCH_UP_DAYS = 14  # a longer outage is not worth a flood of stale reminders
INBOUND_KEPT = timedelta(days=30)  # message ids remembered against redelivery


class ReminderService:
    """Computes and sends reminders through one platform's `send`."""

    def __init__(self, sources: Sources, send: Send, buttons: Buttons | None, platform: str,
                 remind_at: time, today: Callable[[], date], now: Callable[[], datetime],
                 policy: Policy = DEFAULT_POLICY, pacer: Pacer | None = None,
                 admins: frozenset[ChatRef] = frozenset(), give_up: GiveUp | None = None,
                 lease: Lease | None = None) -> None:
        self.sources, self.store = sources, sources.store
        self.send, self.buttons, self.platform = send, buttons, platform
        self.remind_at = remind_at
        self.today, self.now = today, now
        self.policy, self.pacer = policy, pacer
        self.admins = admins
        self._give_up = give_up
        self._sending = asyncio.Lock()  # the daily job and the retry job never send at once
        self.lease = lease  # None: unfenced (unit tests); the service always passes one
        self.stopping = False
        self.last: Flushed = Flushed()  # what the last pass did

    async def catch_up(self) -> int:
        """Compute the days since the last run (up to today, once its hour has come); send."""
        today, now = self.today(), self.now()
        last = await last_day(self.store)
        start = max(last + timedelta(days=1), today - timedelta(days=CATCH_UP_DAYS)) if last else today
        day = start
        while day <= today:
            if day < today or now.timetz().replace(tzinfo=None) >= self.remind_at:
                await compute_day(self.sources, day, now, late=day < today, policy=self.policy)
            day += timedelta(days=1)
        await notify_uncovered(self.store, today, self.admins, self.platform, now)
        return await self.retry()

    async def daily(self) -> int:
        """Today's reminders, computed and sent."""
        await compute_day(self.sources, self.today(), self.now(), policy=self.policy)
        await notify_uncovered(self.store, self.today(), self.admins, self.platform, self.now())
        await forget_inbound(self.store, self.now() - INBOUND_KEPT)
        return await self.retry()

    async def retry(self) -> int:
        """Send what is due in the outbox (one sender at a time); how many digests went out."""
        return (await self.flush()).sent

    async def flush(self) -> Flushed:
        """One pass over the outbox under the lease; nothing once a stop was asked."""
        if self.stopping:
            return Flushed(stopped=True)
        if self.lease is not None and not self.lease.held:
            _log.info("%s: not holding the send lease; reminders wait", self.platform)
            return Flushed(lease_lost=True)
        async with self._sending:
            self.last = await flush_report(self.store, self.send, self.now(), self.buttons,
                                           self.platform, self.pacer, self.give_up,
                                           lease=self.lease, stopping=lambda: self.stopping)
            return self.last

    async def catch_up_guarded(self) -> None:
        """`catch_up` (the lease was just taken: the days missed, as after a restart); a failure
        is logged, not raised."""
        await self._guarded(self.catch_up)()

    async def stop(self) -> None:
        """Send nothing more: the digest in flight finishes and is marked, then this returns."""
        self.stopping = True
        async with self._sending:
            pass

    async def give_up(self, chat: ChatRef, why: str, refused: bool) -> None:
        """Reminders that can no longer reach `chat` (see bot.scheduler.refused)."""
        if self._give_up is not None:
            await self._give_up(chat, why, refused)
        else:
            await chat_refused(self.store, self.admins, chat, why, self.now(), refused=refused,
                               reminders=True)

    def schedule(self, scheduler: AsyncIOScheduler) -> None:
        """The jobs: daily at `remind_at` (the policy sends nothing on days off), retries each minute."""
        scheduler.add_job(self._guarded(self.daily), CronTrigger(hour=self.remind_at.hour,
                                                                 minute=self.remind_at.minute),
                          id=f"{self.platform}-daily", replace_existing=True, misfire_grace_time=3600)
        scheduler.add_job(self._guarded(self.retry), IntervalTrigger(seconds=60),
                          id=f"{self.platform}-retry", replace_existing=True)

    def _guarded(self, job: Callable) -> Callable:
        async def run() -> None:
            try:
                await job()
            except Exception:  # a failed run is retried by the next one; the service goes on
                _log.exception("reminder job failed")
        return run
