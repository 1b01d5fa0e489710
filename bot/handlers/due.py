"""When work is due, as a liaison asks it: the next date a task wants something, the days and
workdays left, and tasks ordered nearest first."""

from __future__ import annotations

from datetime import date

from bot import texts
from bot.domain.status import DONE, due_for, is_overdue, task_status
from bot.handlers.render import short_date
from bot.nlu.periods import month_end
from store.calendar import WorkCalendar
from store.views import TaskView


def next_due(task: TaskView, today: date, unit: str | None = None) -> date | None:
    """The next date the task wants something: a quarterly report's quarter end (not after the
    task's own due date), else the unit's due date."""
    due = due_for(task, unit)
    if task.recurrence == "quarterly":
        quarter_end = month_end(today.year, ((today.month - 1) // 3 + 1) * 3)
        if due is None or quarter_end <= due:
            return quarter_end
    return due


def nearest_key(task: TaskView, today: date, unit: str | None) -> tuple:
    """Sort key: overdue work first, then what falls due soonest, then done work, then work
    with no date."""
    due = next_due(task, today, unit)
    if due is None:
        return (3, 0, task.org, task.year, task.seq)
    if task_status(task, unit) == DONE:
        return (2, due.toordinal(), task.org, task.year, task.seq)
    if is_overdue(task, today, unit):
        return (0, due.toordinal(), task.org, task.year, task.seq)
    return (1, due.toordinal(), task.org, task.year, task.seq)


def nearest(tasks: list[TaskView], today: date, unit: str | None) -> list[TaskView]:
    """The tasks ordered nearest first (see nearest_key)."""
    return sorted(tasks, key=lambda t: nearest_key(t, today, unit))


def time_left(task: TaskView, today: date, calendar: WorkCalendar, unit: str | None = None) -> str:
    """「还有 9 天（7 个工作日），截止10月31日」 · 「已逾期 5 天（截止8月31日）」 · 「今天截止」 ·
    「已完成」 · 「无固定时限」."""
    due = next_due(task, today, unit)
    if task_status(task, unit) == DONE:
        return texts.WHEN_DONE
    if due is None:
        return texts.NO_DUE
    when = short_date(due) if due.year == today.year else f"{due.year}年{short_date(due)}"
    quarterly = texts.WHEN_QUARTERLY if task.recurrence == "quarterly" else ""
    if due < today:
        return texts.WHEN_LATE.format(days=(today - due).days, date=when)
    if due == today:
        return quarterly + texts.WHEN_TODAY.format(date=when)
    workdays = calendar.workdays_between(today, calendar.due_workday(due))
    return quarterly + texts.WHEN_LEFT.format(days=(due - today).days, workdays=workdays, date=when)
