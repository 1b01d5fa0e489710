"""`duban import` reviews, refusals and `duban tasks edit`, run through the command's entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import ROOT, SAMPLES

CORPUS = ROOT / "tests" / "corpus"


def test_dry_run_prints_a_review(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "--dry-run", str(CORPUS / "18_anhui_jyt_2024_zwgk_fenjie_pipe.txt")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:4] == [
        f"文件：{CORPUS / '18_anhui_jyt_2024_zwgk_fenjie_pipe.txt'}",
        "计划：安徽省教育厅2024年政务公开重点工作任务分解",
        "　　安徽省教育厅 2024年 · 2024-06-07 印发 · 3 项任务",
        "版式：用 | 分隔的文本表格（pipe-table），评分 3.00：内容 100%，单位 100%，时限 100%，编号 100%，顺序 100%",
    ]
    assert out[13:16] == [
        "  3. 助力优化政务服务,完善“教育入学一件事”,进一步提升“高效办成一件事”业务标准化水平。",
        "     责任：基教处、电教馆、各市、县(市、区)教育局",
        "     时限：6月底前（2024-06-30）",
    ]
    assert "     ⚠ 单位目录中没有：基教处、电教馆、各市、县(市、区)教育局" in out
    assert out[-2:] == ["需要核对：3 项任务有提示",
                        "提示：单位目录中没有的单位 24 个，将作为安徽省教育厅的新单位加入：人事处、发规处、财务处、基教处、"
                        "高教处、职成处、民教处、师资处、督导办、学生处、科研处、体卫艺处等"]
    assert not db.exists()


def test_dry_run_json_has_layout_score_and_task_warnings(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = CORPUS / "01_shanghai_yangpu_2024_zwgk_yaodian.txt"
    assert main(["import", "--dry-run", "--json", str(path)]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert (plan["org"], plan["year"], plan["layout"]) == ("杨浦区", 2024, "numbered")
    assert (plan["score"], plan["score_detail"]) == (2.2, {
        "content": 1.0, "units": 0.667, "deadline": 0.0, "number": 1.0, "order": 1.0, "tasks": 3})
    first, second, third = plan["tasks"]
    assert (first["number"], first["deadline_text"], first["due_date"], first["warnings"]) == (
        "1", None, "2024-12-31", [])
    assert [u["raw"] for u in second["units"]] == ["区发展改革委", "区科委", "区商务委", "区政府办公室"]
    assert third["warnings"] == ["未识别出责任单位，记为发文单位"]  # the excerpt cuts it off


@pytest.mark.parametrize(("name", "reason"), [
    ("33_NEG_zhejiang_xiaoshan_2017_shishi_news.txt", "这是一份新闻报道，不是任务计划"),
    ("34_NEG_hebei_weixian_2023_zwgk_jiedu.txt", "这是一份政策解读，不是任务计划"),
    ("35_NEG_district_tjj_2023_xxgk_nianbao_tables.txt", "这是一份政府信息公开工作年度报告，不是任务计划"),
])
def test_documents_that_are_not_plans_exit_2(db: Path, capsys: pytest.CaptureFixture[str], name: str,
                                             reason: str) -> None:
    assert main(["import", "--org", "某区", str(CORPUS / name)]) == 2
    err = capsys.readouterr().err
    assert f"导入失败：{CORPUS / name}：{reason}：没有任何一项写明责任单位，未导入" in err
    assert "本次没有写入任何数据" in err


def test_tasks_edit_is_kept_across_reimports(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(SAMPLES / "putuo-2025.txt")]) == 0
    capsys.readouterr()
    assert main(["tasks", "edit", "普陀", "2025", "12", "--units", "区府办(牵头)、区数据局",
                 "--deadline", "10月底前", "--by", "张三"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "已修正 普陀区 2025年 第12项：",
        "  责任单位：区数据局、各部门、各街道（镇） → 区府办(牵头)、区数据局",
        "  完成时限：全年 → 10月底前",
        "修正已记录（命令行:张三），重新导入该计划时仍会保留。",
    ]
    assert main(["import", "--json", str(SAMPLES / "putuo-2025.txt")]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "unchanged"
    assert main(["ask", "--today", "2025-10-20", "--as", "普陀区", "第12项"]) == 0
    reply = capsys.readouterr().out
    assert "10月底前" in reply and "区府办" in reply


@pytest.mark.parametrize(("args", "message"), [
    (["--deadline", "等通知"], "修正失败：无法识别的完成时限：等通知（示例：10月底前、2025-11-30、全年、持续推进）。没有修改任何数据。"),
    ([], "请至少给出 --units、--deadline 或 --content 之一。"),
])
def test_tasks_edit_refuses_bad_values(db: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                                       message: str) -> None:
    assert main(["import", str(SAMPLES / "putuo-2025.txt")]) == 0
    capsys.readouterr()
    assert main(["tasks", "edit", "普陀区", "2025", "12", *args]) == 2
    assert capsys.readouterr().err.strip() == message


def _cut(tmp_path: Path, keep: int, name: str = "putuo-2025-cut.txt") -> Path:
    """The 普陀 sample cut down after its first `keep` lines (a truncated copy)."""
    lines = (SAMPLES / "putuo-2025.txt").read_text(encoding="utf-8").split("\n")
    path = tmp_path / name
    path.write_text("\n".join(lines[:keep]) + "\n", encoding="utf-8")
    return path


def test_a_revision_that_would_empty_a_plan_is_refused(db: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(SAMPLES / "putuo-2025.txt")]) == 0
    capsys.readouterr()
    cut = _cut(tmp_path, 24)  # the header and task 1 only
    assert main(["import", "--dry-run", "--json", str(cut)]) == 0
    assert [t["seq"] for t in json.loads(capsys.readouterr().out)["tasks"]] == [1]
    assert main(["import", str(cut)]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "导入被拒绝：putuo-2025-cut.txt：普陀区 2025年计划现有 31 项任务，按此文件修订将移除 30 项"
        "（第 2–31 项），只剩 1 项。文件可能不完整或已损坏，请核对。确需用此文件替换整个计划，请加 --replace 重新导入。",
        "有文件无法导入，本次没有写入任何数据。"]
    assert _plans(db) == [("普陀区", 2025, "普府办〔2025〕12号", 31)]  # as it was
    assert main(["import", "--json", "--replace", str(cut)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["status"], report["tasks"], report["removed"]) == ("updated", 1, list(range(2, 32)))


def test_a_file_without_its_doc_no_revises_the_plan_never_a_second(
        db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(SAMPLES / "putuo-2025.txt")]) == 0
    text = (SAMPLES / "putuo-2025.txt").read_text(encoding="utf-8")
    for n, damaged in enumerate([text.replace("普府办〔2025〕12号", ""),  # 文号 lost
                                 text.replace("普府办〔2025〕12号", "普府办〔2025〕1?号"),  # misread
                                 text.replace("普府办〔2025〕12号", "普府办〔2025〕13号")]):  # another
        path = tmp_path / f"putuo-{n}.txt"
        path.write_text(damaged, encoding="utf-8")
        capsys.readouterr()
        assert main(["import", "--json", str(path)]) == 0
        report = json.loads(capsys.readouterr().out)
        assert (report["org"], report["year"], report["status"]) == ("普陀区", 2025, "updated")
    # One plan: a lost or unreadable 文号 kept the stored one, another (no 补充/调整) replaced it.
    assert _plans(db) == [("普陀区", 2025, "普府办〔2025〕13号", 31)]


def _plans(db: Path) -> list[tuple]:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT org, year, doc_no, (SELECT count(*) FROM tasks t WHERE "
                            "t.plan_id = p.id AND t.active) FROM plans p ORDER BY id").fetchall()
