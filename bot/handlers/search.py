"""Use case: tasks that mention a topic (「搜索 政府开放月」, 「政务公开专区」, 「关于数据开放的」),
best match first. A task mentions the topic when it holds the phrase, or every one of its words;
weaker matches are not offered: the answer says no task mentions it."""

from __future__ import annotations

from bot import texts
from bot.domain.chat import Reply
from bot.handlers.env import Env
from bot.handlers.listing import answer_tasks, select
from store.views import TaskView


def score(text: str, keyword: str, terms: list[str]) -> float:
    """How well `text` (lower-cased) matches: the whole keyword (without spaces) counts most,
    then each term by its length; 0 unless the keyword or every term is in it."""
    whole = text.count(keyword)
    found = [t for t in terms if t in text]
    if not whole and len(found) < len(terms):
        return 0.0
    total = sum(len(t) for t in terms) or 1
    covered = sum(len(t) for t in found) / total
    return whole * 100 + covered * 10 + sum(min(text.count(t), 5) * len(t) for t in found) / 10


def mentions(pool: list[TaskView], keyword: str, terms: list[str]) -> list[TaskView]:
    """The tasks of `pool` that mention the keyword, best first (ties in plan order): those
    with the whole phrase when any has it, else those with every word of it."""
    whole = keyword.lower().replace(" ", "")
    if any(whole in t.text for t in pool):
        pool = [t for t in pool if whole in t.text]
    scored = [(s, -i, t) for i, t in enumerate(pool) if (s := score(t.text, whole, terms)) > 0]
    scored.sort(key=lambda x: x[:2], reverse=True)
    return [t for _, _, t in scored]


async def search(env: Env) -> Reply:
    """Tasks of the scope's plans that mention the keyword, filtered like a list. In a
    liaison's chat the unit's own first; when it has none, the org's, said so."""
    keyword = env.q.keyword
    if not keyword:
        return Reply(texts.SEARCH_NO_KEYWORD)
    if (problem := env.problem_reply()) is not None:
        return problem
    scope = env.scope
    terms = env.segmenter.terms(keyword) or [keyword]
    held = await env.reader.tasks(scope.plan_ids, units=scope.unit_names)
    found = select(env, mentions(held, keyword, terms))
    note = None
    if not found and scope.default_unit:
        wider = select_wide(env, mentions(await env.reader.tasks(scope.plan_ids), keyword, terms))
        if wider:
            note = texts.SEARCH_UNIT_NONE.format(unit=scope.unit, keyword=keyword, scope=env.label,
                                                 n=len(wider))
            found, scope.unit, scope.unit_names = wider, None, None
    if not found:
        example = f"{env.plan_words()}任务"
        return Reply("\n".join([texts.SEARCH_NONE.format(scope=env.label, what=env.what(), keyword=keyword),
                                texts.SEARCH_NONE_HINT.format(example=example)]), tasks=[])
    head = note.replace("{", "{{").replace("}", "}}") + "{more}" if note else \
        texts.SEARCH_HEAD.format(scope=env.label, keyword=keyword, n=len(found), more="{more}")
    example = f"{env.plan_words()}全部关于{keyword}的任务"
    return await answer_tasks(env, found, held, head=head, example=example)


def select_wide(env: Env, pool: list[TaskView]) -> list[TaskView]:
    """`select` for the whole org rather than the asking unit."""
    unit, names = env.scope.unit, env.scope.unit_names
    env.scope.unit, env.scope.unit_names = None, None
    try:
        return select(env, pool)
    finally:
        env.scope.unit, env.scope.unit_names = unit, names
