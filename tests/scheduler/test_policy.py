"""The reminder policy, table-driven over holidays and make-up workdays (time passed in)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.scheduler.policy import reminders_for
from store.calendar import WorkCalendar
from store.directory.directory import default_directory
from store.views import ProgressView, TaskView, UnitRole

CAL = WorkCalendar()


def task(due: date | None, kind: str = "dated", recurrence: str | None = None, year: int = 2025,
         units: tuple[str, ...] = ("区府办",), done: tuple[str, ...] = ()) -> TaskView:
    view = TaskView(1, 1, "长宁区", year, 9, [], None, "内容", None, due, kind, recurrence,
                    [UnitRole(u, "collective" if u.startswith("各") else "department", "responsible")
                     for u in units])
    for unit in done:
        view.progress[unit] = ProgressView(unit, "done", None, None, datetime(2025, 1, 1, tzinfo=UTC))
    return view


def kinds(day: date, t: TaskView, cal: WorkCalendar = CAL) -> list[tuple[str, str]]:
    return [(r.unit, r.kind) for r in reminders_for(day, [t], cal, default_directory())]


D = date
DUE_OCT31 = task(D(2025, 10, 31))  # a Friday


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2025, 10, 21), []),
        (D(2025, 10, 22), [("区府办", "deadline")]),  # 7 workdays before
        (D(2025, 10, 23), []),
        (D(2025, 10, 28), [("区府办", "deadline")]),  # 3
        (D(2025, 10, 30), [("区府办", "deadline")]),  # 1
        (D(2025, 10, 31), [("区府办", "deadline")]),  # the due workday
        (D(2025, 11, 1), []),  # Saturday: nothing is sent
        (D(2025, 11, 3), [("区府办", "overdue")]),  # 1 workday late
        (D(2025, 11, 4), []),
        (D(2025, 11, 5), [("区府办", "overdue"), ("区府办", "escalation")]),  # 3
        (D(2025, 11, 7), [("区府办", "overdue"), ("区府办", "escalation")]),  # 5
        (D(2025, 11, 13), []),
        (D(2025, 11, 14), [("区府办", "overdue"), ("区府办", "escalation")]),  # 10
        (D(2025, 11, 21), [("区府办", "overdue"), ("区府办", "escalation")]),  # 15
    ],
)
def test_deadline_and_overdue_days(day: date, expected: list) -> None:
    assert kinds(day, DUE_OCT31) == expected


@pytest.mark.parametrize(
    ("due", "day", "expected"),
    [
        # Due on Saturday 2025-05-31: the due workday is Friday 05-30.
        (D(2025, 5, 31), D(2025, 5, 30), [("区府办", "deadline")]),
        (D(2025, 5, 31), D(2025, 5, 29), [("区府办", "deadline")]),
        # Due on National Day 2025-10-01: the due workday is Tuesday 09-30; Sunday 09-28 is a
        # make-up workday, so 3 workdays before is Friday 09-26.
        (D(2025, 10, 1), D(2025, 9, 30), [("区府办", "deadline")]),
        (D(2025, 10, 1), D(2025, 9, 26), [("区府办", "deadline")]),
        (D(2025, 10, 1), D(2025, 9, 28), []),  # the make-up Sunday is 2 workdays before
        (D(2025, 10, 1), D(2025, 10, 9), [("区府办", "overdue")]),  # first workday after the holiday
    ],
)
def test_holidays_and_make_up_days(due: date, day: date, expected: list) -> None:
    assert kinds(day, task(due)) == expected


def test_units_done_get_nothing_and_collectives_expand() -> None:
    t = task(D(2025, 10, 31), units=("区府办", "各街道（镇）"), done=("区府办", "新华路街道"))
    got = kinds(D(2025, 10, 22), t)
    units = [u for u, _ in got]
    assert "区府办" not in units and "新华路街道" not in units
    assert sorted(units) == sorted(["华阳路街道", "江苏路街道", "周家桥街道", "天山路街道", "仙霞新村街道",
                                    "虹桥街道", "程家桥街道", "北新泾街道", "新泾镇"])


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2025, 3, 3), [("区府办", "checkpoint")]),  # first workday of March
        (D(2025, 6, 3), [("区府办", "checkpoint")]),  # June 2 is the Dragon Boat holiday
        (D(2025, 6, 2), []),
        (D(2025, 9, 1), [("区府办", "checkpoint")]),
        (D(2025, 12, 1), []),  # December is covered by the deadline reminders
    ],
)
def test_checkpoints_of_year_long_work(day: date, expected: list) -> None:
    assert kinds(day, task(D(2025, 12, 31), kind="year-long")) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2025, 9, 1), [("区府办", "quarterly_report")]),
        (D(2025, 9, 25), []),
        (D(2025, 9, 26), [("区府办", "quarterly_report")]),  # 3 workdays before 09-30 (09-28 works)
        (D(2025, 12, 1), [("区府办", "quarterly_report")]),
        (D(2025, 12, 26), [("区府办", "quarterly_report")]),  # 3 workdays before Wed 12-31
    ],
)
def test_quarterly_reports(day: date, expected: list) -> None:
    t = task(D(2025, 12, 31), kind="year-long", recurrence="quarterly")
    assert [k for k in kinds(day, t) if k[1] == "quarterly_report"] == expected


def test_overrides_and_uncovered_years() -> None:
    due = task(D(2027, 10, 29))  # chinese-calendar stops at 2026: Monday–Friday
    assert kinds(D(2027, 10, 20), due) == [("区府办", "deadline")]
    holiday = WorkCalendar({D(2027, 10, 27): False})  # entered by an administrator
    assert kinds(D(2027, 10, 20), due, holiday) == []
    assert kinds(D(2027, 10, 19), due, holiday) == [("区府办", "deadline")]
    makeup = WorkCalendar({D(2027, 10, 23): True})  # a Saturday made a workday
    assert kinds(D(2027, 10, 21), due, makeup) == [("区府办", "deadline")]  # 7 workdays before
    assert kinds(D(2027, 10, 20), due, makeup) == []
    assert not WorkCalendar().covered(2027) and holiday.covered(2027)


@pytest.mark.parametrize(
    ("start", "end"),
    [(D(2025, 9, 25), D(2025, 10, 9)), (D(2024, 12, 20), D(2026, 1, 10)), (D(1999, 12, 1), D(2000, 2, 1)),
     (D(2026, 12, 25), D(2027, 1, 8)), (D(2025, 1, 1), D(2025, 1, 1))],
)
def test_workday_counts_match_counting_day_by_day(start: date, end: date) -> None:
    from datetime import timedelta

    cal = WorkCalendar({D(2027, 1, 4): False, D(2026, 12, 26): True})
    naive, day = 0, start
    while day < end:
        day += timedelta(days=1)
        naive += cal.is_workday(day)
    assert cal.workdays_between(start, end) == naive
