"""Use case: progress overview per unit (or per org across orgs) with red/yellow/green lights."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot import texts
from bot.domain.chat import Reply
from bot.domain.status import DONE, IN_PROGRESS, is_due_soon, is_overdue, task_status, unit_status
from bot.handlers.env import Env
from store.holders import holders, member_kinds
from store.views import TaskView


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


def unit_rows(tasks: list[TaskView], env: Env) -> list[Row]:
    """One row per unit of a single org's tasks."""
    known = member_kinds(tasks, env.directory)
    rows: dict[str, Row] = {}
    for task in tasks:
        names = {env.scope.unit} if env.scope.unit else holders(task, env.directory, known)
        for name in sorted(n for n in names if n):
            row = rows.setdefault(name, Row(name))
            row.add(task, unit_status(task, name), env.today, name)
    return list(rows.values())


def org_rows(tasks: list[TaskView], env: Env) -> list[Row]:
    """One row per org when the scope spans orgs."""
    rows: dict[str, Row] = {}
    for task in tasks:
        row = rows.setdefault(task.org, Row(task.org))
        row.add(task, task_status(task), env.today, None)
    return list(rows.values())


async def summarise(env: Env) -> Reply:
    """Counts per unit and status over the scope; 「哪些单位逾期」 lists the late units' tasks."""
    if (problem := env.problem_reply()) is not None:
        return problem
    tasks = await env.reader.tasks(env.scope.plan_ids, units=env.scope.unit_names, due=env.due_range())
    what = env.what(status=False)
    if not tasks:
        return Reply(texts.SUMMARY_EMPTY.format(scope=env.label, what=what))
    many_orgs = len({t.org for t in tasks}) > 1
    rows = org_rows(tasks, env) if many_orgs else unit_rows(tasks, env)
    rows.sort(key=lambda r: (-len(r.overdue), r.pct, -r.tasks, r.name))
    if env.q.status == "overdue":
        late = [r for r in rows if r.overdue]
        if not late:
            return Reply(texts.SUMMARY_NONE_OVERDUE.format(scope=env.label, what=what), tasks=tasks)
        who = texts.SUMMARY_WHO["org" if many_orgs else "unit"]
        lines = [texts.SUMMARY_OVERDUE_HEAD.format(scope=env.label, what=what, who=who, n=len(late))]
        lines += [texts.SUMMARY_OVERDUE_ROW.format(unit=r.name, seqs="、".join(map(str, sorted(r.overdue))))
                  for r in late]
        return Reply("\n".join(lines), tasks=tasks)
    overall = org_rows(tasks, env) if not many_orgs else rows
    done = sum(r.done for r in overall)
    overdue = sum(len(r.overdue) for r in overall)
    lines = [texts.SUMMARY_HEAD.format(scope=env.label, what=what, tasks=len(tasks), done=done,
                                       overdue=overdue), texts.SUMMARY_COLUMNS]
    lines += [texts.SUMMARY_ROW.format(n=i, light=texts.SUMMARY_LIGHTS[r.light], unit=r.name,
                                       tasks=r.tasks, done=r.done, doing=r.doing,
                                       overdue=len(r.overdue), pct=r.pct)
              for i, r in enumerate(rows, 1)]
    return Reply("\n".join(lines), tasks=tasks, chart=[(r.name, r.pct, r.light) for r in rows],
                 chart_title=f"{env.label} {what}完成率".replace("，", ""))
