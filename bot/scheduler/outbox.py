"""Filling the outbox for a day and sending it: one digest per chat and day, in order, retried.

The platform is behind `send(chat, reply) -> message id`; it raises DeliveryRefused when the chat
can never be reached (bot removed, blocked), RetryLater when it must wait (a rate limit) and
anything else for a failure worth retrying. Chats given up are handed to `on_give_up`.

Each digest is claimed (`sending`, with the send lease's token, in a statement that checks the
lease) before the platform call and marked `sent` with the platform's message id after it, so
at any moment a sender has at most one digest whose fate is unknown. A failure that leaves the
fate unknown (a timeout after the request was written) is retried like any failure: only that
digest can arrive twice. A digest left `sending` by a sender that died (or lost the lease) is
sent again by the next holder (`store.outbox.orphans`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from bot import metrics, texts
from bot.domain.chat import Button, ChatRef, Reply
from bot.scheduler.pacing import Pacer
from bot.scheduler.policy import DEFAULT_POLICY, Policy, ReminderKind
from bot.scheduler.today import Sources, day_reminders
from store.backlog import count_given_up
from store.calendar import load_calendar
from store.outbox import (
    NOTICE,
    Item,
    claim,
    defer,
    due_items,
    enqueue,
    enqueue_notices,
    mark_failed,
    mark_sent,
    orphans,
    outbox_key,
    unfenced,
)
from store.repo import Store

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement  # the lease's fence, built by store.lease

_log = logging.getLogger(__name__)

Send = Callable[[ChatRef, Reply], Awaitable[str]]
Buttons = Callable[[ChatRef, int, int], list[Button]]  # (chat, task id, seq) -> buttons
# A chat whose reminders were given up: (chat, why, refused: the platform will never deliver)
GiveUp = Callable[[ChatRef, str, bool], Awaitable[None]]


class DeliveryRefused(Exception):
    """The platform will never deliver to this chat."""


class RetryLater(Exception):
    """The platform asked us to wait (a rate limit): try again after `seconds`, not a failure."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds:.0f} s")
        self.seconds = seconds


MAX_INLINE_WAIT = 2.0  # a chat that must wait longer is put back in the outbox; others go first
MARK_PATIENCE = 300.0  # seconds a digest that went out is retried to be marked while the store is down


class Lease(Protocol):
    """The send lease as the outbox sees it (store.lease.SendLease)."""

    token: int | None

    @property
    def held(self) -> bool:
        """Whether this process may send now."""
        ...

    def fence(self) -> ColumnElement[bool]:
        """The condition a claim checks in its own statement."""
        ...


@dataclass
class Flushed:
    """What one pass over the outbox did: digests sent, chats that could not be reached (and
    why: retried later, or refused for good), chats held back by a rate limit, and whether it stopped early (a stop was asked, or
    the lease could not be confirmed)."""

    sent: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # retried later
    refused: dict[str, str] = field(default_factory=dict)  # given up: the platform refuses them
    deferred: list[str] = field(default_factory=list)
    stopped: bool = False
    lease_lost: bool = False


async def compute_day(sources: Sources, day: date, now: datetime, late: bool = False,
                      policy: Policy = DEFAULT_POLICY) -> int:
    """Put `day`'s reminders in the outbox (again: nothing is added twice); how many were new."""
    found = await day_reminders(sources, day, policy)
    rows = []
    for a in found:
        r = a.reminder
        for i, chat in enumerate((a.chat, *a.also)):
            key = outbox_key(r.task_id, r.unit, r.kind, day) + (f"|{chat}" if i else "")
            rows.append({"key": key, "day": day, "org": r.org, "task_id": r.task_id, "seq": r.seq,
                         "unit": r.unit, "kind": r.kind, "due_date": r.due_date, "chat": chat,
                         "late": late, "note": r.about})
    added = await enqueue(sources.store, rows, now)
    metrics.note_queued(added)
    return added


def _notices_only(items: list[Item]) -> bool:
    """A digest of administrator notices only (a failed notice is not itself reported)."""
    return all(i.kind == NOTICE for i in items)


async def notify_admins(store: Store, admins: Iterable[ChatRef], key: str, text: str, day: date,
                        now: datetime) -> int:
    """A notice to every administrator (each platform's sender delivers its own), once per key."""
    return await enqueue_notices(store, admins, key, text, day, now)


def kind_label(kind: str, about: str | None = None) -> str:
    """How a reminder's kind is named; a quarterly report's names its quarter."""
    if about and "Q" in about:
        year, quarter = about.split("Q", 1)
        which = texts.QREPORT_QUARTER.format(year=year, q="一二三四"[int(quarter) - 1])
        return texts.REMIND_REPORT_KINDS[kind].format(quarter=which)
    return texts.REMIND_KINDS[kind]


async def notify_uncovered(store: Store, day: date, admins: Iterable[ChatRef], platform: str,
                           now: datetime) -> int:
    """Tell the platform's administrators, once per year, that the official calendar does not
    cover this year (or, in December, the next) and its holidays need entering."""
    calendar = await load_calendar(store)
    years = [y for y in sorted({day.year, day.year + (day.month == 12)}) if not calendar.covered(y)]
    chats = {a for a in admins if a.platform == platform}
    added = 0
    for year in years:
        added += await notify_admins(store, chats, f"calendar-{year}",
                                     texts.CALENDAR_NOTICE.format(year=year), day, now)
    return added


