"""Use case: a unit reports progress on one of its tasks (「8 已完成」)."""

from __future__ import annotations

import re
import unicodedata

from bot import texts
from bot.domain.chat import Reply
from bot.handlers.access import holds
from bot.handlers.env import Env
from bot.handlers.render import units_text
from bot.handlers.turn import Turn
from store.directory.directory import classify
from store.kinds import Progress

# A link in a report's note is kept as its evidence (the published page, the uploaded file).
_LINK = re.compile(r"https?://[^\s，。；]+")


def as_written(note: str | None, message: str) -> str | None:
    """The note with the case and widths the user typed (the parser sees it normalised)."""
    if not note:
        return note
    start = unicodedata.normalize("NFKC", message).lower().find(note)
    if start < 0:
        return note
    return unicodedata.normalize("NFKC", message)[start:start + len(note)]


async def report(env: Env) -> Reply:
    """Record the bound unit's status (and note) on a task it holds, directly or via a collective."""
    q, scope, unit = env.q, env.scope, env.ctx.unit
    if unit is None:
        return Reply(texts.NOT_BOUND_REPORT)
    if q.seq is None:
        return Reply(texts.REPORT_NO_SEQ)
    if (problem := env.problem_reply()) is not None:
        return problem
    tasks = await env.reader.tasks(scope.plan_ids, seq=q.seq)
    if not tasks:
        return Reply(texts.REPORT_NOT_FOUND.format(scope=env.label, seq=q.seq))
    task = tasks[-1]  # the newest plan's task when a period spans two plans
    if not holds(task, unit, env.directory):
        return Reply(texts.REPORT_NOT_ASSIGNED.format(seq=q.seq, unit=unit, units=units_text(task)))
    info = env.directory.lookup(unit)
    kind = info.kind if info else classify(unit)
    status = q.status or Progress.IN_PROGRESS
    note = as_written(q.keyword, env.text)
    link = _LINK.search(note or "")
    await env.store.report_progress(task.id, unit, kind, status, note=note, actor=env.ctx.actor,
                                    now=env.stamp, evidence=link[0] if link else None)
    note = f"（{note}）" if note else ""
    return Reply(texts.REPORT_SAVED.format(org=task.org, year=task.year, seq=task.seq, unit=unit,
                                           status=texts.PROGRESS_WORDS[status], note=note),
                 tasks=[task], unit=unit)


async def press(turn: Turn) -> tuple[str, list[Reply]]:
    """[进行中] / [已完成] pressed under a task or in a reminder digest: the unit's progress."""
    assert turn.button is not None and turn.button.status is not None
    answerer, unit = turn.service.answerer, turn.ctx.unit
    task = await answerer.task_by_id(turn.button.target)
    if task is None or unit is None or (why := turn.refusal(task)) is not None:
        return texts.BUTTON_NOT_YOURS if task is None or unit is None else why, []
    status = turn.button.status
    info = answerer.directory.lookup(unit)
    await turn.service.store.report_progress(task.id, unit, info.kind if info else classify(unit),
                                             status, actor=turn.ctx.actor, now=turn.stamp)
    text = texts.REPORT_SAVED.format(org=task.org, year=task.year, seq=task.seq, unit=unit,
                                     status=texts.PROGRESS_WORDS[status], note="")
    return texts.BUTTON_SAVED, [Reply(text)]
