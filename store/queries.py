"""Reads from the task store used by the CLI and the handlers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from store.models import Assignment, Plan, Task, Unit
from store.repo import Store


@dataclass(frozen=True)
class PlanSummary:
    """A stored plan with its number of active tasks."""

    id: int
    org: str
    year: int
    title: str | None
    doc_no: str | None
    tasks: int


async def plan_summaries(store: Store) -> list[PlanSummary]:
    """Every stored plan, newest year first."""
    async with store.sessions() as session:
        count = (
            select(Task.plan_id, func.count(Task.id).label("n"))
            .where(Task.active)
            .group_by(Task.plan_id)
            .subquery()
        )
        rows = await session.execute(
            select(Plan, func.coalesce(count.c.n, 0))
            .outerjoin(count, count.c.plan_id == Plan.id)
            .order_by(Plan.year.desc(), Plan.org)
        )
        return [PlanSummary(p.id, p.org, p.year, p.title, p.doc_no, n) for p, n in rows.all()]


async def plan_tasks(store: Store, org: str, year: int, include_removed: bool = False) -> list[Task]:
    """The tasks of an org's plan for a year, by number, with their units loaded."""
    async with store.sessions() as session:
        query = (
            select(Task)
            .join(Plan)
            .where(Plan.org == org, Plan.year == year)
            .options(selectinload(Task.assignments).selectinload(Assignment.unit))
            .order_by(Task.seq)
        )
        if not include_removed:
            query = query.where(Task.active)
        return list((await session.scalars(query)).all())


async def store_units(store: Store) -> list[tuple[str, str, str]]:
    """Every stored unit as (org, name, kind)."""
    async with store.sessions() as session:
        rows = await session.execute(select(Unit.org, Unit.name, Unit.kind))
        return [tuple(r) for r in rows.all()]  # type: ignore[misc]


async def plan_sources(store: Store) -> list[tuple[str, int]]:
    """Every stored plan's source file digest (sha256) and year."""
    async with store.sessions() as session:
        rows = await session.execute(select(Plan.source_sha256, Plan.year))
        return [(sha, year) for sha, year in rows.all()]
