"""Composition root: settings -> store, answerer, chat service, delivery, the platforms of the
registry and the reminder scheduler, all on one event loop. (Process-wide logging is set by the
`duban` command, bot.cli.common, before any of this runs; never when a module is imported.)"""

from __future__ import annotations

import asyncio
import logging
import signal
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
from config.settings import ReminderSettings, Settings, WebSettings
from store.access import acquire_lock, release_lock
from store.lease import Holder, SendLease
from store.processes import process_gone, this_process
from store.reader import TaskReader
from store.repo import Store

if TYPE_CHECKING:
    from bot.adapters.web.server import WebConsole
    from bot.scheduler.outbox import Flushed
    from bot.scheduler.service import ReminderService

_log = logging.getLogger(__name__)

POLLER_LOCK = "telegram-poller"
LOCK_STALE = timedelta(seconds=60)
HEARTBEAT_SECONDS = 20
HEARTBEAT_RETRY = 2  # seconds between tries while the store cannot be reached
# Seconds between a standby's tries for the send lease (PostgreSQL): the leader's death is seen
# by the server at once, so a standby takes over within about this long.
STANDBY_POLL = 1.0
STOP_GRACE = 60.0  # seconds a stop waits for the digest in flight to finish and be marked
REMIND_PATIENCE = 120.0  # seconds `duban remind` waits for chats held back by a rate limit


def reminder_policy(remind: ReminderSettings) -> Policy:
    """The reminder rules from the DUBAN_REMIND_* slice."""
    return Policy(deadline_days=remind.deadline_days, overdue_days=remind.overdue_days,
                  overdue_every=remind.overdue_every, escalate_from=remind.escalate_from,
                  checkpoint_months=remind.checkpoint_months,
                  quarterly_before_end=remind.quarterly_before_end,
                  report_grace=remind.report_grace)


def button_secret(settings: Settings) -> bytes:
    """The key that signs button data (derived in config.secrets)."""
    return settings.button_secret()


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
    demo_day: date | None = None  # the console's demo day (bot.demo), when it runs on one

    @classmethod
    async def open(cls, settings: Settings, fixed_today: date | None = None,
                   seed: bool = False, warm: bool = False, demo: bool = False,
                   upgrade: bool = True) -> Core:
        """Open the store (importing the sample plans into an empty one when `seed`), and build
        the services; `warm` loads every org's current plan into memory; `demo` (the console)
        runs on the demo day when no day is fixed and the store holds only the sample plans;
        without `upgrade` (the `duban` commands) an older schema is refused (`duban migrate`)."""
        url = settings.database_url
        store = await Store.open(url, creating=(lambda: _step(texts.SETUP_STORE.format(
            where=store_place(url)))) if seed else None, upgrade=upgrade)
        if seed:
            await seed_samples(store, settings.sample_plans_dir, said=_step)
        shifted = None
        if demo and fixed_today is None and settings.today is None:
            from bot.demo import demo_day

            shifted = fixed_today = await demo_day(store, settings.sample_plans_dir)
        today, now = clock(settings, fixed_today)
        reader = TaskReader(store)  # one task index for the answers and the reminders
        answerer = Answerer(store, tz=ZoneInfo(settings.timezone), reader=reader)
        if warm:
            await answerer.warm(today())
        admins = settings.admin_ids()
        chats = ChatService(answerer, admins, button_secret(settings))
        if settings.web.enabled:  # links made in any process open on the `duban run` serving it
            chats.web_url = settings.web.base_url()
        delivery = Delivery(store, admins, now)
        return cls(settings, store, answerer, chats, delivery,
                   Sources(store, reader, answerer.directory), today, now, shifted)

    def services(self) -> Services:
        """What the adapters are built with."""
        return Services(self.chats, self.delivery, self.today, self.now)

    def reminders(self, platform: Platform, lease: SendLease | None = None) -> ReminderService:
        """The reminder sender of one platform, sending under `lease`."""
        from bot.scheduler.service import ReminderService  # APScheduler: only when sending

        remind = self.settings.remind
        return ReminderService(self.sources, platform.send_digest, self.chats.digest_buttons,
                               platform.name, remind.at, self.today, self.now,
                               reminder_policy(remind), platform.pacer,
                               self.settings.admin_ids(), give_up=self.delivery.given_up,
                               lease=lease)

    def send_lease(self, role: str) -> SendLease:
        """This process's send lease (`run` or `remind`); a dead holder on this host is taken
        over at once."""
        return SendLease(self.store, role, ttl=self.settings.remind.lease_seconds,
                         gone=process_gone)

    async def close(self) -> None:
        """Release the store."""
        await self.store.close()