def digest(items: list[Item], chat: ChatRef, buttons: Buttons | None) -> Reply:
    """All of a chat's reminders of one day in one message, with progress buttons per task;
    notices to administrators as they are."""
    notices = [i.note or "" for i in items if i.kind == NOTICE]
    items = [i for i in items if i.kind != NOTICE]
    if not items:
        return Reply("\n\n".join(notices))
    first = items[0]
    head = texts.DIGEST_HEAD.format(day=first.day.isoformat(),
                                    late=texts.DIGEST_LATE if first.late else "")
    lines = [*notices, head] if notices else [head]
    for i, item in enumerate(items, 1):
        due = texts.DIGEST_DUE.format(due=item.due_date.isoformat()) if item.due_date else ""
        lines.append(texts.DIGEST_LINE.format(n=i, kind=kind_label(item.kind, item.note), org=item.org,
                                              seq=item.seq, unit=item.unit, due=due))
    rows: list[list[Button]] = []
    if buttons is not None:
        seen: set[int] = set()
        for item in items:
            if item.kind != ReminderKind.ESCALATION and item.task_id not in seen:
                seen.add(item.task_id)
                rows.append(buttons(chat, item.task_id, item.seq))
    return Reply("\n".join(lines), buttons=rows)


async def flush(store: Store, send: Send, now: datetime, buttons: Buttons | None = None,
                platform: str | None = None, pacer: Pacer | None = None,
                on_give_up: GiveUp | None = None, *, lease: Lease | None = None,
                stopping: Callable[[], bool] = lambda: False) -> int:
    """Send every due item; how many digests were sent (see `flush_report`)."""
    return (await flush_report(store, send, now, buttons, platform, pacer, on_give_up,
                               lease=lease, stopping=stopping)).sent


async def flush_report(store: Store, send: Send, now: datetime, buttons: Buttons | None = None,
                       platform: str | None = None, pacer: Pacer | None = None,
                       on_give_up: GiveUp | None = None, *, lease: Lease | None = None,
                       stopping: Callable[[], bool] = lambda: False) -> Flushed:
    """Send every due item (of `platform`, or all), one digest per chat and day, oldest first:
    each claimed under `lease` before the call and marked sent after it (see the module's
    docstring); without a lease (unit tests) claims are not fenced. A chat the platform's limits
    (`pacer`) hold back for long stays queued until its turn, never dropped. Between digests,
    `stopping()` or a lease that can no longer be confirmed ends the pass."""
    report = Flushed()
    if lease is not None:
        if not lease.held or lease.token is None:
            report.lease_lost = True
            return report
        for chat in await orphans(store, lease.token, lease.fence()):
            _log.warning("a digest to %s was left unconfirmed by an earlier sender: sending it "
                         "again (it may arrive twice)", chat)
    items = await due_items(store, now)
    groups: dict[tuple[date, ChatRef], list[Item]] = {}
    for item in items:
        if item.chat and (platform is None or item.chat.platform == platform):
            groups.setdefault((item.day, item.chat), []).append(item)
    for (_, chat), group in groups.items():
        if stopping():
            report.stopped = True
            break
        if lease is not None and not lease.held:
            _log.error("the send lease cannot be confirmed: stopped sending")
            report.lease_lost = True
            break
        ids = [i.id for i in group]
        if pacer is not None and (wait := pacer.delay(chat.chat_id)) > MAX_INLINE_WAIT:
            await defer(store, ids, now + timedelta(seconds=wait))
            report.deferred.append(str(chat))
            continue
        fence = lease.fence() if lease is not None else unfenced()
        claimed = await claim(store, ids, lease.token if lease is not None else None, fence, now)
        if not claimed:
            if lease is not None and not lease.held:
                report.lease_lost = True
                break
            continue  # taken meanwhile (a notice sent by another platform's pass)
        if len(claimed) < len(ids):
            group = [i for i in group if i.id in set(claimed)]
        try:
            message_id = await send(chat, digest(group, chat, buttons))
        except RetryLater as err:
            await defer(store, claimed, now + timedelta(seconds=err.seconds))
            report.deferred.append(str(chat))
            continue
        except DeliveryRefused as err:
            why = str(err) or "refused"
            await mark_failed(store, claimed, why, now, permanent=True)
            metrics.note_given_up(chat.platform, len(claimed))
            report.refused[str(chat)] = why
            if on_give_up is not None and not _notices_only(group):
                await on_give_up(chat, why, True)
            continue
        except Exception as err:  # noqa: BLE001 - any other failure is retried later
            # Possibly delivered (a timeout after the request went out): retried like any
            # failure, so only this digest can arrive twice; the others are not held up.
            why = str(err) or type(err).__name__
            _log.warning("reminder digest to %s failed: %s", chat, why)
            report.failed[str(chat)] = why
            if await mark_failed(store, claimed, why, now):
                # the items on their last try: a digest can hold some tried fewer times
                metrics.note_given_up(chat.platform, await count_given_up(store, claimed))
                if on_give_up is not None and not _notices_only(group):
                    await on_give_up(chat, why, False)
            continue
        await _settle(store, claimed, message_id, now, stopping)
        metrics.note_sent(chat.platform, len(claimed))
        report.sent += 1
    return report


async def _settle(store: Store, ids: list[int], message_id: str, now: datetime,
                  stopping: Callable[[], bool]) -> None:
    """Mark a digest that went out as sent, retrying while the store cannot be written (a digest
    left `sending` would be sent again by the next sender); gives up after MARK_PATIENCE, or
    after a few tries once a stop was asked."""
    start, delay, tries = time.monotonic(), 0.2, 0
    while True:
        try:
            await mark_sent(store, ids, message_id, now)
            return
        except Exception as err:  # noqa: BLE001 - the store is down: try again
            tries += 1
            if time.monotonic() - start > MARK_PATIENCE or (stopping() and tries >= 5):
                _log.error("could not mark the digest %s as sent (%s): it stays claimed and may "
                           "be sent again", message_id, err)
                raise
            _log.warning("marking the digest %s as sent failed (%s); retrying", message_id, err)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)
