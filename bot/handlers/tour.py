"""The console's tour: one unit of the store to try each role with, chosen from the plans so
every hint answers something on the day it is shown."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from bot.domain.plans import current_plans
from bot.handlers.access import holds
from bot.handlers.answer import Answerer
from store.directory.directory import KIND_DEPARTMENT

# The government office that issues the plan answers as the lead, not as a liaison.
_OFFICE = re.compile(r"(府办|政府办公室|政府办)$")


@dataclass(frozen=True)
class TourExample:
    """A district, one of its departments, and a task that department holds this month."""

    org: str
    unit: str
    seq: int


async def tour_example(answerer: Answerer, today: date) -> TourExample | None:
    """The district whose current plan is of the latest year and has the most tasks (a town's
    own plan only when there is no district's), the department other than the office named on the most of that plan's tasks due this month (then
    of the whole plan; by name on a tie), and the first such task. None without a plan."""
    await answerer.refresh()
    plans = current_plans(answerer.catalog, today)
    districts = [p for p in plans if answerer.directory.parent_district(p.org) is None] or plans
    latest = max((p.year for p in districts), default=0)
    districts = [p for p in districts if p.year == latest]
    best: tuple[int, str, TourExample] | None = None
    for plan in districts:
        tasks = await answerer.reader.tasks([plan.id])
        month = [t for t in tasks if t.due_date and (t.due_date.year, t.due_date.month)
                 == (today.year, today.month)]
        named = Counter(u.name for t in tasks for u in t.units
                        if answerer.parser.gazetteer.unit_kind(u.name) == KIND_DEPARTMENT
                        and not _OFFICE.search(u.name))
        if not named:
            continue
        units = sorted(named, key=lambda n: (-sum(holds(t, n, answerer.directory) for t in month),
                                             -named[n], n))
        unit = units[0]
        held = [t for t in month if holds(t, unit, answerer.directory)] or \
            [t for t in tasks if holds(t, unit, answerer.directory)]
        example = TourExample(plan.org, unit, held[0].seq)
        if best is None or (-len(tasks), plan.org) < (best[0], best[1]):
            best = (-len(tasks), plan.org, example)
    return best[2] if best else None
