"""Use cases: list tasks (by org, unit, period, status, role), count them, say when they are due,
and show one task in full (or whether it is the asking unit's)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot import texts
from bot.domain.chat import Reply
from bot.domain.status import DONE, IN_PROGRESS, is_overdue, matches, task_status
from bot.handlers.due import nearest, time_left
from bot.handlers.env import Env
from bot.handlers.render import detail_lines, org_unit, period_label, task_lines, units_text
from bot.handlers.scope import unit_names
from bot.nlu.query import Ask, Status
from store.calendar import WorkCalendar, load_calendar
from store.directory.directory import KIND_COLLECTIVE
from store.holders import ordered_holders, unexpanded
from store.kinds import TaskKind
from store.roster import roster
from store.views import TaskView

MAX_SHOWN = 10  # a phone screen: longer lists show the nearest ten and say how to see the rest
NEAREST_FEW = 3  # after a count, the nearest few
_FAR = date.max


async def list_tasks(env: Env) -> Reply:
    """Tasks in scope that match the query's period, status and role; year-long and undated
    work outside a period is counted aside."""
    if (problem := env.problem_reply()) is not None:
        return problem
    held = await env.reader.tasks(env.scope.plan_ids, units=env.scope.unit_names)
    tasks = select(env, held)
    return await answer_tasks(env, tasks, held)


def asked_status(env: Env) -> str | None:
    """The status filter: the one asked, else open work for 「我的任务」 and for when-questions."""
    return env.q.status or (Status.OPEN if env.q.mine or env.q.ask == Ask.WHEN else None)


def select(env: Env, pool: list[TaskView]) -> list[TaskView]:
    """The tasks of `pool` the query's period, status and role select. A period lists work due
    inside it; year-long work is counted, not listed, unless the question is about it."""
    q, unit = env.q, env.scope.unit
    due = env.due_range()
    tasks = [t for t in pool if due is None or (
        t.due_date is not None and due[0] <= t.due_date <= due[1] and t.kind != TaskKind.YEAR_LONG)]
    if q.year_long:
        tasks = [t for t in tasks if t.kind in (TaskKind.YEAR_LONG, TaskKind.ONGOING)]
    status = asked_status(env)
    tasks = [t for t in tasks if matches(t, status, env.today, unit)]
    if q.role and unit:
        tasks = [t for t in tasks if holds_as(t, env.scope.unit_names or [unit], q.role)]
    if status == Status.OVERDUE:  # the most recently missed first
        tasks.sort(key=lambda t: (-(t.due_date or _FAR).toordinal(), t.org, t.seq))
    elif q.mine or due or status == Status.DUE_SOON or q.ask == Ask.WHEN:
        tasks.sort(key=lambda t: (t.due_date or _FAR, t.org, t.year, t.seq))
    return tasks


async def answer_tasks(env: Env, tasks: list[TaskView], held: list[TaskView],
                       head: str | None = None, example: str | None = None) -> Reply:
    """The reply for selected tasks: a count, a list (with time left for when-questions), the
    nearest ten of a long one; `head` replaces the list's first line (a search's)."""
    unit = env.scope.unit
    if env.q.ask == Ask.COUNT:
        lines, shown = _count(env, tasks), tasks
    else:
        calendar = await load_calendar(env.store) if env.q.ask == Ask.WHEN else None
        lines, shown = _list_text(env, tasks, head, example, calendar)
    due = env.due_range()
    if due and asked_status(env) in (None, Status.OPEN) and head is None:
        counts = undated_outside(held, due)
        if counts:
            if not tasks and env.q.ask != Ask.COUNT:
                lines.pop()  # the note below is the better hint
            parts = "、".join(texts.UNDATED_KIND_WORDS[k].format(n=n) for k, n in sorted(counts.items()))
            lines.append(texts.UNDATED_NOTE.format(parts=parts, example=f"{env.plan_words()}全年任务"))
    if env.scope.skipped:
        lines.append(texts.SKIPPED_ORGS.format(orgs="、".join(env.scope.skipped)))
    return Reply("\n".join(lines), tasks=tasks, unit=unit)


def holds_as(task: TaskView, names: Sequence[str], role: str) -> bool:
    """Whether the unit (`names[0]`, or a collective of its in `names`) holds the task with
    `role`: a unit named on the task by name holds it in that role only (区府办 leading a task
    given to 各部门 to support does not support it)."""
    direct = [u for u in task.units if u.name == names[0]]
    if direct:
        return any(u.role == role for u in direct)
    return any(u.name in names and u.role == role for u in task.units)


def undated_outside(tasks: list[TaskView], due: tuple[date, date]) -> dict[str, int]:
    """Year-long and undated tasks a period does not list, counted by kind."""
    counts: dict[str, int] = {}
    for t in tasks:
        inside = t.due_date is not None and due[0] <= t.due_date <= due[1] and t.kind != TaskKind.YEAR_LONG
        if t.kind in texts.UNDATED_KIND_WORDS and not inside:
            counts[t.kind] = counts.get(t.kind, 0) + 1
    return counts


def _list_text(env: Env, tasks: list[TaskView], head: str | None, example: str | None,
               calendar: WorkCalendar | None) -> tuple[list[str], list[TaskView]]:
    what = env.what()
    if not tasks:
        return [texts.LIST_EMPTY.format(scope=env.label, what=what),
                texts.LIST_EMPTY_HINT.format(example=_suggestion(env))], []
    shown = tasks
    if len(tasks) > MAX_SHOWN and not env.q.show_all:
        shown = tasks[:MAX_SHOWN] if head else nearest(tasks, env.today, env.scope.unit)[:MAX_SHOWN]
    more = (texts.LIST_BEST if head else texts.LIST_NEAREST).format(shown=len(shown)) \
        if len(shown) < len(tasks) else ""
    lines = [head.format(more=more) if head else
             texts.LIST_HEAD.format(scope=env.label, what=what, n=len(tasks), more=more)]
    with_org = len({p.org for p in env.scope.plans}) > 1
    for task in shown:
        lines.extend(task_lines(task, env.today, env.scope.unit, with_org=with_org,
                                via=env.scope.unit_names or ()))
        if calendar is not None:
            lines.append(texts.WHEN_LINE.format(left=time_left(task, env.today, calendar, env.scope.unit)))
    if len(shown) < len(tasks):
        lines.append(texts.LIST_REST.format(example=example or all_example(env), n=len(tasks) - len(shown)))
    return lines, list(shown)


def all_example(env: Env) -> str:
    """The question that lists every task of this answer: 「长宁区教育局未完成任务全部」."""
    q = env.q
    parts = [org_unit(env.scope.org, env.scope.unit) if env.scope.org else (env.scope.unit or "")]
    if q.period and not q.year_long and not env.whole_plan_year():
        parts.append(period_label(q.period))
    elif q.year is not None:
        parts.append(f"{q.year}年")
    if q.year_long:
        parts.append(texts.YEAR_LONG_WORD)
    if q.role and env.scope.unit:
        parts.append(texts.ROLE_WORDS[q.role])
    status = asked_status(env)
    if status in texts.STATUS_FILTER_WORDS:
        parts.append(texts.STATUS_FILTER_WORDS[status])
    return "".join(parts) + "任务全部"


def _count(env: Env, tasks: list[TaskView]) -> list[str]:
    """「还有几项没做完」: the number, what they are made of, then the nearest few."""
    unit, today = env.scope.unit, env.today
    what = env.what()
    if not tasks:
        return [texts.COUNT_NONE.format(scope=env.label, what=what)]
    statuses = [task_status(t, unit) for t in tasks]
    late = sum(is_overdue(t, today, unit) for t in tasks)
    parts = ""
    if asked_status(env) in (None, Status.OPEN):
        done = statuses.count(DONE)
        doing = statuses.count(IN_PROGRESS)
        parts = texts.COUNT_PARTS.format(done=done, doing=doing, todo=len(tasks) - done - doing, late=late)
    lines = [texts.COUNT_HEAD.format(scope=env.label, what=what, n=len(tasks), parts=parts)]
    open_ = [t for t in nearest(tasks, today, unit) if task_status(t, unit) != DONE][:NEAREST_FEW]
    if open_:
        lines.append(texts.COUNT_NEAREST.format(n=len(open_)))
        with_org = len({p.org for p in env.scope.plans}) > 1
        for task in open_:
            lines.extend(task_lines(task, today, unit, with_org=with_org, via=env.scope.unit_names or ()))
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
    """One task by number, in full; or when it is due, or whether it is the unit's."""
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
    if q.ask == Ask.OURS:
        return _ours(env, tasks)
    unit = q.unit or env.ctx.unit
    if q.ask == Ask.WHEN:
        calendar = await load_calendar(env.store)
        lines = []
        for task in tasks:
            lines.extend(task_lines(task, env.today, None))
            lines.append(texts.WHEN_LINE.format(left=time_left(task, env.today, calendar, unit)))
        return Reply("\n".join(lines), tasks=tasks)
    lines: list[str] = []
    for task in tasks:
        if lines:
            lines.append("")
        known = (await roster(env.store, task.org, env.directory)).kinds  # who holds it, by member
        lines.extend(detail_lines(task, env.tz, ordered_holders(task, env.directory, known),
                                  unexpanded(task, env.directory)))
    return Reply("\n".join(lines), tasks=tasks)


