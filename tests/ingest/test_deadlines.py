"""完成时限 parsing, table-driven: plan year 2025, issued 2025-04-25 (a Friday)."""

from __future__ import annotations

from datetime import date

import pytest

from store.ingest.deadlines import find_deadline_in_prose, looks_like_deadline, parse_deadline

ISSUED = date(2025, 4, 25)


@pytest.mark.parametrize(
    ("text", "due", "kind", "recurrence"),
    [
        ("全年", date(2025, 12, 31), "year-long", None),
        ("年内", date(2025, 12, 31), "year-long", None),
        ("年底前", date(2025, 12, 31), "year-long", None),
        ("10月", date(2025, 10, 31), "dated", None),
        ("10月份", date(2025, 10, 31), "dated", None),
        ("10月底前", date(2025, 10, 31), "dated", None),
        ("十月底前", date(2025, 10, 31), "dated", None),
        ("２月底前", date(2025, 2, 28), "dated", None),
        ("3月31日前", date(2025, 3, 31), "dated", None),
        ("2026年3月底前", date(2026, 3, 31), "dated", None),
        ("次年3月", date(2026, 3, 31), "dated", None),
        ("上半年", date(2025, 6, 30), "dated", None),
        ("第三季度", date(2025, 9, 30), "dated", None),
        ("6月上旬", date(2025, 6, 10), "dated", None),
        ("发布后30日内", date(2025, 5, 25), "relative", None),
        # 10 workdays after Fri 25 April 2025: Sun 27 April is a 调休 workday, 1–5 May are holidays.
        ("印发后10个工作日内", date(2025, 5, 13), "relative", None),
        ("持续推进", None, "ongoing", None),
        ("长期坚持", None, "ongoing", None),
        ("常态化", None, "ongoing", None),
        ("每季度报送", date(2025, 12, 31), "year-long", "quarterly"),
        ("每月", date(2025, 12, 31), "year-long", "monthly"),
    ],
)
def test_parse_deadline(text: str, due: date | None, kind: str, recurrence: str | None) -> None:
    parsed = parse_deadline(text, 2025, ISSUED)
    assert (parsed.text, parsed.due_date, parsed.kind, parsed.recurrence, parsed.warning) == (
        text, due, kind, recurrence, None)


def test_unknown_text_is_kept_with_a_warning() -> None:
    parsed = parse_deadline("视情况而定", 2025, ISSUED)
    assert (parsed.text, parsed.due_date, parsed.kind) == ("视情况而定", None, "unknown")
    assert parsed.warning == "无法识别的完成时限：视情况而定"


def test_relative_deadline_without_issue_date_is_not_guessed() -> None:
    parsed = parse_deadline("发布后30日内", 2025, None)
    assert (parsed.due_date, parsed.kind) == (None, "relative")
    assert parsed.warning == "文件未写印发日期，无法计算相对时限"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("全年", True), ("10月底前", True), ("持续推进", True), ("每季度报送", True),
     ("三、持续", False), ("常态化推", False), ("区政府各部门、各街镇8月", False), ("区府办", False)],
)
def test_looks_like_deadline(text: str, expected: bool) -> None:
    assert looks_like_deadline(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("目录经审议通过后，于 3 月 31 日前向社会公开。", "3月31日前"),
        ("于本工作要点发布后 30 日内报送区政府办公室。", "本工作要点发布后30日内"),
        ("年内邀请企业代表列席会议不得少于3次。", "年内"),
        ("于下一年第一季度将评估结果向社会公开。", "下一年第一季度"),
        ("加强政策解读。", None),
    ],
)
def test_deadline_found_in_prose(text: str, expected: str | None) -> None:
    assert find_deadline_in_prose(text) == expected
