"""Times as a person sees them, and the time a user's record is stamped with.

Times are stored in UTC (SQLite hands them back naive: that is UTC too) and shown in the users'
time zone (DUBAN_TIMEZONE). With a fixed day (DUBAN_TODAY, --today) what users do is stamped on
that day at the real time of day; everything else keeps the real clock (see bot.clock)."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo

# The default of DUBAN_TIMEZONE (config.settings): what is shown where no zone is handed in.
USERS_TZ: tzinfo = ZoneInfo("Asia/Shanghai")

MINUTE = "%Y-%m-%d %H:%M"
SECOND = "%Y-%m-%d %H:%M:%S"
DAY = "%Y-%m-%d"


def local(at: datetime, tz: tzinfo) -> datetime:
    """A stored time in the users' zone `tz` (a naive one is UTC)."""
    return (at.replace(tzinfo=UTC) if at.tzinfo is None else at).astimezone(tz)


def shown(at: datetime, tz: tzinfo, fmt: str = MINUTE) -> str:
    """A stored time as the person sees it: in `tz`, as `fmt` (2025-10-20 08:00)."""
    return local(at, tz).strftime(fmt)


def on_day(day: date, now: datetime, tz: tzinfo) -> datetime:
    """When a user's record made at real time `now` is stamped, the day being `day`: `now`
    itself on that day, else `day` at `now`'s time of day in `tz` (a fixed day)."""
    real = local(now, tz)
    if real.date() == day:
        return now
    return datetime.combine(day, real.timetz())
