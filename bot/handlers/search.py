"""Use case: find tasks by keyword, ranked by how well they match."""

from __future__ import annotations

from bot import texts
from bot.handlers.context import Reply
from bot.handlers.env import Env
from bot.handlers.render import task_lines
from store.views import search_texts, select_tasks

MAX_RESULTS = 10


def score(text: str, keyword: str, terms: list[str]) -> float:
    """Whole-keyword hits count most; each term counts by its length; partial matches need at
    least half of the keyword's terms (by length)."""
    text = text.lower()
    whole = text.count(keyword.lower().replace(" ", ""))
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
    candidates = await search_texts(env.store, env.scope.plan_ids, [keyword.replace(" ", ""), *terms])
    whole = keyword.lower().replace(" ", "")
    if any(whole in text.lower() for _, text in candidates):
        # The exact phrase occurs: tasks that only share a word or two are noise.
        candidates = [(i, text) for i, text in candidates if whole in text.lower()]
    ranked = sorted(((score(text, keyword, terms), task_id) for task_id, text in candidates),
                    key=lambda pair: -pair[0])
    best = [task_id for s, task_id in ranked if s > 0][:MAX_RESULTS]
    if not best:
        return Reply(texts.SEARCH_EMPTY.format(scope=env.label, keyword=keyword))
    order = {task_id: i for i, task_id in enumerate(best)}
    tasks = sorted(await select_tasks(env.store, env.scope.plan_ids, ids=best),
                   key=lambda t: order[t.id])
    hits = sum(1 for s, _ in ranked if s > 0)
    more = texts.LIST_MORE.format(shown=len(tasks)) if hits > len(tasks) else ""
    lines = [texts.SEARCH_HEAD.format(scope=env.label, keyword=keyword, n=hits, more=more)]
    with_org = len({t.org for t in tasks}) > 1
    for task in tasks:
        lines.extend(task_lines(task, env.today, None, with_org=with_org))
    return Reply("\n".join(lines), tasks=tasks)
