"""Read models for answering questions: plans, tasks with their units and latest progress per unit
(plain values: reading them needs no database library)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property


@dataclass(frozen=True)
class PlanRef:
    """A stored plan, as the answer layer sees it."""

    id: int
    org: str
    year: int
    title: str | None
    last_due: date | None = None  # its latest due date: a plan's work may run into next year


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
    unit_due: dict[str, date] = field(default_factory=dict)  # approved extensions per unit

    @cached_property
    def text(self) -> str:
        """Area, title, content and deadline, lower-cased: what a keyword is looked for in."""
        return " ".join((*self.area, self.title or "", self.content, self.deadline_text or "")).lower()

