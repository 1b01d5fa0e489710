"""Which plans and which unit names a query is about: pure functions of the plan catalog."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.domain.plans import current_plan
from bot.nlu.query import Query
from store.directory.directory import KIND_COLLECTIVE, Directory, classify
from store.views import PlanRef


@dataclass
class Scope:
    """The plans to read and the unit filter; `problem` explains when there is nothing to read."""

    plans: list[PlanRef] = field(default_factory=list)
    org: str | None = None
    unit: str | None = None
    unit_names: list[str] | None = None  # the unit and the collectives it belongs to
    default_unit: bool = False  # the unit is the asking liaison's, not one the question named
    problem: str | None = None  # key of texts.SCOPE_PROBLEMS
    latest: PlanRef | None = None  # the newest plan, when the period lies beyond it
    orgs: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # orgs left out: no plan for the time asked

    @property
    def plan_ids(self) -> list[int]:
        """Ids of the plans in scope."""
        return [p.id for p in self.plans]


def plans_for(plans: list[PlanRef], q: Query, today: date) -> tuple[list[PlanRef], str | None]:
    """One org's plans the query means, or the reason there are none."""
    if not plans:
        return [], "no_plan"
    latest = max(p.year for p in plans)
    if q.year is not None:
        chosen = [p for p in plans if p.year == q.year] or running_into(plans, q)
        if chosen:
            return chosen, None
        return [], "beyond" if q.year > latest else "no_year"
    if q.period is not None:
        years = range(q.period.start.year, q.period.end.year + 1)
        chosen = [p for p in plans if p.year in years] or running_into(plans, q)
        if chosen:
            return chosen, None
        return [], "beyond" if q.period.start.year > latest else "no_year"
    current = current_plan(plans, today)
    return ([current] if current else []), None


def running_into(plans: list[PlanRef], q: Query) -> list[PlanRef]:
    """Earlier plans with work due in the period asked (a 2025 plan's report due 2026-01-31 is
    found by 「明年1月任务」), for when no plan of the period's year exists."""
    if q.period is None:
        return []
    start = q.period.start
    return [p for p in plans if p.year < start.year and p.last_due is not None and p.last_due >= start]


def choose(grouped: dict[str, list[PlanRef]], q: Query, org: str | None, today: date) -> Scope:
    """The plans to answer from: the named (or bound) org's, or every org's when none is named
    (`grouped` is the catalog grouped by org, see by_org)."""
    scope = Scope(org=org, orgs=list(grouped))
    by_org = grouped
    if not by_org:
        scope.problem = "empty_store"
        return scope
    if org is None and len(by_org) == 1:
        org = scope.org = next(iter(by_org))
    if org is not None:
        chosen, problem = plans_for(by_org.get(org, []), q, today)
        scope.plans, scope.problem = chosen, problem
        if problem == "beyond":
            scope.latest = max(by_org[org], key=lambda p: p.year)
        return scope
    problems = set()
    for name, plans in by_org.items():
        chosen, problem = plans_for(plans, q, today)
        scope.plans.extend(chosen)
        if problem:
            problems.add(problem)
            scope.skipped.append(name)
    if not scope.plans:
        scope.skipped = []
        scope.problem = "beyond" if problems == {"beyond"} else "no_year"
        if scope.problem == "beyond":
            scope.latest = max((p for plans in by_org.values() for p in plans), key=lambda p: p.year)
    return scope


def unit_names(unit: str, kind: str | None, directory: Directory) -> list[str]:
    """The unit and the collectives it belongs to (区数据局 -> 区数据局, 各部门 …)."""
    info = directory.lookup(unit)
    kind = kind or (info.kind if info else classify(unit))
    if kind == KIND_COLLECTIVE:
        # 各街道 also holds what 各街道（镇） holds: every street is one of its members.
        members = directory.collectives[unit].members if unit in directory.collectives else None
        covering = _COVERING.get(members or "", set())
        return [unit, *(c.name for c in directory.collectives.values()
                        if c.members in covering and c.name != unit)]
    return [unit, *directory.collectives_of(kind)]


# Collectives whose members include every member of a collective of these members.
_COVERING = {"streets": {"streets", "streets_towns"}, "towns": {"towns", "streets_towns"},
             "departments": {"departments"}, "streets_towns": {"streets_towns"}}
