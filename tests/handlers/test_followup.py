"""Follow-ups as pure rules: what a short question takes from the chat's last one."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.handlers.context import ChatContext
from bot.handlers.followup import continue_query, for_caller, recall, remember
from bot.nlu import parse
from bot.nlu.query import Ask, Intent, Period
from store.kinds import ChatRole

TODAY = date(2025, 10, 22)
AT = datetime(2025, 10, 22, 2, 0, tzinfo=UTC)
LEAD = ChatContext(org="长宁区", role=ChatRole.LEAD)
EDU = ChatContext(org="长宁区", unit="区教育局", role=ChatRole.LIAISON)
OCTOBER = Period(date(2025, 10, 1), date(2025, 10, 31))


def after(first: str, then: str, ctx: ChatContext = LEAD, minutes: int = 5):
    memory = remember(parse(first, TODAY), ctx, AT)
    return continue_query(parse(then, TODAY), recall(memory, ctx, AT + timedelta(minutes=minutes)))


def test_a_number_keeps_the_org_and_plan_only() -> None:
    q = after("长宁区2021年3月任务", "第9项")
    assert (q.intent, q.org, q.year, q.seq, q.period) == (Intent.DETAIL, "长宁区", 2021, 9, None)


def test_an_elliptical_question_keeps_unit_and_period() -> None:
    q = after("长宁区教育局10月任务", "那已完成的呢")
    assert (q.org, q.unit, q.period, q.status) == ("长宁区", "区教育局", OCTOBER, "done")
    q = after("长宁区10月任务", "那逾期的呢")  # overdue work has its own time
    assert (q.org, q.period, q.status) == ("长宁区", None, "overdue")
    q = after("长宁区10月任务", "那普陀区呢")
    assert (q.org, q.period, q.unit) == ("普陀区", OCTOBER, None)


def test_a_search_or_summary_goes_on_for_another_org() -> None:
    q = after("长宁区关于政府开放月的任务", "那普陀区呢")
    assert (q.intent, q.org, q.keyword) == (Intent.SEARCH, "普陀区", "政府开放月")
    q = after("长宁区进度统计", "那普陀区的呢")
    assert (q.intent, q.org) == (Intent.SUMMARY, "普陀区")


def test_a_full_question_keeps_nothing_but_the_org() -> None:
    q = after("长宁区教育局10月任务", "逾期任务")
    assert (q.org, q.unit, q.period) == ("长宁区", None, None)


def test_memory_lasts_thirty_minutes_and_one_speaker() -> None:
    memory = remember(parse("长宁区10月任务", TODAY), LEAD, AT)
    assert recall(memory, LEAD, AT + timedelta(minutes=30)) == memory
    assert recall(memory, LEAD, AT + timedelta(minutes=31)) is None
    assert recall(memory, EDU, AT + timedelta(minutes=1)) is None
    assert remember(parse("谢谢", TODAY), LEAD, AT) is None


def test_a_liaisons_summary_is_its_units_count() -> None:
    q = for_caller(parse("我们的进度", TODAY), EDU)
    assert (q.intent, q.ask) == (Intent.TASKS, Ask.COUNT)
    assert for_caller(parse("哪些单位逾期了", TODAY), EDU).intent == Intent.SUMMARY
    assert for_caller(parse("进度统计", TODAY), LEAD).intent == Intent.SUMMARY


def test_an_org_without_a_plan_is_not_kept() -> None:
    memory = remember(parse("徐汇区本月任务", TODAY), LEAD.__class__(admin=True), AT, orgs={"长宁区"})
    assert memory is not None and memory.org is None
    kept = remember(parse("长宁区本月任务", TODAY), LEAD, AT, orgs={"长宁区"})
    assert kept is not None and kept.org == "长宁区"
