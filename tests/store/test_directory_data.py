"""Validation of the bundled unit directory data (store/directory/data/*.json)."""

import json
from collections import Counter
from pathlib import Path

import pytest

DATA_DIR = Path(__file__).resolve().parents[2] / "store" / "directory" / "data"

DISTRICT_NAMES = {
    "黄浦区",
    "徐汇区",
    "长宁区",
    "静安区",
    "普陀区",
    "虹口区",
    "杨浦区",
    "闵行区",
    "宝山区",
    "嘉定区",
    "浦东新区",
    "金山区",
    "松江区",
    "青浦区",
    "奉贤区",
    "崇明区",
}

EXPECTED_UNITS = {
    "长宁区": {
        "streets": {
            "华阳路街道",
            "江苏路街道",
            "新华路街道",
            "周家桥街道",
            "天山路街道",
            "仙霞新村街道",
            "虹桥街道",
            "程家桥街道",
            "北新泾街道",
        },
        "towns": {"新泾镇"},
    },
    "普陀区": {
        "streets": {
            "曹杨新村街道",
            "长风新村街道",
            "长寿路街道",
            "甘泉路街道",
            "石泉路街道",
            "宜川路街道",
            "真如镇街道",
            "万里街道",
        },
        "towns": {"长征镇", "桃浦镇"},
    },
}

FIXED_DEPARTMENTS = {
    "区府办": {"区政府办公室", "区政府办", "区人民政府办公室", "府办", "区府办公室"},
    "区发改委": {"区发展改革委", "区发展和改革委员会", "区发展改革委员会"},
    "区建管委": {"区建设管理委", "区建设和管理委员会", "区建设管理委员会", "区交通委"},
    "区人社局": {"区人力资源社会保障局", "区人力资源和社会保障局"},
    "区房管局": {"区住房保障房屋管理局", "区住房保障和房屋管理局"},
    "区卫健委": {"区卫生健康委", "区卫生健康委员会", "区卫生和健康委员会"},
    "区市场监管局": {"区市场监督管理局"},
    "区城运中心": {"区城市运行管理中心", "区城市运行综合管理中心"},
    "区数据局": {"区数据管理局"},
    "区大数据中心": set(),
}

FIXED_COLLECTIVES = {
    "各部门": (
        {"department"},
        {
            "区政府各部门",
            "区各部门",
            "区政府各委办局",
            "区政府各委、办、局",
            "各委办局",
            "各委、办、局",
            "区级各部门",
        },
    ),
    "各街道（镇）": (
        {"street", "town"},
        {
            "各街道(镇)",
            "各街镇",
            "各街道、镇",
            "各街道和镇",
            "各镇街",
            "街道（镇）",
            "各街道办事处、镇政府",
        },
    ),
    "各街道": ({"street"}, {"各街道办事处"}),
    "各镇": ({"town"}, {"各镇政府"}),
    "各相关部门": (
        None,
        {"区政府各相关部门", "各有关部门", "相关部门", "有关部门", "区政府各有关部门"},
    ),
    "各有关单位": (None, {"有关单位", "各相关单位", "相关单位"}),
    "各行政执法部门": (None, set()),
    "各承办单位": (None, {"承办单位", "各承办部门"}),
    "各公共企事业单位": (None, {"公共企事业单位"}),
}

MEMBER_KINDS = {"department", "street", "town", "centre", "other"}


def _load(name):
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def shanghai():
    return _load("shanghai.json")


@pytest.fixture(scope="module")
def departments():
    return _load("departments.json")


@pytest.fixture(scope="module")
def collectives():
    return _load("collectives.json")


def _by_name(entries):
    return {e["name"]: e for e in entries}


def test_province_and_district_names(shanghai):
    assert shanghai["province"] == "上海市"
    names = [d["name"] for d in shanghai["districts"]]
    assert len(names) == 16
    assert set(names) == DISTRICT_NAMES