async def seed_samples(store: Store, plans_dir: Path,
                       said: Callable[..., None] | None = None) -> list[str]:
    """Import the bundled sample plans into an empty store; the plans imported (「普陀区
    2025年（30 项）」), each step `said` on one line as it goes."""
    if not await store.is_empty():
        return []
    files = sorted(Path(plans_dir).glob("*.txt"))
    if not files:
        return []
    from store.ingest.service import import_files  # the importer: only when there is work

    say = said or (lambda *_, **__: None)
    say(texts.SETUP_SAMPLES, end="")
    done = False
    try:
        results = await import_files(store, files)
        plans = [texts.SAMPLES_PLAN.format(org=r.report.org, year=r.report.year,
                                           tasks=r.report.tasks)
                 for r in results if r.report is not None]
        say(texts.SAMPLES_IMPORTED.format(n=len(plans), plans="、".join(plans)))
        done = True
    finally:
        if not done:
            say("")  # the failure is said on a line of its own
    return plans


def _step(text: str, end: str = "\n") -> None:
    """One set-up step of `duban run`, on stderr at once."""
    print(text, end=end, file=sys.stderr, flush=True)


def store_place(url: str) -> str:
    """Where the store is, as the set-up line names it: the SQLite file (relative to the working
    folder when inside it), else the URL without its password."""
    from sqlalchemy.engine import make_url

    from store.db import sqlite_path

    path = sqlite_path(url)
    if path is None:
        return make_url(url).render_as_string(hide_password=True)
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


async def _settle(tasks: list[asyncio.Task], timeout: float) -> None:
    """Wait for tasks that were told to stop; only those still running after `timeout` are
    cancelled. Their errors are logged, not raised: the service is stopping either way."""
    if not tasks:
        return
    done, pending = await asyncio.wait(tasks, timeout=timeout)
    for task in pending:
        _log.error("a background task was still running after %.0f s; cancelling it", timeout)
        task.cancel()
    for task in done:
        if not task.cancelled() and task.exception() is not None:
            _log.error("a background task failed: %s", task.exception())


def _on_signals(handler: Callable[[], None]) -> list[signal.Signals]:
    """SIGINT and SIGTERM call `handler` on the running loop (where the platform allows)."""
    loop = asyncio.get_running_loop()
    installed = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, handler)
            installed.append(sig)
        except (NotImplementedError, RuntimeError):
            pass
    return installed


def _off_signals(installed: list[signal.Signals]) -> None:
    loop = asyncio.get_running_loop()
    for sig in installed:
        loop.remove_signal_handler(sig)


async def start_web(core: Core, settings: WebSettings | None = None) -> WebConsole | None:
    """The web console on DUBAN_WEB_PORT (or `settings`; None when it is off), listening on this
    loop; sign-in links made in chats point at it."""
    settings = settings or core.settings.web
    if not settings.enabled:
        return None
    from bot.adapters.web.server import build  # tornado's templates: only when the console runs

    web = build(settings, core.services())
    await web.start()
    core.chats.web_url = web.base_url()
    return web


