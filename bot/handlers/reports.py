"""Quarterly reports: a unit hands one in (text and/or a file); leads see who has and has not.

Which quarter: the one named (「三季度报告：…」「2025年Q3季报报送情况」), else the quarter a report
handed in today is for (the one just ended, during a quarter's first month). Who is expected: every
unit holding a task of the org's plan for that year that is reported every quarter, collectives
expanded to the members of the org's roster like everywhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from bot import texts
from bot.domain.chat import Reply
from bot.domain.times import local, shown
from bot.handlers.env import Env
from bot.handlers.render import org_unit
from store.holders import holders
from store.kinds import ChatRole
from store.reports import (
    MAX_FILE_BYTES,
    ReportView,
    add_report,
    quarter_of,
    report_quarter,
    reports,
)
from store.roster import roster
from store.views import TaskView

CN_QUARTER = "一二三四"


def asked_quarter(env: Env) -> tuple[int, int]:
    """The (year, quarter) a message means."""
    p = env.q.period
    if p is not None:  # a quarter, a month in it, or the last quarter of a longer time
        return p.end.year, quarter_of(p.end)
    year, quarter = report_quarter(env.today)
    if env.q.year is not None and env.q.year < year:
        return env.q.year, 4
    return year, quarter


def quarter_label(year: int, quarter: int) -> str:
    """2025年第三季度."""
    return texts.QREPORT_QUARTER.format(year=year, q=CN_QUARTER[quarter - 1])


async def _quarterly_tasks(env: Env, org: str, year: int) -> tuple[list[TaskView], list[TaskView]]:
    """The org's plan of `year`: all its tasks and those reported every quarter."""
    plans = [p.id for p in env.catalog if p.org == org and p.year == year]
    tasks = await env.reader.tasks(plans) if plans else []
    return tasks, [t for t in tasks if t.recurrence == "quarterly"]


@dataclass(frozen=True)
class QuarterState:
    """Who owes an org's quarterly report: the plan's quarterly tasks, the units expected (their
    holders, collectives expanded over the roster) and the day each unit first handed one in."""

    planned: bool  # the org has a plan for the year
    quarterly: list[TaskView]
    expected: list[str]
    first: dict[str, date]

    @property
    def missing(self) -> list[str]:
        """Expected units that have not handed it in."""
        return [u for u in self.expected if u not in self.first]

    @property
    def done(self) -> list[str]:
        """Expected units that have."""
        return [u for u in self.expected if u in self.first]

    @property
    def extra(self) -> list[str]:
        """Units that handed one in without being expected."""
        return [u for u in self.first if u not in self.expected]


async def quarter_state(env: Env, org: str, year: int, quarter: int,
                        handed: list[ReportView] | None = None) -> QuarterState:
    """The state of an org's quarterly reports (shared by chat answers and the web console)."""
    if handed is None:
        handed = await reports(env.store, org, year, quarter)
    tasks, quarterly = await _quarterly_tasks(env, org, year)
    known = (await roster(env.store, org, env.directory)).kinds  # every member of its roster
    expected = sorted(set().union(*(holders(t, env.directory, known) for t in quarterly)))
    first: dict[str, date] = {}
    for r in handed:
        first.setdefault(r.unit, local(r.at, env.tz).date())
    return QuarterState(bool(tasks), quarterly, expected, first)


