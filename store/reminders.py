"""The store's side of a day's reminders: only the tasks that can bring one are read.

A day's reminders concern tasks due on a few dates (the deadline and overdue days the policy
names), year-long tasks on checkpoint days and quarterly ones on reporting days. Those are found
through indexes (tasks.due_date, tasks.recurrence, extensions.new_due) instead of reading every
task of every plan; the units collectives expand to are the orgs' rosters (store/roster.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from sqlalchemy import and_, false, or_, select
from sqlalchemy.sql.elements import ColumnElement

from store.models import Assignment, Extension, Plan, Progress, Task, Unit
from store.reader import task_view, tasks_query
from store.repo import Store
from store.views import ProgressView, TaskView, UnitRole
from store.workflow import approved_dues


def candidates(plan_ids: Sequence[int], dates: Iterable[date], year_long: bool,
               quarterly: bool) -> ColumnElement[bool]:
    """The condition on tasks that can bring a reminder."""
    dates = sorted(dates)
    extended = select(Extension.task_id).where(Extension.status == "approved",
                                               Extension.new_due.in_(dates))
    terms: list[ColumnElement[bool]] = [Task.due_date.in_(dates), Task.id.in_(extended)]
    if year_long:
        terms.append(Task.kind == "year-long")
    if quarterly:
        terms.append(Task.recurrence == "quarterly")
    return and_(Task.plan_id.in_(plan_ids), or_(*terms) if dates or year_long or quarterly
                else false())


_LONG_AGO = datetime(1970, 1, 1, tzinfo=UTC)


async def reminder_tasks(store: Store, plan_ids: Sequence[int], dates: Iterable[date],
                         year_long: bool, quarterly: bool) -> list[TaskView]:
    """The tasks of these plans that can bring a reminder, with units, each unit's latest status
    and approved extensions, in org, year and number order. Lean: Core rows (no ORM loading),
    unit ids mapped to shared UnitRole objects, progress as (task, unit, status) in time order
    (the latest wins; its note, actor and time are not read: reminders need the status only)."""
    if not plan_ids:
        return []
    condition = candidates(plan_ids, dates, year_long, quarterly)
    orgs = select(Plan.org).where(Plan.id.in_(plan_ids))
    async with store.sessions() as session:
        conn = await session.connection()
        tasks = (await conn.execute(tasks_query(condition))).all()
        units = (await conn.execute(
            select(Unit.id, Unit.name, Unit.kind).where(Unit.org.in_(orgs)))).all()
        assignments = (await conn.execute(
            select(Assignment.task_id, Assignment.unit_id, Assignment.role)
            .join(Task, Task.id == Assignment.task_id).where(condition, Task.active)
            .order_by(Assignment.task_id, Assignment.position))).all()
        progress = (await conn.execute(
            select(Progress.task_id, Progress.unit_id, Progress.status)
            .join(Task, Task.id == Progress.task_id).where(condition, Task.active)
            .order_by(Progress.created_at, Progress.id))).all()
    extended = await approved_dues(store)
    views = [task_view(r) for r in tasks]
    by_id = {v.id: v for v in views}
    names = {uid: (name, kind) for uid, name, kind in units}
    roles: dict[tuple[int, str], UnitRole] = {}
    for task_id, unit_id, role in assignments:
        unit_role = roles.get((unit_id, role))
        if unit_role is None:
            unit_role = roles[unit_id, role] = UnitRole(*names[unit_id], role)
        by_id[task_id].units.append(unit_role)
    latest: dict[tuple[int, int], str] = {}
    for task_id, unit_id, status in progress:
        latest[task_id, unit_id] = status
    for (task_id, unit_id), status in latest.items():
        name = names[unit_id][0]
        by_id[task_id].progress[name] = ProgressView(name, status, None, None, _LONG_AGO)
    for (task_id, unit), due in extended.items():
        if (task := by_id.get(task_id)) is not None:
            task.unit_due[unit] = due
    views.sort(key=lambda v: (v.org, v.year, v.seq))
    return views
