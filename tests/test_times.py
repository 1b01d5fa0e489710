"""Times as a person sees them (bot.domain.times), the clock with a fixed day (bot.clock), and
`duban bindings` across the date line."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.cli import main
from bot.clock import clock, stamp
from bot.domain.times import DAY, SECOND, local, on_day, shown
from config.settings import Settings

SHANGHAI = ZoneInfo("Asia/Shanghai")
LATE = datetime(2025, 10, 19, 16, 30, tzinfo=UTC)  # 00:30 on the 20th in Shanghai


@pytest.mark.parametrize(("at", "fmt", "expected"), [
    (LATE, None, "2025-10-20 00:30"),
    (LATE.replace(tzinfo=None), None, "2025-10-20 00:30"),  # naive, as SQLite hands it back: UTC
    (LATE, DAY, "2025-10-20"),
    (LATE - timedelta(minutes=31), SECOND, "2025-10-19 23:59:00"),
    (datetime(2025, 10, 20, 0, 30, tzinfo=SHANGHAI), None, "2025-10-20 00:30"),
])
def test_a_stored_time_as_the_person_sees_it(at: datetime, fmt: str | None, expected: str) -> None:
    assert (shown(at, SHANGHAI) if fmt is None else shown(at, SHANGHAI, fmt)) == expected


def test_local_is_the_same_instant() -> None:
    assert local(LATE.replace(tzinfo=None), SHANGHAI) == LATE
    assert local(LATE, SHANGHAI).tzinfo is SHANGHAI


@pytest.mark.parametrize(("day", "now", "expected"), [
    # Not a fixed day: the real time itself.
    (date(2025, 10, 20), LATE, LATE),
    # A fixed day: that day at the real time of day in the users' zone.
    (date(2025, 6, 16), LATE, datetime(2025, 6, 16, 0, 30, tzinfo=SHANGHAI)),
    (date(2025, 6, 16), datetime(2026, 12, 2, 9, 15, tzinfo=SHANGHAI),
     datetime(2025, 6, 16, 9, 15, tzinfo=SHANGHAI)),
])
def test_a_record_is_stamped_on_the_day(day: date, now: datetime, expected: datetime) -> None:
    assert on_day(day, now, SHANGHAI) == expected


def test_a_fixed_day_fixes_today_and_leaves_now_real() -> None:
    settings = Settings(today=date(2025, 6, 16), _env_file=None)
    today, now = clock(settings)
    before = datetime.now(UTC)
    assert today() == date(2025, 6, 16)
    assert before <= now() <= datetime.now(UTC) and now().tzinfo == SHANGHAI
    assert clock(settings, date(2025, 1, 2))[0]() == date(2025, 1, 2)  # --today wins
    real, stamped = datetime.now(SHANGHAI), stamp(settings)
    assert stamped.date() == date(2025, 6, 16) and stamped.tzinfo == SHANGHAI
    apart = (datetime.combine(real.date(), stamped.timetz()) - real).total_seconds() % 86400
    assert min(apart, 86400 - apart) < 5  # the real time of day


def test_bindings_show_when_in_the_users_zone(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import asyncio

    from store.access import create_invite, redeem_invite
    from store.repo import Store

    async def bind() -> None:
        store = await Store.open(f"sqlite+aiosqlite:///{db}")
        try:
            code = await create_invite(store, "普陀区", "区数据局", "liaison", "test", now=LATE)
            await redeem_invite(store, code, "telegram", "-5", "8", now=LATE)
        finally:
            await store.close()

    asyncio.run(bind())
    assert main(["bindings"]) == 0
    assert capsys.readouterr().out == "telegram:-5  普陀区区数据局（联络员）  2025-10-20 00:30\n"
