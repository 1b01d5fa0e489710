"""Filling the outbox for a day and sending it: one digest per chat and day, in order, retried.

The platform is behind `send(chat, reply) -> message id`; it raises DeliveryRefused when the chat
can never be reached (bot removed, blocked), RetryLater when it must wait (a rate limit) and
anything else for a failure worth retrying. Chats given up are handed to `on_give_up`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import date, datetime, timedelta

from bot import texts
from bot.domain.chat import Button, ChatRef, Reply
from bot.scheduler.pacing import Pacer
from bot.scheduler.policy import DEFAULT_POLICY, Policy, ReminderKind
from bot.scheduler.today import Sources, day_reminders
from store.calendar import load_calendar
from store.outbox import (
    NOTICE,
    Item,
    defer,
    due_items,
    enqueue,
    enqueue_notices,
    mark_failed,
    mark_sent,
    outbox_key,
)
from store.repo import Store

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
    return await enqueue(sources.store, rows, now)


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
                on_give_up: GiveUp | None = None) -> int:
    """Send every due item (of `platform`, or all), one digest per chat and day, oldest first;
    each digest is marked sent as soon as it went out. A chat the platform's limits (`pacer`)
    hold back for long stays queued until its turn, never dropped. How many digests were sent."""
    items = await due_items(store, now)
    groups: dict[tuple[date, ChatRef], list[Item]] = {}
    for item in items:
        if item.chat and (platform is None or item.chat.platform == platform):
            groups.setdefault((item.day, item.chat), []).append(item)
    sent = 0
    for (_, chat), group in groups.items():
        ids = [i.id for i in group]
        if pacer is not None and (wait := pacer.delay(chat.chat_id)) > MAX_INLINE_WAIT:
            await defer(store, ids, now + timedelta(seconds=wait))
            continue
        try:
            message_id = await send(chat, digest(group, chat, buttons))
        except RetryLater as err:
            await defer(store, ids, now + timedelta(seconds=err.seconds))
            continue
        except DeliveryRefused as err:
            why = str(err) or "refused"
            await mark_failed(store, ids, why, now, permanent=True)
            if on_give_up is not None and not _notices_only(group):
                await on_give_up(chat, why, True)
            continue
        except Exception as err:  # noqa: BLE001 - any other failure is retried later
            why = str(err) or type(err).__name__
            _log.warning("reminder digest to %s failed: %s", chat, why)
            if await mark_failed(store, ids, why, now) and on_give_up is not None \
                    and not _notices_only(group):
                await on_give_up(chat, why, False)
            continue
        await mark_sent(store, ids, message_id, now)
        sent += 1
    return sent
