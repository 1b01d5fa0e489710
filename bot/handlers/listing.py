"""Use cases: list tasks (by org, unit, period, status) and show one task in full."""

from __future__ import annotations

from datetime import date

from bot import texts
from bot.domain.chat import Reply
from bot.domain.status import matches
from bot.handlers.env import Env
from bot.handlers.render import detail_lines, task_lines
from store.holders import ordered_holders, unexpanded
from store.kinds import TaskKind
from store.roster import roster
from store.views import TaskView

MAX_LISTED = 100
_FAR = date.max


async def list_tasks(env: Env) -> Reply:
    """Tasks in scope that match the query's period and status; undated work is counted aside."""
    if (problem := env.problem_reply()) is not None:
        return problem
    q, scope = env.q, env.scope
    unit = scope.unit
    due = env.due_range()
    held = await env.reader.tasks(scope.plan_ids, units=scope.unit_names)
    tasks = [t for t in held if due is None or (t.due_date is not None and due[0] <= t.due_date <= due[1])]
    if q.year_long:
        tasks = [t for t in tasks if t.kind in (TaskKind.YEAR_LONG, TaskKind.ONGOING)]
    status = q.status or ("open" if q.mine else None)
    tasks = [t for t in tasks if matches(t, status, env.today, unit)]
    if q.role and unit:
        tasks = [t for t in tasks if holds_as(t, scope.unit_names or [unit], q.role)]
    if status == "overdue":  # the most recently missed first
        tasks.sort(key=lambda t: (-(t.due_date or _FAR).toordinal(), t.org, t.seq))
    elif q.mine or due or status == "due_soon":
        tasks.sort(key=lambda t: (t.due_date or _FAR, t.org, t.year, t.seq))
    lines = _list_text(env, tasks)
    if due and status in (None, "open"):
        counts = undated_outside(held, due)
        if counts:
            if not tasks:
                lines.pop()  # the note below is the better hint
            parts = "、".join(texts.UNDATED_KIND_WORDS[k].format(n=n) for k, n in sorted(counts.items()))
            lines.append(texts.UNDATED_NOTE.format(parts=parts, example=f"{env.plan_words()}全年任务"))
    if scope.skipped:
        lines.append(texts.SKIPPED_ORGS.format(orgs="、".join(scope.skipped)))
    return Reply("\n".join(lines), tasks=tasks, unit=unit)


def holds_as(task: TaskView, names: list[str], role: str) -> bool:
    """Whether the unit (or a collective of its, `names`) is named on the task with `role`."""
    return any(u.name in names and u.role == role for u in task.units)


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
    with_org = len({p.org for p in env.scope.plans}) > 1
    for task in shown:
        lines.extend(task_lines(task, env.today, env.scope.unit, with_org=with_org,
                                via=env.scope.unit_names or ()))
    return lines


def _suggestion(env: Env) -> str:
    """A next query that will find something: widen the period, or drop the status."""
    who = env.plan_words()
    if env.q.status or env.q.mine:
        return f"{who}任务" if who else texts.HELP_WORD
    if env.q.period:
        return f"{who}全年任务"
    return f"{who}本月任务" if who else texts.HELP_WORD


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
        known = (await roster(env.store, task.org, env.directory)).kinds  # who holds it, by member
        lines.extend(detail_lines(task, env.tz, ordered_holders(task, env.directory, known),
                                  unexpanded(task, env.directory)))
    return Reply("\n".join(lines), tasks=tasks)
