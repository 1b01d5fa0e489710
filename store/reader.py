"""A read-through cache of plans' tasks for answering questions fast.

The database stays the record of truth. Tasks and their units change only when a plan is imported,
so each plan is loaded once and dropped when any plan changes. Progress is append-only, so the
cache applies the records newer than the last one it saw instead of reloading anything.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import Row, Select, func, select

from store.models import Assignment, Plan, Progress, Task, Unit
from store.repo import Store
from store.views import PlanRef, ProgressView, TaskView, UnitRole
from store.workflow import approved_dues

# How often (seconds) to look for changes made by other processes, unless the store hears of them
# (store.changes); changes made through the same Store object are seen at once.
RECHECK_SECONDS = 1.0
_CHUNK = 400


class TaskReader:
    """Tasks of stored plans with units and latest progress, served from memory."""

    def __init__(self, store: Store, clock: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self._clock = clock
        self._plans: dict[int, list[TaskView]] = {}
        self._by_id: dict[int, TaskView] = {}
        self.catalog: list[PlanRef] = []
        self._order: dict[int, tuple[str, int]] = {}
        self._stamp: tuple[int, datetime | None] | None = None
        self._writes = -1
        self._checked = float("-inf")
        self._last_progress = 0

    async def sync(self) -> bool:
        """Pick up imports and progress made elsewhere; True when the plan catalog changed."""
        now = self._clock()
        if self._writes == self.store.writes and (
                self.store.hears_others or now - self._checked < RECHECK_SECONDS):
            return False
        self._checked, self._writes = now, self.store.writes
        async with self.store.sessions() as session:
            row = (await session.execute(select(func.count(Plan.id), func.max(Plan.updated_at)))).one()
            stamp = (int(row[0]), row[1])
            changed = stamp != self._stamp
            if changed:
                last_due = (select(func.max(Task.due_date))
                            .where(Task.plan_id == Plan.id, Task.active).scalar_subquery())
                rows = await session.execute(select(Plan.id, Plan.org, Plan.year, Plan.title, last_due))
                self.catalog = [PlanRef(*r) for r in rows.all()]
                self._order = {p.id: (p.org, p.year) for p in self.catalog}
                self._plans.clear()
                self._by_id.clear()
                self._last_progress = 0
                self._stamp = stamp
            elif self._by_id:
                await self._apply_progress(session, Progress.id > self._last_progress)
        if self._by_id:
            await self._apply_extensions()
        return changed

    async def _apply_extensions(self) -> None:
        """Approved extensions move a unit's due date (a small table, read whole)."""
        for task in self._by_id.values():
            task.unit_due.clear()
        for (task_id, unit), due in (await approved_dues(self.store)).items():
            if (task := self._by_id.get(task_id)) is not None:
                task.unit_due[unit] = due

    def holds(self, plan_ids: Sequence[int]) -> bool:
        """Whether every one of these plans is in memory (call after `sync`)."""
        return all(p in self._plans for p in plan_ids)

    async def tasks(self, plan_ids: Sequence[int], *, units: Iterable[str] | None = None,
                    due: tuple[date, date] | None = None, seq: int | None = None,
                    ids: Iterable[int] | None = None) -> list[TaskView]:
        """Active tasks of the plans, filtered like the query asks, in plan and number order."""
        missing = [p for p in plan_ids if p not in self._plans]
        await self._load(missing)
        if missing:
            await self._apply_extensions()
        order = self._order
        plan_ids = sorted(plan_ids, key=lambda p: order.get(p, ("", 0)))
        wanted = set(units) if units is not None else None
        id_set = set(ids) if ids is not None else None
        found: list[TaskView] = []
        for plan_id in plan_ids:
            for task in self._plans.get(plan_id, ()):
                if seq is not None and task.seq != seq:
                    continue
                if id_set is not None and task.id not in id_set:
                    continue
                if due is not None and (task.due_date is None or not due[0] <= task.due_date <= due[1]):
                    continue
                if wanted is not None and not any(u.name in wanted for u in task.units):
                    continue
                found.append(task)
        return found

    async def _load(self, plan_ids: list[int]) -> None:
        if not plan_ids:
            return
        async with self.store.sessions() as session:
            for start in range(0, len(plan_ids), _CHUNK):
                await self._load_chunk(session, plan_ids[start:start + _CHUNK])

    async def _load_chunk(self, session, plan_ids: list[int]) -> None:  # type: ignore[no-untyped-def]
        if self._last_progress == 0:
            self._last_progress = int(await session.scalar(select(func.max(Progress.id))) or 0)
        for plan_id in plan_ids:
            self._plans[plan_id] = []
        for view in await load_views(session, Task.plan_id.in_(plan_ids), self._last_progress):
            self._plans[view.plan_id].append(view)
            self._by_id[view.id] = view

    async def _apply_progress(self, session, *conditions) -> None:  # type: ignore[no-untyped-def]
        self._last_progress = max(self._last_progress,
                                  await _progress(session, self._by_id, *conditions))


def tasks_query(condition) -> Select:  # type: ignore[no-untyped-def]
    """The columns of a TaskView for the active tasks matching `condition`."""
    return (select(Task.id, Task.plan_id, Plan.org, Plan.year, Task.seq, Task.area, Task.title,
                   Task.content, Task.deadline_text, Task.due_date, Task.kind, Task.recurrence)
            .join(Plan, Plan.id == Task.plan_id).where(condition, Task.active))


def task_view(r: Row) -> TaskView:
    """A row of tasks_query as a TaskView (no units or progress yet)."""
    return TaskView(r[0], r[1], r[2], r[3], r[4], list(r[5] or []), r[6], r[7], r[8], r[9],
                    r[10], r[11], [])


async def load_views(session, condition, progress_upto: int | None = None) -> list[TaskView]:  # type: ignore[no-untyped-def]
    """Active tasks matching `condition` (on Task columns) with their units and each unit's latest
    progress (records up to `progress_upto`), in plan and number order; three queries."""
    rows = await session.execute(tasks_query(condition).order_by(Task.plan_id, Task.seq))
    views = [task_view(r) for r in rows.all()]
    by_id = {v.id: v for v in views}
    units = await session.execute(
        select(Assignment.task_id, Unit.name, Unit.kind, Assignment.role)
        .join(Unit, Unit.id == Assignment.unit_id)
        .join(Task, Task.id == Assignment.task_id)
        .where(condition, Task.active)
        .order_by(Assignment.task_id, Assignment.position)
    )
    for task_id, name, kind, role in units.all():
        by_id[task_id].units.append(UnitRole(name, kind, role))
    upto = () if progress_upto is None else (Progress.id <= progress_upto,)
    await _progress(session, by_id, condition, Task.active, *upto)
    return views


async def _progress(session, by_id: dict[int, TaskView], *conditions) -> int:  # type: ignore[no-untyped-def]
    """Apply progress records matching `conditions` (newest wins); the highest record id seen."""
    rows = await session.execute(
        select(Progress.id, Progress.task_id, Unit.name, Progress.status, Progress.note,
               Progress.actor, Progress.created_at)
        .join(Unit, Unit.id == Progress.unit_id)
        .join(Task, Task.id == Progress.task_id)
        .where(*conditions)
        .order_by(Progress.id)
    )
    top = 0
    for record_id, task_id, unit, status, note, actor, at in rows.all():
        task = by_id.get(task_id)
        if task is not None:
            current = task.progress.get(unit)
            if current is None or (at, record_id) >= (current.at, 0):
                task.progress[unit] = ProgressView(unit, status, note, actor, at)
        top = max(top, record_id)
    return top
