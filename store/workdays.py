"""Mainland China workdays (with 调休 make-up days) from chinese-calendar, Monday–Friday beyond it."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar

_log = logging.getLogger(__name__)
_warned_years: set[int] = set()


def is_workday(day: date, overrides: dict[date, bool] | None = None) -> bool:
    """Whether `day` is an official workday; `overrides` (date -> workday?) win over the calendar."""
    if overrides and day in overrides:
        return overrides[day]
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        if day.year not in _warned_years:
            _warned_years.add(day.year)
            _log.warning("chinese-calendar does not cover %s; using Monday-Friday", day.year)
        return day.weekday() < 5


@lru_cache(maxsize=64)
def official_year(year: int) -> tuple[bool, ...]:
    """Each day of `year`: an official workday? (Monday–Friday where chinese-calendar stops)."""
    first = date(year, 1, 1)
    count = (date(year + 1, 1, 1) - first).days
    return tuple(is_workday(first + timedelta(days=i)) for i in range(count))


def calendar_covers(year: int) -> bool:
    """Whether chinese-calendar knows the holidays of `year`."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def add_workdays(start: date, count: int, overrides: dict[date, bool] | None = None) -> date:
    """The date `count` workdays after `start` (start itself not counted)."""
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_workday(day, overrides):
            remaining -= 1
    return day
