"""责任单位 text -> units with roles, read by grammar; the directory only names what it knows.

A units text is read in three steps, on the folded view (fold.py) so that full- and half-width,
simplified and traditional forms are one:
1. field labels split it into parts with a role (牵头单位: / 配合单位: / 责任科室: …); a person
   (牵头负责领导:金力) and a deadline label (完成时限:) are taken out;
2. role words written after a group of names give that group its role (A牵头,B、C配合;
   A、B分别负责落实; C及D按职责分工负责);
3. each group is split on 、 , ; / and spaces — never inside brackets — into names, each
   recognised by its shape (unitnames.py). A bare level (各市、县(市、区)教育局) shares the noun
   after it; a trailing 等相关部门 stays with the name as written.
Names keep the text as written (`raw`); the directory then canonicalises known names and
aliases, and unknown names are kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from store.directory.directory import Directory, UnitInfo
from store.ingest.deadlines import looks_like_deadline
from store.ingest.fold import fold
from store.ingest.unitnames import (
    BARE_LEVEL,
    PLACE_AND_HEAD,
    PLACE_ONLY,
    core_of,
    is_unit_name,
    shared_noun_names,
    strip_brackets,
)

ROLE_LEAD = "lead"
ROLE_COOPERATE = "cooperate"
ROLE_IMPLEMENT = "implement"
ROLE_RESPONSIBLE = "responsible"

OPEN, CLOSE = "([【〔《〈［{", ")]】〕》〉］}"

_LABEL = re.compile(r"(?:^|(?<=[,;、(\s]))([\u4e00-\u9fff]{1,10}?)\s*:")
_UNIT_LABEL = re.compile(
    r"(?:牵头|主办|主责|责任|落实|承办|实施|配合|协办|协同|参与|协助|主管|联系|督办|主体|具体)+"
    r"(?:单位|部门|科室|处室|主体|机构|处|科|股|室)?"
)
_PERSON_LABEL = re.compile(r".*(?:领导|负责人|联系人|责任人|分管)$")
_DEADLINE_LABEL = re.compile(r"(?:完成|办结|整改|工作)?(?:时限|时间|期限|节点)(?:要求|安排)?|进度安排")

_ROLE_WORDS: list[tuple[str, str]] = [
    *[(w, ROLE_LEAD) for w in ("分别牵头落实", "分别牵头负责", "分别牵头", "牵头负责", "负责牵头",
                               "牵头落实", "牵头抓总", "共同牵头", "牵头")],
    *[(w, ROLE_IMPLEMENT) for w in (
        "按职责分工负责落实", "按职责分工落实", "按职能分工落实", "按照职责分工落实", "按照职能分工落实",
        "分别负责落实", "分别落实", "分工落实", "具体落实", "负责落实", "组织落实", "共同落实",
        "参照落实", "参照执行", "抓好落实", "落实")],
    *[(w, ROLE_RESPONSIBLE) for w in (
        "按职责分工负责", "按职能分工负责", "按照职责分工负责", "按照职能分工负责", "按职责负责",
        "按职责分工", "按职能分工", "分别负责", "共同负责", "具体负责", "负责实施", "组织实施", "负责")],
    *[(w, ROLE_COOPERATE) for w in ("配合落实", "协助落实", "共同参与", "配合", "协助", "协同", "协办",
                                    "参与")],
]
_ROLE_OF = dict(_ROLE_WORDS)
_ROLE_RE = re.compile(
    "(" + "|".join(sorted(_ROLE_OF, key=len, reverse=True)) + r")(?=$|[,;、。.)\]】〕\s])"
)
_ROLE_IN_BRACKETS = re.compile(
    r"[(\[【〔](" + "|".join(sorted(_ROLE_OF, key=len, reverse=True)) + r")[)\]】〕]$")
_SEPARATORS = frozenset("、,;/")
_LEVEL_WORDS = frozenset(("镇", "乡", "街道", "村", "社区", "园区"))
_SEPARATOR = re.compile(r"[、,;/\s]")
_BRACKET = re.compile("[" + re.escape(OPEN + CLOSE) + "]")
_PLACEHOLDER = re.compile(r"^(?:[—\-–_/\\]+|无|暂无|空|待定)$")
_LEAD_IN = re.compile(r"^(?:由|请|以)")
_TRIM = " ,;、。.:"
_EX_COLLECTIVE_WITH_COMMA = re.compile(r"各?委、办、局")


@dataclass(frozen=True)
class Mention:
    """One unit as written for a task, with its role."""

    raw: str  # as written: labels, role words and the list's brackets removed, 等… kept
    name: str  # as written without a 等… tail: the name the directory canonicalises
    role: str


@dataclass
class UnitList:
    """What a units text names: the units, a deadline written among them, and stray pieces."""

    mentions: list[Mention] = field(default_factory=list)
    deadline: str | None = None
    labelled: bool = False  # a field label such as 责任单位: was written
    roles: bool = False  # role words such as 牵头 / 负责落实 were written
    strays: list[str] = field(default_factory=list)  # pieces that are no unit's name

    @property
    def plausible(self) -> bool:
        """Whether the text reads as a list of units (a bare list: every piece is a name)."""
        if not self.mentions:
            return False
        if self.labelled or self.roles:
            return len(self.strays) <= len(self.mentions)
        return not self.strays


@dataclass(frozen=True)
class UnitRef:
    """One unit named for a task: canonical unit, role, and the text as written."""

    unit: UnitInfo
    role: str
    raw: str


# ---- spans on the folded view -----------------------------------------------------


def _depths(view: str, protected: list[tuple[int, int]]) -> list[int]:
    """Bracket depth at each position; protected spans count as bracketed."""
    out: list[int] = []
    depth = pos = 0
    for m in _BRACKET.finditer(view):
        i = m.start()
        out += [depth] * (i - pos)
        if m.group() in CLOSE:
            if depth:
                depth -= 1
            out.append(depth)
        else:
            out.append(depth)
            depth += 1
        pos = i + 1
    out += [depth] * (len(view) - pos)
    for a, b in protected:
        for i in range(a, b):
            out[i] = max(out[i], 1)
    return out


def _pieces(view: str, start: int, end: int, depth: list[int]) -> list[tuple[int, int]]:
    """Spans between separators (and runs of spaces) at depth 0."""
    out, s = [], start
    for m in _SEPARATOR.finditer(view, start, end):
        i = m.start()
        if depth[i] == 0:
            out.append((s, i))
            s = i + 1
    out.append((s, end))
    return [(a, b) for a, b in out if view[a:b].strip(_TRIM)]


def _trim(view: str, a: int, b: int) -> tuple[int, int]:
    while a < b and view[a] in _TRIM:
        a += 1
    while b > a and view[b - 1] in _TRIM:
        b -= 1
    m = _LEAD_IN.match(view[a:b])
    if m and b - a > 3:
        a += m.end()
    return a, b


def _split_deadline_suffix(piece: str) -> int | None:
    """Where a deadline glued to a name begins: 市局各有关科室常态化开展 -> 7."""
    for m in _DEADLINE_START.finditer(piece, 2):
        k = m.start()
        if k < len(piece) - 1 and looks_like_deadline(piece[k:]) and is_unit_name(piece[:k]):
            return k
    return None


_DEADLINE_WORD = re.compile(r"季度|每月|按月|按年|每年|年底|年内|全年|长期|持续|常态|动态|随时|立行立改|前$|底$|以前|之前")
# Where a deadline can begin: a number, or the first word of one (常态化, 持续推进, 全年 …).
_DEADLINE_START = re.compile(r"(?=\d|[一二三四五六七八九十]{1,2}月|常态|持续|长期|全年|年底|年内|日常|每|第[一二三四]季度|"
                             r"[上下]半年|[一二三四]季度|次年|明年|本年|立行立改|即|按期|年前)")


class _Reader:
    """Reads one units text; results collect in `out`."""

    def __init__(self, raw: str, directory: Directory | None, default_role: str) -> None:
        self.raw = raw
        self.view = fold(raw)
        self.default_role = default_role
        protected = [m.span() for m in _EX_COLLECTIVE_WITH_COMMA.finditer(self.view)]
        pattern = directory.comma_collectives() if directory is not None and "、" in self.view else None
        if pattern is not None:
            protected += [m.span() for m in pattern.finditer(self.view)]
        self.depth = _depths(self.view, protected)
        self.out = UnitList()

    def read(self) -> UnitList:
        view = self.view
        a, b = _trim(view, 0, len(view))
        if a < b and view[a] in OPEN and view[b - 1] in CLOSE and self._closes_at(a, b - 1):
            inner = _Reader(self.raw[a + 1 : b - 1], None, self.default_role)
            inner.depth = [d - 1 for d in self.depth[a + 1 : b - 1]]
            return inner.read()
        for start, end, role in self._parts(a, b):
            if role == "person":
                continue
            if role == "deadline":
                text = self.raw[start:end].strip(_TRIM + " ")
                if text:
                    self.out.deadline = self.out.deadline or text
                continue
            if role == "other":
                self.out.strays.append(self.raw[start:end])
                continue
            self._groups(start, end, role)
        return self.out

    def _closes_at(self, a: int, b: int) -> bool:
        """Whether the bracket opened at a is the one closed at b."""
        depth = 0
        for i in range(a, b + 1):
            if self.view[i] in OPEN:
                depth += 1
            elif self.view[i] in CLOSE:
                depth -= 1
                if depth == 0:
                    return i == b
        return False

    def _parts(self, a: int, b: int) -> list[tuple[int, int, str]]:
        """(start, end, role) of the text under each field label; role 'person', 'deadline', 'other'."""
        hits = []
        for m in _LABEL.finditer(self.view, a, b):
            if self.depth[m.start(1)]:
                continue
            label = m.group(1)
            if _PERSON_LABEL.fullmatch(label):
                kind = "person"
            elif _DEADLINE_LABEL.fullmatch(label):
                kind = "deadline"
            elif _UNIT_LABEL.fullmatch(label):
                kind = _label_role(label)
            else:
                kind = "other"
            hits.append((m.start(1), m.end(), kind))
        if not hits:
            return [(a, b, self.default_role)]
        self.out.labelled = self.out.labelled or any(k not in ("other", "person", "deadline") for *_, k in hits)
        parts = []
        if self.view[a : hits[0][0]].strip(_TRIM):
            parts.append((a, hits[0][0], self.default_role))
        for i, (_, end, kind) in enumerate(hits):
            stop = hits[i + 1][0] if i + 1 < len(hits) else b
            parts.append((end, stop, kind))
        return parts

    def _groups(self, a: int, b: int, role: str) -> None:
        """Names in [a, b) grouped by the role words written after them."""
        pos = a
        for m in _ROLE_RE.finditer(self.view, a, b):
            if self.depth[m.start()]:
                continue
            self.out.roles = True
            self._names(pos, m.start(), _ROLE_OF[m.group(1)])
            pos = m.end()
        self._names(pos, b, role)

    def _names(self, a: int, b: int, role: str) -> None:
        view = self.view
        a, b = _trim(view, a, b)
        if a >= b:
            return
        k = view.find("会同", a, b)
        if k > a and not self.depth[k]:
            self._names(a, k, role)
            self._names(k + 2, b, ROLE_COOPERATE)
            return
        spans = _pieces(view, a, b, self.depth)
        spans = self._rejoin(spans)
        for s, e in spans:
            s, e = _trim(view, s, e)
            piece = view[s:e]
            if not piece or _PLACEHOLDER.match(piece):
                continue
            if is_unit_name(piece) or (piece in _LEVEL_WORDS and self.out.mentions
                                       and self.out.mentions[-1].name.startswith("各")):
                self._mention(s, e, role)  # 各涉农街道、镇: 镇 is 各镇
            elif looks_like_deadline(piece):
                self.out.deadline = self.out.deadline or self.raw[s:e]
            elif (k := _split_deadline_suffix(piece)) is not None:
                self._mention(s, s + k, role)
                self.out.deadline = self.out.deadline or self.raw[s + k : e]
            elif (s, e) == spans[-1] and self.out.mentions and _DEADLINE_WORD.search(piece) and len(piece) <= 12:
                # The last piece after the units, in the words of a deadline: 「…;按季度」.
                self.out.deadline = self.out.deadline or self.raw[s:e]
            else:
                self.out.strays.append(self.raw[s:e])

    def _rejoin(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Join a bare level to the name after it (各市、县(市、区)教育局), and pieces split at a
        space that are not names on their own (区 发改委)."""
        view = self.view
        out: list[tuple[int, int]] = []
        for s, e in spans:
            if out:
                ps, pe = out[-1]
                prev = view[ps:pe].strip(_TRIM)
                between = view[pe:s]
                glued = f"{prev}{view[s:e].strip(_TRIM)}"
                if BARE_LEVEL.match(strip_brackets(prev)) and is_unit_name(view[s:e].strip(_TRIM)):
                    out[-1] = (ps, e)
                    continue
                if between.isspace() and not (is_unit_name(prev) and is_unit_name(view[s:e].strip(_TRIM))) \
                        and is_unit_name(glued):
                    out[-1] = (ps, e)
                    continue
            out.append((s, e))
        return self._share_nouns(out)

    def _share_nouns(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Places listed with 、 before the one that names their institution are one unit:
        兴庆区、金凤区、西夏区人民政府; 昌吉高新区、准东开发区管委会."""
        view = self.view
        out: list[tuple[int, int]] = []
        i = 0
        while i < len(spans):
            j = i
            while j + 1 < len(spans) and view[spans[j][1]] == "、" \
                    and PLACE_ONLY.match(strip_brackets(view[slice(*spans[j])].strip(_TRIM))):
                j += 1
            last = view[slice(*spans[j])].strip(_TRIM)
            if j > i and PLACE_AND_HEAD.match(last):
                out.append((spans[i][0], spans[j][1]))
                i = j + 1
            else:
                out.append(spans[i])
                i += 1
        return out

    def _mention(self, s: int, e: int, role: str) -> None:
        raw = self.raw[s:e].strip()
        m = _ROLE_IN_BRACKETS.search(fold(raw))
        if m:
            raw, role = raw[: m.start()].strip(), _ROLE_OF[m.group(1)]
            self.out.roles = True
        name = core_of(fold(raw))
        self.out.mentions.append(Mention(raw, raw[: len(name)].strip(), role))


def _label_role(label: str) -> str:
    if "牵头" in label:
        return ROLE_LEAD
    if re.search("配合|协办|协同|参与|协助", label):
        return ROLE_COOPERATE
    if "落实" in label and "责任" not in label:
        return ROLE_IMPLEMENT
    return ROLE_RESPONSIBLE


def read_units(text: str, directory: Directory | None = None,
               default_role: str = ROLE_RESPONSIBLE) -> UnitList:
    """The units a 责任单位 text names, as written, with roles, a deadline and stray pieces."""
    key = (text, id(directory), default_role)
    found = _READ_CACHE.get(key)
    if found is None:
        if len(_READ_CACHE) > 8192:
            _READ_CACHE.clear()
        found = _READ_CACHE[key] = _Reader(text, directory, default_role).read()
    # A fresh list each time: callers extend the mentions of the list they get.
    return UnitList(list(found.mentions), found.deadline, found.labelled, found.roles, list(found.strays))


_READ_CACHE: dict[tuple[str, int, str], UnitList] = {}
# Every unit's name ends in one of these (its head or a collective's noun): a quick test.
_HEAD_CHAR = re.compile(r"[局委办廳厅镇鎮乡鄉署心府道区區县縣市州旗关關门門位组組队隊会會室科处處股所站院馆館部司团團行校台社村政班构構业業园園组地联聯协協学學盟]")


_LEVEL_PREFIX = ("区", "市", "县", "镇", "乡", "省", "州")


def canonical_refs(mentions: list[Mention], directory: Directory, org: str | None = None) -> list[UnitRef]:
    """Mentions named by the directory, deduplicated in the order written.

    A level prefix written once is shared by the names after it when that gives a known
    department: 县教育局、民政局 -> 县民政局."""
    refs: list[UnitRef] = []
    seen: set[str] = set()
    prefix = ""
    expanded: list[Mention] = []
    for mention in mentions:
        names = shared_noun_names(mention.name)
        expanded += [Mention(mention.raw, n, mention.role) for n in names] if names else [mention]
    for mention in expanded:
        name = fold(mention.name)
        if name.startswith(_LEVEL_PREFIX):
            prefix = name[0]
        elif prefix and not name.startswith("各") and directory.lookup(name) is None:
            if directory.lookup(prefix + name) is not None or directory.lookup("区" + name) is not None:
                name = prefix + name
        unit = directory.canonical_unit(mention.name if name == fold(mention.name) else name, org)
        if not unit.name or unit.name in seen:
            continue
        seen.add(unit.name)
        refs.append(UnitRef(unit, mention.role, mention.raw))
    return refs


def parse_units(text: str, directory: Directory, org: str | None = None,
                default_role: str = ROLE_RESPONSIBLE) -> list[UnitRef]:
    """The units a 责任单位 cell names, canonical and deduplicated, in the order written."""
    return canonical_refs(read_units(text, directory, default_role).mentions, directory, org)


def looks_like_units(text: str, directory: Directory | None = None) -> bool:
    """Whether a piece of text reads as a 责任单位 list rather than task content."""
    if len(text) > 200 or not _HEAD_CHAR.search(text):
        return False
    view = fold(text).strip()
    if not view or view.endswith(("。", ";")) or len(view) > 160:
        return False
    return read_units(text, directory).plausible


_HEADING_MARKER = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)|\d{1,3}[.、])\s*")
_HEADING_UNITS = re.compile(
    r"^(.{2,80}?)(负责落实|牵头落实|牵头负责|负责|牵头|落实)的(?:重点|主要)?(?:工作任务|工作事项|任务|事项|工作)")


def heading_units(heading: str, directory: Directory | None = None) -> UnitList | None:
    """Units a section heading assigns to all its tasks: 一、A、B负责落实的工作任务."""
    view = fold(heading)
    lead = _HEADING_MARKER.match(view)
    skip = lead.end() if lead else 0
    m = _HEADING_UNITS.match(view[skip:])
    if not m:
        return None
    units = read_units(heading[skip : skip + m.end(1)], directory, _ROLE_OF.get(m.group(2), ROLE_RESPONSIBLE))
    return units if units.plausible else None


# ---- units mentioned in prose -------------------------------------------------------


def find_units_in_prose(text: str, directory: Directory, org: str | None = None) -> list[UnitRef]:
    """Units a prose 工作要点 item names as actors, longest names first, in order of mention."""
    flat_raw = re.sub(r"\s+", "", text)
    flat = fold(flat_raw)
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
        written = candidate or flat_raw[i : i + len(match)]
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
            key = fold(key)
            if len(key) >= 3 and key not in _GENERIC:
                names.add(key)
                if level != "区" and key.startswith("区"):
                    names.add(level + key[1:])
    for district in directory.districts.values():
        names.update(fold(n) for n in district.streets)
        names.update(fold(n) for n in district.towns)
    index: dict[str, list[str]] = {}
    for key in sorted(names, key=len, reverse=True):
        index.setdefault(key[0], []).append(key)
    _PROSE_KEYS[(id(directory), level)] = index
    return index