async def run_service(core: Core) -> int:
    """`duban run`: serve every platform of the registry on one event loop until interrupted,
    with reminders through each on one scheduler, sent while this process holds the send lease.

    On SQLite one process serves a store: a second `duban run` refuses to start. On PostgreSQL
    any number may: every one serves webhooks, callbacks and the web console, and the one holding
    the send lease (an advisory lock on a connection of its own) is the leader — it sends the
    reminders and, in Telegram's polling mode, polls. The others are standbys: they try for the
    lease every STANDBY_POLL seconds, so one takes over within seconds of the leader's death and
    catches the day up as after a restart. SIGTERM/SIGINT: the digest in flight finishes and is
    marked, then the service stops."""
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot import metrics
    from bot.scheduler.keeper import LeaseKeeper

    metrics.enable()
    owner = this_process()
    store = core.store
    shared = store.engine.dialect.name == "postgresql"  # several processes may serve the store
    if not shared and not await acquire_lock(store, POLLER_LOCK, owner, LOCK_STALE,
                                             gone=process_gone):
        print(texts.SECOND_POLLER, file=sys.stderr)
        return 2
    if shared:
        await store.listen()  # other processes' writes reach this one's caches at once
    stop = asyncio.Event()
    signals = _on_signals(stop.set)

    async def heartbeat() -> None:  # the SQLite service lock's
        failures = 0
        while True:
            try:  # wait for the next beat, or for the stop (never cancelled inside a write)
                await asyncio.wait_for(stop.wait(), HEARTBEAT_SECONDS if not failures else HEARTBEAT_RETRY)
                return
            except TimeoutError:
                pass
            try:
                held = await acquire_lock(store, POLLER_LOCK, owner, LOCK_STALE)
            except Exception as err:  # noqa: BLE001 - logged, and tried again at the next beat
                failures += 1
                _log.error("renewing the service lock failed (%d in a row): %s", failures, err)
                continue
            failures = 0
            if not held:
                _log.error("lost the service lock; stopping")
                stop.set()

    scheduler = AsyncIOScheduler(timezone=ZoneInfo(core.settings.timezone))
    platforms = build_platforms(core.settings, core.services())
    # Polling (Telegram without a webhook) is the leader's alone when processes share the store.
    leader_only = [p for p in platforms if shared and getattr(p, "polls", False)]
    lease = core.send_lease("run")
    started: list[Platform] = []
    jobs: list[ReminderService] = []
    background: set[asyncio.Task] = set()  # leadership changes and catch-ups (kept referenced)
    leading = asyncio.Lock()  # one leadership change at a time, in order

    async def lead(on: bool) -> None:
        async with leading:
            if on and lease.token is not None:
                _log.warning("leader of this store now (send lease token %d)", lease.token)
            elif not on:
                _log.warning("no longer the leader of this store: reminders and polling paused")
            for platform in leader_only:
                try:
                    await platform.serve_updates(on and lease.token is not None)  # type: ignore[attr-defined]
                except Exception:  # noqa: BLE001 - tried again at the next change
                    _log.exception("%s: %s polling failed", platform.name,
                                   "starting" if on else "stopping")
            if on and not stop.is_set():
                for job in jobs:  # the days missed, computed and sent, as after a restart
                    spawn(job.catch_up_guarded())

    def spawn(coro: object) -> None:
        task = asyncio.create_task(coro)  # type: ignore[arg-type]
        background.add(task)
        task.add_done_callback(background.discard)

    keeper = LeaseKeeper(lease, on_acquired=lambda: spawn(lead(True)),
                         on_lost=lambda: spawn(lead(False)),
                         standby_every=STANDBY_POLL if shared else None)
    web: WebConsole | None = None
    try:
        for platform in platforms:
            await platform.start(serve=platform not in leader_only)
            started.append(platform)
        web = await start_web(core)
        if web is not None:  # /readyz: the leader is the process holding the send lease
            web.role = lambda: "leader" if lease.token is not None else "standby"
        jobs.extend(core.reminders(p, lease) for p in platforms)
        for job in jobs:
            job.schedule(scheduler)
        if not await keeper.beat():
            holder = await lease.holder()
            _log.warning("another process holds the send lease (%s); this one is a standby: it "
                         "serves messages, and sends once the lease is free",
                         holder.owner if holder else "?")
        keeper.start()
        beats = [] if shared else [asyncio.create_task(heartbeat())]
        scheduler.start()
        await stop.wait()
        # The digest in flight (if any) finishes and is marked; nothing more is sent.
        try:
            await asyncio.wait_for(asyncio.gather(*(job.stop() for job in jobs)), STOP_GRACE)
        except TimeoutError:
            _log.error("a reminder digest was still in flight after %.0f s; stopping anyway",
                       STOP_GRACE)
        # Tasks are awaited, never cancelled: a task cancelled inside a write transaction would
        # leave its SQLite connection holding the write lock, and every later write (answering,
        # releasing the locks) would fail. With `stopping` set they end at their next step.
        scheduler.shutdown(wait=False)
        await _settle([*beats, *background], STOP_GRACE)
    finally:
        _off_signals(signals)
        await keeper.stop()
        if web is not None:
            await web.stop()
        for platform in reversed(started):
            await platform.stop()
        releases = [lease.release] if shared else [
            lease.release, lambda: release_lock(store, POLLER_LOCK, owner)]
        for release in releases:
            try:
                await release()
            except Exception as err:  # noqa: BLE001 - a lock left behind is taken over at restart
                _log.error("releasing a lock at stop failed: %s", err)
    return 0


