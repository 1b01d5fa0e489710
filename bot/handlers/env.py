"""Everything a use-case handler may read: the query, the asking chat, the chosen scope."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from bot import texts
from bot.domain.chat import Attachment, Reply
from bot.domain.plans import current_plan
from bot.domain.times import USERS_TZ, on_day
from bot.handlers.context import ChatContext
from bot.handlers.render import org_unit, period_label, scope_label
from bot.handlers.scope import Scope
from bot.nlu.query import Query
from bot.nlu.segment import Segmenter
from store.directory.directory import Directory
from store.reader import TaskReader
from store.repo import Store
from store.views import PlanRef

if TYPE_CHECKING:
    from bot.handlers.answer import Answerer


@dataclass
class Env:
    """Inputs of one answer."""

    store: Store
    reader: TaskReader
    directory: Directory
    segmenter: Segmenter
    q: Query
    ctx: ChatContext
    today: date
    scope: Scope
    catalog: list[PlanRef]
    now: datetime | None = None  # when the message arrived (the real time; records: `stamp`)
    tz: tzinfo = USERS_TZ  # the users' time zone, for dates shown
    text: str = ""  # the message as written
    attachment: Attachment | None = None  # a file sent with it

    @property
    def stamp(self) -> datetime | None:
        """When what the user does now is recorded: on `today` (a fixed day, if any) at the real
        time of day; None when the arrival is not known (the store then stamps it)."""
        return None if self.now is None else on_day(self.today, self.now, self.tz)

    @property
    def label(self) -> str:
        """The scope as the reply names it: 普陀区 2025年."""
        return scope_label(self.scope.plans, self.scope.org)

    def due_range(self) -> tuple[date, date] | None:
        """The due dates the period selects; None when it selects none or is the whole plan year
        (a plan's year covers all its tasks, even one due in the following spring)."""
        p = self.q.period
        if p is None or self.q.year_long or self.whole_plan_year():
            return None
        return p.start, p.end

    def plan_words(self) -> str:
        """「普陀区数据局」, with 「2021年」 when the plan is not the org's current one: the start of
        a suggested question that stays on the same plan."""
        who = org_unit(self.scope.org, self.scope.unit)
        plans = self.scope.plans
        if self.scope.org and len(plans) == 1:
            current = current_plan([p for p in self.catalog if p.org == self.scope.org], self.today)
            if current is not None and current.id != plans[0].id:
                return f"{who}{plans[0].year}年"
        return who

    def what(self, status: bool = True) -> str:
        """The filters as words: 区数据局 · 2025年10月 · 逾期."""
        parts = []
        if self.scope.unit:
            parts.append(self.scope.unit)
        if self.q.period and not self.q.year_long and not self.whole_plan_year():
            parts.append(period_label(self.q.period))
        if self.q.year_long:
            parts.append(texts.YEAR_LONG_WORD)
        if self.q.role and self.scope.unit:
            parts.append(texts.ROLE_WORDS[self.q.role])
        shown = self.q.status or ("open" if self.q.mine else None)
        if status and shown in texts.STATUS_FILTER_WORDS:
            parts.append(texts.STATUS_FILTER_WORDS[shown])
        return " · ".join(parts) + "，" if parts else ""

    def whole_plan_year(self) -> bool:
        """Whether the period is exactly the year of the plans in scope (adds nothing to it)."""
        p = self.q.period
        return bool(p and (p.start.month, p.start.day, p.end.month, p.end.day) == (1, 1, 12, 31)
                    and p.start.year == p.end.year
                    and {pl.year for pl in self.scope.plans} == {p.start.year})

    def problem_reply(self) -> Reply | None:
        """The explanation when the scope has no plan to read."""
        scope, q = self.scope, self.q
        if not scope.problem:
            return None
        org = scope.org or ""
        year = q.year if q.year is not None else (q.period.start.year if q.period else "")
        when = period_label(q.period) if q.period else f"{year}年"
        latest = scope.latest
        example = f"{org_unit(org, scope.unit)}{latest.year}年任务" if latest is not None else ""
        text = texts.SCOPE_PROBLEMS[scope.problem].format(
            org=org, who=org or texts.STORE_WORD, when=when, year=year, years=self._years(), orgs="、".join(scope.orgs) or "无",
            latest=latest.year if latest else "", example=example)
        return Reply(text)

    def _years(self) -> str:
        """The plans there are: 2021年、2025年 for one org; 长宁区 2021年、2025年；… for all."""
        plans = [p for p in self.catalog if self.scope.org in (None, p.org)]
        by_org: dict[str, list[int]] = {}
        for p in sorted(plans, key=lambda p: (p.org, p.year)):
            by_org.setdefault(p.org, []).append(p.year)
        if self.scope.org is not None:
            return "、".join(f"{y}年" for y in by_org.get(self.scope.org, [])) or "无"
        return "；".join(f"{o} " + "、".join(f"{y}年" for y in ys)
                        for o, ys in list(by_org.items())[:10]) or "无"




@dataclass
class Question:
    """A parsed message on its way to the use case that answers it."""

    answerer: Answerer
    q: Query
    ctx: ChatContext
    today: date
    text: str = ""
    attachment: Attachment | None = None
    now: datetime | None = None

    def env(self) -> Env | Reply:
        """The scope the question is about, or the reply that explains why there is none."""
        return self.answerer.env(self)


Answer = Callable[[Question], Awaitable[Reply]]


def scoped(use_case: Callable[[Env], Awaitable[Reply]]) -> Answer:
    """A use case that reads the plans in scope: it runs once the scope is resolved."""
    async def answer(question: Question) -> Reply:
        env = question.env()
        return env if isinstance(env, Reply) else await use_case(env)

    answer.__name__ = answer.__qualname__ = use_case.__name__
    return answer
