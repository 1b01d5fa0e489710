"""Use cases of the web console's overview: an org's dashboard (per unit: tasks, done, in
progress, overdue, due within 7 days, completion and its light, counted by the same rules as
「进度统计」, bot.handlers.summary) and the task lists behind each of its numbers. Platform
independent: the web adapter only renders what these return."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from bot.domain.plans import current_plan
from bot.domain.status import DONE, IN_PROGRESS, is_due_soon, is_overdue, task_status, unit_status
from bot.handlers.answer import Answerer
from bot.handlers.context import ChatContext
from bot.handlers.env import Env
from bot.handlers.reports import QuarterState, quarter_state
from bot.handlers.scope import Scope
from bot.handlers.summary import Row, order, org_rows, unit_rows
from bot.nlu.query import Intent, Query
from store.directory.directory import KIND_DEPARTMENT, KIND_STREET, KIND_TOWN
from store.holders import holders
from store.reports import report_quarter
from store.roster import roster
from store.views import PlanRef, TaskView

LATEST_SHOWN = 10  # latest progress reports on the dashboard


class KindFilter(StrEnum):
    """Which units a dashboard shows: 部门 / 街道 / 镇 / 其他 (centres and other bodies)."""

    DEPARTMENT = "department"
    STREET = "street"
    TOWN = "town"
    OTHER = "other"

    def covers(self, kind: str | None) -> bool:
        """Whether a roster kind falls under this filter."""
        if self is KindFilter.OTHER:
            return kind not in (KIND_DEPARTMENT, KIND_STREET, KIND_TOWN)
        return kind == self.value


class Light(StrEnum):
    """A unit row's light (summary.Row.light): red overdue, yellow due soon, green on track."""

    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"


class Count(StrEnum):
    """The numbers of a row, each a task list: all held, done, in progress, overdue, due soon."""

    ALL = "all"
    DONE = "done"
    IN_PROGRESS = "in_progress"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"


@dataclass(frozen=True)
class UnitLine:
    """One unit row of the dashboard and the unit's roster kind."""

    row: Row
    kind: str | None


@dataclass(frozen=True)
class Latest:
    """A recent progress report, as the dashboard lists it."""

    task_id: int
    seq: int
    unit: str
    status: str
    note: str | None
    at: datetime


@dataclass
class Dashboard:
    """An org's overview on a day, with the filters applied to its unit rows."""

    org: str
    plan: PlanRef
    today: date
    total: Row
    units: list[UnitLine]
    unexpanded: list[str]
    quarter: tuple[int, int]
    reports: QuarterState
    latest: list[Latest] = field(default_factory=list)


def plan_env(answerer: Answerer, plan: PlanRef, today: date, unit: str | None = None) -> Env:
    """The inputs the summary and report rules read, for one org's plan (no question asked)."""
    q = Query(intent=Intent.SUMMARY, org=plan.org, unit=unit)
    return Env(answerer.store, answerer.reader, answerer.directory, answerer.segmenter, q,
               ChatContext(org=plan.org), today, Scope(plans=[plan], org=plan.org, unit=unit),
               answerer.catalog, tz=answerer.tz)


async def org_plan(answerer: Answerer, org: str, today: date) -> PlanRef | None:
    """The org's current plan (the one its chats are answered from), or None."""
    await answerer.refresh()
    return current_plan([p for p in answerer.catalog if p.org == org], today)


async def orgs(answerer: Answerer) -> list[str]:
    """Every org with a stored plan, districts first."""
    await answerer.refresh()
    return sorted({p.org for p in answerer.catalog}, key=lambda o: (not o.endswith("区"), o))


async def dashboard(answerer: Answerer, plan: PlanRef, today: date, *,
                    kind: KindFilter | None = None, light: Light | None = None,
                    unit: str | None = None) -> Dashboard:
    """The org's dashboard over its plan: the org's totals, a row per unit (only `unit`'s for a
    liaison; only units of `kind`, or with `light`, when filtered), who owes this quarter's
    report, and the latest progress reports."""
    env = plan_env(answerer, plan, today)
    tasks = await answerer.reader.tasks([plan.id])
    members = await roster(answerer.store, plan.org, answerer.directory)
    counted = await unit_rows(tasks, env) if tasks else None
    total = org_rows(tasks, env)[0] if tasks else Row(plan.org)
    lines = []
    for row in order(counted.rows if counted else []):
        found = members.kind_of(row.name)
        if unit is not None and row.name != unit:
            continue
        if kind is not None and not kind.covers(found):
            continue
        if light is not None and row.light != light:
            continue
        lines.append(UnitLine(row, found))
    year, quarter = report_quarter(today)
    state = await quarter_state(env, plan.org, year, quarter)
    latest = sorted((Latest(t.id, t.seq, p.unit, p.status, p.note, p.at)
                     for t in tasks for p in t.progress.values()
                     if unit is None or p.unit == unit),
                    key=lambda x: (x.at, x.seq), reverse=True)[:LATEST_SHOWN]
    return Dashboard(plan.org, plan, today, total, lines, counted.unknown if counted else [],
                     (year, quarter), state, latest)


def counts_as(task: TaskView, count: Count, today: date, unit: str | None) -> bool:
    """Whether a task is behind a row's number: the same tests summary.Row.add counts with."""
    status = unit_status(task, unit) if unit is not None else task_status(task)
    if count is Count.ALL:
        return True
    if count is Count.DONE:
        return status == DONE
    if count is Count.IN_PROGRESS:
        return status == IN_PROGRESS
    if count is Count.OVERDUE:
        return is_overdue(task, today, unit)
    return not is_overdue(task, today, unit) and is_due_soon(task, today, unit)


async def task_list(answerer: Answerer, plan: PlanRef, today: date, *, count: Count = Count.ALL,
                    unit: str | None = None, kind: KindFilter | None = None) -> list[TaskView]:
    """The tasks behind a dashboard number: held by `unit` (by its own status), or held by any
    unit of `kind`, or the org's (by the task's status), in plan order."""
    tasks = await answerer.reader.tasks([plan.id])
    if unit is not None or kind is not None:
        known = (await roster(answerer.store, plan.org, answerer.directory)).kinds
        if unit is not None:
            tasks = [t for t in tasks if unit in holders(t, answerer.directory, known)]
        else:
            assert kind is not None
            tasks = [t for t in tasks if any(kind.covers(known.get(name))
                                             for name in holders(t, answerer.directory, known))]
    return sorted((t for t in tasks if counts_as(t, count, today, unit)), key=lambda t: t.seq)
