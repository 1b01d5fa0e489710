"""Which reminders a day brings: pure functions of the tasks, the workday calendar and the day.

deadline   — 7, 3 and 1 workday(s) before the due workday, and on it;
overdue    — 1, 3 and 5 workdays after the due workday, then every 5 workdays until done;
escalation — the same days, from 3 workdays overdue: the org's leads hear of the late unit;
checkpoint — year-long work, on the first workday of March, June and September;
quarterly_report — work reported every quarter, on the first workday of the quarter's last month
             and 3 workdays before the quarter's last workday.
Every unit holding a task gets its own reminder (collectives expanded to their members); units
that reported the task done get none; nothing is sent on a day that is not a workday.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.handlers.status import DONE, due_for, unit_status
from store.calendar import WorkCalendar
from store.directory.directory import Directory
from store.holders import holders, member_kinds
from store.views import TaskView

DEADLINE_DAYS = (7, 3, 1, 0)
OVERDUE_DAYS = (1, 3, 5)
OVERDUE_EVERY = 5
ESCALATE_FROM = 3
CHECKPOINT_MONTHS = (3, 6, 9)
QUARTERLY_BEFORE_END = 3
KINDS = ("deadline", "overdue", "escalation", "checkpoint", "quarterly_report")


@dataclass(frozen=True)
class Policy:
    """The reminder rules (the defaults above; configurable in settings)."""

    deadline_days: tuple[int, ...] = DEADLINE_DAYS
    overdue_days: tuple[int, ...] = OVERDUE_DAYS
    overdue_every: int = OVERDUE_EVERY
    escalate_from: int = ESCALATE_FROM
    checkpoint_months: tuple[int, ...] = CHECKPOINT_MONTHS
    quarterly_before_end: int = QUARTERLY_BEFORE_END


DEFAULT_POLICY = Policy()


@dataclass(frozen=True)
class Reminder:
    """One reminder of one unit about one task on one day."""

    task_id: int
    org: str
    year: int
    seq: int
    unit: str
    kind: str
    due_date: date | None
    day: date


@dataclass
class _Day:
    day: date
    calendar: WorkCalendar
    policy: Policy
    quarter_marks: set[date] = field(default_factory=set)
    checkpoint: bool = False


def reminders_for(day: date, tasks: list[TaskView], calendar: WorkCalendar, directory: Directory,
                  policy: Policy = DEFAULT_POLICY) -> list[Reminder]:
    """Every reminder due on `day` for `tasks` (an org's current plan or several), in task and
    unit order. None on a day that is not a workday."""
    if not calendar.is_workday(day):
        return []
    ctx = _Day(day, calendar, policy, _quarter_marks(day, calendar, policy),
               any(day == calendar.first_workday(day.year, m) for m in policy.checkpoint_months))
    found: list[Reminder] = []
    by_org: dict[str, list[TaskView]] = {}
    for task in tasks:
        by_org.setdefault(task.org, []).append(task)
    for org_tasks in by_org.values():
        known = member_kinds(org_tasks, directory)
        for task in org_tasks:
            for unit in sorted(holders(task, directory, known)):
                if unit_status(task, unit) == DONE:
                    continue
                for kind in _kinds(task, unit, ctx):
                    found.append(Reminder(task.id, task.org, task.year, task.seq, unit, kind,
                                          due_for(task, unit), day))
    return found


def _kinds(task: TaskView, unit: str, ctx: _Day) -> list[str]:
    kinds: list[str] = []
    cal, day, policy = ctx.calendar, ctx.day, ctx.policy
    due = due_for(task, unit)
    if due is not None:
        due_day = cal.due_workday(due)
        if day <= due_day and cal.workdays_between(day, due_day) in policy.deadline_days:
            kinds.append("deadline")
        late = cal.workdays_between(due_day, day)
        if late and (late in policy.overdue_days or (late > max(policy.overdue_days)
                                                     and (late - max(policy.overdue_days))
                                                     % policy.overdue_every == 0)):
            kinds.append("overdue")
            if late >= policy.escalate_from:
                kinds.append("escalation")
    if task.kind == "year-long" and ctx.checkpoint and day.year == task.year:
        kinds.append("checkpoint")
    if task.recurrence == "quarterly" and day in ctx.quarter_marks:
        kinds.append("quarterly_report")
    return kinds


def _quarter_marks(day: date, cal: WorkCalendar, policy: Policy) -> set[date]:
    """This quarter's reporting reminders: first workday of its last month, and a few workdays
    before its last workday."""
    last_month = ((day.month - 1) // 3) * 3 + 3
    end = cal.last_workday(day.year, last_month)
    return {cal.first_workday(day.year, last_month), cal.shift(end, -policy.quarterly_before_end)}
