"""A task's record as its page shows it: every progress report (not only the latest per unit)
and every extension request, oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from store.models import Extension, Progress, Unit
from store.repo import Store


@dataclass(frozen=True)
class ProgressEntry:
    """One progress report of a unit on a task."""

    unit: str
    status: str
    note: str | None
    evidence: str | None
    actor: str | None
    at: datetime


@dataclass(frozen=True)
class ExtensionEntry:
    """One extension request on a task and its state."""

    id: int
    unit: str
    old_due: date | None
    new_due: date
    reason: str
    status: str  # pending / approved / rejected
    requested_by: str | None
    decided_by: str | None
    at: datetime
    decided_at: datetime | None


async def progress_history(store: Store, task_id: int) -> list[ProgressEntry]:
    """Every progress report on the task, oldest first."""
    async with store.sessions() as session:
        rows = await session.execute(
            select(Unit.name, Progress.status, Progress.note, Progress.evidence, Progress.actor,
                   Progress.created_at)
            .join(Unit, Unit.id == Progress.unit_id).where(Progress.task_id == task_id)
            .order_by(Progress.created_at, Progress.id))
        return [ProgressEntry(*r) for r in rows.all()]


async def task_extensions(store: Store, task_id: int) -> list[ExtensionEntry]:
    """Every extension request on the task, oldest first."""
    async with store.sessions() as session:
        rows = await session.scalars(select(Extension).where(Extension.task_id == task_id)
                                     .order_by(Extension.created_at, Extension.id))
        return [ExtensionEntry(e.id, e.unit, e.old_due, e.new_due, e.reason, e.status,
                               e.requested_by, e.decided_by, e.created_at, e.decided_at)
                for e in rows.all()]
