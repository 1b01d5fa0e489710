"""Composition root: settings, store, answerer, chat service and the platform adapters, on one
event loop."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import signal
import socket
import sys
from collections.abc import Awaitable, Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot import texts
from bot.handlers.answer import Answerer
from bot.handlers.chat import ChatService
from bot.scheduler.outbox import Buttons, Send, compute_day, notify_uncovered
from bot.scheduler.pacing import Pacer
from bot.scheduler.policy import Policy
from bot.scheduler.service import ReminderService
from bot.scheduler.today import Sources
from config.settings import Settings
from store.access import acquire_lock, release_lock
from store.repo import Store

_log = logging.getLogger(__name__)

POLLER_LOCK = "telegram-poller"
LOCK_STALE = timedelta(seconds=60)
HEARTBEAT_SECONDS = 20


def clock(settings: Settings) -> tuple[Callable[[], date], Callable[[], datetime]]:
    """today() and now(): DUBAN_TODAY fixes the day (the time of day stays real)."""
    tz = ZoneInfo(settings.timezone)

    def now() -> datetime:
        real = datetime.now(tz)
        return datetime.combine(settings.today, real.time(), tz) if settings.today else real

    def today() -> date:
        return now().date()

    return today, now


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


def remind_time(settings: Settings) -> time:
    """DUBAN_REMIND_AT as a time of day (09:00 when unreadable, with a warning)."""
    try:
        hour, minute = (int(x) for x in settings.remind_at.split(":"))
        return time(hour, minute)
    except ValueError:
        _log.warning("DUBAN_REMIND_AT=%r is not HH:MM; using 09:00", settings.remind_at)
        return time(9, 0)


def reminder_policy(settings: Settings) -> Policy:
    """The reminder rules from DUBAN_REMIND_* settings."""
    return Policy(deadline_days=settings.remind_deadline_days,
                  overdue_days=settings.remind_overdue_days,
                  overdue_every=settings.remind_overdue_every,
                  escalate_from=settings.remind_escalate_from,
                  checkpoint_months=settings.remind_checkpoint_months,
                  quarterly_before_end=settings.remind_quarterly_before_end,
                  report_grace=settings.remind_report_grace)


def secret(settings: Settings) -> bytes:
    """The key that signs button data: configured, else derived from the bot token."""
    base = (settings.callback_secret or settings.telegram_token or settings.wecom_secret
            or "duban-console")
    return hashlib.sha256(f"duban-buttons:{base}".encode()).digest()


async def run_service(settings: Settings, store: Store, answerer: Answerer) -> int:
    """Serve every configured platform on one event loop until interrupted: Telegram (long polling,
    or a webhook when a URL is configured), the WeCom app's callback, and reminders through each
    and through WeCom group robots, on one scheduler. Refuses to start when another `duban run`
    already serves this store."""
    owner = f"{socket.gethostname()}:{os.getpid()}"
    if not await acquire_lock(store, POLLER_LOCK, owner, LOCK_STALE, gone=process_gone):
        print(texts.SECOND_POLLER, file=sys.stderr)
        return 2
    today, now = clock(settings)
    service = ChatService(answerer, settings.admin_ids(), secret(settings))
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

    scheduler = AsyncIOScheduler(timezone=ZoneInfo(settings.timezone))
    reminders: list[ReminderService] = []
    closers: list[Callable[[], Awaitable[object]]] = []
    remind = _collect(settings, answerer, today, now, reminders)
    try:
        if settings.telegram_token:
            closers.append(await _start_telegram(settings, service, today, now, remind))
        closers.append(await _start_wecom(settings, service, today, now, remind))
        for job in reminders:
            job.schedule(scheduler)
        beat = asyncio.create_task(heartbeat())
        scheduler.start()
        catch_up = [asyncio.create_task(job.catch_up()) for job in reminders]
        await stop.wait()
        beat.cancel()
        for task in catch_up:
            task.cancel()
        scheduler.shutdown(wait=False)
    finally:
        for close in reversed(closers):
            await close()
        await release_lock(store, POLLER_LOCK, owner)
    return 0


Remind = Callable[["Send", "Buttons | None", str, "Pacer | None"], None]


def _collect(settings: Settings, answerer: Answerer, today: Callable[[], date],
             now: Callable[[], datetime], into: list[ReminderService]) -> Remind:
    """What each platform calls to add its reminder sender to `into`."""
    def remind(send: Send, buttons: Buttons | None, platform: str, pacer: Pacer | None) -> None:
        sources = Sources(answerer.store, answerer.reader, answerer.directory)
        into.append(ReminderService(sources, send, buttons, platform, remind_time(settings),
                                    today, now, reminder_policy(settings), pacer,
                                    settings.admin_ids()))
    return remind


async def send_day(settings: Settings, answerer: Answerer, today: date, now: datetime) -> int:
    """`duban remind`: the day's reminders into the outbox, then out through every configured
    platform (no servers started, no polling); how many digests were sent."""
    service = ChatService(answerer, settings.admin_ids(), secret(settings))
    senders: list[ReminderService] = []
    remind = _collect(settings, answerer, lambda: today, lambda: now, senders)
    closers: list[Callable[[], Awaitable[object]]] = []
    try:
        if settings.telegram_token:
            closers.append(await _start_telegram(settings, service, lambda: today, lambda: now,
                                                 remind, serve=False))
        closers.append(await _start_wecom(settings, service, lambda: today, lambda: now, remind,
                                          serve=False))
        await compute_day(Sources(answerer.store, answerer.reader, answerer.directory), today, now,
                          policy=reminder_policy(settings))
        sent = 0
        for sender in senders:
            await notify_uncovered(answerer.store, today, sender.admins, sender.platform, now)
            sent += await sender.retry()
        return sent
    finally:
        for close in reversed(closers):
            await close()


async def _start_telegram(settings: Settings, service: ChatService, today: Callable[[], date],
                          now: Callable[[], datetime], remind: Remind,
                          serve: bool = True) -> Callable[[], Awaitable[object]]:
    """The Telegram bot: its reminder sender, and (when `serve`) polling or the webhook; its
    stopper."""
    from bot.adapters.telegram import TelegramAdapter

    adapter = TelegramAdapter(service, settings.telegram_token or "", settings.telegram_base_url,
                              today, now)
    remind(adapter.send_reminder, service.digest_buttons, "telegram", adapter.pacer)
    app = adapter.app
    await app.initialize()
    if not serve:
        return app.shutdown
    await app.start()
    if settings.telegram_webhook_url:
        await app.updater.start_webhook(
            listen=settings.telegram_webhook_listen, port=settings.telegram_webhook_port,
            url_path="telegram", webhook_url=settings.telegram_webhook_url,
            secret_token=settings.telegram_webhook_secret or secret(settings).hex()[:32])
    else:
        await app.updater.start_polling(poll_interval=0.0, timeout=10, drop_pending_updates=False)

    async def close() -> None:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
    return close


async def _start_wecom(settings: Settings, service: ChatService, today: Callable[[], date],
                       now: Callable[[], datetime], remind: Remind,
                       serve: bool = True) -> Callable[[], Awaitable[object]]:
    """Group-robot reminders always; the self-built app's reminders when configured, and (when
    `serve`) its callback. Its stopper."""
    from bot.adapters.wecom import PLATFORM, WeComAdapter
    from bot.adapters.wecom_api import WeComAPI
    from bot.adapters.wecom_crypto import WeComCrypto
    from store.robots import ROBOT

    api = WeComAPI(settings.wecom_api_base, settings.wecom_corp_id, settings.wecom_secret,
                   settings.wecom_agent_id)
    crypto = None
    if settings.wecom_app():
        crypto = WeComCrypto(settings.wecom_token or "", settings.wecom_aes_key or "",
                             settings.wecom_corp_id or "")
    adapter = WeComAdapter(service, api, crypto, today, now)
    remind(adapter.send_reminder, service.digest_buttons, ROBOT, adapter.robot_pacer)
    if crypto is not None:
        remind(adapter.send_reminder, service.digest_buttons, PLATFORM, None)
    if crypto is not None and serve:
        port = await adapter.start(settings.wecom_callback_listen, settings.wecom_callback_port)
        _log.warning("WeCom callback on %s:%s%s", settings.wecom_callback_listen, port,
                     "/wecom/callback")

    async def close() -> None:
        await adapter.stop()
        await api.aclose()
    return close