def _ours(env: Env, tasks: list[TaskView]) -> Reply:
    """「第14项是我们的吗」: yes (and how the unit holds it) or no (and whose it is)."""
    unit = env.q.unit or env.ctx.unit
    if unit is None:
        return Reply(texts.OURS_WHO.format(seq=env.q.seq))
    names = env.scope.unit_names if env.scope.unit == unit and env.scope.unit_names else \
        unit_names(unit, None, env.directory)
    lines = []
    for task in tasks:
        direct = [u for u in task.units if u.name == unit]
        via = [u for u in task.units if u.kind == KIND_COLLECTIVE and u.name in names]
        if direct:
            role = texts.ROLE_WORDS.get(direct[0].role, direct[0].role)
            lines.append(texts.OURS_YES.format(seq=task.seq, unit=unit, role=role))
        elif via:
            role = texts.ROLE_WORDS.get(via[0].role, via[0].role)
            lines.append(texts.OURS_VIA.format(unit=unit, collective="、".join(u.name for u in via),
                                               seq=task.seq, role=role))
        else:
            lines.append(texts.OURS_NO.format(seq=task.seq, units=units_text(task) or "—", unit=unit))
        lines.extend(task_lines(task, env.today, unit if (direct or via) else None, via=names))
    return Reply("\n".join(lines), tasks=tasks, unit=unit)
