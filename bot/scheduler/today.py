"""A day's reminders with the chats they go to (read from the store; nothing is sent here)."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple, Protocol

from bot.domain.plans import current_plans
from bot.scheduler.policy import (
    DEFAULT_POLICY,
    Policy,
    Reminder,
    ReminderKind,
    Watch,
    escalation_quarter,
    reminders_for,
    watch,
)
from store.access import all_bindings
from store.calendar import load_calendar
from store.chats import ChatRef
from store.directory.directory import KIND_COLLECTIVE, Directory
from store.kinds import ChatRole, TaskKind
from store.reminders import reminder_tasks
from store.repo import Store
from store.reports import reported_units
from store.roster import rosters
from store.views import PlanRef, TaskView


class TaskIndex(Protocol):
    """The plans' tasks as reminders read them (store.reader.TaskReader is one; `duban run`
    shares the Answerer's, so the plans it keeps in memory serve both)."""

    catalog: list[PlanRef]

    async def sync(self) -> bool:
        """Pick up imports and progress made elsewhere."""
        ...

    def holds(self, plan_ids: Sequence[int]) -> bool:
        """Whether these plans are in memory."""
        ...

    async def tasks(self, plan_ids: Sequence[int], *, units: Iterable[str] | None = None,
                    due: tuple[date, date] | None = None, seq: int | None = None,
                    ids: Iterable[int] | None = None) -> list[TaskView]:
        """Active tasks of the plans."""
        ...


@dataclass(frozen=True)
class Sources:
    """What a day's reminders are read from: the store, the task index, the unit directory."""

    store: Store
    index: TaskIndex
    directory: Directory


class Addressed(NamedTuple):
    """A reminder and the chat it goes to, or None when the unit has none."""

    reminder: Reminder
    chat: ChatRef | None
    also: tuple[ChatRef, ...] = ()  # the unit's (or org's leads') other chats, which get it too

    def to_json(self) -> dict[str, object]:
        """The `duban remind --json` entry."""
        r = self.reminder
        return {"org": r.org, "year": r.year, "seq": r.seq, "unit": r.unit, "kind": r.kind,
                "due_date": r.due_date.isoformat() if r.due_date else None,
                "chat": str(self.chat) if self.chat else None}


async def day_reminders(sources: Sources, day: date,
                        policy: Policy = DEFAULT_POLICY) -> list[Addressed]:
    """Every reminder of `day` over each org's current plan, addressed to every chat bound to the
    unit (a Telegram group, a WeCom robot, a WeCom user) and escalations to every lead chat of the
    org. Only the tasks the policy may remind of are read."""
    with _collector_paused():
        return await _day_reminders(sources, day, policy)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A day's reminders make up to hundreds of thousands of short-lived objects and no cycles;
    the cyclic garbage collector would walk them again and again (a third of the time on a
    checkpoint day). Reference counting still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


async def _day_reminders(sources: Sources, day: date, policy: Policy) -> list[Addressed]:
    index = sources.index
    await index.sync()
    plans = current_plans(index.catalog, day)
    if not plans:
        return []
    calendar = await load_calendar(sources.store)
    since = date(min(p.year for p in plans), 1, 1)
    what = watch(day, calendar, since, policy)
    plan_ids = [p.id for p in plans]
    if index.holds(plan_ids):
        tasks, known = await _from_memory(sources, await index.tasks(plan_ids), what)
    else:
        tasks, known = await _from_store(sources, plans, what)
    old_plans = _last_years_plans(index.catalog, plans, escalation_quarter(day, calendar, policy))
    old_tasks: list[TaskView] = []
    old_known: Known = {}
    if old_plans:
        old_tasks, old_known = await _from_store(sources, old_plans, Watch(frozenset(), False, True))
    orgs = {t.org for t in tasks} | {t.org for t in old_tasks}
    reported = await reported_units(sources.store, orgs) if what.quarterly else frozenset()
    found = reminders_for(day, tasks, calendar, sources.directory, policy, known=known,
                          reported=reported)
    if old_tasks:
        found += reminders_for(day, old_tasks, calendar, sources.directory, policy,
                               known=old_known, reported=reported, report_only=True)
    return await _address(sources.store, found)


Known = dict[str, dict[str, str]]  # org -> the units its collectives can expand to


def _last_years_plans(catalog: list[PlanRef], current: list[PlanRef],
                      late: tuple[int, int] | None) -> list[PlanRef]:
    """On the day last year's fourth-quarter reports are escalated: the plans of that year that
    are no longer current (the org imported this year's plan already)."""
    if late is None or late[1] != 4:
        return []
    ids = {p.id for p in current}
    return [p for p in catalog if p.year == late[0] and p.id not in ids]


async def _from_store(sources: Sources, plans: list[PlanRef],
                      what: Watch) -> tuple[list[TaskView], Known]:
    """Just the tasks that can remind, read through indexes (a process that has not loaded the
    plans: `duban remind`)."""
    tasks = await reminder_tasks(sources.store, [p.id for p in plans], what.dates,
                                 what.year_long, what.quarterly)
    return tasks, await _rosters(sources, tasks)


async def _rosters(sources: Sources, tasks: list[TaskView]) -> Known:
    """The rosters collectives on these tasks expand to (only orgs with such a task are read)."""
    expand = {t.org for t in tasks if any(u.kind == KIND_COLLECTIVE for u in t.units)}
    found = await rosters(sources.store, expand, sources.directory)
    return {org: r.kinds for org, r in found.items()}


async def _from_memory(sources: Sources, whole: list[TaskView],
                       what: Watch) -> tuple[list[TaskView], Known]:
    """The same, filtered from the plans the running service keeps in memory (kept current:
    imports reload them, progress is applied as it comes)."""
    dates = what.dates
    tasks = [t for t in whole
             if t.due_date in dates or (what.year_long and t.kind == TaskKind.YEAR_LONG)
             or (what.quarterly and t.recurrence == "quarterly")
             or any(d in dates for d in t.unit_due.values())]
    return tasks, await _rosters(sources, tasks)


async def _address(store: Store, found: list[Reminder]) -> list[Addressed]:
    """Each reminder with every chat of its unit (escalations: of the org's leads)."""
    units: dict[tuple[str, str], list[ChatRef]] = {}
    leads: dict[str, list[ChatRef]] = {}
    for b in await all_bindings(store):
        key = b.chat
        if b.role == ChatRole.LIAISON and b.unit:
            chats = units.setdefault((b.org, b.unit), [])
        elif b.role == ChatRole.LEAD:
            chats = leads.setdefault(b.org, [])
        else:
            continue
        if key not in chats:
            chats.append(key)
    addressed = []
    for r in found:
        to = leads.get(r.org) if r.kind == ReminderKind.ESCALATION else units.get((r.org, r.unit))
        addressed.append(Addressed(r, to[0], tuple(to[1:])) if to else Addressed(r, None))
    return addressed
