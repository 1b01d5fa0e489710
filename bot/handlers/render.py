"""How tasks, periods and scopes are written in replies."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, tzinfo

from bot import texts
from bot.domain.status import is_due_soon, is_overdue, task_status
from bot.domain.times import DAY, USERS_TZ, shown
from bot.nlu.periods import month_end
from bot.nlu.query import Period
from store.directory.directory import KIND_COLLECTIVE
from store.kinds import TaskKind
from store.views import PlanRef, TaskView

CONTENT_CHARS = 60
_QUARTERS = "一二三四"


def org_unit(org: str | None, unit: str | None) -> str:
    """How people write an org and unit together: 普陀区 + 区府办 -> 普陀区府办."""
    org, unit = org or "", unit or ""
    if org.endswith("区") and unit.startswith("区"):
        return org + unit[1:]
    return org + unit


def short_date(day: date) -> str:
    """10月31日."""
    return f"{day.month}月{day.day}日"


def period_label(period: Period) -> str:
    """2025年10月, 2025年第三季度, 2025年, or 6月16日至6月30日."""
    s, e = period.start, period.end
    if s.year == e.year and s.day == 1 and e == month_end(e.year, e.month):
        if s.month == e.month:
            return f"{s.year}年{s.month}月"
        if e.month - s.month == 2 and s.month % 3 == 1:
            return f"{s.year}年第{_QUARTERS[s.month // 3]}季度"
        if (s.month, e.month) == (1, 12):
            return f"{s.year}年"
        if (s.month, e.month) in ((1, 6), (7, 12)):
            return f"{s.year}年{'上' if s.month == 1 else '下'}半年"
    if s == e:
        return f"{s.year}年{short_date(s)}"
    if s.year == e.year:
        return f"{s.year}年{short_date(s)}至{short_date(e)}"
    return f"{s.year}年{short_date(s)}至{e.year}年{short_date(e)}"


def scope_label(plans: list[PlanRef], org: str | None) -> str:
    """普陀区 2025年 for one plan; 各区 when the plans span orgs."""
    orgs = {p.org for p in plans}
    if len(orgs) == 1:
        years = sorted({p.year for p in plans})
        when = f"{years[0]}年" if len(years) == 1 else f"{years[0]}–{years[-1]}年"
        return f"{next(iter(orgs))} {when}"
    return org or texts.ALL_ORGS


def deadline(task: TaskView) -> str:
    """10月底前，截止10月31日 · 全年 · 无固定时限."""
    text = task.deadline_text or (texts.YEAR_LONG_WORD if task.kind == TaskKind.YEAR_LONG else "")
    if task.due_date is None:
        return text or texts.NO_DUE
    when = short_date(task.due_date)
    if task.due_date.year != task.year:  # 「下一年第一季度」: say which year
        when = f"{task.due_date.year}年{when}"
    due = texts.DUE_ON.format(date=when)
    if task.kind == TaskKind.YEAR_LONG and not task.deadline_text:
        return f"{texts.YEAR_LONG_WORD}，{due}"
    return f"{text}，{due}" if text else due


def units_text(task: TaskView) -> str:
    """区府办（牵头）、区数据局（配合）、各部门."""
    return "、".join(
        u.name if u.role == "responsible" else f"{u.name}（{texts.ROLE_WORDS.get(u.role, u.role)}）"
        for u in task.units
    )


def unit_role(task: TaskView, unit: str, via: Sequence[str] = ()) -> str:
    """How `unit` holds the task: 牵头 / 配合 / 负责, or 通过「各部门」 (one of `via`, the
    collectives it belongs to)."""
    for u in task.units:
        if u.name == unit:
            return texts.ROLE_WORDS.get(u.role, u.role)
    collectives = [u.name for u in task.units if u.kind == KIND_COLLECTIVE and u.name in via]
    return texts.ROLE_VIA.format(collective="、".join(collectives)) if collectives else ""


def marks(task: TaskView, today: date, unit: str | None) -> str:
    """【已逾期】 or 【即将到期】 when it applies."""
    if is_overdue(task, today, unit):
        return texts.OVERDUE_MARK
    if is_due_soon(task, today, unit):
        return texts.DUE_SOON_MARK
    return ""


def task_lines(task: TaskView, today: date, unit: str | None, with_org: bool = False,
               via: Sequence[str] = ()) -> list[str]:
    """A task in a list: number, deadline, shortened content, then units or the unit's status
    (`via`: the collectives through which `unit` may hold it)."""
    content = task.content if len(task.content) <= CONTENT_CHARS else task.content[:CONTENT_CHARS] + "…"
    seq = texts.SEQ_PREFIX.format(seq=task.seq)
    if with_org:
        seq = f"{task.org}{seq}"
    lines = [texts.TASK_LINE.format(seq=seq, deadline=deadline(task),
                                    content=marks(task, today, unit) + content)]
    status = texts.PROGRESS_WORDS[task_status(task, unit)]
    if unit is not None:
        if unit in task.unit_due:
            status += texts.TASK_UNIT_EXTENDED.format(due=task.unit_due[unit].isoformat())
        lines.append(texts.TASK_UNIT_STATUS.format(unit=unit, role=unit_role(task, unit, via),
                                                       status=status))
    else:
        lines.append(texts.TASK_UNITS.format(units=units_text(task)))
        if task.progress:
            lines.append(texts.TASK_STATUS.format(status=status))
    return lines


def detail_lines(task: TaskView, tz: tzinfo = USERS_TZ, holders: Sequence[str] | None = None,
                 unexpanded: Sequence[str] = ()) -> list[str]:
    """The whole task: area, content, deadline, units by role, every unit's latest progress
    (dated in the users' time zone `tz`); with `holders` (every unit holding it, collectives
    expanded), also who has not reported, and the collectives whose members are unknown."""
    lines = [texts.DETAIL_HEAD.format(org=task.org, year=task.year, seq=task.seq)]
    if task.area:
        lines.append(texts.DETAIL_AREA.format(area=" / ".join(task.area)))
    if task.title and task.title != task.content:
        lines.append(texts.DETAIL_TITLE.format(title=task.title))
    lines.append(texts.DETAIL_CONTENT.format(content=task.content))
    lines.append(texts.DETAIL_DEADLINE.format(deadline=deadline(task)))
    if task.unit_due:  # approved extensions: those units' own due dates
        lines.append(texts.DETAIL_EXTENDED.format(units="、".join(
            texts.DETAIL_EXTENDED_UNIT.format(unit=unit, due=due.isoformat())
            for unit, due in sorted(task.unit_due.items()))))
    lines.append(texts.DETAIL_UNITS.format(units=units_text(task) or "—"))
    if not task.progress:
        lines.append(texts.DETAIL_NO_PROGRESS)
    else:
        lines.append(texts.DETAIL_PROGRESS_HEAD)
        for p in sorted(task.progress.values(), key=lambda p: p.at):
            lines.append(texts.DETAIL_PROGRESS_LINE.format(
                unit=p.unit, status=texts.PROGRESS_WORDS.get(p.status, p.status),
                note=f"，{p.note}" if p.note else "", when=shown(p.at, tz, DAY)))
    expanded = holders is not None and len(holders) > len(
        [u for u in task.units if u.kind != KIND_COLLECTIVE])
    if holders is not None and (task.progress or expanded):
        silent = [name for name in holders if name not in task.progress]
        if silent:
            lines.append(texts.DETAIL_NOT_REPORTED.format(n=len(silent), total=len(holders),
                                                          units="、".join(silent)))
        elif holders:
            lines.append(texts.DETAIL_ALL_REPORTED.format(total=len(holders)))
    if unexpanded:
        lines.append(texts.DETAIL_UNEXPANDED.format(units="、".join(unexpanded)))
    return lines
