"""The clock every command and the service read: today and now in the users' time zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from config.settings import Settings


def clock(settings: Settings, fixed: date | None = None
          ) -> tuple[Callable[[], date], Callable[[], datetime]]:
    """today() and now(): `fixed` (--today) or DUBAN_TODAY fixes the day (the time of day stays
    real)."""
    tz = ZoneInfo(settings.timezone)
    day = fixed or settings.today

    def now() -> datetime:
        real = datetime.now(tz)
        return datetime.combine(day, real.time(), tz) if day else real

    def today() -> date:
        return now().date()

    return today, now
