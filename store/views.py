"""Read models for answering questions: tasks with their units and latest progress per unit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from store.models import Assignment, Plan, Progress, Task, Unit
from store.repo import Store


@dataclass(frozen=True)
class PlanRef:
    """A stored plan, as the answer layer sees it."""

    id: int
    org: str
    year: int
    title: str | None


@dataclass(frozen=True)
class UnitRole:
    """A unit named on a task and its role (lead / cooperate / implement / responsible)."""

    name: str
    kind: str
    role: str


@dataclass(frozen=True)
class ProgressView:
    """The latest progress of one unit on one task."""

    unit: str
    status: str
    note: str | None
    actor: str | None
    at: datetime


@dataclass
class TaskView:
    """One task with everything a reply shows about it."""

    id: int
    plan_id: int
    org: str
    year: int
    seq: int
    area: list[str]
    title: str | None
    content: str
    deadline_text: str | None
    due_date: date | None
    kind: str
    recurrence: str | None
    units: list[UnitRole]
    progress: dict[str, ProgressView] = field(default_factory=dict)


async def plan_refs(store: Store) -> list[PlanRef]:
    """Every stored plan (cheap: a few hundred rows at most per org)."""
    async with store.sessions() as session:
        rows = await session.execute(select(Plan.id, Plan.org, Plan.year, Plan.title))
        return [PlanRef(*row) for row in rows.all()]


async def plans_stamp(store: Store) -> tuple[int, datetime | None]:
    """A value that changes whenever a plan is imported or revised (for caches)."""
    async with store.sessions() as session:
        row = (await session.execute(select(func.count(Plan.id), func.max(Plan.updated_at)))).one()
        return int(row[0]), row[1]


async def store_units(store: Store) -> list[tuple[str, str, str]]:
    """Every stored unit as (org, name, kind)."""
    async with store.sessions() as session:
        rows = await session.execute(select(Unit.org, Unit.name, Unit.kind))
        return [tuple(r) for r in rows.all()]  # type: ignore[misc]


async def select_tasks(
    store: Store,
    plan_ids: Sequence[int],
    *,
    units: Sequence[str] | None = None,
    due: tuple[date, date] | None = None,
    seq: int | None = None,
    terms: Sequence[str] | None = None,
    ids: Sequence[int] | None = None,
) -> list[TaskView]:
    """Active tasks of the given plans, optionally only those of `units`, due within `due`,
    numbered `seq`, or mentioning any of `terms`; ordered by plan and number."""
    if not plan_ids:
        return []
    query: Select = (
        select(Task, Plan.org, Plan.year)
        .join(Plan, Plan.id == Task.plan_id)
        .where(Task.active, Task.plan_id.in_(list(plan_ids)))
        .options(selectinload(Task.assignments).selectinload(Assignment.unit))
        .order_by(Plan.org, Plan.year, Task.seq)
    )
    if units is not None:
        query = query.where(Task.id.in_(
            select(Assignment.task_id).join(Unit, Unit.id == Assignment.unit_id)
            .where(Unit.name.in_(list(units)))
        ))
    if due is not None:
        query = query.where(and_(Task.due_date >= due[0], Task.due_date <= due[1]))
    if seq is not None:
        query = query.where(Task.seq == seq)
    if ids is not None:
        query = query.where(Task.id.in_(list(ids)))
    if terms:
        query = query.where(or_(*(
            or_(Task.content.contains(t, autoescape=True), Task.title.contains(t, autoescape=True))
            for t in terms
        )))
    async with store.sessions() as session:
        rows = (await session.execute(query)).all()
        views = [_view(task, org, year) for task, org, year in rows]
        if views:
            await _attach_progress(session, views)
    return views


async def search_texts(store: Store, plan_ids: Sequence[int],
                       terms: Sequence[str]) -> list[tuple[int, str]]:
    """(task id, searchable text) of active tasks mentioning any of `terms`."""
    if not plan_ids or not terms:
        return []
    text = func.coalesce(Task.title, "") + " " + Task.content + " " + func.coalesce(Task.deadline_text, "")
    query = (
        select(Task.id, Task.title, Task.content, Task.area)
        .where(Task.active, Task.plan_id.in_(list(plan_ids)))
        .where(or_(*(text.contains(t, autoescape=True) for t in terms)))
    )
    async with store.sessions() as session:
        rows = (await session.execute(query)).all()
    return [(i, " ".join((*(area or []), title or "", content))) for i, title, content, area in rows]


async def count_undated(store: Store, plan_ids: Sequence[int], units: Sequence[str] | None,
                        outside: tuple[date, date]) -> dict[str, int]:
    """Year-long and undated tasks not due within `outside`, counted by kind."""
    if not plan_ids:
        return {}
    query = (
        select(Task.kind, func.count(Task.id))
        .where(Task.active, Task.plan_id.in_(list(plan_ids)),
               Task.kind.in_(("year-long", "ongoing", "relative", "unknown")),
               or_(Task.due_date.is_(None), Task.due_date < outside[0], Task.due_date > outside[1]))
        .group_by(Task.kind)
    )
    if units is not None:
        query = query.where(Task.id.in_(
            select(Assignment.task_id).join(Unit, Unit.id == Assignment.unit_id)
            .where(Unit.name.in_(list(units)))
        ))
    async with store.sessions() as session:
        return {kind: int(n) for kind, n in (await session.execute(query)).all()}


async def _attach_progress(session, views: list[TaskView]) -> None:  # type: ignore[no-untyped-def]
    by_id = {v.id: v for v in views}
    ids = list(by_id)
    for start in range(0, len(ids), 5000):
        rows = await session.execute(
            select(Progress.task_id, Unit.name, Progress.status, Progress.note, Progress.actor,
                   Progress.created_at)
            .join(Unit, Unit.id == Progress.unit_id)
            .where(Progress.task_id.in_(ids[start:start + 5000]))
            .order_by(Progress.created_at, Progress.id)
        )
        for task_id, unit, status, note, actor, at in rows.all():
            by_id[task_id].progress[unit] = ProgressView(unit, status, note, actor, at)


def _view(task: Task, org: str, year: int) -> TaskView:
    units = [UnitRole(a.unit.name, a.unit.kind, a.role)
             for a in sorted(task.assignments, key=lambda a: a.position)]
    return TaskView(task.id, task.plan_id, org, year, task.seq, list(task.area or []), task.title,
                    task.content, task.deadline_text, task.due_date, task.kind, task.recurrence, units)
