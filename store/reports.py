"""Quarterly reports handed in through chat, kept per unit and quarter (every submission kept)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from store.models import QuarterlyReport
from store.repo import Store

MAX_FILE_BYTES = 20 * 1024 * 1024  # what a bot may download from Telegram


def quarter_of(day: date) -> int:
    """The quarter (1-4) a day falls in."""
    return (day.month - 1) // 3 + 1


def report_quarter(day: date) -> tuple[int, int]:
    """The (year, quarter) a report handed in on `day` is for: the one just ended during a
    quarter's first month, else the current one."""
    quarter = quarter_of(day)
    if day.month in (1, 4, 7, 10):
        return (day.year - 1, 4) if quarter == 1 else (day.year, quarter - 1)
    return day.year, quarter


@dataclass(frozen=True)
class ReportView:
    """One submission of a unit's quarterly report."""

    id: int
    org: str
    year: int
    quarter: int
    unit: str
    task_id: int | None
    text: str | None
    file_name: str | None
    file_size: int | None
    actor: str | None
    at: datetime


async def add_report(store: Store, *, org: str, year: int, quarter: int, unit: str,
                     task_id: int | None, text: str | None, file_name: str | None,
                     file_ref: str | None, file_data: bytes | None, actor: str | None,
                     chat: str | None, now: datetime) -> int:
    """Keep a submission; its id."""
    if not 1 <= quarter <= 4:
        raise ValueError(f"quarter {quarter}")
    row = QuarterlyReport(org=org, year=year, quarter=quarter, unit=unit, task_id=task_id,
                          text=text, file_name=file_name, file_ref=file_ref, file_data=file_data,
                          actor=actor, chat=chat, created_at=now)
    async with store.sessions() as session, session.begin():
        session.add(row)
    store.writes += 1
    return row.id


async def reports(store: Store, org: str, year: int, quarter: int) -> list[ReportView]:
    """An org's submissions for a quarter, oldest first (file contents not read)."""
    async with store.sessions() as session:
        rows = await session.execute(
            select(QuarterlyReport.id, QuarterlyReport.org, QuarterlyReport.year,
                   QuarterlyReport.quarter, QuarterlyReport.unit, QuarterlyReport.task_id,
                   QuarterlyReport.text, QuarterlyReport.file_name,
                   func.length(QuarterlyReport.file_data).label("size"), QuarterlyReport.actor, QuarterlyReport.created_at)
            .where(QuarterlyReport.org == org, QuarterlyReport.year == year,
                   QuarterlyReport.quarter == quarter)
            .order_by(QuarterlyReport.created_at, QuarterlyReport.id))
        return [ReportView(r.id, r.org, r.year, r.quarter, r.unit, r.task_id, r.text, r.file_name,
                           r.size, r.actor,
                           r.created_at) for r in rows.all()]


async def report_file(store: Store, report_id: int) -> tuple[str, bytes] | None:
    """A submission's file name and contents, when it has a stored file."""
    async with store.sessions() as session:
        row = await session.get(QuarterlyReport, report_id)
        if row is None or row.file_data is None:
            return None
        return row.file_name or f"report-{report_id}", row.file_data


async def reported_units(store: Store, orgs: Iterable[str]) -> frozenset[tuple[str, int, int, str]]:
    """(org, year, quarter, unit) of every unit of these orgs that handed in a report."""
    orgs = list(orgs)
    if not orgs:
        return frozenset()
    async with store.sessions() as session:
        rows = await session.execute(
            select(QuarterlyReport.org, QuarterlyReport.year, QuarterlyReport.quarter,
                   QuarterlyReport.unit).where(QuarterlyReport.org.in_(orgs)).distinct())
        return frozenset(tuple(r) for r in rows.all())  # type: ignore[misc]
