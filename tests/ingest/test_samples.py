"""The five bundled real plans import with the right metadata and, task by task, the right fields."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from store.ingest.importer import parse_document
from store.ingest.model import ParsedPlan
from store.ingest.readers import read_document
from tests.conftest import SAMPLES

R, L, C, IMP = "responsible", "lead", "cooperate", "implement"
DEPTS_STREETS = [("各部门", R), ("各街道（镇）", R)]


def _plan(name: str, directory) -> ParsedPlan:
    return parse_document(read_document(SAMPLES / name), directory)


def _units(plan: ParsedPlan, seq: int) -> list[tuple[str, str]]:
    return [(u.name, u.role) for u in plan.tasks[seq - 1].units]


def _check(plan: ParsedPlan, expected: dict[int, tuple]) -> None:
    """expected: seq -> (deadline_text, due_date, kind, units)."""
    for seq, (deadline_text, due, kind, units) in expected.items():
        task = plan.tasks[seq - 1]
        assert task.seq == seq
        assert (task.deadline_text, task.due_date, task.kind) == (deadline_text, due, kind), seq
        assert _units(plan, seq) == units, seq


@pytest.fixture(scope="module")
def plans(directory) -> dict[str, ParsedPlan]:
    names = ["changning-2025", "changning-2021", "putuo-2025", "songjiang-2024", "jiading-huating-2025"]
    return {n: _plan(f"{n}.txt", directory) for n in names}


@pytest.mark.parametrize(
    ("name", "org", "year", "doc_no", "issued_on", "title", "count"),
    [
        ("changning-2025", "长宁区", 2025, "长府办〔2025〕12号", date(2025, 4, 25),
         "2025年上海市长宁区政务公开工作任务责任分解表", 33),
        ("changning-2021", "长宁区", 2021, None, date(2021, 4, 14), "2021年长宁区政务公开工作要点", 29),
        ("putuo-2025", "普陀区", 2025, "普府办〔2025〕12号", date(2025, 5, 20),
         "2025年上海市普陀区政务公开工作要点", 31),
        ("songjiang-2024", "松江区", 2024, "沪松府办〔2024〕12号", date(2024, 5, 10),
         "2024年松江区政务公开工作要点", 51),
        ("jiading-huating-2025", "华亭镇", 2025, None, None, "2025年嘉定区华亭镇政务公开工作要点", 34),
    ],
)
def test_plan_metadata_and_count(plans, name, org, year, doc_no, issued_on, title, count) -> None:
    plan = plans[name]
    assert (plan.org, plan.year, plan.doc_no, plan.issued_on, plan.title) == (
        org, year, doc_no, issued_on, title)
    assert [t.seq for t in plan.tasks] == list(range(1, count + 1))


def test_changning_2025_tasks(plans) -> None:
    plan = plans["changning-2025"]
    y = date(2025, 12, 31)
    _check(plan, {
        1: ("全年", y, "year-long", DEPTS_STREETS),
        3: ("全年", y, "year-long", [("区府办", L), ("各部门", IMP), ("各街道（镇）", IMP)]),
        6: ("全年", y, "year-long", [("区府办", L), ("各部门", C), ("各街道（镇）", C)]),
        9: ("10月", date(2025, 10, 31), "dated", [("区府办", L), ("各部门", C), ("各街道（镇）", C)]),
        10: ("6月", date(2025, 6, 30), "dated", [("区府办", L), ("各部门", IMP), ("各街道（镇）", IMP)]),
        11: ("全年", y, "year-long",
             [("区府办", L), ("区城运中心", L), ("各部门", IMP), ("各街道（镇）", IMP)]),
        14: ("全年", y, "year-long",
             [("区发改委", R), ("区教育局", R), ("区建管委", R), ("区卫健委", R), ("区房管局", R)]),
        16: ("全年", y, "year-long", [("区府办", L), ("各承办单位", C)]),
        17: ("全年", y, "year-long", [("区发改委", R)]),
        19: ("全年", y, "year-long", [("区司法局", L), ("各有关单位", C)]),
        20: ("8月", date(2025, 8, 31), "dated",
             [("区府办", L), ("区新闻办", L), ("各部门", IMP), ("各街道（镇）", IMP)]),
        23: ("10月", date(2025, 10, 31), "dated", [("区发改委", R), ("区商务委", R), ("区投促办", R)]),
        27: ("全年", y, "year-long", [("区府办", L), ("区新闻办", L), ("区数据局", L), ("各部门", IMP),
                                    ("各街道（镇）", IMP)]),
        29: ("全年", y, "year-long", [("区府办", R)]),
        32: ("5月", date(2025, 5, 31), "dated", DEPTS_STREETS),
        33: ("全年", y, "year-long", DEPTS_STREETS),
    })
    assert plan.tasks[0].area == ["一、依法履行政府信息公开职责"]
    assert plan.tasks[19].area == ["三、持续深化政民（企）互动和公众参与"]
    assert plan.tasks[13].area == ["二、发挥以公开促落实、优服务、强监督的功能作用"]
    assert plan.tasks[2].content == "加强政府信息公开制度协同，开展政府信息公开规定的协调性审核。"
    assert plan.tasks[10].content == (
        "做好12345热线工单流转工作，发挥网站政策留言板等不同平台政策咨询回应机制的特点和优势，"
        "做好共性问题的面上回应和个性问题的专业解答。")
    assert plan.tasks[32].recurrence == "quarterly"
    assert [t.recurrence for t in plan.tasks[:32]] == [None] * 32
    raw = {u.name: u.raw for u in plan.tasks[13].units}
    assert raw["区发改委"] == "区发展改革委"


def test_changning_2021_prose(plans) -> None:
    plan = plans["changning-2021"]
    y = date(2021, 12, 31)
    _check(plan, {
        4: (None, y, "year-long", [("各部门", R), ("各街道（镇）", R), ("区财政局", R)]),
        5: (None, y, "year-long", DEPTS_STREETS),
        6: (None, y, "year-long", [("区教育局", R), ("区民政局", R), ("区人社局", R)]),
        10: ("3月31日前", date(2021, 3, 31), "dated",
             [("区府办", R), ("各部门", R), ("各街道（镇）", R), ("各承办单位", R)]),
        11: ("年内", y, "year-long", DEPTS_STREETS),
        13: (None, y, "year-long", DEPTS_STREETS),
        15: (None, y, "year-long", [("区民政局", R), ("区人社局", R)]),
        17: (None, y, "year-long", [("区卫健委", R)]),
        19: (None, y, "year-long", [("区市场监管局", R)]),
        20: (None, y, "year-long", [("区府办", R)]),
        27: ("年内", y, "year-long", DEPTS_STREETS),
        29: ("下一年第一季度", date(2022, 3, 31), "dated", [("区府办", R)]),
    })
    first = plan.tasks[0]
    assert first.area == ["一、进一步夯实政务公开工作基础"]
    assert first.title == "落实好公开属性认定审查机制"
    assert first.content.startswith("落实好公开属性认定审查机制。严格落实政府信息公开属性源头认定和审查机制")
    assert first.content.endswith("缺项的原则上予以退文。")
    assert plan.tasks[16].title == "卫生健康领域"
    assert plan.tasks[16].area == ["六、持续优化重点领域的信息公开"]
    assert plan.tasks[-1].area == ["八、不断提升公开能级和工作水平"]
    # The closing paragraph is not a task, and the import says so.
    assert any("可根据本工作要点" in w for w in plan.warnings)
    assert not any("可根据本工作要点" in t.content for t in plan.tasks)


def test_putuo_2025_numbered(plans) -> None:
    plan = plans["putuo-2025"]
    y = date(2025, 12, 31)
    _check(plan, {
        1: ("全年", y, "year-long", [("区发改委", R), ("沿沪宁专项机制办", R), ("区商务委", R), ("区科委", R),
                                   ("区民政局", R), ("区人社局", R), ("区规划资源局", R), ("区生态环境局", R),
                                   ("区建管委", R), ("区文旅局", R), ("区数据局", R)]),
        2: ("全年", y, "year-long", [("区府办", R), ("各部门", R)]),
        3: ("全年", y, "year-long", [("区府办", R), ("各部门", R), ("各街道（镇）", R)]),
        4: ("全年", y, "year-long", [("区府办", R), ("区司法局", R)]),
        9: ("全年", y, "year-long", [("区府办", R), ("区城运中心", R), ("各部门", R), ("各街道（镇）", R)]),
        14: ("全年", y, "year-long", [("区发改委", R), ("区教育局", R), ("区建管委", R), ("区卫健委", R)]),
        15: ("全年", y, "year-long", [("区委编办", R), ("区数据局", R), ("各部门", R), ("各街道（镇）", R)]),
        19: ("全年", y, "year-long", [("区司法局", R), ("区发改委", R), ("区数据局", R), ("各行政执法部门", R),
                                    ("各街道（镇）", R)]),
        20: ("8月", date(2025, 8, 31), "dated", [("区府办", R), ("区发改委", R), ("各部门", R),
                                                ("各街道（镇）", R)]),
        22: ("10月底前", date(2025, 10, 31), "dated", DEPTS_STREETS),
        26: ("全年", y, "year-long", [("区融媒体中心", R)]),
        30: ("全年", y, "year-long", [("区府办", R)]),
        31: ("全年", y, "year-long", [("区府办", R), ("区数据局", R), ("区融媒体中心", R)]),
    })
    assert plan.tasks[9].content == "着力提升政策解读的质量和水平，通过案例剖析、规则指引等方式加大对政策解读的辅导力度。"
    assert plan.tasks[0].area == ["一、夯实根基，依法全面履行政府信息公开核心职责"]
    assert plan.tasks[30].area == ["四、创新突破，不断提升政务公开质效与智能水平"]
    assert "责任单位" not in plan.tasks[0].content


def test_songjiang_2024_indicator_table(plans) -> None:
    plan = plans["songjiang-2024"]
    y = date(2024, 12, 31)
    related = ("各相关部门", R)
    _check(plan, {
        1: ("全年", y, "year-long", DEPTS_STREETS),
        2: ("全年", y, "year-long", [("区发改委", R), ("区经委", R), ("区科委", R), related, ("各街道（镇）", R)]),
        3: ("全年", y, "year-long", [("区合作交流办", R)]),
        10: ("全年", y, "year-long", [("区经委", R), related, ("各街道（镇）", R)]),
        13: ("全年", y, "year-long", [("区民政局", R), ("区人社局", R), ("区医保局", R), related]),
        24: ("全年", y, "year-long", [("区应急局", R)]),
        25: ("全年", y, "year-long", [("区府办", R), ("各部门", R), ("各街道（镇）", R)]),
        30: ("全年", y, "year-long", [("区府办", R), ("区发改委", R), ("区经委", R), ("区教育局", R),
                                    ("区民政局", R), ("区市场监管局", R), ("区房管局", R), ("区科创发展办", R),
                                    ("各部门", R), ("各街道（镇）", R)]),
        41: ("全年", y, "year-long", [("区府办", R), ("区数据局", R)]),
        45: ("8月", date(2024, 8, 31), "dated", DEPTS_STREETS),
        46: ("全年", y, "year-long", [("区城运中心", R), ("各部门", R), ("各街道（镇）", R)]),
        50: ("全年", y, "year-long", [("区府办", R)]),
        51: ("5月", date(2024, 5, 31), "dated", DEPTS_STREETS),
    })
    assert plan.tasks[0].area == ["一、聚焦公众关心关切，持续深化重点领域信息公开",
                                  "（一）围绕国家重大战略任务落实做好信息公开"]
    assert plan.tasks[29].area == ["二、优化政策全流程公开，助推政策落地见效", "（一）深化政策集成式发布成果"]
    assert plan.tasks[44].area[1] == "（三）常态化推进政府开放活动"
    assert plan.tasks[9].content == "做好重点企业“服务包”政策落实情况公开和宣传。"
    assert plan.tasks[23].content == "做好重大事故隐患排查整治工作推进情况公开。"
    assert plan.tasks[42].content.startswith("推动更多与企业群众生产生活直接相关的议题邀请公众代表列席。")
    assert plan.tasks[50].content.startswith("结合本工作要点做好任务分解，明确责任部门和完成时限，于本工作要点发布后30日内")
    assert "- 3 -" not in "".join(t.content for t in plan.tasks)


def test_jiading_huating_2025_tab_table(plans) -> None:
    plan = plans["jiading-huating-2025"]
    y = date(2025, 12, 31)
    town = [("华亭镇", R)]
    _check(plan, {
        1: ("全年", y, "year-long", town),
        2: ("10月底前", date(2025, 10, 31), "dated", town),
        4: ("全年", y, "year-long", town),
        15: ("3月底前", date(2025, 3, 31), "dated", town),
        17: ("11月底前", date(2025, 11, 30), "dated", town),
        19: ("8月底前", date(2025, 8, 31), "dated", town),
        25: ("9月底前", date(2025, 9, 30), "dated", town),
        29: ("11月底前", date(2025, 11, 30), "dated", town),
        30: ("全年", y, "year-long", town),
        33: ("4月底前", date(2025, 4, 30), "dated", town),
        34: ("3月底前", date(2025, 3, 31), "dated", town),
    })
    assert plan.tasks[0].units[0].kind == "issuer"
    assert plan.tasks[0].title == "规范行政法规权威文本使用"
    assert plan.tasks[3].title == "做好法定公开内容的日常维护"  # empty 任务名称 continues the one above
    assert plan.tasks[4].title == "做好法定公开内容的日常维护"
    assert plan.tasks[22].title == "推进标准化规范化工作向村居和公共企事业单位延伸"
    assert plan.tasks[26].title == "提升以“上海嘉定”微信公众号为龙头的政务新媒体矩阵运行水平"
    assert plan.tasks[29].title == "健全组织领导和工作保障"
    assert plan.tasks[33].title == "做好政务公开年报编制及解读工作"
    assert plan.tasks[7].area == ["二、进一步提高解读和回应实效"]
    assert plan.tasks[33].area == ["七、严格强化工作保障和监督"]
    assert plan.tasks[28].content == "主要领导年内至少听取一次政务公开工作汇报。"


BEFORE = Path(__file__).with_name("samples_before.json")


@pytest.mark.parametrize("name", ["changning-2025.txt", "changning-2021.txt", "putuo-2025.txt",
                                  "songjiang-2024.txt", "jiading-huating-2025.txt"])
def test_samples_import_exactly_as_before_the_general_importer(directory, name: str) -> None:
    """Every field of every task, as the first importer read them (samples_before.json)."""
    before = json.loads(BEFORE.read_text(encoding="utf-8"))[name]
    plan = _plan(name, directory)
    assert [plan.org, plan.year, plan.title, plan.doc_no, plan.issued_on and plan.issued_on.isoformat()] == [
        before["org"], before["year"], before["title"], before["doc_no"], before["issued_on"]]
    now = [[t.seq, t.area, t.title, t.content, t.deadline_text, t.due_date and t.due_date.isoformat(),
            t.recurrence, t.kind, [[u.name, u.role] for u in t.units]] for t in plan.tasks]
    assert now == before["tasks"]
