"""责任单位 text -> canonical units with roles."""

from __future__ import annotations

import pytest

from store.ingest.units import find_units_in_prose, parse_units

R, L, C, IMP = "responsible", "lead", "cooperate", "implement"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("区府办、区城运中心牵头，各部门、各街道（镇）落实",
         [("区府办", L), ("区城运中心", L), ("各部门", IMP), ("各街道（镇）", IMP)]),
        ("区财政局牵头,各部门、各街镇配合", [("区财政局", L), ("各部门", C), ("各街道（镇）", C)]),
        ("区司法局牵头，各有关单位协助", [("区司法局", L), ("各有关单位", C)]),
        ("区民政局牵头，各街道参照落实", [("区民政局", L), ("各街道", IMP)]),
        ("区教育局、民政局、人社局", [("区教育局", R), ("区民政局", R), ("区人社局", R)]),
        ("区发展改革委、区房管局等公共企事业单位行业主管部门", [("区发改委", R), ("区房管局", R)]),
        ("区数据局等相关部门", [("区数据局", R)]),
        ("区建设管理委（区交通委）", [("区建管委", R)]),
        ("区政府各委、办、局，各街道办事处、镇政府", [("各部门", R), ("各街道（镇）", R)]),
        ("牵头单位：区府办；配合单位：区数据局、各街镇", [("区府办", L), ("区数据局", C), ("各街道（镇）", C)]),
        ("（责任单位：区卫生健康委员会）", [("区卫健委", R)]),
        ("长宁区人力资源和社会保障局", [("区人社局", R)]),
        ("区府办牵头，重大行政决策事项各承办单位配合", [("区府办", L), ("各承办单位", C)]),
        ("沿沪宁专项机制办、区商务委", [("沿沪宁专项机制办", R), ("区商务委", R)]),
        ("新泾镇、仙霞新村街道", [("新泾镇", R), ("仙霞新村街道", R)]),
        ("区府办、区府办公室", [("区府办", R)]),
    ],
)
def test_parse_units(directory, text: str, expected: list[tuple[str, str]]) -> None:
    assert [(r.unit.name, r.role) for r in parse_units(text, directory, "长宁区")] == expected


def test_unit_kinds_and_raw_text(directory) -> None:
    refs = parse_units("区发展改革委、各街镇、新泾镇、区科创发展办", directory, "长宁区")
    assert [(r.unit.name, r.unit.kind, r.raw) for r in refs] == [
        ("区发改委", "department", "区发展改革委"), ("各街道（镇）", "collective", "各街镇"),
        ("新泾镇", "town", "新泾镇"), ("区科创发展办", "department", "区科创发展办")]


def test_units_found_in_prose(directory) -> None:
    text = ("区政府各部门、街道（镇）要梳理公文。区市场监督管理局牵头做好信息归集，"
            "区教育局、民政局推进政策推送。")
    assert [(r.unit.name, r.role, r.raw) for r in find_units_in_prose(text, directory, "长宁区")] == [
        ("各部门", R, "区政府各部门"), ("各街道（镇）", R, "街道（镇）"), ("区市场监管局", L, "区市场监督管理局"),
        ("区教育局", R, "区教育局"), ("区民政局", R, "区民政局")]
