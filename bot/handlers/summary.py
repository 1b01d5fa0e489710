"""Use case: progress overview per unit (or per org across orgs) with red/yellow/green lights.

Units are counted per member: a task given to 各部门 counts for every department on the org's
roster (store.roster), one given to 各街道（镇） for every street and town. Asking about a
collective (「各街道进度」, 「各街镇进度」) gives one row per member. Red rows come first and the
text keeps to one phone screen (MAX_ROWS); the chart and the ledger (/export) carry every row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot import texts
from bot.domain.chat import Bar, Reply
from bot.domain.status import DONE, IN_PROGRESS, is_due_soon, is_overdue, task_status, unit_status
from bot.handlers.env import Env
from store.directory.directory import KIND_COLLECTIVE
from store.holders import holders, unexpanded
from store.roster import roster
from store.views import PlanRef, TaskView

MAX_ROWS = 15  # rows of the text table: one phone screen
_LIGHT_ORDER = {"red": 0, "yellow": 1, "green": 2}
# What a question about a collective means: 「各街道进度」 is how leads ask after all the
# district's 街镇, so it has a row per street and town (in a plan, 各街道 covers streets only).
ASKED_AS = {"各街道": "各街道（镇）"}


@dataclass
class Row:
    """Counts for one unit (or org)."""

    name: str
    tasks: int = 0
    done: int = 0
    doing: int = 0
    overdue: list[int] = field(default_factory=list)
    soon: int = 0

    @property
    def pct(self) -> int:
        """Completion in whole percent."""
        return round(100 * self.done / self.tasks) if self.tasks else 0

    @property
    def light(self) -> str:
        """red: something overdue; yellow: due within 7 days and not done; green: on track."""
        return "red" if self.overdue else "yellow" if self.soon else "green"

    def add(self, task: TaskView, status: str, today: date, unit: str | None) -> None:
        """Count one task held by this row."""
        self.tasks += 1
        self.done += status == DONE
        self.doing += status == IN_PROGRESS
        if is_overdue(task, today, unit):
            self.overdue.append(task.seq)
        elif is_due_soon(task, today, unit):
            self.soon += 1


@dataclass
class Rows:
    """A single org's rows, the tasks they count, and the collectives left unexpanded."""

    rows: list[Row]
    tasks: list[TaskView]
    unknown: list[str]


async def unit_rows(tasks: list[TaskView], env: Env) -> Rows:
    """One row per member unit of a single org's tasks (the asked unit only, or the asked
    collective's members); the tasks counted; and the collectives left unexpanded because their
    members are unknown (their tasks are counted in the head, not as a row)."""
    org = tasks[0].org
    members = await roster(env.store, org, env.directory)
    known = members.kinds
    only: set[str] | None = None
    asked = env.scope.unit
    if asked and _is_collective(asked, env):
        # its members; a collective with no members on the roster counts as itself
        only = set(members.members_of(ASKED_AS.get(asked, asked), env.directory) or [asked])
    rows: dict[str, Row] = {}
    unknown: set[str] = set()
    counted: list[TaskView] = []
    for task in tasks:
        if asked and only is None:
            names = {asked}  # the tasks were read for this unit (its own and its collectives')
        elif only is not None:
            names = holders(task, env.directory, known) & only
        else:
            names = holders(task, env.directory, known)
            gone = set(unexpanded(task, env.directory))
            unknown |= names & gone
            names -= gone
        if names or not asked:
            counted.append(task)
        for name in sorted(names):
            row = rows.setdefault(name, Row(name))
            row.add(task, unit_status(task, name), env.today, name)
    return Rows([r for r in rows.values() if r.tasks], counted, sorted(unknown))


def _is_collective(unit: str, env: Env) -> bool:
    info = env.directory.lookup(unit)
    return info is not None and info.kind == KIND_COLLECTIVE


def order(rows: list[Row]) -> list[Row]:
    """Red rows first (most overdue first), then yellow, then green; lowest completion first."""
    return sorted(rows, key=lambda r: (_LIGHT_ORDER[r.light], -len(r.overdue), r.pct, -r.tasks, r.name))


def org_rows(tasks: list[TaskView], env: Env) -> list[Row]:
    """One row per org when the scope spans orgs."""
    rows: dict[str, Row] = {}
    for task in tasks:
        row = rows.setdefault(task.org, Row(task.org))
        row.add(task, task_status(task), env.today, None)
    return list(rows.values())


