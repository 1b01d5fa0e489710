"""The store's side of a day's reminders: only the tasks that can bring one are read.

A day's reminders concern tasks due on a few dates (the deadline and overdue days the policy
names), year-long tasks on checkpoint days and quarterly ones on reporting days. Those are found
through indexes (tasks.due_date, tasks.recurrence, extensions.new_due) instead of reading every
task of every plan; the units collectives expand to are read per org with EXISTS probes on
assignments.unit_id and progress.unit_id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, exists, false, or_, select
from sqlalchemy.sql.elements import ColumnElement

from store.models import Assignment, Extension, Progress, Task, Unit
from store.reader import load_views
from store.repo import Store
from store.views import TaskView
from store.workflow import approved_dues


@dataclass
class PlanUnits:
    """An org's units on a plan: those named on its tasks (name -> kind) and those that reported."""

    named: dict[str, str] = field(default_factory=dict)
    reporters: set[str] = field(default_factory=set)


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


async def reminder_tasks(store: Store, plan_ids: Sequence[int], dates: Iterable[date],
                         year_long: bool, quarterly: bool) -> list[TaskView]:
    """The tasks of these plans that can bring a reminder, with units, progress and approved
    extensions, in org, year and number order."""
    if not plan_ids:
        return []
    condition = candidates(plan_ids, dates, year_long, quarterly)
    async with store.sessions() as session:
        views = await load_views(session, condition)
    if views:
        by_id = {v.id: v for v in views}
        for (task_id, unit), due in (await approved_dues(store)).items():
            if (task := by_id.get(task_id)) is not None:
                task.unit_due[unit] = due
    views.sort(key=lambda v: (v.org, v.year, v.seq))
    return views


async def plan_units(store: Store, plans: dict[str, int]) -> dict[str, PlanUnits]:
    """For each org (org -> its plan id): the units named on the plan's tasks and those that
    reported on them."""
    found = {org: PlanUnits() for org in plans}
    if not plans:
        return found
    plan_of = {plan_id: org for org, plan_id in plans.items()}
    async with store.sessions() as session:
        for plan_id, org in plan_of.items():
            named = exists().where(Assignment.unit_id == Unit.id, Assignment.task_id == Task.id,
                                   Task.plan_id == plan_id, Task.active)
            reported = exists().where(Progress.unit_id == Unit.id, Progress.task_id == Task.id,
                                      Task.plan_id == plan_id)
            rows = await session.execute(
                select(Unit.name, Unit.kind, named, reported)
                .where(Unit.org == org, or_(named, reported)))
            for name, kind, is_named, did_report in rows.all():
                if is_named:
                    found[org].named[name] = kind
                if did_report:
                    found[org].reporters.add(name)
    return found