@dataclass
class Sent:
    """What `duban remind` did: digests sent, chats not reached (chat -> why), chats still held
    back by a rate limit, a stop asked or the lease lost midway; `busy`: another sender holds
    the lease, nothing was sent."""

    sent: int = 0
    failed: dict[str, str] | None = None
    refused: dict[str, str] | None = None
    deferred: list[str] | None = None
    stopped: bool = False
    lease_lost: bool = False
    busy: bool = False
    holder: Holder | None = None  # who holds the lease, when busy (None: not known yet)

    def add(self, flushed: Flushed) -> None:
        """Count one pass over the outbox."""
        self.sent += flushed.sent
        self.failed = {**(self.failed or {}), **flushed.failed}
        self.refused = {**(self.refused or {}), **flushed.refused}
        self.deferred = [*(self.deferred or []), *flushed.deferred]
        self.stopped |= flushed.stopped
        self.lease_lost |= flushed.lease_lost


async def take_lease(lease: SendLease, wait: float,
                     stopping: Callable[[], bool] = lambda: False) -> bool:
    """Take the send lease, waiting up to `wait` seconds for its holder to finish (or until
    `stopping()`)."""
    deadline = asyncio.get_running_loop().time() + wait
    while not await lease.acquire():
        left = deadline - asyncio.get_running_loop().time()
        if left <= 0 or stopping():
            return False
        await asyncio.sleep(min(1.0, left))
    return True


async def _pass(sender: ReminderService, result: Sent) -> None:
    """One pass of a sender over the outbox, counted in `result`; a store that fails midway ends
    the sending (what is left stays queued) rather than the command."""
    from sqlalchemy.exc import SQLAlchemyError

    if result.lease_lost or result.stopped:
        return
    try:
        result.add(await sender.flush())
    except (SQLAlchemyError, OSError) as err:
        _log.error("sending through %s stopped: the store failed: %s", sender.platform, err)
        result.lease_lost = True


async def send_day(core: Core, day: date, now: datetime, wait: float = 0.0) -> Sent:
    """`duban remind`: under the send lease (waiting up to `wait` seconds for another sender),
    the day's reminders into the outbox, then out through every platform of the registry (no
    servers started, no polling). SIGTERM/SIGINT: the digest in flight finishes and is marked."""
    from bot.scheduler.keeper import LeaseKeeper

    lease = core.send_lease("remind")
    platforms = build_platforms(core.settings, core.services())
    senders = [core.reminders(p, lease) for p in platforms]
    stopped = asyncio.Event()

    def stop() -> None:
        stopped.set()
        for sender in senders:
            sender.stopping = True

    signals = _on_signals(stop)
    if not await take_lease(lease, wait, stopped.is_set):
        _off_signals(signals)
        holder = await lease.holder()
        for _ in range(10):  # PostgreSQL: the lock is taken a moment before the row says by whom
            if holder is not None:
                break
            await asyncio.sleep(0.1)
            holder = await lease.holder()
        return Sent(busy=True, holder=holder)
    keeper = LeaseKeeper(lease)
    keeper.start()
    started: list[Platform] = []
    result = Sent()
    try:
        for platform in platforms:
            await platform.start(serve=False)
            started.append(platform)
        await compute_day(core.sources, day, now, policy=reminder_policy(core.settings.remind))
        for sender in senders:
            await notify_uncovered(core.store, day, sender.admins, sender.platform, now)
            await _pass(sender, result)
        # Chats a rate limit held back go out when their turn comes (a bounded wait).
        patience = asyncio.get_running_loop().time() + REMIND_PATIENCE
        while result.deferred and not (result.stopped or result.lease_lost) \
                and asyncio.get_running_loop().time() < patience:
            await asyncio.sleep(1.0)
            result.deferred = []
            for sender in senders:
                await _pass(sender, result)
        return result
    finally:
        _off_signals(signals)
        for platform in reversed(started):
            await platform.stop()
        await keeper.stop()
        await lease.release()