async def submit(env: Env) -> Reply:
    """Record a unit's quarterly report (text, the file it came with, or both)."""
    ctx, attachment = env.ctx, env.attachment
    if ctx.unit is None or ctx.org is None:
        return Reply(texts.QREPORT_NOT_UNIT)
    body = as_written(env.text) if env.q.keyword else ""
    if not body and attachment is None:
        return await status(env)
    year, quarter = asked_quarter(env)
    if (year, quarter) > (env.today.year, quarter_of(env.today)):
        return Reply(texts.QREPORT_FUTURE.format(quarter=quarter_label(year, quarter)))
    if attachment is not None and attachment.data is None and (attachment.size or 0) <= MAX_FILE_BYTES:
        return Reply(texts.QREPORT_NOT_FETCHED.format(name=attachment.name))
    if attachment is not None and (attachment.data is None or len(attachment.data) > MAX_FILE_BYTES):
        return Reply(texts.QREPORT_TOO_BIG.format(name=attachment.name,
                                                  limit=MAX_FILE_BYTES // (1024 * 1024)))
    tasks, quarterly = await _quarterly_tasks(env, ctx.org, year)
    known = (await roster(env.store, ctx.org, env.directory)).kinds
    mine = [t for t in quarterly if ctx.unit in holders(t, env.directory, known)]
    chosen = [t for t in mine if t.seq == env.q.seq] if env.q.seq is not None else mine
    task = chosen[0] if len(chosen) == 1 else None
    now = env.stamp or datetime.now(UTC)
    earlier = [r for r in await reports(env.store, ctx.org, year, quarter) if r.unit == ctx.unit]
    await add_report(env.store, org=ctx.org, year=year, quarter=quarter, unit=ctx.unit,
                     task_id=task.id if task else None, text=body or None,
                     file_name=attachment.name if attachment else None,
                     file_ref=attachment.ref if attachment else None,
                     file_data=attachment.data if attachment else None,
                     actor=ctx.actor, chat=None, now=now)
    what = []
    if body:
        what.append(texts.QREPORT_TEXT.format(n=len(body)))
    if attachment is not None:
        what.append(texts.QREPORT_FILE.format(name=attachment.name, size=_size(len(attachment.data or b""))))
    who = org_unit(ctx.org, ctx.unit)
    lines = [texts.QREPORT_OK.format(who=who, quarter=quarter_label(year, quarter),
                                     what="，".join(what), at=_at(now, env))]
    if task is not None:
        lines.append(texts.QREPORT_FOR_TASK.format(seq=task.seq))
    if earlier:
        lines.append(texts.QREPORT_AGAIN.format(n=len(earlier) + 1))
    if not mine:
        lines.append(texts.QREPORT_NO_TASK.format(plan=f"{ctx.org}{year}年计划", who=ctx.unit))
    return Reply("\n".join(lines))


async def status(env: Env) -> Reply:
    """Who has and has not handed in the quarter's report (a liaison: their own unit)."""
    ctx = env.ctx
    org = env.q.org or ctx.org or env.scope.org
    orgs = sorted({p.org for p in env.catalog}, key=lambda o: (not o.endswith("区"), o))
    if org is None and len(orgs) == 1:
        org = orgs[0]
    if org is None:
        example = f"{orgs[0] if orgs else '普陀区'}三季度报送情况"
        return Reply(texts.QREPORT_WHICH_ORG.format(example=example))
    year, quarter = asked_quarter(env)
    label = quarter_label(year, quarter)
    handed = await reports(env.store, org, year, quarter)
    if ctx.role == ChatRole.LIAISON and ctx.unit and not env.q.wide:  # 「全区…」 widens it
        mine = [r for r in handed if r.unit == ctx.unit]
        who = org_unit(org, ctx.unit)
        if mine:
            return Reply(texts.QREPORT_UNIT_DONE.format(who=who, quarter=label, times=len(mine),
                                                        at=_at(mine[-1].at, env)))
        return Reply(texts.QREPORT_UNIT_MISSING.format(who=who, quarter=label) + "\n"
                     + texts.QREPORT_HOW)
    state = await quarter_state(env, org, year, quarter, handed)
    if not state.planned:
        return Reply(texts.QREPORT_NO_PLAN.format(org=org, year=year, quarter=label))
    if not state.quarterly:
        return Reply(texts.QREPORT_NO_QUARTERLY.format(org=org, year=year))
    quarterly, first = state.quarterly, state.first
    missing, done, extra = state.missing, state.done, state.extra
    lines = [texts.QREPORT_STATUS_HEAD.format(org=org, quarter=label,
                                              seqs="、".join(str(t.seq) for t in quarterly)),
             texts.QREPORT_STATUS_COUNTS.format(expected=len(state.expected), done=len(done),
                                                missing=len(missing))]
    if missing:
        lines.append(texts.QREPORT_MISSING.format(units="、".join(missing)))
    else:
        lines.append(texts.QREPORT_ALL_DONE)
    if done:
        lines.append(texts.QREPORT_DONE.format(units="、".join(
            texts.QREPORT_DONE_ITEM.format(unit=u, day=f"{first[u].month}月{first[u].day}日")
            for u in done)))
    if extra:
        lines.append(texts.QREPORT_EXTRA.format(units="、".join(extra)))
    return Reply("\n".join(lines))


_HEAD = re.compile(r"^\s*(?:/qreport\S*\s*|[^:：\s]*?(?:季报|报告|材料)[:：\s]*)")


def as_written(text: str) -> str:
    """The report's text as the user wrote it (after its 「三季度报告：」 head)."""
    m = _HEAD.match(text)
    return (text[m.end():] if m else text).strip()


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


def _at(when: datetime, env: Env) -> str:
    return shown(when, env.tz)
