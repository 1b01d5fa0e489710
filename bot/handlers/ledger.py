"""The .xlsx 台账: one row per (task, unit) with its latest progress, for Excel and WPS."""

from __future__ import annotations

import io
from datetime import date, tzinfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from bot import texts
from bot.domain.status import due_for, unit_status
from store.views import TaskView

COLUMNS = (("区/镇", 10), ("年度", 7), ("序号", 6), ("领域", 24), ("工作内容", 60), ("责任单位", 16),
           ("角色", 8), ("完成时限", 14), ("截止日期", 12), ("状态", 8), ("最新说明", 30), ("更新时间", 17))


def ledger(tasks: list[TaskView], tz: tzinfo, today: date) -> tuple[bytes, int]:
    """The workbook for `tasks`: the units named on each task and those that reported on it
    through a collective; frozen header, sized columns. (workbook, number of rows)"""
    book = Workbook()
    sheet = book.active
    sheet.title = "任务台账"
    sheet.append([name for name, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for task in tasks:
        named = {u.name for u in task.units}
        holders = [(u.name, texts.ROLE_WORDS.get(u.role, u.role)) for u in task.units]
        # Units that reported on work given to their collective get a row of their own.
        holders += [(name, texts.LEDGER_VIA) for name in sorted(task.progress) if name not in named]
        for name, role in holders:
            progress = task.progress.get(name)
            due = due_for(task, name)
            status = texts.PROGRESS_WORDS[unit_status(task, name)]
            if due is not None and due < today and status != texts.PROGRESS_WORDS["done"]:
                status += "（逾期）"
            sheet.append([
                task.org, task.year, task.seq, " / ".join(task.area), task.content, name, role,
                task.deadline_text or "",
                due, status, progress.note if progress else "",
                progress.at.astimezone(tz).strftime("%Y-%m-%d %H:%M") if progress else "",
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
