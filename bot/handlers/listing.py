"""Use cases: list tasks (by org, unit, period, status) and show one task in full."""

from __future__ import annotations

from datetime import date

from bot import texts
from bot.handlers.context import Reply
from bot.handlers.env import Env
from bot.handlers.render import detail_lines, org_unit, task_lines
from bot.handlers.status import matches
from store.views import TaskView

MAX_LISTED = 50
_FAR = date.max


async def list_tasks(env: Env) -> Reply:
    """Tasks in scope that match the query's period and status; undated work is counted aside."""
    if (problem := env.problem_reply()) is not None:
        return problem
    q, scope = env.q, env.scope
    unit = scope.unit
    period = None if q.year_long else q.period
    due = (period.start, period.end) if period else None
    held = await env.reader.tasks(scope.plan_ids, units=scope.unit_names)
    tasks = [t for t in held if due is None or (t.due_date is not None and due[0] <= t.due_date <= due[1])]
    if q.year_long:
        tasks = [t for t in tasks if t.kind in ("year-long", "ongoing")]
    status = q.status or ("open" if q.mine else None)
    tasks = [t for t in tasks if matches(t, status, env.today, unit)]
    if q.mine or (due and not env.whole_plan_year()):
        tasks.sort(key=lambda t: (t.due_date or _FAR, t.org, t.year, t.seq))
    lines = _list_text(env, tasks)
    if due and not q.year_long and status in (None, "open"):
        counts = undated_outside(held, due)
        if counts:
            if not tasks:
                lines.pop()  # the note below is the better hint
            parts = "、".join(texts.UNDATED_KIND_WORDS[k].format(n=n) for k, n in sorted(counts.items()))
            example = f"{org_unit(scope.org, unit)}全年任务"
            lines.append(texts.UNDATED_NOTE.format(parts=parts, example=example))
    return Reply("\n".join(lines), tasks=tasks, unit=unit)


def undated_outside(tasks: list[TaskView], due: tuple[date, date]) -> dict[str, int]:
    """Year-long and undated tasks not due within `due`, counted by kind."""
    counts: dict[str, int] = {}
    for t in tasks:
        inside = t.due_date is not None and due[0] <= t.due_date <= due[1]
        if t.kind in texts.UNDATED_KIND_WORDS and not inside:
            counts[t.kind] = counts.get(t.kind, 0) + 1
    return counts


def _list_text(env: Env, tasks: list[TaskView]) -> list[str]:
    what = env.what()
    if not tasks:
        example = _suggestion(env)
        return [texts.LIST_EMPTY.format(scope=env.label, what=what),
                texts.LIST_EMPTY_HINT.format(example=example)]
    shown = tasks[:MAX_LISTED]
    more = texts.LIST_MORE.format(shown=len(shown)) if len(tasks) > len(shown) else ""
    lines = [texts.LIST_HEAD.format(scope=env.label, what=what, n=len(tasks), more=more)]
    with_org = len({t.org for t in shown}) > 1
    for task in shown:
        lines.extend(task_lines(task, env.today, env.scope.unit, with_org=with_org,
                                via=env.scope.unit_names or ()))
    return lines


def _suggestion(env: Env) -> str:
    """A next query that will find something: widen the period, or drop the status."""
    org = env.scope.org or ""
    who = org_unit(org, env.scope.unit)
    if env.q.status:
        return f"{who}任务"
    if env.q.period:
        return f"{who}全年任务"
    return f"{org}本月任务" if org else "普陀区本月任务"


async def detail(env: Env) -> Reply:
    """One task by number, in full."""
    q, scope = env.q, env.scope
    if q.seq is None:
        return Reply(texts.DETAIL_NO_SEQ)
    if scope.org is None and not scope.problem:
        orgs = scope.orgs
        return Reply(texts.DETAIL_WHICH_ORG.format(seq=q.seq, example=f"{orgs[0]}第{q.seq}项",
                                                   orgs="、".join(orgs)))
    if (problem := env.problem_reply()) is not None:
        return problem
    tasks = await env.reader.tasks(scope.plan_ids, seq=q.seq)
    if not tasks:
        count = len(await env.reader.tasks(scope.plan_ids))
        return Reply(texts.DETAIL_NOT_FOUND.format(scope=env.label, seq=q.seq, count=count))
    lines: list[str] = []
    for task in tasks:
        if lines:
            lines.append("")
        lines.extend(detail_lines(task))
    return Reply("\n".join(lines), tasks=tasks)
