"""The workday calendar: chinese-calendar's official days (with 调休 make-up days), corrected by
the administrators' overrides kept in the store; Monday–Friday for years it does not cover."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from store.models import CalendarOverride
from store.repo import Store
from store.workdays import calendar_covers, official_year


@dataclass
class WorkCalendar:
    """Workday arithmetic with overrides (date -> workday?); each year is worked out once."""

    overrides: dict[date, bool] = field(default_factory=dict)
    _days: dict[int, list[bool]] = field(default_factory=dict, repr=False)
    _prefix: dict[int, list[int]] = field(default_factory=dict, repr=False)
    _base: dict[int, int] = field(default_factory=dict, repr=False)

    _epoch: int | None = field(default=None, repr=False)

    def _year(self, year: int) -> list[bool]:
        if year not in self._days:
            days = list(official_year(year))
            first = date(year, 1, 1)
            for day, workday in self.overrides.items():
                if day.year == year:
                    days[(day - first).days] = workday
            self._days[year] = days
        return self._days[year]

    def is_workday(self, day: date) -> bool:
        """Official workday, unless overridden."""
        return self._year(day.year)[day.timetuple().tm_yday - 1]

    def _count_to(self, day: date) -> int:
        """Workdays from the start of the first year asked about up to and including `day`
        (negative before it); only differences of these counts mean anything."""
        year = day.year
        if year not in self._prefix:
            running, prefix = 0, [0]
            for workday in self._year(year):
                running += workday
                prefix.append(running)
            self._prefix[year] = prefix
        return self._year_base(year) + self._prefix[year][day.timetuple().tm_yday]

    def _year_base(self, year: int) -> int:
        """Workdays in the years from the epoch up to `year` (exclusive)."""
        if self._epoch is None:
            self._epoch = year
        if year not in self._base:
            if year >= self._epoch:
                self._base[year] = 0 if year == self._epoch else self._year_base(year - 1) + sum(self._year(year - 1))
            else:
                self._base[year] = self._year_base(year + 1) - sum(self._year(year))
        return self._base[year]

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
        if end <= start:
            return 0
        return self._count_to(end) - self._count_to(start)

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


@dataclass(frozen=True)
class Override:
    """An administrator's correction of one day."""

    day: date
    workday: bool
    note: str | None


async def list_overrides(store: Store) -> list[Override]:
    """Every override, by day."""
    async with store.sessions() as session:
        rows = await session.scalars(select(CalendarOverride).order_by(CalendarOverride.day))
        return [Override(r.day, bool(r.workday), r.note) for r in rows.all()]


async def remove_override(store: Store, day: date) -> bool:
    """Drop the override of a day (the official calendar holds again); False when there is none."""
    async with store.sessions() as session, session.begin():
        row = await session.get(CalendarOverride, day)
        if row is None:
            return False
        await session.delete(row)
    store.writes += 1
    return True
