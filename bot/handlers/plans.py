"""`duban plans`: the stored plans, and one plan's whole task list for 「计划 普陀区 2025」."""

from __future__ import annotations

import re

from bot import texts
from store.directory.directory import default_directory
from store.queries import plan_summaries, plan_tasks
from store.repo import Store


async def answer(store: Store, text: str) -> str:
    """The reply to one console line."""
    words = text.strip().split()
    if not words:
        return ""
    if words[0] in ("帮助", "help", "/help", "?", "？"):
        return texts.CONSOLE_HELP
    if words[0] in ("计划", "plans", "/plans"):
        if len(words) >= 3 and re.fullmatch(r"\d{4}", words[2].removesuffix("年")):
            org = default_directory().resolve_org(words[1]) or words[1]
            return await _plan_tasks(store, org, int(words[2].removesuffix("年")))
        return await _plans(store)
    return texts.CONSOLE_UNKNOWN.format(text=text.strip())


async def _plans(store: Store) -> str:
    summaries = await plan_summaries(store)
    if not summaries:
        return texts.CONSOLE_NO_PLANS
    return "\n".join(
        texts.CONSOLE_PLAN_LINE.format(org=p.org, year=p.year, title=p.title or "（无标题）",
                                       doc_no=p.doc_no or "无文号", tasks=p.tasks)
        for p in summaries
    )


async def _plan_tasks(store: Store, org: str, year: int) -> str:
    tasks = await plan_tasks(store, org, year)
    if not tasks:
        return texts.CONSOLE_PLAN_NOT_FOUND.format(org=org, year=year)
    lines = []
    for task in tasks:
        units = "、".join(
            f"{a.unit.name}{'' if a.role == 'responsible' else '（' + texts.ROLE_WORDS[a.role] + '）'}"
            for a in task.assignments
        )
        lines.append(texts.CONSOLE_TASK_LINE.format(
            seq=task.seq, deadline=task.deadline_text or texts.NO_DEADLINE,
            content=task.content, units=units))
    return "\n".join(lines)
