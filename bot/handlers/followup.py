"""Follow-ups: a chat's last question, kept for half an hour, fills in what a short question
leaves out (「第9项」 keeps the org and plan; 「那逾期的呢」 keeps the org, plan, unit and period).
And a liaison's question for a summary is about its own unit: it gets its counts."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import datetime, timedelta

from bot.handlers.context import ChatContext
from bot.nlu.query import Ask, Intent, Period, Query, SmallTalk, Status
from store.memory import Memory

MEMORY = timedelta(minutes=30)
ASKED = (Intent.TASKS, Intent.SEARCH, Intent.DETAIL, Intent.SUMMARY, Intent.REPORT_STATUS)
_KEEPS_TOPIC = (Intent.SEARCH, Intent.SUMMARY, Intent.REPORT_STATUS)


def speaker(ctx: ChatContext) -> str:
    """Who a chat speaks as: a follow-up spoken as someone else starts afresh."""
    return f"{ctx.role or ''}|{ctx.org or ''}|{ctx.unit or ''}|{int(ctx.admin)}"


def recall(memory: Memory | None, ctx: ChatContext, now: datetime) -> Memory | None:
    """The chat's last question, if it is recent and was asked as the same speaker."""
    if memory is None or memory.speaker != speaker(ctx) or not timedelta(0) <= now - memory.at <= MEMORY:
        return None
    return memory


def continue_query(q: Query, memory: Memory | None) -> Query:
    """`q` with what it leaves out taken from the last question (`memory`, already recalled);
    「是的」 to 「您是说区教育局吗？」 asks the last question again about that unit."""
    if memory is not None and memory.guess and q.small_talk == SmallTalk.YES:
        return Query(intent=Intent(memory.intent), org=memory.org, year=memory.year, unit=memory.guess,
                     period=Period(*memory.period) if memory.period else None,
                     status=Status(memory.status) if memory.status else None, keyword=memory.keyword)
    if memory is None or not (q.intent in ASKED or (q.intent == Intent.UNKNOWN and q.followup)):
        return q
    q = replace(q)
    same_org = q.org in (None, memory.org)
    if q.org is None and q.unknown_org is None:
        q.org = memory.org
    if same_org and q.year is None and q.period is None and not q.year_long:
        q.year = memory.year
    if not q.followup:
        return q
    if same_org and q.unit is None and not q.mine and not q.wide and q.unknown_unit is None:
        q.unit = memory.unit
    new_period = q.period is not None
    # Overdue and due-soon work have their own time: 「那逾期的呢」 asks for all of it.
    timed = q.status in (Status.OVERDUE, Status.DUE_SOON)
    if q.period is None and memory.period and not q.year_long and q.seq is None and not timed:
        q.period = Period(*memory.period)
    if q.status is None and q.seq is None and memory.status and not (
            new_period and memory.status in (Status.OVERDUE, Status.DUE_SOON)):
        q.status = Status(memory.status)
    if q.seq is None and q.keyword is None and memory.intent in _KEEPS_TOPIC and \
            q.intent in (Intent.TASKS, Intent.UNKNOWN):
        q.intent, q.keyword = Intent(memory.intent), memory.keyword
    if q.intent == Intent.UNKNOWN:
        q.intent = Intent(memory.intent)
    return q


def remember(q: Query, ctx: ChatContext, now: datetime,
             orgs: Collection[str] | None = None, guess: str | None = None) -> Memory | None:
    """What to keep of a question for the next one (None: nothing worth keeping); an org
    without a plan (one of `orgs`, when given) is not kept; `guess`: the unit the reply offers
    for a name it did not find."""
    if q.intent not in ASKED:
        return None
    if orgs is not None and (q.org or ctx.org) not in orgs:
        q = replace(q, org=None, unit=None)
    year = q.year
    if year is None and q.period is not None and q.period.start.year == q.period.end.year:
        year = q.period.start.year
    period = (q.period.start, q.period.end) if q.period else None
    return Memory(speaker(ctx), q.intent, q.org or ctx.org, year, q.unit, period,
                  q.status, q.keyword if q.intent == Intent.SEARCH else None, now, guess)


def for_caller(q: Query, ctx: ChatContext) -> Query:
    """A liaison asking for a summary of no other unit gets its own unit's counts (a summary
    across units stays for leads)."""
    if ctx.unit and q.intent == Intent.SUMMARY and not q.wide and q.unit in (None, ctx.unit) \
            and q.org in (None, ctx.org) and q.command is None:
        q = replace(q, intent=Intent.TASKS, ask=Ask.COUNT)
    return q
