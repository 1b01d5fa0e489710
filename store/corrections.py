"""Corrections of what the importer read: recorded, applied to the task, and kept across re-imports.

An administrator fixes a task's units, deadline or content (`duban tasks edit`). The
correction is stored with who made it, when, the value it replaced and what the importer had
read from the file. Every later import of the plan applies the latest correction of each field
again; when a revised file now says something else for that field than it did when the
correction was made, the import reports both (the file's new reading and the correction kept).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from store.directory.directory import Directory, default_directory
from store.ingest.deadlines import KIND_UNKNOWN, parse_deadline, recurrence_of
from store.ingest.model import ParsedTask, ParsedUnit
from store.ingest.units import (
    ROLE_COOPERATE,
    ROLE_IMPLEMENT,
    ROLE_LEAD,
    parse_units,
    read_units,
)
from store.models import TaskCorrection

FIELD_UNITS, FIELD_DEADLINE, FIELD_CONTENT = "units", "deadline", "content"
FIELD_NAMES = {FIELD_UNITS: "责任单位", FIELD_DEADLINE: "完成时限", FIELD_CONTENT: "任务内容"}
_ROLE_WORD = {ROLE_LEAD: "牵头", ROLE_COOPERATE: "配合", ROLE_IMPLEMENT: "落实"}


class CorrectionError(ValueError):
    """A correction that cannot be applied; `str()` is a user-facing Chinese sentence."""


@dataclass
class Conflict:
    """A revised file reads a corrected field differently from when it was corrected."""

    seq: int
    field: str
    file_value: str
    kept: str

    def describe(self) -> str:
        """One line for the import report."""
        return (f"第{self.seq}项{FIELD_NAMES[self.field]}：新文件写的是「{self.file_value}」，"
                f"保留人工修正「{self.kept}」")


@dataclass
class Applied:
    """What applying the stored corrections to a parsed plan did."""

    corrected: list[int] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


def units_text(units: list[ParsedUnit]) -> str:
    """Units as one line an administrator can edit: 区府办(牵头)、区数据局、各部门(落实)."""
    return "、".join(u.name + (f"({_ROLE_WORD[u.role]})" if u.role in _ROLE_WORD else "")
                    for u in units if not u.inferred)


def field_text(task: ParsedTask, name: str) -> str:
    """A parsed task's value of a correctable field, as text."""
    if name == FIELD_UNITS:
        return units_text(task.units)
    if name == FIELD_DEADLINE:
        return task.deadline_text or ""
    return task.content


def read_units_value(text: str, directory: Directory, org: str) -> list[ParsedUnit]:
    """The units a correction names; every piece must read as a unit."""
    units = read_units(text, directory)
    if units.strays or not units.mentions:
        stray = "、".join(units.strays) or text
        raise CorrectionError(f"无法识别的责任单位：{stray}（示例：区府办(牵头)、区数据局、各部门(落实)）")
    refs = parse_units(text, directory, org)
    return [ParsedUnit(r.unit.name, r.unit.kind, r.role, r.raw, r.unit.aliases) for r in refs]


def apply_field(task: ParsedTask, name: str, value: str, org: str, year: int,
                issued_on: date | None, directory: Directory) -> None:
    """Set one field of a parsed task from a correction's value."""
    if name == FIELD_UNITS:
        task.units = read_units_value(value, directory, org)
    elif name == FIELD_DEADLINE:
        deadline = parse_deadline(value, year, issued_on)
        if deadline.kind == KIND_UNKNOWN:
            raise CorrectionError(f"无法识别的完成时限：{value}（示例：10月底前、2025-11-30、全年、持续推进）")
        task.deadline_text, task.due_date, task.kind = deadline.text, deadline.due_date, deadline.kind
        task.recurrence = deadline.recurrence or recurrence_of(task.content)
    elif name == FIELD_CONTENT:
        if not value.strip():
            raise CorrectionError("任务内容不能为空")
        task.content = value.strip()
    else:
        raise CorrectionError(f"不能修正的字段：{name}")


def latest(corrections: list[TaskCorrection]) -> dict[tuple[int, str], TaskCorrection]:
    """The correction in force for each (task number, field)."""
    out: dict[tuple[int, str], TaskCorrection] = {}
    for c in sorted(corrections, key=lambda c: (c.created_at, c.id)):
        out[c.seq, c.field] = c
    return out


def apply_stored(tasks: list[ParsedTask], corrections: list[TaskCorrection], org: str, year: int,
                 issued_on: date | None, directory: Directory | None = None) -> Applied:
    """Apply the corrections in force to freshly parsed tasks (before they are written)."""
    directory = directory or default_directory()
    by_seq = {t.seq: t for t in tasks}
    applied = Applied()
    for (seq, name), correction in sorted(latest(corrections).items()):
        task = by_seq.get(seq)
        if task is None:
            continue
        file_value = field_text(task, name)
        try:
            apply_field(task, name, correction.value, org, year, issued_on, directory)
        except CorrectionError:
            continue  # a correction that no longer reads (directory changed): the file wins
        if seq not in applied.corrected:
            applied.corrected.append(seq)
        if correction.from_file is not None and file_value != correction.from_file:
            applied.conflicts.append(Conflict(seq, name, file_value, correction.value))
    return applied


async def corrections_of(session: AsyncSession, plan_id: int) -> list[TaskCorrection]:
    """Every correction recorded for a plan."""
    rows = await session.scalars(select(TaskCorrection).where(TaskCorrection.plan_id == plan_id))
    return list(rows.all())


def record(plan_id: int, seq: int, name: str, value: str, before: str | None, from_file: str | None,
           author: str, now: datetime | None = None) -> TaskCorrection:
    """A new correction row."""
    return TaskCorrection(plan_id=plan_id, seq=seq, field=name, value=value, before=before,
                          from_file=from_file, author=author, created_at=now or datetime.now(UTC))
