"""Layouts found in real plans beyond the samples: 督办 tables, flattened tables, outlines, encodings.

Each test writes a small plan the way real files are written and checks the tasks exactly:
numbering, content, units with roles (as written and canonical), deadline, and the layout chosen.
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
from tests.ingest.docgen import make_docx, make_xlsx


def _parse(path: Path, org: str | None = None, year: int | None = None) -> ParsedPlan:
    return parse_document(read_document(path), default_directory(), org=org, year=year)


def _txt(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def _units(task: ParsedTask) -> list[tuple[str, str]]:
    return [(u.name, u.role) for u in task.units]


def _written(task: ParsedTask) -> list[tuple[str, str]]:
    return [(u.raw, u.role) for u in task.units]


# ---------------------------------------------------------------- 督办 tables

DUBAN_HEAD = ["2025年宝山区政府督办事项台账"]
DUBAN_TABLE: list[list[str | None]] = [
    ["序号", "督办事项", "牵头单位", "配合单位", "完成时限", "备注"],
    ["1", "推进政务服务“一网通办”事项全覆盖。", "区政务服务办", "各街道（镇）", "6月底前", None],
    ["2", "做好政府开放月活动组织和信息发布。", "区府办", "区融媒体中心", "5月31日前", "按季度报送"],
    ["3", "完成重大行政决策事项目录编制并公开。", "区司法局", "各部门", "3月底前", None],
    ["4", "做好涉企政策集中发布和解读。", None, None, "全年", None],
]
DUBAN_MERGES = [(3, 2, 4, 2), (3, 3, 4, 3)]  # 牵头/配合 cells of rows 3 and 4 merged


def _check_duban(plan: ParsedPlan) -> None:
    assert (plan.org, plan.year) == ("宝山区", 2025)
    assert [t.seq for t in plan.tasks] == [1, 2, 3, 4]
    t1, t2, t3, t4 = plan.tasks
    assert t1.content == "推进政务服务“一网通办”事项全覆盖。"
    assert _units(t1) == [("区政务服务办", "lead"), ("各街道（镇）", "cooperate")]
    assert (t1.deadline_text, t1.due_date) == ("6月底前", date(2025, 6, 30))
    assert _units(t2) == [("区府办", "lead"), ("区融媒体中心", "cooperate")]
    assert (t2.deadline_text, t2.due_date) == ("5月31日前", date(2025, 5, 31))
    assert _units(t3) == [("区司法局", "lead"), ("各部门", "cooperate")]
    assert _units(t4) == [("区司法局", "lead"), ("各部门", "cooperate")]  # the merged cells go on
    assert (t4.deadline_text, t4.kind) == ("全年", "year-long")


def test_duban_table_in_docx_with_merged_cells(tmp_path: Path) -> None:
    _check_duban(_parse(make_docx(tmp_path / "督办.docx", DUBAN_HEAD, DUBAN_TABLE, DUBAN_MERGES)))


def test_duban_table_in_xlsx_with_merged_cells(tmp_path: Path) -> None:
    rows: list[list[object]] = [[DUBAN_HEAD[0], None, None, None, None, None], *DUBAN_TABLE]
    merges = [(0, 0, 0, 5)] + [(r0 + 1, c0, r1 + 1, c1) for r0, c0, r1, c1 in DUBAN_MERGES]
    _check_duban(_parse(make_xlsx(tmp_path / "督办.xlsx", rows, merges)))


def test_a_header_over_two_rows(tmp_path: Path) -> None:
    table: list[list[str | None]] = [
        ["序号", "工作任务", "责任单位", None, "完成时限"],
        [None, None, "牵头单位", "配合单位", None],
        ["1", "做好政务公开专栏维护。", "区府办", "各部门", "全年"],
        ["2", "做好政策解读。", "区司法局", "各街镇", "9月底前"],
    ]
    merges = [(0, 2, 0, 3), (0, 0, 1, 0), (0, 1, 1, 1), (0, 4, 1, 4)]
    plan = _parse(make_docx(tmp_path / "两行表头.docx", ["2025年长宁区政务公开任务分解表"], table, merges))
    assert [(t.content, _units(t), t.deadline_text) for t in plan.tasks] == [
        ("做好政务公开专栏维护。", [("区府办", "lead"), ("各部门", "cooperate")], "全年"),
        ("做好政策解读。", [("区司法局", "lead"), ("各街道（镇）", "cooperate")], "9月底前"),
    ]


def test_header_words_are_read_by_meaning(tmp_path: Path) -> None:
    path = _txt(tmp_path / "整改.txt", "\n".join([
        "2024年某县政务公开问题整改清单",
        "序号\t问题描述\t整改措施\t整改时限\t责任单位\t责任领导",
        "1\t政府网站栏目更新不及时\t建立栏目更新台账，每月检查一次。\t2024年6月底前\t县政府办公室\t王明",
        "2\t政策解读形式单一\t推行图解、视频等多元化解读。\t9月中旬\t县司法局、县融媒体中心\t李华",
    ]) + "\n")
    plan = _parse(path, org="某县")
    t1, t2 = plan.tasks
    # Two text columns: the problem names the task, the measure is its content.
    assert (t1.title, t1.content, t1.deadline_text, t1.due_date) == (
        "政府网站栏目更新不及时", "建立栏目更新台账，每月检查一次。", "2024年6月底前", date(2024, 6, 30))
    assert [u.raw for u in t1.units] == ["县政府办公室"]  # 责任领导 王明 is a person, never a unit
    assert (t2.deadline_text, t2.due_date) == ("9月中旬", date(2024, 9, 20))
    assert [u.raw for u in t2.units] == ["县司法局", "县融媒体中心"]


# ---------------------------------------------------------------- flattened tables


def test_pipe_rows_that_lost_their_empty_cells(tmp_path: Path) -> None:
    path = _txt(tmp_path / "厅.txt", "\n".join([
        "某省教育厅2024年政务公开重点工作任务分解",
        "工作任务 | 具体要求 | 责任单位 | 时限要求 |",
        "一、围绕中心工作抓好主动公开。 | 1.重点加强学前教育、义务教育等信息公开。 | 办公室、基教处;各市、县(市、区)教育局 | 持续推进 |",
        "2.持续加大民生实事信息公开和宣传推广力度。 | 职成处;各高校 | 持续推进 | |",
        "3.完善“教育入学一件事”。 | 基教处、电教馆 | 6月底前 | |",
    ]) + "\n")
    plan = _parse(path)
    assert plan.layout == "pipe-table"
    assert [(t.number, t.content[:8], t.area) for t in plan.tasks] == [
        ("1", "重点加强学前教育", ["一、围绕中心工作抓好主动公开。"]),
        ("2", "持续加大民生实事", ["一、围绕中心工作抓好主动公开。"]),
        ("3", "完善“教育入学一", ["一、围绕中心工作抓好主动公开。"]),
    ]
    assert [u.raw for u in plan.tasks[0].units] == ["办公室", "基教处", "各市、县(市、区)教育局"]
    assert [t.deadline_text for t in plan.tasks] == ["持续推进", "持续推进", "6月底前"]


def test_one_cell_a_line_closed_by_pipes(tmp_path: Path) -> None:
    lines = ["|", "工作任务 |", "具体工作要求 |", "责任单位 |", "完成时限 |", "|",
             "一、深入推进政策公开 |", "1 |", "及时规范发布政策信息及执行效果。 |", "各区直部门、各镇(办) |", "持续推进 |", "|",
             "2 |", "集中发布政务服务事项目录。 |", "区数据资源局等相关区直部门 |", "9月底前 |", "|",
             "二、强化权力配置公开 |", "3 |", "动态更新权责清单。 |", "区直各部门 |", "长期坚持 |"]
    plan = _parse(_txt(tmp_path / "相山.txt", "\n".join(lines) + "\n"), org="相山区", year=2025)
    assert plan.layout == "cell-table"
    assert [(t.number, t.content, t.deadline_text, t.area) for t in plan.tasks] == [
        ("1", "及时规范发布政策信息及执行效果。", "持续推进", ["一、深入推进政策公开"]),
        ("2", "集中发布政务服务事项目录。", "9月底前", ["一、深入推进政策公开"]),
        ("3", "动态更新权责清单。", "长期坚持", ["二、强化权力配置公开"]),
    ]
    assert _written(plan.tasks[1]) == [("区数据资源局等相关区直部门", "responsible")]


def test_one_cell_a_paragraph_with_units_named_by_the_section(tmp_path: Path) -> None:
    cells = ["沈阳市2017年政务公开工作要点任务明细表", "一、各区、县(市)政府、市政府各部门负责落实的工作任务",
             "序号", "任务事项", "工   作   要   求", "公开载体", "完成时限",
             "1", "公开预期引导信息", "对出台的财政、就业等政策进行深入解读。", "市政府门户网站、新闻媒体等", "长期推进",
             "2", "公开随机抽查事项清单", "及时公布抽查结果和查处情况。", "市政府门户网站", "年底前"]
    plan = _parse(_txt(tmp_path / "沈阳.txt", "\n\n".join(cells) + "\n"))
    assert plan.layout == "paragraph-table"
    t1, t2 = plan.tasks
    assert (t1.content, t1.detail, t1.deadline_text) == (
        "公开预期引导信息", "对出台的财政、就业等政策进行深入解读。", "长期推进")
    assert _written(t1) == [("各区、县(市)政府", "implement"), ("市政府各部门", "implement")]
    assert _written(t2) == _written(t1)  # 公开载体 is a channel, never units
    assert (t2.deadline_text, t2.due_date) == ("年底前", date(2017, 12, 31))


def test_a_progress_table_whose_merged_cells_appear_once(tmp_path: Path) -> None:
    path = _txt(tmp_path / "民生.txt", "\n".join([
        "2023年某县民生实事项目进展表",
        "序号 | 项目名称 | 项目内容 | 当前进展情况 | 进度评价 | 主办单位 |",
        "1 | 人居环境整治工程 | 试点村达到100个。 | 试点村已达到100个; | 已完成 | 县人居环境专班 |",
        "新增绿化面积387亩。 | 已完成新增造林387亩。 | 已完成 | |||",
        "完成生活污水治理村庄61个。 | 44个村庄已完成治理。 | 正常推进 | |||",
    ]) + "\n")
    plan = _parse(path, org="某县")
    assert [(t.content, t.progress, _written(t)) for t in plan.tasks] == [
        ("试点村达到100个。", "试点村已达到100个;已完成", [("县人居环境专班", "responsible")]),
        ("新增绿化面积387亩。", "已完成新增造林387亩。已完成", [("县人居环境专班", "responsible")]),
        ("完成生活污水治理村庄61个。", "44个村庄已完成治理。正常推进", [("县人居环境专班", "responsible")]),
    ]


# ---------------------------------------------------------------- outlines


def test_tasks_run_together_on_one_line(tmp_path: Path) -> None:
    path = _txt(tmp_path / "嘉定.txt", "\n".join([
        "2018年上海市嘉定区政务公开工作要点",
        "一、加强品牌建设信息公开",
        "(一)推进“上海服务”品牌建设相关信息公开。1.制定发布三年行动计划。(责任单位:区发改委)"
        "2.做好社区事务网上预约功能的推介。(责任单位:区民政局)3.加大不动产登记改革成果公开力度。"
        "(责任单位:区房管局,完成时限:9月底前)",
    ]) + "\n")
    plan = _parse(path)
    assert plan.layout == "numbered"
    assert [(t.number, t.content, _units(t), t.deadline_text) for t in plan.tasks] == [
        ("1", "制定发布三年行动计划。", [("区发改委", "responsible")], None),
        ("2", "做好社区事务网上预约功能的推介。", [("区民政局", "responsible")], None),
        ("3", "加大不动产登记改革成果公开力度。", [("区房管局", "responsible")], "9月底前"),
    ]
    assert plan.tasks[0].area == ["一、加强品牌建设信息公开", "(一)推进“上海服务”品牌建设相关信息公开"]


def test_several_unit_groups_in_one_item_are_several_tasks(tmp_path: Path) -> None:
    path = _txt(tmp_path / "北京.txt", "\n".join([
        "北京市2018年政务公开工作要点",
        "一、加强政府重点工作信息公开",
        "(一)围绕“三件大事”做好信息公开。制定发布城市设计导则。(市规划国土委负责落实)"
        "推进京津冀协作等信息公开。(市发展改革委、市教委分别负责落实)",
    ]) + "\n")
    plan = _parse(path)
    t1, t2 = plan.tasks
    assert (t1.number, t1.content) == ("(一)", "围绕“三件大事”做好信息公开。制定发布城市设计导则。")
    assert (t2.number, t2.content) == (None, "推进京津冀协作等信息公开。")
    assert _written(t2) == [("市发展改革委", "implement"), ("市教委", "implement")]


def test_numbers_closed_by_a_bracket(tmp_path: Path) -> None:
    path = _txt(tmp_path / "县.txt", "2024年某县政务公开工作要点\n一、加强重点领域信息公开\n"
                "1)做好财政信息公开。(责任单位:县财政局)\n2)做好教育信息公开。(责任单位:县教育局,完成时限:6月底前)\n")
    plan = _parse(path, org="某县")
    assert [(t.number, t.content, t.deadline_text) for t in plan.tasks] == [
        ("1", "做好财政信息公开。", None), ("2", "做好教育信息公开。", "6月底前")]


def test_units_written_before_the_content(tmp_path: Path) -> None:
    path = _txt(tmp_path / "县.txt", "\n".join([
        "2024年某县政务公开工作要点",
        "一、加强重点领域信息公开",
        "1.【县发改局】做好重大项目信息公开，每季度更新项目进展。",
        "2.【县财政局、县审计局】做好财政预决算和审计结果公开。（完成时限：6月底前）",
        "3.（牵头单位：县教育局；配合单位：各乡镇人民政府）做好义务教育招生入学政策公开。",
    ]) + "\n")
    plan = _parse(path, org="某县")
    assert [(t.number, t.content, _written(t), t.deadline_text) for t in plan.tasks] == [
        ("1", "做好重大项目信息公开，每季度更新项目进展。", [("县发改局", "responsible")], None),
        ("2", "做好财政预决算和审计结果公开。", [("县财政局", "responsible"), ("县审计局", "responsible")], "6月底前"),
        ("3", "做好义务教育招生入学政策公开。", [("县教育局", "lead"), ("各乡镇人民政府", "cooperate")], None),
    ]


def test_a_heading_line_above_several_paragraphs_is_their_area(tmp_path: Path) -> None:
    path = _txt(tmp_path / "市监.txt", "\n".join([
        "2019年某市市场监管局政务公开工作要点",
        "一、全面推进“五公开”",
        "(一)推进决策公开",
        "建立健全重大行政决策目录清单制度。(牵头部门:综合规划处)",
        "做好规范性文件公开工作。(牵头部门:法规处)",
        "(二)推进执行公开",
        "继续做好财政预决算信息公开。(牵头部门:科技和财务处)",
    ]) + "\n")
    plan = _parse(path, org="某市市场监管局")
    assert [(t.number, t.content, t.area[-1], _written(t)) for t in plan.tasks] == [
        (None, "建立健全重大行政决策目录清单制度。", "(一)推进决策公开", [("综合规划处", "lead")]),
        (None, "做好规范性文件公开工作。", "(一)推进决策公开", [("法规处", "lead")]),
        (None, "继续做好财政预决算信息公开。", "(二)推进执行公开", [("科技和财务处", "lead")]),
    ]


def test_a_cover_letter_and_a_metadata_block_are_not_tasks(tmp_path: Path) -> None:
    path = _txt(tmp_path / "杨浦.txt", "\n".join([
        "关于印发《2024年杨浦区政务公开工作要点》的通知",
        "1. [主题分类] 政务公开",
        "2. [发文字号] 杨府办发〔2024〕5号",
        "区政府各委、办、局：",
        "一、请高度重视。二、请抓好落实。",
        "上海市杨浦区人民政府办公室",
        "2024年4月1日",
        "2024年上海市杨浦区政务公开工作要点",
        "一、依法规范做实主动公开",
        "1.做好经济领域信息公开。(责任单位:区发展改革委、区科委)",
        "2.做好政策解读。(责任单位:区政府办公室,完成时限:全年)",
    ]) + "\n")
    plan = _parse(path)
    assert [(t.number, t.content) for t in plan.tasks] == [("1", "做好经济领域信息公开。"), ("2", "做好政策解读。")]
    assert _units(plan.tasks[1]) == [("区府办", "responsible")]


def test_halfwidth_notes_in_a_numbered_list_from_another_district(tmp_path: Path) -> None:
    path = _txt(tmp_path / "奉贤.txt", "\n".join([
        "2025年上海市奉贤区政务公开工作要点",
        "一、深化重点领域信息公开",
        "1.做好重大决策部署信息公开。(责任单位:区府办,区发展改革委)",
        "2.做好产业规划信息公开。(责任单位:区经委(区商务委)、区科委牵头,相关单位配合,完成时限:10月底前)",
    ]) + "\n")
    plan = _parse(path)
    t1, t2 = plan.tasks
    assert _units(t1) == [("区府办", "responsible"), ("区发改委", "responsible")]
    assert _written(t2) == [("区经委(区商务委)", "lead"), ("区科委", "lead"), ("相关单位", "cooperate")]
    assert (t2.deadline_text, t2.due_date) == ("10月底前", date(2025, 10, 31))


def test_a_plan_without_deadlines_runs_for_its_year(tmp_path: Path) -> None:
    path = _txt(tmp_path / "静安.txt", "2017年静安区政务公开工作要点\n一、围绕深化改革推进公开\n"
                "(一)推进改革信息公开。有序推进政策体系内容公开。(牵头部门:区发改委)\n")
    plan = _parse(path)
    (task,) = plan.tasks
    assert (task.deadline_text, task.due_date, task.kind, task.warnings) == (
        None, date(2017, 12, 31), "year-long", [])
    assert "计划未写完成时限：各项任务按全年计（2017年12月31日）" in plan.warnings


# ---------------------------------------------------------------- encodings and damage

PLAN_TEXT = ("2025年上海市普陀区政务公开工作要点\r\n一、夯实根基\r\n"
             "1. 做好信息公开。（责任单位：区府办、各部门，完成时限：全年）\r\n"
             "2. 做好政策解读。（责任单位：区司法局，完成时限：10月底前）\r\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le"])
def test_every_encoding_imports_like_utf8(tmp_path: Path, encoding: str) -> None:
    utf8 = _parse(_txt(tmp_path / "a.txt", PLAN_TEXT))
    other = _parse(_txt(tmp_path / "b.txt", PLAN_TEXT, encoding))
    assert [t.to_json() for t in other.tasks] == [t.to_json() for t in utf8.tasks]
    assert len(other.tasks) == 2


def test_inserted_pinyin_and_html_debris_are_not_content(tmp_path: Path) -> None:
    path = _txt(tmp_path / "州.txt", "\n".join([
        "湘西自治州2020年優化營商環境工作計劃",
        "一、進一步提升政務服務效能",
        "1.加大簡政放權力度。承接好省下放行政許可事項、/div>(牽頭單位:州行政審批服務局;責任單位:州司法局,6月底完成)",
        "2.推進經(jīng)濟發(fā)展(fā)環境公開。(州發(fā)改委牽頭(/div>",
    ]) + "\n")
    plan = _parse(path)
    t1, t2 = plan.tasks
    assert t1.content == "加大簡政放權力度。承接好省下放行政許可事項。"
    assert (_written(t1), t1.deadline_text) == ([("州行政審批服務局", "lead"), ("州司法局", "responsible")], "6月底完成")
    assert (t2.content, _written(t2)) == ("推進經濟發展環境公開。", [("州發改委", "lead")])


def test_a_utf8_file_with_a_few_damaged_bytes_is_read_with_a_warning(tmp_path: Path) -> None:
    data = bytearray(PLAN_TEXT.encode("utf-8"))
    data[data.index("政策".encode()) + 1] = 0xFF
    path = tmp_path / "坏.txt"
    path.write_bytes(bytes(data))
    plan = _parse(path)
    assert len(plan.tasks) == 2
    assert any(w.startswith("文件有") and "损坏的字符" in w for w in plan.warnings)


@pytest.mark.parametrize(("lines", "kind"), [
    (["转发:《某县2023年政务公开工作要点》政策解读", "一、起草背景", "（一）加强重点领域信息公开。一是加强涉企信息公开。"],
     "政策解读"),
    (["某区统计局2023年政府信息公开工作年度报告", "一、总体情况", "（一）主动公开情况", "主动公开政府信息50条。",
      "二、收到和处理政府信息公开申请情况", "1.本年新收政府信息公开申请数量0件。", "2.上年结转0件。"],
     "政府信息公开工作年度报告"),
])
def test_documents_about_plans_are_refused(tmp_path: Path, lines: list[str], kind: str) -> None:
    with pytest.raises(IngestError) as err:
        _parse(_txt(tmp_path / "x.txt", "\n".join(lines) + "\n"), org="某县", year=2023)
    assert err.value.reason == f"这是一份{kind}，不是任务计划：没有任何一项写明责任单位，未导入"
