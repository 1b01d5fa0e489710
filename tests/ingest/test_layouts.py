"""parse_document on plans written for these tests, in layouts beyond the bundled samples.

Each test builds a small plan (other Shanghai districts, other provinces, other layouts),
reads it with `read_document`, parses it with `parse_document` and checks the result
field by field: org, year, 文号, issue date, task count, and for several tasks the exact
content, units (name, role), deadline text, due date, kind, recurrence and area.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from store.directory.directory import default_directory
from store.ingest.document import IngestError
from store.ingest.importer import parse_document
from store.ingest.model import ParsedPlan, ParsedTask
from store.ingest.readers import read_document
from tests.ingest.docgen import make_docx, make_pdf, make_xlsx


def _parse(path: Path, org: str | None = None, year: int | None = None) -> ParsedPlan:
    return parse_document(read_document(path), default_directory(), org=org, year=year)


def _write_txt(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _units(task: ParsedTask) -> list[tuple[str, str]]:
    return [(u.name, u.role) for u in task.units]


def _due(task: ParsedTask) -> tuple[str | None, date | None, str, str | None]:
    return task.deadline_text, task.due_date, task.kind, task.recurrence


# ---------------------------------------------------------------- 1. docx, notice head


MINHANG_HEAD = [
    "上海市闵行区人民政府办公室文件",
    "闵府办〔2025〕8号",
    "上海市闵行区人民政府办公室关于印发2025年闵行区政务公开工作要点任务分解表的通知",
    "各镇人民政府、街道办事处，区政府各委、办、局：",
    "现将《2025年闵行区政务公开工作要点任务分解表》印发给你们，请认真贯彻落实。",
    "上海市闵行区人民政府办公室",
    "2025年3月10日",
    "2025年闵行区政务公开工作要点任务分解表",
]
MINHANG_TABLE: list[list[str | None]] = [
    ["领域", "序号", "任务内容", "责任单位", "完成时限"],
    ["一、依法全面履行政府信息公开职责", "1", "围绕本区经济社会发展主要任务深化信息公开。",
     "区府办牵头，各部门、各街镇落实", "全年"],
    [None, "2", "编制本区政务公开工作要点任务分解表并对外公开。", "区府办", "发布后30日内"],
    [None, "3", "做好重大建设项目信息公开，每季度报送工作进展。",
     "区建设管理委（区交通委）", "全年"],
    ["二、提升政策解读回应实效", "4", "持续做好政策文件解读工作。", "区政府各部门", "持续推进"],
    [None, "5", "做好保障性住房分配信息公开。", "区房管局等相关部门", "6月底前"],
    [None, "6", "做好就业创业和社会救助政策集中发布。", "区教育局、民政局、人社局", "9月30日前"],
]
MINHANG_MERGES = [(1, 0, 3, 0), (4, 0, 6, 0)]


def test_docx_notice_head_and_merged_area_column(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "闵行.docx", MINHANG_HEAD, MINHANG_TABLE, MINHANG_MERGES)
    plan = _parse(path)
    assert (plan.org, plan.year, plan.doc_no, plan.issued_on) == (
        "闵行区", 2025, "闵府办〔2025〕8号", date(2025, 3, 10))
    assert plan.title == "2025年闵行区政务公开工作要点任务分解表"
    assert [t.seq for t in plan.tasks] == [1, 2, 3, 4, 5, 6]
    t1, t2, t3, t4, t5, t6 = plan.tasks
    assert t1.content == "围绕本区经济社会发展主要任务深化信息公开。"
    assert t1.area == ["一、依法全面履行政府信息公开职责"]
    assert _units(t1) == [("区府办", "lead"), ("各部门", "implement"), ("各街道（镇）", "implement")]
    assert _due(t1) == ("全年", date(2025, 12, 31), "year-long", None)
    assert t2.area == ["一、依法全面履行政府信息公开职责"]
    assert _units(t2) == [("区府办", "responsible")]
    assert _due(t2) == ("发布后30日内", date(2025, 4, 9), "relative", None)
    assert t3.area == ["一、依法全面履行政府信息公开职责"]
    assert _units(t3) == [("区建管委", "responsible")]
    assert _due(t3) == ("全年", date(2025, 12, 31), "year-long", "quarterly")
    assert t4.area == ["二、提升政策解读回应实效"]
    assert _units(t4) == [("各部门", "responsible")]
    assert _due(t4) == ("持续推进", None, "ongoing", None)
    assert _units(t5) == [("区房管局", "responsible")]
    assert _due(t5) == ("6月底前", date(2025, 6, 30), "dated", None)
    assert t6.area == ["二、提升政策解读回应实效"]
    assert _units(t6) == [("区教育局", "responsible"), ("区民政局", "responsible"),
                          ("区人社局", "responsible")]
    assert _due(t6) == ("9月30日前", date(2025, 9, 30), "dated", None)
    assert plan.warnings == []


# ---------------------------------------------------------------- 2. xlsx, 牵头/配合 columns


XUHUI_ROWS: list[list[object]] = [
    ["2024年徐汇区政务公开重点任务分解表", None, None, None, None, None],
    ["领域", "序号", "任务内容", "牵头单位", "配合单位", "完成时限"],
    ["政务公开平台建设", 1, "优化政府网站政务公开专栏，及时更新栏目内容。", "区数据局", "区城运中心", "6月底前"],
    [None, 2, "规范政务新媒体运维管理，每季度开展自查。", "区府办", "各部门、各街镇", "每季度"],
    ["重点领域信息公开", 3, "做好医疗卫生领域信息公开。", "区卫生健康委", None, "全年"],
    [None, 4, "做好市场监管领域行政执法信息公开。", "区市场监督管理局", "区司法局", "2024年11月30日前"],
    [None, 5, "做好就业和社会保障信息公开。", "区人力资源社会保障局", "各相关部门", "长期坚持"],
]
XUHUI_MERGES = [(0, 0, 0, 5), (2, 0, 3, 0), (4, 0, 6, 0)]


def test_xlsx_merged_title_area_and_lead_cooperate_columns(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "徐汇.xlsx", XUHUI_ROWS, XUHUI_MERGES)
    plan = _parse(path)
    assert (plan.org, plan.year, plan.doc_no, plan.issued_on) == ("徐汇区", 2024, None, None)
    assert len(plan.tasks) == 5
    assert [t.seq for t in plan.tasks] == [1, 2, 3, 4, 5]
    t1, t2, t3, t4, t5 = plan.tasks
    assert t1.content == "优化政府网站政务公开专栏，及时更新栏目内容。"
    assert t1.area == ["政务公开平台建设"]
    assert _units(t1) == [("区数据局", "lead"), ("区城运中心", "cooperate")]
    assert _due(t1) == ("6月底前", date(2024, 6, 30), "dated", None)
    assert t2.area == ["政务公开平台建设"]
    assert _units(t2) == [("区府办", "lead"), ("各部门", "cooperate"), ("各街道（镇）", "cooperate")]
    assert _due(t2) == ("每季度", date(2024, 12, 31), "year-long", "quarterly")
    assert t3.area == ["重点领域信息公开"]
    assert _units(t3) == [("区卫健委", "lead")]
    assert _due(t3) == ("全年", date(2024, 12, 31), "year-long", None)
    assert t4.area == ["重点领域信息公开"]
    assert _units(t4) == [("区市场监管局", "lead"), ("区司法局", "cooperate")]
    assert _due(t4) == ("2024年11月30日前", date(2024, 11, 30), "dated", None)
    assert t5.area == ["重点领域信息公开"]
    assert _units(t5) == [("区人社局", "lead"), ("各相关部门", "cooperate")]
    assert _due(t5) == ("长期坚持", None, "ongoing", None)


# ---------------------------------------------------------------- 3. pdf, another province


GULOU_TABLE: list[list[str | None]] = [
    ["领域", "序号", "工作任务", "责任单位", "完成时限"],
    ["一、深化重点领域信息公开", "1", "做好义务教育招生入学政策信息公开。", "区教育局", "5月底前"],
    [None, "2", "做好养老服务补贴和社会救助信息公开。", "区民政局牵头，各街道配合", "全年"],
    [None, "3", "做好基层医疗卫生机构服务信息公开，每季度更新一次。", "区卫生健康委", "持续推进"],
    ["二、加强政务公开平台建设", "4", "优化区政府门户网站政务公开专栏。", "区政府办公室", "2024年10月31日前"],
    [None, "5", "规范政务新媒体信息发布和留言办理。", "区府办、区数据局", "年底前"],
]
GULOU_MERGES = [(1, 0, 3, 0), (4, 0, 5, 0)]


def test_pdf_table_from_another_province(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "鼓楼.pdf", ["2024年南京市鼓楼区政务公开工作要点"], GULOU_TABLE,
                    GULOU_MERGES, col_widths=[90, 30, 200, 90, 70])
    plan = _parse(path)
    assert (plan.org, plan.year, plan.doc_no, plan.issued_on) == ("鼓楼区", 2024, None, None)
    assert plan.title == "2024年南京市鼓楼区政务公开工作要点"
    assert len(plan.tasks) == 5
    assert [t.seq for t in plan.tasks] == [1, 2, 3, 4, 5]
    t1, t2, t3, t4, t5 = plan.tasks
    assert t1.content == "做好义务教育招生入学政策信息公开。"
    assert t1.area == ["一、深化重点领域信息公开"]
    assert _units(t1) == [("区教育局", "responsible")]
    assert _due(t1) == ("5月底前", date(2024, 5, 31), "dated", None)
    assert t2.area == ["一、深化重点领域信息公开"]
    assert _units(t2) == [("区民政局", "lead"), ("各街道", "cooperate")]
    assert _due(t2) == ("全年", date(2024, 12, 31), "year-long", None)
    assert t3.content == "做好基层医疗卫生机构服务信息公开，每季度更新一次。"
    assert t3.area == ["一、深化重点领域信息公开"]
    assert _units(t3) == [("区卫健委", "responsible")]
    assert _due(t3) == ("持续推进", None, "ongoing", "quarterly")
    assert t4.area == ["二、加强政务公开平台建设"]
    assert _units(t4) == [("区府办", "responsible")]
    assert _due(t4) == ("2024年10月31日前", date(2024, 10, 31), "dated", None)
    assert t5.area == ["二、加强政务公开平台建设"]
    assert _units(t5) == [("区府办", "responsible"), ("区数据局", "responsible")]
    assert _due(t5) == ("年底前", date(2024, 12, 31), "year-long", None)


# ---------------------------------------------------------------- 4. |-separated text table


def test_pipe_table_with_unnumbered_rows(tmp_path: Path) -> None:
    path = _write_txt(tmp_path / "西湖.md", [
        "2025年杭州市西湖区政务公开工作任务清单",
        "",
        "| 工作任务 | 具体内容 | 责任单位 | 完成时限 |",
        "| --- | --- | --- | --- |",
        "| 政策解读 | 落实政策文件与解读材料同步起草、同步审签、同步发布。 | 区府办牵头，各部门落实 | 全年 |",
        "| 政务新媒体 | 开展政务新媒体季度检查，每季度通报检查结果。 | 区委网信办、区府办 | 每季度 |",
        "| 依申请公开 | 规范依申请公开答复文书，提升办理质量。 | 区司法局、区府办 | 8月底前 |",
        "| 基层公开 | 推进基层政务公开标准化规范化建设。 | 各街道 | 持续推进 |",
    ])
    plan = _parse(path)
    assert (plan.org, plan.year, plan.doc_no, plan.issued_on) == ("西湖区", 2025, None, None)
    assert plan.title == "2025年杭州市西湖区政务公开工作任务清单"
    assert plan.layout == "pipe-table"
    assert [t.seq for t in plan.tasks] == [1, 2, 3, 4]
    t1, t2, t3, t4 = plan.tasks
    assert t1.title == "政策解读"
    assert t1.content == "落实政策文件与解读材料同步起草、同步审签、同步发布。"
    assert _units(t1) == [("区府办", "lead"), ("各部门", "implement")]
    assert _due(t1) == ("全年", date(2025, 12, 31), "year-long", None)
    assert t2.title == "政务新媒体"
    assert _units(t2) == [("区网信办", "responsible"), ("区府办", "responsible")]
    assert _due(t2) == ("每季度", date(2025, 12, 31), "year-long", "quarterly")
    assert t3.content == "规范依申请公开答复文书，提升办理质量。"
    assert _units(t3) == [("区司法局", "responsible"), ("区府办", "responsible")]
    assert _due(t3) == ("8月底前", date(2025, 8, 31), "dated", None)
    assert _units(t4) == [("各街道", "responsible")]
    assert _due(t4) == ("持续推进", None, "ongoing", None)
    assert all(t.area == [] for t in plan.tasks)


def test_markdown_heading_marker_does_not_hide_the_title(tmp_path: Path) -> None:
    path = _write_txt(tmp_path / "西湖.md", [
        "# 2025年杭州市西湖区政务公开工作任务清单",
        "",
        "| 工作任务 | 具体内容 | 责任单位 | 完成时限 |",
        "| --- | --- | --- | --- |",
        "| 政策解读 | 落实政策文件与解读材料同步发布。 | 区府办 | 全年 |",
        "| 基层公开 | 推进基层政务公开标准化规范化建设。 | 各街道 | 持续推进 |",
    ])
    plan = _parse(path)
    assert (plan.org, plan.year, plan.title) == ("西湖区", 2025, "2025年杭州市西湖区政务公开工作任务清单")
    assert len(plan.tasks) == 2


# ---------------------------------------------------------------- 5. numbered list, half-width notes


WUZHONG_LINES = [
    "2025年江苏省苏州市吴中区政务公开工作要点",
    "",
    "为深入推进全区政务公开工作，制定本工作要点。",
    "",
    "一、深化重点领域信息公开",
    "1. 做好社会救助和养老服务信息公开。(责任单位:区民政局,完成时限:6月底前)",
    "2. 做好义务教育招生入学信息公开，每季度更新招生政策问答。(责任单位:区教育局,完成时限:全年)",
    "3. 做好重大建设项目批准和实施信息公开。",
    "牵头单位：区发改委",
    "责任单位：各街镇",
    "完成时限：9月底前",
    "二、提升政策解读回应实效",
    "1. 落实政策文件与解读材料同步组织、同步审签、同步部署。(责任单位:区府办牵头,各部门落实,完成时限:持续推进)",
    "2. 编制并公开本区政务公开工作年度报告。(责任单位:区府办,完成时限:3月31日前)",
    "三、加强政务公开平台建设",
    "1. 规范政务新媒体内容发布和留言办理。(责任单位:区委网信办、区数据局,完成时限:年内)",
]


def test_numbered_list_restarting_in_each_section_with_halfwidth_notes(tmp_path: Path) -> None:
    plan = _parse(_write_txt(tmp_path / "吴中.txt", WUZHONG_LINES))
    assert (plan.org, plan.year, plan.doc_no, plan.issued_on) == ("吴中区", 2025, None, None)
    assert plan.layout == "numbered"
    assert [t.seq for t in plan.tasks] == [1, 2, 3, 4, 5, 6]
    t1, t2, t3, t4, t5, t6 = plan.tasks
    assert t1.content == "做好社会救助和养老服务信息公开。"
    assert t1.area == ["一、深化重点领域信息公开"]
    assert _units(t1) == [("区民政局", "responsible")]
    assert _due(t1) == ("6月底前", date(2025, 6, 30), "dated", None)
    assert t2.content == "做好义务教育招生入学信息公开，每季度更新招生政策问答。"
    assert _units(t2) == [("区教育局", "responsible")]
    assert _due(t2) == ("全年", date(2025, 12, 31), "year-long", "quarterly")
    assert t3.content == "做好重大建设项目批准和实施信息公开。"
    assert t3.area == ["一、深化重点领域信息公开"]
    assert _units(t3) == [("区发改委", "lead"), ("各街道（镇）", "responsible")]
    assert _due(t3) == ("9月底前", date(2025, 9, 30), "dated", None)
    assert t4.area == ["二、提升政策解读回应实效"]
    assert t4.content == "落实政策文件与解读材料同步组织、同步审签、同步部署。"
    assert _units(t4) == [("区府办", "lead"), ("各部门", "implement")]
    assert _due(t4) == ("持续推进", None, "ongoing", None)
    assert _units(t5) == [("区府办", "responsible")]
    assert _due(t5) == ("3月31日前", date(2025, 3, 31), "dated", None)
    assert t6.area == ["三、加强政务公开平台建设"]
    assert _units(t6) == [("区网信办", "responsible"), ("区数据局", "responsible")]
    assert _due(t6) == ("年内", date(2025, 12, 31), "year-long", None)
    assert plan.warnings == []


# ---------------------------------------------------------------- 6. tab-separated, one row a line


def test_tab_separated_rows_with_empty_title_continuing_the_one_above(tmp_path: Path) -> None:
    path = _write_txt(tmp_path / "姜山.txt", [
        "2025年宁波市鄞州区姜山镇政务公开工作要点任务分解表",
        "序号\t任务名称\t任务内容\t责任单位\t时间节点",
        "1\t规范政府信息管理\t及时更新镇政府信息公开专栏，确保信息准确。\t镇党政办\t全年",
        "2\t\t开展历史公文公开属性复核，符合条件的及时转为主动公开。\t镇党政办\t6月底前",
        "3\t做好重点领域信息公开\t做好财政预决算信息公开。\t镇财政所\t预算批复后20日内",
        "4\t\t做好安置房分配信息公开，每季度更新分配进度。\t镇建设办\t持续推进",
        "5\t提升回应关切实效\t完善政务咨询和网民留言办理机制。\t镇党政办、镇综合信息指挥室\t11月30日前",
    ])
    plan = _parse(path)
    assert (plan.org, plan.year, plan.doc_no, plan.issued_on) == ("姜山镇", 2025, None, None)
    assert plan.layout == "delimited-table"
    assert [t.seq for t in plan.tasks] == [1, 2, 3, 4, 5]
    t1, t2, t3, t4, t5 = plan.tasks
    assert (t1.title, t1.content) == ("规范政府信息管理", "及时更新镇政府信息公开专栏，确保信息准确。")
    assert _units(t1) == [("镇党政办", "responsible")]
    assert _due(t1) == ("全年", date(2025, 12, 31), "year-long", None)
    assert (t2.title, t2.content) == ("规范政府信息管理", "开展历史公文公开属性复核，符合条件的及时转为主动公开。")
    assert _units(t2) == [("镇党政办", "responsible")]
    assert _due(t2) == ("6月底前", date(2025, 6, 30), "dated", None)
    assert t3.title == "做好重点领域信息公开"
    assert _units(t3) == [("镇财政所", "responsible")]
    assert (t4.title, t4.content) == ("做好重点领域信息公开", "做好安置房分配信息公开，每季度更新分配进度。")
    assert _units(t4) == [("镇建设办", "responsible")]
    assert _due(t4) == ("持续推进", None, "ongoing", "quarterly")
    assert t5.title == "提升回应关切实效"
    assert _units(t5) == [("镇党政办", "responsible"), ("镇综合信息指挥室", "responsible")]
    assert _due(t5) == ("11月30日前", date(2025, 11, 30), "dated", None)
    # 「预算批复后20日内」 is relative to an event the plan cannot date: kept raw, with a warning.
    assert _due(t3) == ("预算批复后20日内", None, "unknown", None)
    assert [w for w in plan.warnings if "第3项" in w] != []


def test_tab_separated_rows_keep_empty_cells_in_place(tmp_path: Path) -> None:
    path = _write_txt(tmp_path / "姜山.txt", [
        "2025年宁波市鄞州区姜山镇政务公开工作要点任务分解表",
        "序号\t任务名称\t任务内容\t责任单位\t时间节点",
        "1\t规范政府信息管理\t及时更新镇政府信息公开专栏。\t镇党政办\t全年",
        "2\t\t开展历史公文公开属性复核。\t镇党政办\t",
        "3\t\t开展政府开放活动。\t\t6月底前",
        "4\t做好重点领域信息公开\t做好财政预决算信息公开。\t镇财政所\t全年",
    ])
    plan = _parse(path)
    assert [t.seq for t in plan.tasks] == [1, 2, 3, 4]
    t1, t2, t3, t4 = plan.tasks
    assert (t2.title, t2.content) == ("规范政府信息管理", "开展历史公文公开属性复核。")
    assert _units(t2) == [("镇党政办", "responsible")]
    assert _due(t2) == (None, None, "unknown", None)
    assert any(w.startswith("第2项") and "未写完成时限" in w for w in plan.warnings)
    assert (t3.title, t3.content) == ("规范政府信息管理", "开展政府开放活动。")
    assert _due(t3) == ("6月底前", date(2025, 6, 30), "dated", None)
    assert _units(t3) == [("姜山镇", "responsible")]  # unit cell empty: the issuer
    assert (t4.title, t4.content) == ("做好重点领域信息公开", "做好财政预决算信息公开。")
    assert _units(t4) == [("镇财政所", "responsible")]


def test_shared_county_prefix_in_a_unit_cell(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "长兴.docx", ["2025年浙江省长兴县政务公开工作要点任务分解表"], [
        ["序号", "任务内容", "责任单位", "完成时限"],
        ["1", "做好就业创业和社会救助政策集中发布。", "县教育局、民政局、人社局", "9月30日前"],
        ["2", "做好财政预决算信息公开。", "县财政局牵头，各乡镇配合", "全年"],
        ["3", "维护政务公开专栏。", "县府办", "持续推进"],
    ])
    plan = _parse(path)
    assert (plan.org, plan.year) == ("长兴县", 2025)
    t1, t2, t3 = plan.tasks
    assert _units(t1) == [("县教育局", "responsible"), ("县民政局", "responsible"),
                          ("县人社局", "responsible")]
    assert _units(t2) == [("县财政局", "lead"), ("各乡镇", "cooperate")]
    assert _units(t3) == [("县府办", "responsible")]


# ---------------------------------------------------------------- 7. prose 工作要点 from a 县


ANJI_LINES = [
    "2025年浙江省安吉县政务公开工作要点",
    "",
    "为进一步提升全县政务公开工作水平，制定本工作要点。",
    "",
    "一、深化重点领域信息公开",
    "（一）做好财政信息公开。各部门要按要求公开部门预决算，各相关部门配合做好解读。",
    "（二）做好乡村振兴信息公开。及时公开强村富民政策和项目实施情况，每季度更新项目进展。",
    "二、提升政策解读回应实效",
    "（一）编制年度报告。于3月31日前编制并公开本县政府信息公开工作年度报告。",
    "（二）加强政策解读。各部门要落实政策文件与解读材料同步起草、同步审签、同步发布要求。",
    "三、强化工作保障",
    "（一）加强业务培训。年内至少组织一次全县政务公开业务培训。",
    "各地各部门要高度重视，确保各项任务落到实处。",
]


def test_prose_plan_from_a_county(tmp_path: Path) -> None:
    plan = _parse(_write_txt(tmp_path / "安吉.txt", ANJI_LINES))
    assert (plan.org, plan.year, plan.doc_no, plan.issued_on) == ("安吉县", 2025, None, None)
    assert plan.title == "2025年浙江省安吉县政务公开工作要点"
    assert plan.layout == "prose"
    assert [t.seq for t in plan.tasks] == [1, 2, 3, 4, 5]
    t1, t2, t3, t4, t5 = plan.tasks
    assert t1.area == ["一、深化重点领域信息公开"]
    assert t1.title == "做好财政信息公开"
    assert t1.content == "做好财政信息公开。各部门要按要求公开部门预决算，各相关部门配合做好解读。"
    assert _units(t1) == [("各部门", "responsible"), ("各相关部门", "cooperate")]
    assert _due(t1) == (None, date(2025, 12, 31), "year-long", None)
    # no unit named: the task belongs to the issuing body, the county itself
    assert _units(t2) == [("安吉县", "responsible")]
    assert t2.units[0].kind == "issuer"
    assert _due(t2) == (None, date(2025, 12, 31), "year-long", "quarterly")
    assert t3.area == ["二、提升政策解读回应实效"]
    assert t3.content == "编制年度报告。于3月31日前编制并公开本县政府信息公开工作年度报告。"
    assert _due(t3) == ("3月31日前", date(2025, 3, 31), "dated", None)
    assert _units(t4) == [("各部门", "responsible")]
    assert t5.area == ["三、强化工作保障"]
    assert _due(t5) == ("年内", date(2025, 12, 31), "year-long", None)
    # the closing paragraph is not a task, and the plan says so
    assert any("各地各部门要高度重视" in w for w in plan.warnings)


def test_prose_plan_from_a_county_finds_county_departments(tmp_path: Path) -> None:
    path = _write_txt(tmp_path / "安吉.txt", [
        "2025年浙江省安吉县政务公开工作要点",
        "一、深化重点领域信息公开",
        "（一）做好财政信息公开。县财政局牵头做好预决算信息公开，各相关部门配合做好部门预决算公开。",
        "（二）做好教育信息公开。县教育局负责及时公开义务教育招生入学政策。",
        "二、强化工作保障",
        "（一）编制年度报告。县政府办公室于3月31日前编制并公开本县政府信息公开工作年度报告。",
    ])
    plan = _parse(path)
    assert plan.org == "安吉县"
    t1, t2, t3 = plan.tasks
    assert _units(t1) == [("县财政局", "lead"), ("各相关部门", "cooperate")]
    assert _units(t2) == [("县教育局", "responsible")]
    assert _units(t3) == [("县府办", "responsible")]
    assert _due(t3) == ("3月31日前", date(2025, 3, 31), "dated", None)
    assert not [w for w in plan.warnings if "发文单位" in w]


# ---------------------------------------------------------------- 8. unknown deadline


def test_unknown_deadline_is_kept_raw_with_a_warning_naming_the_task(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "宝山.docx", [
        "上海市宝山区人民政府办公室文件",
        "宝府办〔2025〕21号",
        "2025年4月2日",
        "2025年宝山区政务公开工作任务分解表",
    ], [
        ["序号", "任务内容", "责任单位", "完成时限"],
        ["1", "做好政府信息公开年度报告编制发布。", "区府办", "1月31日前"],
        ["2", "做好重大行政决策预公开。", "区司法局、各部门", "全年"],
        ["3", "做好突发事件信息发布和回应。", "区应急管理局", "视情况而定"],
        ["4", "开展政府开放活动。", "区府办牵头，各街道（镇）参照落实", "10个工作日内"],
    ])
    plan = _parse(path)
    assert (plan.org, plan.year, plan.doc_no, plan.issued_on) == (
        "宝山区", 2025, "宝府办〔2025〕21号", date(2025, 4, 2))
    assert len(plan.tasks) == 4
    t1, t2, t3, t4 = plan.tasks
    assert _due(t1) == ("1月31日前", date(2025, 1, 31), "dated", None)
    assert _units(t2) == [("区司法局", "responsible"), ("各部门", "responsible")]
    assert t3.content == "做好突发事件信息发布和回应。"
    assert _units(t3) == [("区应急局", "responsible")]
    assert _due(t3) == ("视情况而定", None, "unknown", None)
    assert _units(t4) == [("区府办", "lead"), ("各街道（镇）", "implement")]
    # 「10个工作日内」 names no starting event: unknown, never guessed
    assert _due(t4) == ("10个工作日内", None, "unknown", None)
    unknown = [w for w in plan.warnings if "视情况而定" in w]
    assert len(unknown) == 1 and "第3项" in unknown[0]
    assert any("第4项" in w and "10个工作日内" in w for w in plan.warnings)
    assert plan.to_json()["tasks"][2]["due_date"] is None


# ---------------------------------------------------------------- no unit column: the issuer


def test_table_without_unit_column_belongs_to_the_issuing_office(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "虹口.docx", [
        "上海市虹口区人民政府办公室",
        "2025年虹口区政务公开工作要点任务分解表",
    ], [
        ["序号", "任务内容", "完成时限"],
        ["1", "更新政府信息公开指南。", "3月底前"],
        ["2", "开展政务公开第三方评估，每季度通报评估结果。", "全年"],
        ["3", "发布政府信息公开工作年度报告。", "1月31日前"],
        ["4", "组织政务公开业务培训。", "下半年"],
    ])
    plan = _parse(path)
    assert (plan.org, plan.year, plan.doc_no, plan.issued_on) == ("虹口区", 2025, None, None)
    assert len(plan.tasks) == 4
    for task in plan.tasks:
        assert _units(task) == [("区府办", "responsible")]
        assert task.units[0].kind == "department"
    assert _due(plan.tasks[0]) == ("3月底前", date(2025, 3, 31), "dated", None)
    assert _due(plan.tasks[1]) == ("全年", date(2025, 12, 31), "year-long", "quarterly")
    assert _due(plan.tasks[2]) == ("1月31日前", date(2025, 1, 31), "dated", None)
    assert plan.warnings == []


def test_table_without_unit_column_from_another_province_belongs_to_the_org(tmp_path: Path) -> None:
    path = _write_txt(tmp_path / "鹿城.txt", [
        "2025年温州市鹿城区政务公开工作任务清单",
        "|序号|任务内容|完成时限|",
        "|---|---|---|",
        "|1|更新政府信息公开指南。|5月底前|",
        "|2|做好政府信息公开年度报告编制发布。|1月31日前|",
        "|3|做好政策解读。|全年|",
        "|4|维护政务公开专栏。|长期坚持|",
    ])
    plan = _parse(path)
    assert (plan.org, plan.year) == ("鹿城区", 2025)
    assert len(plan.tasks) == 4
    for task in plan.tasks:
        assert _units(task) == [("鹿城区", "responsible")]
        assert task.units[0].kind == "issuer"
    assert _due(plan.tasks[0]) == ("5月底前", date(2025, 5, 31), "dated", None)
    assert _due(plan.tasks[3]) == ("长期坚持", None, "ongoing", None)


# ---------------------------------------------------------------- 9. bad input


def test_notice_without_tasks_is_refused(tmp_path: Path) -> None:
    path = _write_txt(tmp_path / "通知.txt", [
        "上海市静安区人民政府办公室文件",
        "静府办〔2025〕5号",
        "上海市静安区人民政府办公室关于印发《2025年静安区政务公开工作要点》的通知",
        "区政府各委、办、局，各街道办事处、彭浦镇政府：",
        "现将《2025年静安区政务公开工作要点》印发给你们，请认真贯彻落实。",
        "上海市静安区人民政府办公室",
        "2025年3月28日",
    ])
    with pytest.raises(IngestError) as info:
        _parse(path)
    assert "没有找到任务" in info.value.reason
    assert info.value.path == "通知.txt"


ORGLESS_LINES = [
    "2025年政务公开工作要点",
    "| 序号 | 任务内容 | 责任单位 | 完成时限 |",
    "| --- | --- | --- | --- |",
    "| 1 | 更新政府信息公开指南。 | 区府办 | 3月底前 |",
    "| 2 | 做好政策解读。 | 各部门 | 全年 |",
    "| 3 | 规范依申请公开办理。 | 区司法局 | 持续推进 |",
    "| 4 | 维护政务公开专栏。 | 区数据局 | 年底前 |",
]


def test_tasks_without_a_recognisable_org_need_org(tmp_path: Path) -> None:
    path = _write_txt(tmp_path / "要点.txt", ORGLESS_LINES)
    with pytest.raises(IngestError) as info:
        _parse(path)
    assert "所属单位" in info.value.reason

    plan = _parse(path, org="闵行")
    assert (plan.org, plan.year) == ("闵行区", 2025)
    assert [_units(t) for t in plan.tasks] == [
        [("区府办", "responsible")], [("各部门", "responsible")],
        [("区司法局", "responsible")], [("区数据局", "responsible")],
    ]
    assert _due(plan.tasks[0]) == ("3月底前", date(2025, 3, 31), "dated", None)

    other = _parse(path, org="鼓楼区")
    assert (other.org, other.year, len(other.tasks)) == ("鼓楼区", 2025, 4)


def test_tasks_without_a_year_need_year(tmp_path: Path) -> None:
    path = _write_txt(tmp_path / "要点.txt", ["黄浦区政务公开重点任务", *ORGLESS_LINES[1:]])
    with pytest.raises(IngestError) as info:
        _parse(path)
    assert "年度" in info.value.reason
    plan = _parse(path, year=2026)
    assert (plan.org, plan.year) == ("黄浦区", 2026)
    assert _due(plan.tasks[3]) == ("年底前", date(2026, 12, 31), "year-long", None)
