"""A file sent with no words is read by its name: a quarterly report's head in it (DingTalk's
and WeCom's file messages carry no caption)."""

from __future__ import annotations

import pytest

from bot.nlu.parser import report_words


@pytest.mark.parametrize(("name", "words"), [
    ("区教育局三季度报告.docx", "三季度报告"),
    ("区教育局2025年第三季度政务公开工作报告.docx", "2025年第三季度报告"),
    ("区数据局第4季度报告.xlsx", "第4季度报告"),
    ("三季度季报.pdf", "三季度季报"),
    ("季报.txt", "季报"),
    ("季度报告", "季度报告"),
    ("2025年政务公开工作要点.docx", None),
    ("2025年度工作总结.docx", None),
    ("关于召开季度会议的通知.docx", None),
    ("报告.pdf", None),
])
def test_a_files_name_says_whether_it_is_a_quarterly_report(name: str, words: str | None) -> None:
    assert report_words(name) == words
