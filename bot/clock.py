"""The clock every command and the service read: today and now in the users' time zone.

A fixed day (DUBAN_TODAY, --today) changes only today(): the answers, reminders and reports it
decides. now() is always the real time, the one operational records keep (bindings, invites and
their expiry, message receipts, leases, the outbox, logs). What users do that answers depend on
(progress, quarterly reports, extension requests and decisions, corrections) is stamped on
today() at now()'s time of day: bot.domain.times.on_day, through Turn.stamp and Env.stamp."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.domain.times import on_day

if TYPE_CHECKING:
    from config.settings import Settings


def clock(settings: Settings, fixed: date | None = None
          ) -> tuple[Callable[[], date], Callable[[], datetime]]:
    """today() and now(): `fixed` (--today) or DUBAN_TODAY fixes the day; now() stays real."""
    tz = ZoneInfo(settings.timezone)
    day = fixed or settings.today

    def now() -> datetime:
        return datetime.now(tz)

    def today() -> date:
        return day or now().date()

    return today, now


def stamp(settings: Settings, fixed: date | None = None) -> datetime:
    """When a user's record made now is stamped (see the module's docstring)."""
    today, now = clock(settings, fixed)
    return on_day(today(), now(), ZoneInfo(settings.timezone))
