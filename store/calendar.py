"""The workday calendar: chinese-calendar's official days (with 调休 make-up days), corrected by
the administrators' overrides kept in the store; Monday–Friday for years it does not cover."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from store.models import CalendarOverride
from store.repo import Store
from store.workdays import calendar_covers, is_workday


@dataclass
class WorkCalendar:
    """Workday arithmetic with overrides (date -> workday?)."""

    overrides: dict[date, bool] = field(default_factory=dict)

    def is_workday(self, day: date) -> bool:
        """Official workday, unless overridden."""
        return is_workday(day, self.overrides)

    def due_workday(self, due: date) -> date:
        """The due date, or the last workday before it when it is not one."""
        day = due
        while not self.is_workday(day):
            day -= timedelta(days=1)
        return day

    def shift(self, day: date, workdays: int) -> date:
        """The workday `workdays` workdays after (positive) or before (negative) `day`."""
        step = timedelta(days=1 if workdays > 0 else -1)
        remaining = abs(workdays)
        while remaining:
            day += step
            if self.is_workday(day):
                remaining -= 1
        return day

    def workdays_between(self, start: date, end: date) -> int:
        """Workdays after `start` up to and including `end` (0 when end <= start)."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_workday(day)
        return count

    def first_workday(self, year: int, month: int) -> date:
        """The month's first workday."""
        day = date(year, month, 1)
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day

    def last_workday(self, year: int, month: int) -> date:
        """The month's last workday."""
        nxt = date(year + (month == 12), month % 12 + 1, 1)
        return self.due_workday(nxt - timedelta(days=1))

    def covered(self, year: int) -> bool:
        """Whether the official calendar (or an override in that year) knows the year's holidays."""
        return calendar_covers(year) or any(d.year == year for d in self.overrides)


async def load_calendar(store: Store) -> WorkCalendar:
    """The calendar with every stored override."""
    async with store.sessions() as session:
        rows = await session.execute(select(CalendarOverride.day, CalendarOverride.workday))
        return WorkCalendar({day: bool(workday) for day, workday in rows.all()})


async def set_override(store: Store, day: date, workday: bool, note: str | None = None) -> None:
    """Mark a day as workday or holiday (replacing an earlier override of that day)."""
    async with store.sessions() as session, session.begin():
        row = await session.get(CalendarOverride, day)
        if row is None:
            session.add(CalendarOverride(day=day, workday=workday, note=note))
        else:
            row.workday, row.note = workday, note
    store.writes += 1
