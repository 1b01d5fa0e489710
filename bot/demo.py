"""The console's demo day: on a store that holds only the bundled sample plans (and no day is
fixed), the console answers as on a day inside the samples' year, so a newcomer's first
questions 「长宁区教育局10月任务」 find work whatever the real date is. A store with any other
plan is never shifted, and a service that sends reminders never uses it."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

from store.queries import plan_sources
from store.repo import Store

# The demo day is this day of the latest sample plan's year (a Monday in 2025), moved to the
# next Monday-to-Friday day in other years: late in the year, with work due that month.
DEMO_MONTH, DEMO_DAY = 10, 20


def sample_digests(plans_dir: Path) -> frozenset[str]:
    """The sha256 of each bundled sample plan file."""
    return frozenset(hashlib.sha256(p.read_bytes()).hexdigest()
                     for p in sorted(Path(plans_dir).glob("*.txt")))


def demo_day_of(year: int) -> date:
    """The demo day in `year`: 20 October, or the Monday after when it falls on a weekend."""
    day = date(year, DEMO_MONTH, DEMO_DAY)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


async def demo_day(store: Store, plans_dir: Path) -> date | None:
    """The demo day when every stored plan is a bundled sample (and there is one); else None."""
    sources = await plan_sources(store)
    samples = sample_digests(plans_dir) if sources else frozenset()
    if not sources or any(sha not in samples for sha, _ in sources):
        return None
    return demo_day_of(max(year for _, year in sources))
