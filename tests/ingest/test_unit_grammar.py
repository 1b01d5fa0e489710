"""Units by grammar: names recognised by their shape, lists read by labels, role words and brackets."""

from __future__ import annotations

import pytest

from store.ingest.unitnames import is_unit_name
from store.ingest.units import heading_units, read_units

L, C, IMP, R = "lead", "cooperate", "implement", "responsible"


@pytest.mark.parametrize("name", [
    "区府办", "市发展和改革局", "办公室", "各科室", "疾控处", "市直有关部门", "各镇", "党政办", "督导办",
    "人行贵阳中心支行", "考试院", "电教馆", "学生资助管理中心", "县农村人居环境整治工作专班", "杭州市政府",
    "各县(市、区)人民政府", "区建设管理委(区交通委)", "厅机关各处室", "各有关单位", "相关单位", "中心",
    "园区", "经开区", "各镇(办)", "区直各部门", "登记注册科", "湘西經開區管委會", "市行政审批制度改革工作领导小组办公室",
    "区商务委等相关部门", "就业指导中心等有关处室(单位)", "各高校", "各乡", "街办", "管理处", "省委改革办",
])
def test_names_by_shape(name: str) -> None:
    assert is_unit_name(name)


@pytest.mark.parametrize("text", [
    "金力", "分管领导", "2019", "ppp", "以下简称“《规定》”", "加强统筹协调", "成立工作专班", "各部门要加强统筹",
    "市下达指标", "A类", "增长5.5%", "通过“一网通办”开展精准推送", "做好信息公开工作", "全年",
])
def test_not_names(text: str) -> None:
    assert not is_unit_name(text)


@pytest.mark.parametrize(
    ("text", "mentions", "deadline"),
    [
        ("(责任单位:区发改委、区科委、区商务委等相关部门)",
         [("区发改委", R), ("区科委", R), ("区商务委等相关部门", R)], None),
        ("（责任单位：区府办、各部门，完成时限：全年）", [("区府办", R), ("各部门", R)], "全年"),
        ("区科委牵头,区发改委、区经委、区人社局等相关部门配合",
         [("区科委", L), ("区发改委", C), ("区经委", C), ("区人社局等相关部门", C)], None),
        ("(牵头单位:区政府办公室、区信息委;责任单位:各街镇、园区,区政府各部门)",
         [("区政府办公室", L), ("区信息委", L), ("各街镇", R), ("园区", R), ("区政府各部门", R)], None),
        ("(牽頭單位:州行政審批服務局;責任單位:州司法局、州委編辦及州直相關單位,湘西經開區管委會,6月底完成)",
         [("州行政審批服務局", L), ("州司法局", R), ("州委編辦及州直相關單位", R), ("湘西經開區管委會", R)],
         "6月底完成"),
        ("(市政府辦公室、市審改辦牽頭,市級各有關部門及各縣市區政府按職責分工負責)",
         [("市政府辦公室", L), ("市審改辦", L), ("市級各有關部門及各縣市區政府", R)], None),
        ("人事处、就业指导中心等有关处室(单位);各市、县(市、区)教育局;各高校",
         [("人事处", R), ("就业指导中心等有关处室(单位)", R), ("各市、县(市、区)教育局", R), ("各高校", R)], None),
        ("各区、县(市)政府、市政府各部门负责落实", [("各区、县(市)政府", IMP), ("市政府各部门", IMP)], None),
        ("办公室、政策法规科,市局各有关科室常态化开展",
         [("办公室", R), ("政策法规科", R), ("市局各有关科室", R)], "常态化开展"),
        ("(市发展改革委、市环保局分别负责落实)", [("市发展改革委", IMP), ("市环保局", IMP)], None),
        ("(区财政局牵头,全区各部门、各街道负责落实)", [("区财政局", L), ("全区各部门", IMP), ("各街道", IMP)], None),
        ("(牵头科室:登记注册科;责任科室:局机关科室、中心、执法支队)",
         [("登记注册科", L), ("局机关科室", R), ("中心", R), ("执法支队", R)], None),
        ("牵头负责领导:金力;责任单位:区府办", [("区府办", R)], None),
        ("区府办(牵头)、区数据局", [("区府办", L), ("区数据局", R)], None),
        ("区经委(区商务委)、区建设管理委(区重大办)牵头,相关单位配合",
         [("区经委(区商务委)", L), ("区建设管理委(区重大办)", L), ("相关单位", C)], None),
        ("区民政局会同区财政局", [("区民政局", R), ("区财政局", C)], None),
        ("协同责任单位:区卫健委", [("区卫健委", C)], None),
        ("区发改委 区商务委 区科委", [("区发改委", R), ("区商务委", R), ("区科委", R)], None),
        ("——", [], None),
        ("(X负责落实,完成时限:2022年10月)", [], "2022年10月"),
        ("(县财政局负责落实,完成时限:2022年10月)", [("县财政局", IMP)], "2022年10月"),
        ("区G60科创走廊办、区发改委", [("区G60科创走廊办", R), ("区发改委", R)], None),
        ("区扶贫办牵头,各涉农街道、镇", [("区扶贫办", L), ("各涉农街道", R), ("镇", R)], None),
        ("区发改委、区统计局2021年6月底前", [("区发改委", R), ("区统计局", R)], "2021年6月底前"),
        ("(责任单位:市发展改革委、市统计局;按季度)", [("市发展改革委", R), ("市统计局", R)], "按季度"),
    ],
)
def test_read_units(directory, text: str, mentions: list[tuple[str, str]], deadline: str | None) -> None:
    units = read_units(text, directory)
    assert ([(m.raw, m.role) for m in units.mentions], units.deadline) == (mentions, deadline)


@pytest.mark.parametrize(
    ("text", "plausible"),
    [("(区政府办公室、各相关部门)", True), ("(以下简称“《规定》”)", False), ("(ppp)", False), ("(2019)", False),
     ("(人进、权进、事进)", False), ("(责任单位:区府办)", True), ("(A类)", False)],
)
def test_bare_lists_must_be_all_names(directory, text: str, plausible: bool) -> None:
    assert read_units(text, directory).plausible is plausible


def test_a_trailing_etc_keeps_the_written_name_and_names_the_unit(directory) -> None:
    (mention,) = read_units("区商务委等相关部门", directory).mentions
    assert (mention.raw, mention.name) == ("区商务委等相关部门", "区商务委")


def test_stray_pieces_are_kept_for_the_review(directory) -> None:
    units = read_units("责任单位:区府办、按要求报送材料", directory)
    assert ([m.raw for m in units.mentions], units.strays) == (["区府办"], ["按要求报送材料"])


@pytest.mark.parametrize(
    ("heading", "names"),
    [("一、各区、县(市)政府、市政府各部门负责落实的工作任务", ["各区、县(市)政府", "市政府各部门"]),
     ("二、市发展改革委牵头的重点任务", ["市发展改革委"]),
     ("三、加强政务公开平台建设", None)],
)
def test_headings_that_assign_units(directory, heading: str, names: list[str] | None) -> None:
    units = heading_units(heading, directory)
    assert (None if units is None else [m.raw for m in units.mentions]) == names
