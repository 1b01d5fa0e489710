"""Composition root: settings -> store, answerer, chat service, delivery, the platforms of the
registry and the reminder scheduler, all on one event loop. (Process-wide logging is set by the
`duban` command, bot.cli.common, before any of this runs; never when a module is imported.)"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import signal
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot import texts
from bot.clock import clock
from bot.delivery import Delivery
from bot.handlers.answer import Answerer
from bot.handlers.chat import ChatService
from bot.platform import Platform, Services
from bot.registry import build_platforms
from bot.scheduler.outbox import compute_day, notify_uncovered
from bot.scheduler.policy import Policy
from bot.scheduler.today import Sources
from config.settings import ReminderSettings, Settings
from store.access import acquire_lock, release_lock
from store.reader import TaskReader
from store.repo import Store

if TYPE_CHECKING:
    from bot.scheduler.service import ReminderService

_log = logging.getLogger(__name__)

POLLER_LOCK = "telegram-poller"
LOCK_STALE = timedelta(seconds=60)
HEARTBEAT_SECONDS = 20
SHUTDOWN_GRACE_SECONDS = 20  # how long a stop waits for the start's catch-up to finish


def reminder_policy(remind: ReminderSettings) -> Policy:
    """The reminder rules from the DUBAN_REMIND_* slice."""
    return Policy(deadline_days=remind.deadline_days, overdue_days=remind.overdue_days,
                  overdue_every=remind.overdue_every, escalate_from=remind.escalate_from,
                  checkpoint_months=remind.checkpoint_months,
                  quarterly_before_end=remind.quarterly_before_end,
                  report_grace=remind.report_grace)


def button_secret(settings: Settings) -> bytes:
    """The key that signs button data."""
    return hashlib.sha256(b"duban-buttons:" + settings.button_key()).digest()


@dataclass
class Core:
    """Everything but the platforms: the store and the services over it."""

    settings: Settings
    store: Store
    answerer: Answerer
    chats: ChatService
    delivery: Delivery
    sources: Sources
    today: Callable[[], date]
    now: Callable[[], datetime]

    @classmethod
    async def open(cls, settings: Settings, fixed_today: date | None = None,
                   seed: bool = False, warm: bool = False) -> Core:
        """Open the store (importing the sample plans into an empty one when `seed`), and build
        the services; `warm` loads every org's current plan into memory."""
        store = await Store.open(settings.database_url)
        if seed:
            names = await seed_samples(store, settings.sample_plans_dir)
            if names:
                print(texts.SAMPLES_IMPORTED.format(names="、".join(names)), file=sys.stderr)
        today, now = clock(settings, fixed_today)
        reader = TaskReader(store)  # one task index for the answers and the reminders
        answerer = Answerer(store, tz=ZoneInfo(settings.timezone), reader=reader)
        if warm:
            await answerer.warm(today())
        admins = settings.admin_ids()
        chats = ChatService(answerer, admins, button_secret(settings))
        delivery = Delivery(store, admins, now)
        return cls(settings, store, answerer, chats, delivery,
                   Sources(store, reader, answerer.directory), today, now)

    def services(self) -> Services:
        """What the adapters are built with."""
        return Services(self.chats, self.delivery, self.today, self.now)

    def reminders(self, platform: Platform) -> ReminderService:
        """The reminder sender of one platform."""
        from bot.scheduler.service import ReminderService  # APScheduler: only when sending

        remind = self.settings.remind
        return ReminderService(self.sources, platform.send_digest, self.chats.digest_buttons,
                               platform.name, remind.at, self.today, self.now,
                               reminder_policy(remind), platform.pacer,
                               self.settings.admin_ids(), give_up=self.delivery.given_up)

    async def close(self) -> None:
        """Release the store."""
        await self.store.close()


async def seed_samples(store: Store, plans_dir: Path) -> list[str]:
    """Import the bundled sample plans into an empty store; the names imported."""
    if not await store.is_empty():
        return []
    files = sorted(Path(plans_dir).glob("*.txt"))
    if not files:
        return []
    from store.ingest.service import import_files  # the importer: only when there is work

    results = await import_files(store, files)
    return [Path(r.path).name for r in results]


def process_gone(owner: str) -> bool:
    """Whether a lock owner `host:pid` of this machine is no longer running (killed, crashed)."""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


async def run_service(core: Core) -> int:
    """`duban run`: serve every platform of the registry on one event loop until interrupted,
    with reminders through each on one scheduler. Refuses to start when another `duban run`
    already serves this store."""
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    owner = f"{socket.gethostname()}:{os.getpid()}"
    store = core.store
    if not await acquire_lock(store, POLLER_LOCK, owner, LOCK_STALE, gone=process_gone):
        print(texts.SECOND_POLLER, file=sys.stderr)
        return 2
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):
            pass

    async def heartbeat() -> None:
        while not stop.is_set():
            await asyncio.sleep(HEARTBEAT_SECONDS)
            if not await acquire_lock(store, POLLER_LOCK, owner, LOCK_STALE):
                _log.error("lost the service lock; stopping")
                stop.set()

    scheduler = AsyncIOScheduler(timezone=ZoneInfo(core.settings.timezone))
    platforms = build_platforms(core.settings, core.services())
    started: list[Platform] = []
    try:
        for platform in platforms:
            await platform.start(serve=True)
            started.append(platform)
        jobs = [core.reminders(p) for p in platforms]
        for job in jobs:
            job.schedule(scheduler)
        beat = asyncio.create_task(heartbeat())
        scheduler.start()
        catch_up = [asyncio.create_task(job.catch_up()) for job in jobs]
        await stop.wait()
        beat.cancel()
        # A catch-up cancelled inside its write would leave SQLite's write lock held, and the
        # lock row below could not be deleted ("database is locked"): let it finish first.
        if catch_up:
            await asyncio.wait(catch_up, timeout=SHUTDOWN_GRACE_SECONDS)
        for task in catch_up:
            task.cancel()
        await asyncio.gather(beat, *catch_up, return_exceptions=True)
        scheduler.shutdown(wait=False)
    finally:
        for platform in reversed(started):
            await platform.stop()
        await release_lock(store, POLLER_LOCK, owner)
    return 0


async def send_day(core: Core, day: date, now: datetime) -> int:
    """`duban remind`: the day's reminders into the outbox, then out through every platform of
    the registry (no servers started, no polling); how many digests were sent."""
    platforms = build_platforms(core.settings, core.services())
    started: list[Platform] = []
    try:
        for platform in platforms:
            await platform.start(serve=False)
            started.append(platform)
        await compute_day(core.sources, day, now, policy=reminder_policy(core.settings.remind))
        sent = 0
        for platform in platforms:
            sender = core.reminders(platform)
            await notify_uncovered(core.store, day, sender.admins, sender.platform, now)
            sent += await sender.retry()
        return sent
    finally:
        for platform in reversed(started):
            await platform.stop()
