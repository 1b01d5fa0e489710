"""Which reminders a day brings: pure functions of the tasks, the workday calendar and the day.

deadline   — 7, 3 and 1 workday(s) before the due workday, and on it;
overdue    — 1, 3 and 5 workdays after the due workday, then every 5 workdays until done;
escalation — the same days, from 3 workdays overdue: the org's leads hear of the late unit;
checkpoint — year-long work, on the first workday of March, June and September;
quarterly_report — work reported every quarter, on the first workday of the quarter's last month
             and 3 workdays before the quarter's last workday, to units that have not yet reported
             that quarter; units that still have not reported by the 5th workday of the next
             quarter are escalated to the org's leads.
Every unit holding a task gets its own reminder (collectives expanded to their members); units
that reported the task done get none; nothing is sent on a day that is not a workday.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

from bot.domain.status import DONE, due_for
from store.calendar import WorkCalendar
from store.directory.directory import Directory
from store.holders import holders, member_kinds
from store.kinds import TaskKind
from store.reports import quarter_of
from store.views import TaskView

DEADLINE_DAYS = (7, 3, 1, 0)
OVERDUE_DAYS = (1, 3, 5)
OVERDUE_EVERY = 5
ESCALATE_FROM = 3
CHECKPOINT_MONTHS = (3, 6, 9)
QUARTERLY_BEFORE_END = 3
REPORT_GRACE = 5


class ReminderKind(StrEnum):
    """What a reminder is about (see the module's docstring)."""

    DEADLINE = "deadline"
    OVERDUE = "overdue"
    ESCALATION = "escalation"
    CHECKPOINT = "checkpoint"
    QUARTERLY_REPORT = "quarterly_report"


KINDS = tuple(ReminderKind)


@dataclass(frozen=True)
class Policy:
    """The reminder rules (the defaults above; configurable in settings)."""

    deadline_days: tuple[int, ...] = DEADLINE_DAYS
    overdue_days: tuple[int, ...] = OVERDUE_DAYS
    overdue_every: int = OVERDUE_EVERY
    escalate_from: int = ESCALATE_FROM
    checkpoint_months: tuple[int, ...] = CHECKPOINT_MONTHS
    quarterly_before_end: int = QUARTERLY_BEFORE_END
    report_grace: int = REPORT_GRACE

    def __post_init__(self) -> None:
        if (not self.deadline_days or not self.overdue_days or self.overdue_every < 1
                or min(self.deadline_days) < 0 or min(self.overdue_days) < 1
                or self.escalate_from < 1 or self.report_grace < 1 or self.quarterly_before_end < 0
                or any(not 1 <= m <= 12 for m in self.checkpoint_months)):
            raise ValueError("提醒规则的取值不合理")


DEFAULT_POLICY = Policy()
Reported = frozenset[tuple[str, int, int, str]]  # (org, year, quarter, unit) that reported


def escalation_quarter(day: date, cal: WorkCalendar, policy: Policy) -> tuple[int, int] | None:
    """The quarter whose missing reports are escalated on `day` (the grace workday of the next
    quarter), if any."""
    first = cal.first_workday(day.year, (quarter_of(day) - 1) * 3 + 1)
    if day != cal.shift(first, policy.report_grace - 1):
        return None
    quarter = quarter_of(day)
    return (day.year - 1, 4) if quarter == 1 else (day.year, quarter - 1)


class Reminder(NamedTuple):
    """One reminder of one unit about one task on one day (a NamedTuple: immutable like a frozen
    dataclass, ~4x cheaper to make, and a checkpoint day makes hundreds of thousands)."""

    task_id: int
    org: str
    year: int
    seq: int
    unit: str
    kind: ReminderKind
    due_date: date | None
    day: date
    about: str | None = None  # the quarter ("2025Q3") a quarterly_report or report escalation is for


@dataclass
class _Day:
    day: date
    calendar: WorkCalendar
    policy: Policy
    quarter_marks: set[date] = field(default_factory=set)
    checkpoint: bool = False
    escalate_quarter: tuple[int, int] | None = None
    reported: Reported = frozenset()
    report_only: bool = False  # only missing quarterly reports (a plan no longer current)
    by_due: dict[date, list[tuple[ReminderKind, str | None]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Watch:
    """What can bring a reminder on a day: tasks due on `dates` (deadline and overdue), year-long
    tasks when `year_long`, quarterly ones when `quarterly`. A superset, so the store can be asked
    for just these tasks instead of every task."""

    dates: frozenset[date]
    year_long: bool
    quarterly: bool


def watch(day: date, calendar: WorkCalendar, since: date,
          policy: Policy = DEFAULT_POLICY) -> Watch:
    """The due dates (not before `since`) and task kinds `reminders_for` may remind of on `day`."""
    if not calendar.is_workday(day):
        return Watch(frozenset(), False, False)
    workdays = {calendar.shift(day, n) if n else day for n in policy.deadline_days}
    top, past, late = max(policy.overdue_days), day, 0
    while True:
        past, late = calendar.shift(past, -1), late + 1
        if past < since:
            break
        if late in policy.overdue_days or (late > top and (late - top) % policy.overdue_every == 0):
            workdays.add(past)
    dates: set[date] = set()
    for workday in workdays:
        d = workday
        dates.add(d)
        while not calendar.is_workday(d + timedelta(days=1)):
            d += timedelta(days=1)
            dates.add(d)
    ctx = _context(day, calendar, policy, frozenset())
    return Watch(frozenset(dates), ctx.checkpoint,
                 day in ctx.quarter_marks or ctx.escalate_quarter is not None)


def _context(day: date, calendar: WorkCalendar, policy: Policy, reported: Reported) -> _Day:
    return _Day(day, calendar, policy, _quarter_marks(day, calendar, policy),
                any(day == calendar.first_workday(day.year, m) for m in policy.checkpoint_months),
                escalation_quarter(day, calendar, policy), reported)


def reminders_for(day: date, tasks: list[TaskView], calendar: WorkCalendar, directory: Directory,
                  policy: Policy = DEFAULT_POLICY, *, known: dict[str, dict[str, str]] | None = None,
                  reported: Reported = frozenset(), report_only: bool = False) -> list[Reminder]:
    """Every reminder due on `day` for `tasks` (an org's current plan or several), in task and
    unit order. None on a day that is not a workday. Collectives expand to the units in
    `known[org]` (the org's roster, store.roster; by default, worked out from `tasks` and the
    directory, which must then be whole plans). With
    `report_only`, just the escalations of missing quarterly reports (for last year's plan once
    a newer one is current)."""
    if not calendar.is_workday(day):
        return []
    ctx = _context(day, calendar, policy, reported)
    ctx.report_only = report_only
    found: list[Reminder] = []
    by_org: dict[str, list[TaskView]] = {}
    for task in tasks:
        by_org.setdefault(task.org, []).append(task)
    for org, org_tasks in by_org.items():
        members = member_kinds(org_tasks, directory) if known is None else known.get(org, {})
        for task in org_tasks:
            # What a unit gets depends on the unit only through an extension of its own or a
            # quarterly report it handed in: otherwise it is the same for every unit, so it is
            # worked out once per task.
            if report_only and task.recurrence != "quarterly":
                continue
            shared = None if task.recurrence == "quarterly" else _kinds(task, None, ctx)
            if shared == [] and not task.unit_due:
                continue
            progress, extended = task.progress, task.unit_due
            for unit in sorted(holders(task, directory, members)):
                latest = progress.get(unit)
                if latest is not None and latest.status == DONE:
                    continue
                own = shared is None or unit in extended
                kinds = _kinds(task, unit, ctx) if own else shared
                if kinds:
                    due = due_for(task, unit) if own else task.due_date
                    for kind, about in kinds:
                        found.append(Reminder(task.id, task.org, task.year, task.seq, unit, kind,
                                              due, day, about))
    return found


def _kinds(task: TaskView, unit: str | None, ctx: _Day) -> list[tuple[ReminderKind, str | None]]:
    """The kinds of reminder the unit gets about the task today, each with the quarter it is
    about (quarterly reports only)."""
    kinds: list[tuple[ReminderKind, str | None]] = []
    cal, day, policy = ctx.calendar, ctx.day, ctx.policy
    due = None if ctx.report_only else due_for(task, unit)
    if due is not None:
        by_due = ctx.by_due.get(due)
        if by_due is None:  # the same for every task and unit due that day: worked out once
            by_due = []
            due_day = cal.due_workday(due)
            if day <= due_day and cal.workdays_between(day, due_day) in policy.deadline_days:
                by_due.append((ReminderKind.DEADLINE, None))
            late = cal.workdays_between(due_day, day)
            if late and (late in policy.overdue_days or (late > max(policy.overdue_days)
                                                         and (late - max(policy.overdue_days))
                                                         % policy.overdue_every == 0)):
                by_due.append((ReminderKind.OVERDUE, None))
                if late >= policy.escalate_from:
                    by_due.append((ReminderKind.ESCALATION, None))
            ctx.by_due[due] = by_due
        kinds.extend(by_due)
    if task.kind == TaskKind.YEAR_LONG and ctx.checkpoint and day.year == task.year and not ctx.report_only:
        kinds.append((ReminderKind.CHECKPOINT, None))
    if task.recurrence == "quarterly" and task.year == day.year and day in ctx.quarter_marks \
            and (task.org, day.year, quarter_of(day), unit) not in ctx.reported:
        kinds.append((ReminderKind.QUARTERLY_REPORT, f"{day.year}Q{quarter_of(day)}"))
    late_report = ctx.escalate_quarter
    if task.recurrence == "quarterly" and late_report is not None and task.year == late_report[0] \
            and (task.org, *late_report, unit) not in ctx.reported \
            and (ReminderKind.ESCALATION, None) not in kinds:
        kinds.append((ReminderKind.ESCALATION, "{}Q{}".format(*late_report)))
    return kinds


def _quarter_marks(day: date, cal: WorkCalendar, policy: Policy) -> set[date]:
    """This quarter's reporting reminders: first workday of its last month, and a few workdays
    before its last workday."""
    last_month = ((day.month - 1) // 3) * 3 + 3
    end = cal.last_workday(day.year, last_month)
    return {cal.first_workday(day.year, last_month), cal.shift(end, -policy.quarterly_before_end)}
