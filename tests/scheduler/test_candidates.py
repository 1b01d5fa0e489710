"""Reading only the tasks that can bring a reminder gives exactly the reminders the policy gives
over whole plans: on every day of a year, with progress, an approved extension and reports."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.plans import by_org, current_plan
from bot.handlers.answer import Answerer
from bot.scheduler.policy import reminders_for, watch
from bot.scheduler.today import day_reminders
from store.calendar import WorkCalendar, load_calendar
from store.reports import add_report, reported_units
from store.workflow import decide_extension, request_extension
from tests.conftest import sources

NOW = datetime(2025, 3, 1, tzinfo=UTC)


async def _whole_plans(answerer: Answerer, day: date) -> list[tuple]:
    """The policy over every task of each org's current plan (what the store query narrows)."""
    await answerer.refresh()
    plans = [current_plan(ps, day) for ps in by_org(answerer.catalog).values()]
    tasks = await answerer.reader.tasks([p.id for p in plans if p])
    calendar = await load_calendar(answerer.store)
    reported = await reported_units(answerer.store, {t.org for t in tasks})
    return [(r.task_id, r.unit, r.kind, r.due_date)
            for r in reminders_for(day, tasks, calendar, answerer.directory, reported=reported)]


async def _marks(answerer: Answerer) -> None:
    store = answerer.store
    await answerer.refresh()
    plan = next(p for p in answerer.catalog if p.org == "长宁区" and p.year == 2025)
    tasks = await answerer.reader.tasks([plan.id])
    nine = next(t for t in tasks if t.seq == 9)
    await store.report_progress(nine.id, "区府办", "office", "done", now=NOW)
    other = next(t for t in tasks if t.due_date and t.due_date.month == 6)
    unit = next(u.name for u in other.units if u.kind != "collective")
    ext = await request_extension(store, other.id, unit, other.due_date, date(2025, 8, 15),
                                  "人手不足", "tester", "telegram:-9", NOW)
    await decide_extension(store, ext.id, True, "lead", NOW)
    await add_report(store, org="长宁区", year=2025, quarter=3, unit="区府办", task_id=None,
                     text="三季度工作情况", file_name=None, file_ref=None, file_data=None,
                     actor="tester", chat="telegram:-1", now=NOW)


@pytest.mark.slow
async def test_every_day_of_a_year_matches_the_whole_plan_policy(answerer: Answerer) -> None:
    await _check(answerer)


def _keys(found) -> list[tuple]:
    return sorted((a.reminder.task_id, a.reminder.unit, a.reminder.kind, a.reminder.due_date,
                   a.reminder.about) for a in found)


async def _check(answerer: Answerer) -> None:
    await _marks(answerer)
    cold = Answerer(answerer.store)  # never loads whole plans: reads through the store's indexes
    day, checked, total = date(2025, 1, 1), 0, 0
    while day <= date(2026, 1, 31):
        whole = sorted(await _whole_plans(answerer, day))  # loads the plans into `answerer`
        from_store = _keys(await day_reminders(sources(cold), day))
        assert not cold.reader.holds([p.id for p in cold.catalog])
        from_memory = _keys(await day_reminders(sources(answerer), day))
        assert [k[:4] for k in from_store] == whole, day
        assert from_memory == from_store, day
        checked, total = checked + 1, total + len(whole)
        day += timedelta(days=2 if day.month % 2 else 1)
    assert checked > 250 and total > 1000


def test_watch_names_the_due_dates_that_bring_deadline_and_overdue_reminders() -> None:
    cal = WorkCalendar()
    got = watch(date(2025, 10, 22), cal, date(2025, 1, 1))
    # deadline: the workday itself, 1, 3 and 7 workdays on (Fri 10-31 also covers Sat/Sun)
    for due in (date(2025, 10, 22), date(2025, 10, 23), date(2025, 10, 27), date(2025, 10, 31),
                date(2025, 11, 1), date(2025, 11, 2)):
        assert due in got.dates
    # overdue: 1, 3, 5, then every 5 workdays back (the National Day week is not counted)
    for due in (date(2025, 10, 21), date(2025, 10, 17), date(2025, 10, 15), date(2025, 10, 9),
                date(2025, 9, 25)):
        assert due in got.dates, due
    assert not {date(2025, 10, 20), date(2025, 10, 24), date(2025, 9, 30), date(2025, 10, 3)} & got.dates
    assert not got.year_long and not got.quarterly
    assert watch(date(2025, 10, 25), cal, date(2025, 1, 1)).dates == frozenset()  # Saturday
    assert watch(date(2025, 9, 1), cal, date(2025, 1, 1)).year_long  # a checkpoint day
    assert watch(date(2025, 9, 26), cal, date(2025, 1, 1)).quarterly  # 3 workdays before the end
