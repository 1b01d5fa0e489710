"""Progress and due-date status of tasks: pure functions of a task, a unit and today. The answers
and the reminder policy both read tasks through these rules."""

from __future__ import annotations

from datetime import date, timedelta

from bot.nlu.query import Status
from store.directory.directory import KIND_COLLECTIVE
from store.kinds import Progress, TaskKind
from store.views import TaskView

NOT_STARTED, IN_PROGRESS, DONE = Progress.NOT_STARTED, Progress.IN_PROGRESS, Progress.DONE
DUE_SOON_DAYS = 7
UNDATED_KINDS = (TaskKind.ONGOING, TaskKind.RELATIVE, TaskKind.UNKNOWN)


def unit_status(task: TaskView, unit: str) -> str:
    """The unit's latest reported status on the task."""
    progress = task.progress.get(unit)
    return progress.status if progress else NOT_STARTED


def task_status(task: TaskView, unit: str | None = None) -> str:
    """A unit's status, or for the whole task: done when every unit named on it by name reported
    done. Work given only to collectives (各部门、各街道（镇）) is never done as a whole because
    some members report: their reports make it in progress."""
    if unit is not None:
        return unit_status(task, unit)
    direct = [u.name for u in task.units if u.kind != KIND_COLLECTIVE]
    if direct and all(unit_status(task, name) == DONE for name in direct):
        return DONE
    if any(p.status in (IN_PROGRESS, DONE) for p in task.progress.values()):
        return IN_PROGRESS
    return NOT_STARTED


def due_for(task: TaskView, unit: str | None) -> date | None:
    """The unit's due date: the plan's, unless an approved extension moved it."""
    if unit is not None and unit in task.unit_due:
        return task.unit_due[unit]
    return task.due_date


def is_overdue(task: TaskView, today: date, unit: str | None = None) -> bool:
    """Not done and its due date has passed."""
    due = due_for(task, unit)
    return due is not None and due < today and task_status(task, unit) != DONE


def is_due_soon(task: TaskView, today: date, unit: str | None = None) -> bool:
    """Not done and due within the next seven days (today included)."""
    due = due_for(task, unit)
    return (due is not None and today <= due <= today + timedelta(DUE_SOON_DAYS)
            and task_status(task, unit) != DONE)


def matches(task: TaskView, status: Status | None, today: date, unit: str | None = None) -> bool:
    """Whether the task passes a query's status filter."""
    if status is None:
        return True
    if status == Status.OVERDUE:
        return is_overdue(task, today, unit)
    if status == Status.DUE_SOON:
        return is_due_soon(task, today, unit)
    if status == Status.OPEN:
        return task_status(task, unit) != DONE
    return task_status(task, unit) == status
