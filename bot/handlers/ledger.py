"""The .xlsx 台账: one row per (task, unit) with its latest progress, for Excel and WPS. Work
given to a collective has a row per member of the org's roster (store.roster)."""

from __future__ import annotations

import io
from datetime import date, tzinfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from bot import texts
from bot.domain.status import due_for, unit_status
from bot.domain.times import shown
from store.directory.directory import KIND_COLLECTIVE, Directory
from store.views import TaskView

COLUMNS = (("区/镇", 10), ("年度", 7), ("序号", 6), ("领域", 24), ("工作内容", 60), ("责任单位", 16),
           ("角色", 8), ("完成时限", 14), ("截止日期", 12), ("状态", 8), ("最新说明", 30), ("更新时间", 17))


def holder_rows(task: TaskView, directory: Directory, known: dict[str, str]) -> list[tuple[str, str]]:
    """(unit, role) per row of a task: the units named on it, then each member of a collective
    with known members (「通过各街道（镇）」) instead of the collective, then units that
    reported otherwise; a collective whose members are unknown keeps a row of its own."""
    named = {u.name for u in task.units if u.kind != KIND_COLLECTIVE}
    rows = [(u.name, texts.ROLE_WORDS.get(u.role, u.role)) for u in task.units
            if u.kind != KIND_COLLECTIVE]
    through: dict[str, list[str]] = {}
    for u in task.units:
        if u.kind != KIND_COLLECTIVE:
            continue
        members = directory.members_of(u.name, known)
        if not members:
            rows.append((u.name, texts.LEDGER_UNEXPANDED.format(
                role=texts.ROLE_WORDS.get(u.role, u.role))))
            continue
        for name in members:
            if name not in named:
                through.setdefault(name, []).append(u.name)
    rows += [(name, texts.LEDGER_THROUGH.format(collectives="、".join(via)))
             for name, via in sorted(through.items())]
    listed = named | set(through)
    rows += [(name, texts.LEDGER_VIA) for name in sorted(task.progress) if name not in listed]
    return rows


def ledger(tasks: list[TaskView], tz: tzinfo, today: date, directory: Directory,
           known: dict[str, dict[str, str]]) -> tuple[bytes, int]:
    """The workbook for `tasks`: a row per unit holding each task — named, a member of a
    collective on it (`known`: org -> its roster's name -> kind), or one that reported; frozen
    header, sized columns. (workbook, number of rows)"""
    book = Workbook()
    sheet = book.active
    sheet.title = "任务台账"
    sheet.append([name for name, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for task in tasks:
        for name, role in holder_rows(task, directory, known.get(task.org, {})):
            progress = task.progress.get(name)
            due = due_for(task, name)
            status = texts.PROGRESS_WORDS[unit_status(task, name)]
            if due is not None and due < today and status != texts.PROGRESS_WORDS["done"]:
                status += "（逾期）"
            sheet.append([
                task.org, task.year, task.seq, " / ".join(task.area), task.content, name, role,
                task.deadline_text or "",
                due, status, progress.note if progress else "",
                shown(progress.at, tz) if progress else "",
            ])
    for index, (_, width) in enumerate(COLUMNS, 1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column in (4, 5, 11))
        row[8].number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), sheet.max_row - 1
