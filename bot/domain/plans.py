"""Which of an org's plans is current: pure functions of the plan catalog."""

from __future__ import annotations

from datetime import date

from store.views import PlanRef


def current_plan(plans: list[PlanRef], today: date) -> PlanRef | None:
    """An org's current plan: its latest whose year is not after today's; else its earliest."""
    if not plans:
        return None
    past = [p for p in plans if p.year <= today.year]
    return max(past, key=lambda p: p.year) if past else min(plans, key=lambda p: p.year)


def by_org(catalog: list[PlanRef]) -> dict[str, list[PlanRef]]:
    """The catalog grouped by org, orgs in name order."""
    grouped: dict[str, list[PlanRef]] = {}
    for plan in sorted(catalog, key=lambda p: (p.org, p.year)):
        grouped.setdefault(plan.org, []).append(plan)
    return grouped


def current_plans(catalog: list[PlanRef], today: date) -> list[PlanRef]:
    """Every org's current plan."""
    return [p for p in (current_plan(ps, today) for ps in by_org(catalog).values()) if p]
