"""Quarterly reports in the parser: handing one in versus asking who has (today passed in)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.nlu.parser import is_report_submission, parse

TODAY = date(2025, 10, 10)
Q3 = {"start": "2025-07-01", "end": "2025-09-30"}
Q2 = {"start": "2025-04-01", "end": "2025-06-30"}


@pytest.mark.parametrize(("text", "keyword", "period"), [
    ("季度报告：本季度共发布政府信息58条", "本季度共发布政府信息58条", None),
    ("季度报告: 已完成专栏更新", "已完成专栏更新", None),
    ("三季度报告：培训2次，更新专栏5次", "培训2次,更新专栏5次", Q3),
    ("第三季度工作报告 完成了全部任务", "完成了全部任务", Q3),
    ("Q3季报：信息公开58条", "信息公开58条", Q3),
    ("2025年第二季度工作报告：二季度共发布信息120条", "二季度共发布信息120条", Q2),
    ("二季度情况报告\n一、总体情况……", "一、总体情况......", Q2),  # normalised; kept as written
    ("季报 本季度无新增依申请公开", "本季度无新增依申请公开", None),
    ("/qreport 三季度工作已完成", "三季度工作已完成", None),
])
def test_handing_in(text: str, keyword: str, period: dict | None) -> None:
    q = parse(text, TODAY).to_json()
    assert (q["intent"], q["keyword"], q["period"]) == ("quarterly_report", keyword, period)
    assert is_report_submission(text) or text.startswith("/")


@pytest.mark.parametrize(("text", "period"), [
    ("三季度报送情况", Q3),
    ("第三季度报告情况", Q3),
    ("哪些单位没交季度报告", None),
    ("谁还没交季报", None),
    ("Q3季报报送情况", Q3),
    ("三季度报告交了吗", Q3),
    ("我们的季度报告交了吗", None),
    ("季度报告收齐了没", None),
    ("二季度季报提交情况", Q2),
    ("/reports", None),
])
def test_asking_who_has(text: str, period: dict | None) -> None:
    q = parse(text, TODAY).to_json()
    assert (q["intent"], q["period"]) == ("report_status", period)


@pytest.mark.parametrize(("text", "intent"), [
    ("每季度报送的任务", "tasks"),
    ("逾期未报送的单位", "summary"),
    ("谁还没交", "summary"),
    ("报告：第3项已完成", "report"),  # progress on task 3, not a quarterly report
    ("第8项已报送", "report"),
    ("请报送第三季度落实情况", "summary"),
])
def test_other_questions_that_mention_reports(text: str, intent: str) -> None:
    assert parse(text, TODAY).intent == intent
