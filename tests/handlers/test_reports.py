"""Quarterly reports: handed in as text or a file, kept per unit and quarter, counted for leads,
and what they change in the reminders (time passed in)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from bot.domain.chat import Attachment
from bot.handlers.answer import Answerer
from bot.handlers.context import ChatContext
from bot.scheduler.today import day_reminders
from store.models import QuarterlyReport
from store.reports import report_quarter
from tests.conftest import sources
from tests.handlers import samples

OCT10 = date(2025, 10, 10)
NOW = datetime(2025, 10, 10, 2, 30, tzinfo=UTC)  # 10:30 in Shanghai, the users' default zone
EDU = ChatContext(org="长宁区", unit="区教育局", role="liaison", actor="telegram:7")
LEAD = ChatContext(org="长宁区", role="lead", actor="telegram:8")
CHANGNING_33 = samples.CHANGNING_33


async def say(answerer: Answerer, text: str, ctx: ChatContext, today: date = OCT10,
              attachment: Attachment | None = None) -> str:
    q, reply = await answerer.answer(text, ctx, today, NOW, attachment=attachment)
    return reply.text


async def rows(answerer: Answerer) -> list[QuarterlyReport]:
    async with answerer.store.sessions() as session:
        return list((await session.scalars(select(QuarterlyReport).order_by(QuarterlyReport.id))).all())


@pytest.mark.parametrize(("day", "expected"), [
    (date(2025, 10, 10), (2025, 3)), (date(2025, 11, 3), (2025, 4)), (date(2025, 12, 31), (2025, 4)),
    (date(2026, 1, 5), (2025, 4)), (date(2026, 2, 1), (2026, 1)), (date(2025, 7, 1), (2025, 2)),
    (date(2025, 9, 26), (2025, 3)),
])
def test_the_quarter_a_report_is_for(day: date, expected: tuple[int, int]) -> None:
    assert report_quarter(day) == expected


async def test_a_unit_hands_in_its_report_as_text(answerer: Answerer) -> None:
    reply = await say(answerer, "三季度报告：本季度共发布政府信息58条，开展培训2次。", EDU)
    assert reply == ("已收到长宁区教育局2025年第三季度报告（文字21字），提交时间 2025-10-10 10:30。\n"
                     "对应第33项。")
    (row,) = await rows(answerer)
    assert (row.org, row.year, row.quarter, row.unit, row.text, row.file_name, row.actor) == (
        "长宁区", 2025, 3, "区教育局", "本季度共发布政府信息58条，开展培训2次。", None, "telegram:7")
    again = await say(answerer, "季度报告 补充：10月9日更新了专栏", EDU)
    assert again.splitlines()[-1] == "这是本季度第2次提交，之前提交的内容也都保留。"
    assert [r.text for r in await rows(answerer)] == [
        "本季度共发布政府信息58条，开展培训2次。", "补充：10月9日更新了专栏"]


async def test_a_report_file_is_kept_whole(answerer: Answerer) -> None:
    data = bytes(range(256)) * 40
    doc = Attachment("区教育局三季度报告.docx", len(data), "doc1", data)
    reply = await say(answerer, "季度报告", EDU, attachment=doc)
    assert reply.startswith("已收到长宁区教育局2025年第三季度报告（文件《区教育局三季度报告.docx》10 KB）")
    (row,) = await rows(answerer)
    assert (row.file_name, row.file_ref, row.file_data, row.text) == (doc.name, "doc1", data, None)


@pytest.mark.parametrize(("text", "ctx", "expected"), [
    ("2026年一季度报告：提前报送", EDU, "2026年第一季度还没有开始，暂不能提交该季度的报告。"),
    ("季度报告：内容", LEAD, "季度报告由各责任单位的联络员在本单位绑定的聊天里提交。"),
    ("季度报告：内容", ChatContext(), "季度报告由各责任单位的联络员在本单位绑定的聊天里提交。"),
])
async def test_refused_reports_change_nothing(answerer: Answerer, text: str, ctx: ChatContext,
                                              expected: str) -> None:
    assert (await say(answerer, text, ctx)).splitlines()[0] == expected
    assert await rows(answerer) == []


async def test_a_file_that_could_not_be_fetched_is_not_recorded(answerer: Answerer) -> None:
    reply = await say(answerer, "季度报告", EDU, attachment=Attachment("报告.pdf", 1000, "x", None))
    assert reply == "文件《报告.pdf》没能取到，报告未记录，请重新发送。"
    big = Attachment("报告.zip", 30 * 1024 * 1024, "y", None)
    assert (await say(answerer, "季度报告", EDU, attachment=big)).startswith("文件《报告.zip》超过 20 MB")
    assert await rows(answerer) == []


async def test_leads_see_who_has_and_has_not_reported(answerer: Answerer) -> None:
    await say(answerer, "三季度报告：已完成", EDU)
    reply = await say(answerer, "三季度报送情况", LEAD)
    missing = [u for u in CHANGNING_33 if u != "区教育局"]
    assert reply.splitlines() == [
        "长宁区2025年第三季度报送情况（第33项）",
        "应报 41 个单位：已报 1 个，未报 40 个。",
        "🔴 未报：" + "、".join(missing),
        "🟢 已报：区教育局（10月10日）",
    ]
    other = await say(answerer, "长宁区二季度报送情况", LEAD)
    assert other.splitlines()[1] == "应报 41 个单位：已报 0 个，未报 41 个。"


async def test_a_liaison_sees_its_own_report(answerer: Answerer) -> None:
    assert (await say(answerer, "我们的季度报告交了吗", EDU)).splitlines()[0] == (
        "长宁区教育局2025年第三季度报告尚未提交。")
    await say(answerer, "季报：三季度工作已按要求完成", EDU)
    assert await say(answerer, "三季度报告交了吗", EDU) == (
        "长宁区教育局2025年第三季度报告已提交（1次，最近一次 2025-10-10 10:30）。")


async def test_orgs_without_quarterly_work_say_so(answerer: Answerer) -> None:
    lead = ChatContext(org="普陀区", role="lead")
    assert await say(answerer, "三季度报送情况", lead) == "普陀区2025年的计划里没有要求每季度报送的任务。"
    assert await say(answerer, "2030年一季度报送情况", lead) == "普陀区没有2030年的计划，无法统计2030年第一季度的报送情况。"
    assert await say(answerer, "三季度报送情况", ChatContext(role="admin")) == (
        "请说明是哪个区的报送情况，如「普陀区三季度报送情况」。")


def _units(found, kind: str, seq: int = 33) -> list[str]:
    return sorted(a.reminder.unit for a in found if a.reminder.kind == kind
                  and a.reminder.org == "长宁区" and a.reminder.seq == seq)


async def test_reports_change_the_reminders(answerer: Answerer) -> None:
    await say(answerer, "三季度报告：已完成", EDU, today=date(2025, 9, 20))
    found = await day_reminders(sources(answerer), date(2025, 9, 26))  # 3 workdays before the quarter's end
    assert _units(found, "quarterly_report") == [u for u in CHANGNING_33 if u != "区教育局"]
    assert {a.reminder.about for a in found if a.reminder.kind == "quarterly_report"} == {"2025Q3"}
    # the 5th workday of the fourth quarter (National Day holidays and the 10-11 make-up day)
    assert _units(await day_reminders(sources(answerer), date(2025, 10, 13)), "escalation") == []
    late = await day_reminders(sources(answerer), date(2025, 10, 14))
    assert _units(late, "escalation") == [u for u in CHANGNING_33 if u != "区教育局"]
    assert {a.reminder.about for a in late if a.reminder.seq == 33} == {"2025Q3"}
    assert _units(await day_reminders(sources(answerer), date(2025, 10, 15)), "escalation") == []


async def test_last_years_fourth_quarter_is_escalated_after_a_new_plan(answerer: Answerer) -> None:
    from store.ingest.service import import_files
    from tests.conftest import SAMPLES

    jan = date(2026, 1, 8)  # the 5th workday of 2026 (1-1 holiday, 1-4 a make-up workday)
    await say(answerer, "四季度报告：全年工作已完成", EDU, today=date(2025, 12, 20))
    before = await day_reminders(sources(answerer), jan)  # 全年 work 5 workdays late: every unit escalated
    assert _units(before, "escalation") == CHANGNING_33
    await import_files(answerer.store, [SAMPLES / "changning-2025.txt"], year=2026)
    answerer.store.writes += 1
    after = await day_reminders(sources(answerer), jan)  # 2026's plan is current now; 2025's Q4 still counts
    late = [a.reminder for a in after if a.reminder.kind == "escalation" and a.reminder.year == 2025
            and a.reminder.org == "长宁区"]
    assert sorted(r.unit for r in late) == [u for u in CHANGNING_33 if u != "区教育局"]
    assert {(r.seq, r.about) for r in late} == {(33, "2025Q4")}
    assert not [a for a in after if a.reminder.year == 2025 and a.reminder.org == "长宁区"
                and a.reminder.kind != "escalation"]  # nothing else from a plan no longer current
