"""Use case: find tasks by keyword, ranked by how well they match."""

from __future__ import annotations

import heapq

from bot import texts
from bot.domain.chat import Reply
from bot.handlers.env import Env
from bot.handlers.render import task_lines

MAX_RESULTS = 10


def score(text: str, keyword: str, terms: list[str]) -> float:
    """`text` and `keyword` lower-cased, without spaces in the keyword. Whole-keyword hits count most; each term counts by its length; partial matches need at
    least half of the keyword's terms (by length)."""
    whole = text.count(keyword)
    total = sum(len(t) for t in terms) or 1
    found = [t for t in terms if t in text]
    covered = sum(len(t) for t in found) / total
    if not whole and covered < 0.5:
        return 0.0
    return whole * 100 + covered * 10 + sum(min(text.count(t), 5) * len(t) for t in found) / 10


async def search(env: Env) -> Reply:
    """Tasks of the scope's plans ranked by the keyword."""
    keyword = env.q.keyword
    if not keyword:
        return Reply(texts.SEARCH_NO_KEYWORD)
    if (problem := env.problem_reply()) is not None:
        return problem
    terms = env.segmenter.terms(keyword) or [keyword]
    whole = keyword.lower().replace(" ", "")
    pool = await env.reader.tasks(env.scope.plan_ids, units=env.scope.unit_names,
                                  due=env.due_range())
    candidates = [t for t in pool if whole in t.text]
    if not candidates:  # no exact phrase anywhere: rank by the keyword's words
        candidates = [t for t in pool if any(w in t.text for w in terms)]
    scored = [(s, -i, t) for i, t in enumerate(candidates) if (s := score(t.text, whole, terms)) > 0]
    if not scored:
        return Reply(texts.SEARCH_EMPTY.format(scope=env.label, keyword=keyword))
    tasks = [t for _, _, t in heapq.nlargest(MAX_RESULTS, scored, key=lambda x: x[:2])]
    more = texts.LIST_MORE.format(shown=len(tasks)) if len(scored) > len(tasks) else ""
    lines = [texts.SEARCH_HEAD.format(scope=env.label, keyword=keyword, n=len(scored), more=more)]
    with_org = len({p.org for p in env.scope.plans}) > 1
    for task in tasks:
        lines.extend(task_lines(task, env.today, None, with_org=with_org))
    return Reply("\n".join(lines), tasks=tasks)