def late_lines(late: list[Row]) -> list[str]:
    """One line per set of overdue task numbers: units late with the same tasks share a line
    (「第32项（41 个）：区府办、区发改委…」), so every late unit is listed on a phone screen."""
    groups: dict[tuple[int, ...], list[str]] = {}
    for r in late:
        groups.setdefault(tuple(sorted(r.overdue)), []).append(r.name)
    lines = []
    for seqs, names in groups.items():
        numbers = "、".join(map(str, seqs))
        if len(names) == 1:
            lines.append(texts.SUMMARY_OVERDUE_ROW.format(unit=names[0], seqs=numbers))
        else:
            lines.append(texts.SUMMARY_OVERDUE_GROUP.format(seqs=numbers, n=len(names),
                                                            units="、".join(names)))
    return lines


async def summarise(env: Env) -> Reply:
    """Counts per unit and status over the scope; 「哪些单位逾期」 lists the late units' tasks."""
    if (problem := env.problem_reply()) is not None:
        return problem
    asked = env.scope.unit
    names = None if asked and _is_collective(asked, env) else env.scope.unit_names
    tasks = await env.reader.tasks(env.scope.plan_ids, units=names, due=env.due_range())
    what = env.what(status=False)
    if not tasks:
        return Reply(texts.SUMMARY_EMPTY.format(scope=env.label, what=what))
    many_orgs = len({t.org for t in tasks}) > 1
    unknown: list[str] = []
    if many_orgs:
        rows = org_rows(tasks, env)
    else:
        counted = await unit_rows(tasks, env)
        rows, tasks, unknown = counted.rows, counted.tasks, counted.unknown
    rows = order(rows)
    if not rows:
        return Reply(texts.SUMMARY_EMPTY.format(scope=env.label, what=what))
    if env.q.status == "overdue":
        late = [r for r in rows if r.overdue]
        if not late:
            return Reply(texts.SUMMARY_NONE_OVERDUE.format(scope=env.label, what=what), tasks=tasks)
        who = texts.SUMMARY_WHO["org" if many_orgs else "unit"]
        lines = [texts.SUMMARY_OVERDUE_HEAD.format(scope=env.label, what=what, who=who, n=len(late))]
        lines += late_lines(late)
        return Reply("\n".join(lines), tasks=tasks)
    overall = org_rows(tasks, env) if not many_orgs else rows
    done = sum(r.done for r in overall)
    overdue = sum(len(r.overdue) for r in overall)
    lines = [texts.SUMMARY_HEAD.format(scope=env.label, what=what, tasks=len(tasks), done=done,
                                       overdue=overdue), texts.SUMMARY_COLUMNS]
    lines += [texts.SUMMARY_ROW.format(n=i, light=texts.SUMMARY_LIGHTS[r.light], unit=r.name,
                                       tasks=r.tasks, done=r.done, doing=r.doing,
                                       overdue=len(r.overdue), pct=r.pct)
              for i, r in enumerate(rows[:MAX_ROWS], 1)]
    if len(rows) > MAX_ROWS:
        lines.append(texts.SUMMARY_MORE.format(n=len(rows) - MAX_ROWS, total=len(rows)))
    if unknown:
        count = sum(1 for t in tasks if set(unexpanded(t, env.directory)) & set(unknown))
        lines.append(texts.SUMMARY_UNEXPANDED.format(n=count, units="、".join(unknown)))
    return Reply("\n".join(lines), tasks=tasks,
                 chart=[Bar(r.name, r.pct, r.light, len(r.overdue)) for r in rows],
                 chart_title=chart_title(env, what))


def chart_title(env: Env, what: str) -> str:
    """「长宁区 2025年 政务公开任务完成情况（截至2025年10月20日）」: scope, filters, the plans'
    subject and the day the counts are for."""
    head = " ".join(p for p in (env.label, what.rstrip("，"), plan_subject(env.scope.plans)) if p)
    today = env.today
    return texts.CHART_TITLE.format(head=head, year=today.year, month=today.month, day=today.day)


def plan_subject(plans: list[PlanRef]) -> str:
    """What the plans are about, read from their titles: 「2025年上海市长宁区政务公开工作任务
    责任分解表」 -> 「政务公开」 (the words after the org's name, before 工作); "" when the plans'
    titles say different things or nothing of the kind."""
    subjects = set()
    for plan in plans:
        title = plan.title or ""
        after = title.rpartition(plan.org)[2] if plan.org in title else ""
        subjects.add(after.partition("工作")[0] if "工作" in after else "")
    return subjects.pop() if len(subjects) == 1 else ""
