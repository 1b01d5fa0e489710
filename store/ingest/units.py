"""责任单位 text -> canonical units with roles (lead / cooperate / implement / responsible)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.directory.directory import KIND_COLLECTIVE, Directory, UnitInfo
from store.ingest.text import compact

ROLE_LEAD = "lead"
ROLE_COOPERATE = "cooperate"
ROLE_IMPLEMENT = "implement"
ROLE_RESPONSIBLE = "responsible"

# Role words written after a group of units; longest first so 参照落实 wins over 落实.
_ROLE_WORDS = [
    ("按职能分工落实", ROLE_IMPLEMENT), ("按职责分工落实", ROLE_IMPLEMENT), ("参照落实", ROLE_IMPLEMENT),
    ("分工落实", ROLE_IMPLEMENT), ("具体落实", ROLE_IMPLEMENT), ("负责落实", ROLE_IMPLEMENT),
    ("组织落实", ROLE_IMPLEMENT), ("共同落实", ROLE_IMPLEMENT), ("参照执行", ROLE_IMPLEMENT),
    ("落实", ROLE_IMPLEMENT), ("牵头负责", ROLE_LEAD), ("负责牵头", ROLE_LEAD), ("牵头", ROLE_LEAD),
    ("配合", ROLE_COOPERATE), ("协助", ROLE_COOPERATE), ("协同", ROLE_COOPERATE),
    ("协办", ROLE_COOPERATE), ("参与", ROLE_COOPERATE), ("负责", ROLE_RESPONSIBLE),
]
_ROLE_RE = re.compile("(" + "|".join(w for w, _ in _ROLE_WORDS) + ")(?=$|[，,；;。、])")
_ROLE_OF = dict(_ROLE_WORDS)

_LABELS = [
    (re.compile(r"(?:牵头(?:单位|部门)|主办单位)[：:]"), ROLE_LEAD),
    (re.compile(r"(?:配合|协办|协同|参与)(?:单位|部门)[：:]"), ROLE_COOPERATE),
    (re.compile(r"落实(?:单位|部门)[：:]"), ROLE_IMPLEMENT),
    (re.compile(r"(?:责任|主责|承办|实施)(?:单位|部门|主体)[：:]"), ROLE_RESPONSIBLE),
]
# 「等」 followed by a generic description ends the list: 区房管局等公共企事业单位行业主管部门.
_ETC = re.compile(r"等(?=(?:各|相关|有关|公共|其他|其它|行业|[\u4e00-\u9fff]{0,12}(?:单位|部门|机构)$)).*$")
_LEVEL_PREFIX = ("区", "市", "县", "镇", "乡", "省")


@dataclass(frozen=True)
class UnitRef:
    """One unit named for a task: canonical unit, role, and the text as written."""

    unit: UnitInfo
    role: str
    raw: str


def _split_labelled(flat: str) -> list[tuple[str, str]] | None:
    """Split 「牵头单位：…；配合单位：…」 into (text, role) parts; None when there are no labels."""
    hits = []
    for pattern, role in _LABELS:
        hits += [(m.start(), m.end(), role) for m in pattern.finditer(flat)]
    if not hits:
        return None
    hits.sort()
    parts = []
    for i, (_, end, role) in enumerate(hits):
        stop = hits[i + 1][0] if i + 1 < len(hits) else len(flat)
        parts.append((flat[end:stop].strip("，,；;。 "), role))
    return parts


def _role_groups(flat: str, default: str) -> list[tuple[str, str]]:
    """Split 「区府办牵头，各部门、各街道（镇）落实」 into (units text, role) groups."""
    groups: list[tuple[str, str]] = []
    pos = 0
    for m in _ROLE_RE.finditer(flat):
        chunk = flat[pos : m.start()].strip("，,；;。、 ")
        if chunk:
            groups.append((chunk, _ROLE_OF[m.group(1)]))
        pos = m.end()
    rest = flat[pos:].strip("，,；;。、 ")
    if rest:
        groups.append((rest, default))
    return groups


def _protect_collectives(text: str, directory: Directory) -> str:
    """Replace collective names that contain 、 (各委、办、局) by their canonical name."""
    for info in directory.collectives.values():
        for alias in sorted(info.aliases, key=len, reverse=True):
            if "、" in alias and alias in text:
                text = text.replace(alias, info.name)
    return text


def split_names(text: str, directory: Directory) -> list[str]:
    """The unit names of one group, with shared prefixes filled in (区教育局、民政局 -> 区民政局)."""
    text = _protect_collectives(text, directory)
    names: list[str] = []
    prefix = ""
    for piece in re.split(r"[、，,；;/／]|及(?=[区市县各])|和(?=[区市县各])", text):
        piece = _ETC.sub("", piece.strip(" 。.")).strip()
        if not piece or piece in ("等",):
            continue
        if piece.startswith(_LEVEL_PREFIX):
            prefix = piece[0]
        elif prefix and not piece.startswith("各") and directory.lookup(piece) is None:
            # 县教育局、民政局 -> 县民政局: the prefix is shared when the name is a known department.
            if directory.lookup(prefix + piece) is not None or directory.lookup("区" + piece) is not None:
                piece = prefix + piece
        names.append(piece)
    return names


def parse_units(text: str, directory: Directory, org: str | None = None,
                default_role: str = ROLE_RESPONSIBLE) -> list[UnitRef]:
    """The units a 责任单位 cell names, canonical and deduplicated, in the order written."""
    flat = compact(text)
    if flat[:1] in "（(" and flat[-1:] in "）)":
        flat = flat[1:-1]
    flat = re.sub(r"^(?:责任单位|责任部门)[：:]", "", flat)
    parts = _split_labelled(flat) or [(flat, default_role)]
    refs: list[UnitRef] = []
    seen: set[str] = set()
    for part, part_role in parts:
        for group, role in _role_groups(part, part_role):
            for name in split_names(group, directory):
                unit = directory.canonical_unit(name, org)
                if unit.name in seen or not unit.name:
                    continue
                seen.add(unit.name)
                refs.append(UnitRef(unit, role, name))
    return refs


def looks_like_units(text: str, directory: Directory) -> bool:
    """Whether a piece of text reads as a 责任单位 list rather than task content."""
    flat = compact(text)
    if not flat or flat.endswith(("。", "；", ";")) or len(flat) > 120:
        return False
    flat = re.sub(r"^(?:责任单位|牵头单位|配合单位)[：:]", "", flat)
    names = []
    for group, _ in _role_groups(flat, ROLE_RESPONSIBLE):
        names += split_names(group, directory)
    if not names:
        return False
    known = 0
    for name in names:
        unit = directory.canonical_unit(name)
        if directory.lookup(name) or unit.kind == KIND_COLLECTIVE:
            known += 1
        elif unit.kind == "other" or len(name) > 20:
            return False
    return known > 0 or all(len(n) <= 12 for n in names)


# ---- units mentioned in prose -------------------------------------------------------


def find_units_in_prose(text: str, directory: Directory, org: str | None = None) -> list[UnitRef]:
    """Units a prose 工作要点 item names as actors, longest names first, in order of mention."""
    flat = compact(text)
    level = org[-1] if org and org.endswith(("县", "市")) else "区"
    keys = _prose_keys(directory, level)
    refs: list[UnitRef] = []
    seen: set[str] = set()
    i = 0
    last_prefix = ""
    while i < len(flat):
        match = None
        for key in keys.get(flat[i], ()):
            if flat.startswith(key, i):
                match = key
                break
        candidate = None
        if match is None and last_prefix and i > 0 and flat[i - 1] == "、":
            for key in keys.get(last_prefix, ()):
                if key.startswith(last_prefix) and flat.startswith(key[1:], i):
                    candidate = key
                    match = key[1:]
                    break
        if match is None:
            i += 1
            continue
        written = candidate or match
        unit = directory.canonical_unit(written, org)
        if written.startswith(_LEVEL_PREFIX):
            last_prefix = written[0]
        end = i + len(match)
        role = ROLE_RESPONSIBLE
        after = flat[end : end + 4]
        if after.startswith(("牵头", "负责牵头")):
            role = ROLE_LEAD
        elif after.startswith(("配合", "协助")):
            role = ROLE_COOPERATE
        if unit.name not in seen:
            seen.add(unit.name)
            refs.append(UnitRef(unit, role, written))
        i = end
    return refs


_PROSE_KEYS: dict[tuple[int, str], dict[str, list[str]]] = {}
_GENERIC = {"相关部门", "有关部门", "有关单位", "相关单位", "承办单位", "行政执法部门", "公共企事业单位",
            "府办"}


def _prose_keys(directory: Directory, level: str = "区") -> dict[str, list[str]]:
    """Names worth finding in running text, indexed by first character, longest first.

    For a county or city plan, district department names are also sought with that level
    (区教育局 -> 县教育局)."""
    cached = _PROSE_KEYS.get((id(directory), level))
    if cached is not None:
        return cached
    names: set[str] = set()
    for info in [*directory.departments.values(), *directory.collectives.values()]:
        for key in (info.name, *info.aliases):
            if len(key) >= 3 and key not in _GENERIC:
                names.add(key)
                if level != "区" and key.startswith("区"):
                    names.add(level + key[1:])
    for district in directory.districts.values():
        names.update(district.streets)
        names.update(district.towns)
    index: dict[str, list[str]] = {}
    for key in sorted(names, key=len, reverse=True):
        index.setdefault(key[0], []).append(key)
    _PROSE_KEYS[(id(directory), level)] = index
    return index
