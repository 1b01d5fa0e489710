"""Exports: tasks as JSON-ready dicts (`duban ask --json`) and the .xlsx ledger (/export)."""

from __future__ import annotations

import asyncio

from bot import texts
from bot.domain.chat import Reply
from bot.domain.plans import current_plan
from bot.domain.status import task_status
from bot.handlers.turn import Turn
from store.kinds import ChatRole
from store.roster import roster
from store.views import TaskView


def task_json(task: TaskView, unit: str | None = None) -> dict[str, object]:
    """One task: org, year, seq, content, due date, units with roles, status."""
    return {
        "org": task.org,
        "year": task.year,
        "seq": task.seq,
        "area": task.area,
        "title": task.title,
        "content": task.content,
        "deadline_text": task.deadline_text,
        "due_date": task.due_date.isoformat() if task.due_date else None,
        "kind": task.kind,
        "units": [u.name for u in task.units],
        "roles": {u.name: u.role for u in task.units},
        "status": task_status(task, unit),
    }


async def export(turn: Turn) -> list[Reply]:
    """「/export [区] [年度]」: the ledger of the lead's own org's plan, or of the org named."""
    answerer, ctx = turn.service.answerer, turn.ctx
    await answerer.refresh()
    q = answerer.parse(turn.args, turn.today)
    if (why := turn.refusal(query=q)) is not None:
        return turn.reply(why)
    org = ctx.org if ctx.role == ChatRole.LEAD else (q.org or ctx.org)
    plans = [p for p in answerer.catalog if p.org == org]
    if org is None or not plans:
        return turn.reply(texts.EXPORT_WHICH)
    chosen = [p for p in plans if p.year == q.year] if q.year else [current_plan(plans, turn.today)]
    plan = chosen[0] if chosen else None
    if plan is None:
        years = "、".join(f"{p.year}年" for p in sorted(plans, key=lambda p: p.year))
        return turn.reply(texts.SCOPE_PROBLEMS["no_year"].format(org=org, year=q.year, years=years))
    from bot.handlers.ledger import ledger  # openpyxl: only when a ledger is made

    tasks = await answerer.reader.tasks([plan.id])
    members = await roster(turn.service.store, org, answerer.directory)
    data, rows = await asyncio.to_thread(ledger, tasks, answerer.tz, turn.today, answerer.directory,
                                         {org: members.kinds})
    return [Reply(texts.EXPORT_OK.format(org=org, year=plan.year, rows=rows),
                  file=(texts.EXPORT_FILE.format(org=org, year=plan.year), data))]