def test_district_shape(shanghai):
    for d in shanghai["districts"]:
        assert set(d) >= {"name", "short", "aliases", "streets", "towns", "other"}, d["name"]
        assert d["streets"] or d["towns"], d["name"]
        assert d["short"] in d["aliases"], d["name"]
        units = d["streets"] + d["towns"] + d["other"]
        assert len(units) == len(set(units)), d["name"]
        assert all(s.endswith("街道") for s in d["streets"]), d["name"]
        assert all(t.endswith(("镇", "乡")) for t in d["towns"]), d["name"]


def test_district_shorts(shanghai):
    by_name = _by_name(shanghai["districts"])
    assert by_name["浦东新区"]["short"] == "浦东"
    assert "浦东" in by_name["浦东新区"]["aliases"]
    for name, d in by_name.items():
        if name != "浦东新区":
            assert d["short"] == name.removesuffix("区")


def test_unit_names_unique_across_districts(shanghai):
    counts = Counter(
        u for d in shanghai["districts"] for u in d["streets"] + d["towns"] + d["other"]
    )
    dups = [u for u, c in counts.items() if c > 1]
    assert not dups


@pytest.mark.parametrize("district", sorted(EXPECTED_UNITS))
def test_exact_streets_and_towns(shanghai, district):
    d = _by_name(shanghai["districts"])[district]
    assert set(d["streets"]) == EXPECTED_UNITS[district]["streets"]
    assert set(d["towns"]) == EXPECTED_UNITS[district]["towns"]
    assert len(d["streets"]) == len(EXPECTED_UNITS[district]["streets"])
    assert len(d["towns"]) == len(EXPECTED_UNITS[district]["towns"])


def test_known_units_present(shanghai):
    by_name = _by_name(shanghai["districts"])
    assert "九亭镇" in by_name["松江区"]["towns"]
    assert "岳阳街道" in by_name["松江区"]["streets"]
    assert "华亭镇" in by_name["嘉定区"]["towns"]
    assert "菊园新区管委会" in by_name["嘉定区"]["other"]


def test_departments_shape(departments):
    assert len(departments) >= 60
    for e in departments:
        assert e["kind"] in {"department", "centre", "other"}, e["name"]
        assert e.get("standard", False) in (True, False), e["name"]
        assert not e.get("standard") or e["kind"] == "department", e["name"]
        assert isinstance(e["aliases"], list), e["name"]
        assert e["name"] not in e["aliases"], e["name"]


def test_collective_kinds_table_matches_the_data(collectives):
    """One table in the code says which kinds each collective covers; it names exactly the
    collectives of the data file, and only member kinds."""
    from store.directory.directory import COLLECTIVE_KINDS

    assert set(COLLECTIVE_KINDS) == {e["name"] for e in collectives}
    for name, kinds in COLLECTIVE_KINDS.items():
        assert kinds is None or (kinds and set(kinds) <= MEMBER_KINDS), name
    for e in collectives:
        assert "members" not in e, e["name"]  # membership lives in the code table only
        assert isinstance(e["aliases"], list), e["name"]


def test_no_duplicate_names_or_aliases(departments, collectives):
    entries = departments + collectives
    all_strings = [e["name"] for e in entries] + [a for e in entries for a in e["aliases"]]
    dups = [s for s, c in Counter(all_strings).items() if c > 1]
    assert not dups, dups
    assert all(s and s == s.strip() for s in all_strings)


def test_fixed_departments(departments):
    by_name = _by_name(departments)
    for name, required in FIXED_DEPARTMENTS.items():
        assert name in by_name, name
        missing = required - set(by_name[name]["aliases"])
        assert not missing, (name, missing)


def test_fixed_collectives(collectives):
    from store.directory.directory import COLLECTIVE_KINDS

    by_name = _by_name(collectives)
    for name, (members, required) in FIXED_COLLECTIVES.items():
        assert name in by_name, name
        assert COLLECTIVE_KINDS[name] == (frozenset(members) if members else None), name
        missing = required - set(by_name[name]["aliases"])
        assert not missing, (name, missing)
