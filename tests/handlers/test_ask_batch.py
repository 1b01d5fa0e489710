"""`duban ask --batch` answers issue 13's example questions in one process, over the samples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import SAMPLES

EDU = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 18, 20, 21, 25, 26, 27, 30, 32, 33]
DAY = "2025-10-22"
# (question, speaking as, task numbers of 长宁区 2025, a line the reply holds)
EXAMPLES = [
    ("下周要交啥", "长宁区/区教育局", [9, 25], "【长宁区 2025年】区教育局 · 2025年10月27日至11月2日，共 2 项"),
    ("我们下周要交啥", "长宁区/区教育局", [9, 25], None),
    ("哪些还没完成", "长宁区/区教育局", EDU, "【长宁区 2025年】区教育局 · 未完成，共 24 项（按截止时间列出最近的 10 项）"),
    ("还有几项没做完", "长宁区/区教育局", EDU,
     "【长宁区 2025年】区教育局 · 未完成，共 24 项：已完成 0 项，进行中 0 项，未开始 24 项，逾期 3 项。"),
    ("政府开放月的任务", "长宁区/区教育局", [20], None),
    ("帮我查下政务公开专栏的任务", "长宁区/区教育局", [1, 25], None),
    ("政务公开专区", "长宁区", [28], None),
    ("季度报告什么时候交", "长宁区/区教育局", [33], "   ⏰ 每季度报送，本季度还有 70 天（50 个工作日），截止12月31日"),
    ("政府开放月啥时候搞", "长宁区/区教育局", [20], "   ⏰ 已逾期 52 天（截止8月31日）"),
    ("还有多少天到期", "长宁区/区教育局", EDU, "   ⏰ 还有 9 天（7 个工作日），截止10月31日"),
    ("第14项是我们的吗", "长宁区/区教育局", [14], "是的，第14项是区教育局的任务（负责）。"),
    ("我们配合的任务", "长宁区/区府办", [18], None),
    ("谢谢", "长宁区/区教育局", [], "不客气！有需要随时问我。"),
    ("长宁教育据的任务", "长宁区", [], "没有找到『教育据』，您是说区教育局吗？"),
    ("长宁区10月任务", None, [9, 22, 23, 25, 28], None),
    ("第9项", None, [9], "【长宁区 2025年 第9项】"),
    ("那逾期的呢", None, [10, 20, 32], None),
]


def test_the_examples_are_answered_in_one_batch(db: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", *map(str, sorted(SAMPLES.glob("*.txt")))]) == 0
    capsys.readouterr()
    batch = tmp_path / "questions.jsonl"
    batch.write_text("\n".join(json.dumps({"q": q, "today": DAY, **({"as": who} if who else {})},
                                          ensure_ascii=False) for q, who, _, _ in EXAMPLES),
                     encoding="utf-8")
    assert main(["ask", "--batch", str(batch)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == len(EXAMPLES)
    for (question, _, seqs, line), row in zip(EXAMPLES, rows, strict=True):
        assert {(t["org"], t["year"]) for t in row["tasks"]} <= {("长宁区", 2025)}, question
        assert sorted(t["seq"] for t in row["tasks"]) == seqs, question
        if line is not None:
            assert line in row["reply"].splitlines(), (question, row["reply"])


def test_parse_knows_the_plans_words_of_the_store(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--today", DAY, "政务公开专区"]) == 0  # no store yet: no topic known
    assert json.loads(capsys.readouterr().out)["intent"] == "unknown"
    assert main(["import", str(SAMPLES / "changning-2025.txt")]) == 0
    capsys.readouterr()
    assert main(["parse", "--today", DAY, "政务公开专区"]) == 0
    assert json.loads(capsys.readouterr().out) == {"intent": "search", "org": None,
                                                   "unit": None, "period": None, "status": None,
                                                   "seq": None, "keyword": "政务公开专区", "year": None}
