"""Plans written as text: numbered outlines and prose, with the units written in the text.

The text is read as one flow (paragraphs joined by line breaks) and two things are found in it:
- **unit groups**: a bracket whose content reads as a units list (`(责任单位:A、B)`, `【责任部门:…】`,
  `〔…〕`, `(A牵头,B配合)`, a bare `(A、B)` after a sentence), a line that starts with a unit label
  (`牵头单位:A、B`), or the tail of an item after its last sentence (`…更新。办公室、法规科常态化开展`);
- **markers**: the numbering of the outline — 一、 / (一) / 1. / (1) / ① — at a line start, after a
  sentence or a unit group, or between the parts of a run-on line; a number counts only when it
  continues its style's sequence (or starts it again at 1).
Each unit group closes one task: the task runs from the end of the previous group, or from the
start of the innermost numbered item holding it, to the group. An item holding several groups
yields several tasks (the later ones have no number of their own); a heading line of its own
above several paragraphs is their area, not part of the first one. A plan that writes no unit
groups at all is read item by item at its deepest numbering level.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from store.directory.directory import Directory
from store.ingest.deadlines import leading_deadline
from store.ingest.fold import fold
from store.ingest.model import RawTask
from store.ingest.text import compact, join_lines, to_halfwidth_digits
from store.ingest.unitnames import is_unit_name
from store.ingest.units import CLOSE, OPEN, ROLE_LEAD, UnitList, heading_units, read_units

_ODD_SPACE = re.compile(r"[\t\u3000\u00a0]")
_NOT_TITLE = re.compile(r"[。《》]|通知|解读")

_END = re.compile(r"^(抄送|主送:|附件\s*\d|联系人|\(此件|印发日期|版权所有|主办单位:|网站标识码|【打印|"
                  r"\[打印|共\d+页|上一页|扫一扫|ICP备)")
_FOOTER = re.compile(r"^(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d+\s*页.*|\d{1,3}\s*/\s*\d{1,3})$")
_TERMINATORS = "。;!?"
_SENTENCE_END = re.compile(r"[。;!?]")
_PLAN_WORDS = re.compile(
    r"工作要点|要点|任务分解|分解表|责任分解|分工方案|实施方案|工作方案|行动方案|工作计划|任务清单|明细表|"
    r"台账|重点工作|责任清单|整改清单|问题清单|实事项目|目标任务|工作事项|任务安排"
)
_UNIT_LINE = re.compile(
    r"^\s*(?:(?:牵头|主办|主责|责任|落实|承办|实施|配合|协办|协同|参与|协助|主管)+"
    r"(?:单位|部门|科室|处室|主体|处|科)|(?:完成|办结|整改|工作)?(?:时限|期限)|完成时间|时间节点)\s*:"
)
# A line naming the person in charge (责任人:刘建国) belongs to the unit block around it.
_PERSON_LINE = re.compile(r"^\s*(?:责任人|联系人|责任领导|牵头领导|分管领导|牵头负责领导|经办人)\s*:")
_CN = "一二三四五六七八九十"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_MARK = re.compile(
    rf"(?P<cn>[{_CN}]{{1,3}})[、.](?![{_CN}\d])"
    rf"|\((?P<pcn>[{_CN}]{{1,3}})\)"
    r"|(?P<n>\d{1,3})[ \t]*[.、](?![\d.])"
    r"|\((?P<pn>\d{1,3})\)"
    r"|(?<![(\d])(?P<hp>\d{1,3})\)(?=[\u4e00-\u9fff“《])"
    rf"|(?P<circ>[{_CIRCLED}])"
)
_AFTER_MARKER = re.compile(rf"(?:^|\n)\s*(?:[{_CN}]+[、.]|\d{{1,3}}[.、)]|\(\d{{1,3}}\)|\([{_CN}]+\)|[{_CIRCLED}])\s*$")
_RUN_ON = 300  # a line this long holding several items is a run-on line
_BRACKET_OR_BREAK = re.compile("[" + re.escape(OPEN + CLOSE) + "\n]")
_OPENING = re.compile("[" + re.escape(OPEN) + "]")
_LINE_BREAK = re.compile("\n")
# What a unit bracket must hold: a head character of some name, or a deadline's label.
_GROUP_HINT = re.compile(r"[局委办厅镇乡署心府道区县市州旗关门位组队会室科处股所站院馆部司团行校台社村政班构业园地联协学盟]|时限|时间")


def _cn_value(text: str) -> int:
    values = {c: i + 1 for i, c in enumerate(_CN)}
    if len(text) == 1:
        return values[text]
    if text[0] == "十":
        return 10 + values.get(text[1], 0)
    if len(text) == 2 and text[1] == "十":
        return values[text[0]] * 10
    if len(text) == 3 and text[1] == "十":
        return values[text[0]] * 10 + values[text[2]]
    return 0


def _wrapped(flats: list[str]) -> tuple[bool, int]:
    """Whether lines were wrapped at a fixed width (PDF export), and that width."""
    lengths = sorted(len(t) for t in flats)
    width = lengths[int(len(lengths) * 0.9) - 1 if len(lengths) > 1 else 0]
    if width > 120 or len(flats) < 4:
        return False, width
    near = [i for i, t in enumerate(flats) if len(t) >= width * 0.9]
    # A wrapped line breaks inside a sentence, and the next line goes on with it; a line of its
    # own ends a sentence, or the next line starts an item.
    open_ended = sum(1 for i in near if not flats[i].endswith(_PARA_END)
                     and not (i + 1 < len(flats) and _STARTS_ITEM.match(to_halfwidth_digits(flats[i + 1][:6]))))
    return len(near) >= len(lengths) * 0.3 and open_ended >= len(near) * 0.5, width


_STARTS_ITEM = re.compile(rf"^(?:[{_CN}]+、|[（(][{_CN}\d]+[)）]|\d{{1,3}}[.．、)])")
_L1 = re.compile(rf"^[{_CN}]+、")
_L2 = re.compile(rf"^[（(][{_CN}]+[)）]")
_L3 = re.compile(r"^(?:\d{1,3}[.．、](?!\d)|[（(]\d{1,3}[)）])")
_LABEL_PARA = re.compile(r"^(?:责任单位|牵头单位|责任部门|牵头部门|主责单位|配合单位|责任主体|实施单位|落实单位|"
                         r"完成时限|时间节点|完成时间|时限要求|时间要求|时限|完成期限)[：:]")
_PARA_END = ("。", "！", "？", "）", ")", "：", "；")


_HEADER_WORD = re.compile(r"序号|编号|工作任务|重点任务|具体任务|任务|内容|事项|措施|要求|责任单位|牵头单位|配合单位|"
                          r"责任部门|责任科室|单位|部门|科室|完成时限|时限|时间节点|时间|备注|领域|类别|其他")


def _glued_header(line: str) -> bool:
    """A table header whose cells were run together: 序号工作任务具体内容责任单位完成时限."""
    flat = compact(line)
    if not 8 <= len(flat) <= 40 or not flat.isalnum():
        return False
    words = _HEADER_WORD.findall(flat)
    return len(words) >= 4 and sum(len(w) for w in words) >= len(flat) * 0.8


def paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs: lines wrapped at a fixed width are joined again; blank lines and footers go."""
    body = []
    for line in lines:
        text = line.strip()
        if text and not _FOOTER.match(text):
            body.append(text)
    if not body:
        return []
    flats = [compact(t) for t in body]
    wrapped, width = _wrapped(flats)
    if not wrapped:
        return [_ODD_SPACE.sub(" ", t) for t in body]
    paras: list[list[str]] = []
    first_flat = last_flat = ""
    for text, flat in zip(body, flats, strict=True):
        starts = bool(_L1.match(flat) or _L2.match(flat) or _L3.match(to_halfwidth_digits(flat[:6])))
        starts = starts or bool(_LABEL_PARA.match(flat))
        if paras:
            prev_heading = bool(_L1.match(first_flat)) and len(paras[-1]) == 1 and not last_flat.endswith("。")
            ended = last_flat.endswith(_PARA_END) and len(last_flat) < width * 0.9
            if not (starts or prev_heading or ended):
                paras[-1].append(text)
                last_flat = flat
                continue
        paras.append([text])
        first_flat = last_flat = flat
    return [join_lines(p) for p in paras]


@dataclass
class Group:
    """A unit group in the flow: its span and what it names."""

    start: int
    end: int
    units: UnitList
    kind: str  # bracket / line / tail


@dataclass
class Marker:
    """A numbering token in the flow."""

    start: int
    end: int
    style: str
    value: int
    level: int = 0
    item_end: int = 0
    parent: int | None = None


@dataclass
class FlowResult:
    """Tasks read from the flow, how many unit groups carried them, and paragraphs left out."""

    tasks: list[RawTask]
    groups: int
    dropped: list[str] = field(default_factory=list)


class _Flow:
    def __init__(self, lines: list[str], directory: Directory | None) -> None:
        self.directory = directory
        self.paras = paragraphs(lines)
        self.text = "\n".join(self.paras)
        self.view = fold(self.text)
        self.depth = self._depths()
        self.line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(self.text)]
        self.body = self._body_start()
        self._starts: tuple[list[Marker] | None, list[int]] = (None, [])
        self.all_markers: list[Marker] = []
        self.glued = any(_glued_header(self.view[a : a + 60].split("\n")[0]) for a in self.line_starts[:80])
        self.end = self._body_end()
        if self.end < len(self.text):
            self.text = self.text[: self.end]
            self.view = self.view[: self.end]
            self.depth = self.depth[: self.end]
            self.line_starts = [s for s in self.line_starts if s < self.end]

    # ---- structure ----------------------------------------------------------------

    def _depths(self) -> list[int]:
        """Bracket depth at each position (a line break closes every bracket)."""
        out: list[int] = []
        depth, pos = 0, 0
        for m in _BRACKET_OR_BREAK.finditer(self.view):
            i, ch = m.start(), m.group()
            out += [depth] * (i - pos)
            if ch in CLOSE and depth:
                depth -= 1
            out.append(depth)
            if ch in OPEN:
                depth += 1
            elif ch == "\n":
                depth = 0
            pos = i + 1
        out += [depth] * (len(self.view) - pos)
        return out

    def _line_of(self, pos: int) -> tuple[int, int]:
        """Start and end of the line holding pos."""
        start = self.text.rfind("\n", 0, pos) + 1
        end = self.text.find("\n", pos)
        return start, len(self.text) if end < 0 else end

    def _body_start(self) -> int:
        """Where the plan itself starts: after its title line, when there is one."""
        found = 0
        for start in self.line_starts:
            end = self.text.find("\n", start)
            line = self.view[start : end if end >= 0 else len(self.view)].strip()
            if 6 <= len(line) <= 80 and _PLAN_WORDS.search(line) and not _NOT_TITLE.search(line) \
                    and not _MARK.match(line) and not line.startswith("关于"):
                found = end + 1 if end >= 0 else len(self.text)
        return found

    def _body_end(self) -> int:
        """Where the plan ends: a line such as 抄送 / 附件2 after the plan has started."""
        for start in self.line_starts:
            if start > self.body and _END.match(self.view[start : start + 12]):
                return start
        return len(self.text)

    def _close(self, o: int) -> int | None:
        """The position of the bracket closing the one opened at o, or None. A bracket closes on
        its own line, except one that opens with a unit label (「(责任单位:区发改委、」 broken
        before 「区商务委)」), which may close on the next."""
        depth = 0
        breaks = 0 if _UNIT_LINE.match(self.view[o + 1 : o + 12]) else 1
        for i in range(o, min(len(self.view), o + 400)):
            ch = self.view[i]
            if ch == "\n":
                breaks += 1
                if breaks > 1 or _MARK.match(self.view[i + 1 : i + 6].lstrip()):
                    return None
                continue
            if ch in OPEN:
                depth += 1
            elif ch in CLOSE:
                depth -= 1
                if depth == 0:
                    return i
        return None

    def bracket_groups(self) -> list[Group]:
        """Brackets at the top level whose content reads as a units list."""
        out: list[Group] = []
        view = self.view
        skip_to = self.body
        for m in _OPENING.finditer(view, self.body):
            i = m.start()
            if i < skip_to or self.depth[i]:
                continue
            c = self._close(i)
            if c is None:
                continue
            inner = view[i + 1 : c]
            if len(inner) < 2 or len(inner) > 400 or "。" in inner.rstrip("。") or not _GROUP_HINT.search(inner):
                if len(inner) > 400:
                    skip_to = c + 1
                continue
            units = read_units(self.text[i : c + 1], self.directory)
            if (units.plausible or (units.deadline and not units.mentions and not units.strays)) \
                    and self._placed(i, c, units):
                out.append(Group(i, c + 1, units, "bracket"))
                skip_to = c + 1
        return out

    def _placed(self, o: int, c: int, units: UnitList) -> bool:
        """Whether a bracket stands where unit groups stand (not as a second name inside text)."""
        if units.labelled or units.roles or not units.mentions:
            return True
        before = self.view[:o].rstrip(" ")
        prev = before[-1:] if before else "\n"
        tail = re.split(r"[、,;:(\s]", fold(before[-12:]))[-1][-8:]
        if len(units.mentions) == 1 and is_unit_name(tail or "x"):
            return False  # 区经委(区商务委): a second name
        after = self.view[c + 1 :].lstrip(" ")
        if _AFTER_MARKER.search(before[-12:]):
            return True  # 1.【区发改委】做好…: units written first
        return prev in _TERMINATORS + "\n)】〕”" or not after or after[0] in _TERMINATORS + "\n"

    def line_groups(self) -> list[Group]:
        """Blocks of field lines: 牵头单位:A、B / 责任单位:… / 完成时限:全年 / 责任领导:张三, in any
        order on consecutive lines; a block that names a unit or a deadline is one group."""
        out: list[Group] = []
        block: list[tuple[int, int, UnitList | None]] = []

        def flush() -> None:
            named = [u for _, _, u in block if u is not None]
            if named and any(u.mentions or u.deadline for u in named):
                merged = UnitList([m for u in named for m in u.mentions],
                                  next((u.deadline for u in named if u.deadline), None),
                                  any(u.labelled for u in named), any(u.roles for u in named),
                                  [x for u in named for x in u.strays])
                out.append(Group(block[0][0], block[-1][1], merged, "line"))
            block.clear()

        for start in self.line_starts:
            if start < self.body:
                continue
            end = self.text.find("\n", start)
            end = len(self.text) if end < 0 else end
            line = self.view[start:end]
            if _PERSON_LINE.match(line):
                block.append((start, end, None))  # 责任人:… belongs to the block, names no unit
            elif _UNIT_LINE.match(line):
                block.append((start, end, read_units(self.text[start:end], self.directory)))
            else:
                flush()
        flush()
        return out

    def markers(self, groups: list[Group]) -> list[Marker]:
        """Numbering tokens that continue their style's sequence, with outline levels."""
        inside = _Spans((g.start, g.end) for g in groups)
        cands: list[Marker] = []
        for m in _MARK.finditer(self.view, self.body):
            style = m.lastgroup or ""
            pos = m.start()
            if self.depth[pos] or inside.cover(pos):
                continue
            if not self._marker_context(pos, style):
                continue
            raw = m.group(style)
            value = _cn_value(raw) if style in ("cn", "pcn") else (
                _CIRCLED.index(raw) + 1 if style == "circ" else int(raw))
            end = m.end()
            while end < len(self.view) and self.view[end] == " ":
                end += 1
            cands.append(Marker(pos, end, style, value))
        last: dict[str, int] = {}
        kept: list[Marker] = []
        for mk in cands:
            prev = last.get(mk.style, 0)
            at_line_start = mk.start == 0 or self.view[mk.start - 1] == "\n"
            if mk.value == prev + 1 or (mk.value == 1 and prev) or (
                    at_line_start and prev and prev + 1 < mk.value <= prev + 3):
                last[mk.style] = mk.value
                kept.append(mk)
        # Levels in order of first appearance (一、 before (一) before 1. in most plans).
        order: list[str] = []
        for mk in kept:
            if mk.style not in order:
                order.append(mk.style)
        for mk in kept:
            mk.level = order.index(mk.style) + 1
        stack: list[int] = []
        for i, mk in enumerate(kept):
            while stack and kept[stack[-1]].level >= mk.level:
                kept[stack.pop()].item_end = mk.start
            mk.parent = stack[-1] if stack else None
            stack.append(i)
        for i in stack:
            kept[i].item_end = len(self.text)
        self.all_markers = kept
        return kept

    def _marker_context(self, pos: int, style: str) -> bool:
        if style == "pcn" or (self.glued and style in ("n", "cn")):
            return True  # (一) anywhere; in a table run together, numbers follow the cell before
        j = pos  # the text before, spaces stripped, ends at j (looked at, not copied)
        while j > 0 and self.view[j - 1] == " ":
            j -= 1
        if j == 0 or self.view[j - 1] == "\n":
            return True
        if self.view[j - 1] in _TERMINATORS + ")】〕":
            return True
        if j < pos:  # a space before: only between the parts of a run-on line
            start, end = self._line_of(pos)
            return end - start > _RUN_ON
        return False

    # ---- tasks ----------------------------------------------------------------------

    def tail_groups(self, markers: list[Marker], taken: list[Group]) -> list[Group]:
        """Units (and a deadline) written after an item's last sentence, with no bracket."""
        out = []
        parents = {x.parent for x in markers}  # (a set: a long file has thousands of items)
        leaves = [m for i, m in enumerate(markers) if i not in parents]
        taken_starts = sorted(g.start for g in taken)
        for mk in leaves:
            if _any_in(taken_starts, mk.end, mk.item_end):
                continue
            seg = self.view[mk.end : mk.item_end].rstrip()
            ends = [m.end() for m in _SENTENCE_END.finditer(seg)]
            if not ends:
                continue
            tail_start = mk.end + ends[-1]
            tail = self.text[tail_start : mk.end + len(seg)]
            if not tail.strip() or len(tail) > 160 or "\n" in tail.strip():
                continue
            units = read_units(tail, self.directory)
            if units.plausible or (units.deadline and not units.mentions and not units.strays):
                out.append(Group(tail_start, mk.end + len(seg), units, "tail"))
        return out

    def heading_of(self, mk: Marker) -> str:
        """A heading item's text: up to its first sentence end, line end or next number."""
        end = min(mk.item_end, self._line_of(mk.end)[1])
        nxt = next((x.start for x in self.all_markers if x.start > mk.start), None)
        if nxt is not None:
            end = min(end, nxt)
        text = self.text[mk.start : end]
        cut = _SENTENCE_END.search(fold(text))
        if cut and cut.start() >= 2:
            text = text[: cut.start()]
        return join_lines([text])[:80]

    def _loose_heading(self, marks: list[int], groups: list[int], g: Group) -> int | None:
        """The start of an unnumbered heading line right above the paragraph closed by `g`
        (`marks`, `groups`: the sorted starts of the markers and of the groups)."""
        line_start = self._line_of(g.start)[0]
        if g.kind == "tail" or line_start == 0 or _any_in(groups, line_start, g.start):
            return None
        if _any_in(marks, line_start, line_start + 3):
            return None  # the paragraph has a number of its own
        prev_start, prev_end = self._line_of(line_start - 1)
        line = self.view[prev_start:prev_end].strip()
        # (its first characters may be the damage that ate its number: 「?。ㄈ?)」)
        if not line or len(compact(line)) > 40 or _SENTENCE_END.search(line[4:]) or line.endswith(tuple(CLOSE)):
            return None
        if _any_in(marks, prev_start, prev_end) or prev_start < self.body:
            return None
        if _any_in(groups, prev_start, prev_end):
            return None
        return prev_start

    def _title_line_end(self, mk: Marker, first_group: int) -> int | None:
        """The end of an item's first line when that line is a heading of its own (no sentence,
        no group) with the item's first group on a later line."""
        end = self.text.find("\n", mk.end)
        if end < 0 or end >= first_group:
            return None
        if _SENTENCE_END.search(self.view[mk.end : end].rstrip("。")):
            return None
        return end

    def _innermost(self, markers: list[Marker], pos: int) -> int | None:
        """The deepest item that holds `pos`. Items nest (an item ends where the next one of its
        level or above begins, a sub-item's level is deeper), so the items holding `pos` are the
        last item starting at or before it and its ancestors: found by bisection, then parents."""
        if self._starts[0] is not markers:
            self._starts = (markers, [mk.start for mk in markers])
        i: int | None = bisect_right(self._starts[1], pos) - 1
        while i is not None and i >= 0:
            if pos < markers[i].item_end:
                return i
            i = markers[i].parent
        return None

    def _areas(self, markers: list[Marker], idx: int | None) -> list[str]:
        path = []
        while idx is not None:
            path.append(self.heading_of(markers[idx]))
            idx = markers[idx].parent
        return list(reversed(path))

    def _with_section(self, markers: list[Marker], idx: int | None, units: UnitList) -> UnitList:
        """A task's own units under a heading that names the lead (一、州发展改革委牵头的工作):
        the heading's lead comes first, the task's own units (配合单位:…) after it."""
        if any(m.role == ROLE_LEAD for m in units.mentions):
            return units
        parent = markers[idx].parent if idx is not None else None
        section = self._section_units(markers, parent)
        if section is None or not section.mentions or any(m.role != ROLE_LEAD for m in section.mentions):
            return units
        return UnitList(section.mentions + units.mentions, units.deadline, True, True, list(units.strays))

    def _section_units(self, markers: list[Marker], idx: int | None) -> UnitList | None:
        while idx is not None:
            units = heading_units(self.heading_of(markers[idx]), self.directory)
            if units:
                return units
            idx = markers[idx].parent
        return None

    def _token(self, mk: Marker) -> str:
        token = compact(self.text[mk.start : mk.end]).rstrip(".、．")
        return token.rstrip(")）") if mk.style == "hp" else token

    def grouped_tasks(self, markers: list[Marker], groups: list[Group]) -> list[RawTask]:
        """One task per unit group, numbered when it starts at its item's number."""
        tasks: list[RawTask] = []
        groups = sorted(groups, key=lambda g: g.start)
        per_item: dict[int | None, int] = {}
        # A short line of its own above a paragraph, not numbered (its number lost to damage:
        # 「?。ㄈ?)加强脱贫攻坚信息公开」), starts an item of its own.
        marks, starts = sorted(mk.start for mk in markers), [g.start for g in groups]
        loose = {id(g): h for g in groups if (h := self._loose_heading(marks, starts, g)) is not None}
        for g in groups:
            if g.units.mentions and id(g) not in loose:
                k = self._innermost(markers, g.start)
                per_item[k] = per_item.get(k, 0) + 1
        first_group: dict[int | None, int] = {}
        for g in groups:
            if g.units.mentions:
                first_group.setdefault(self._innermost(markers, g.start), g.start)
        standalone = {k: t for k, pos in first_group.items() if k is not None
                      and (t := self._title_line_end(markers[k], pos)) is not None}
        # A heading line of its own above several groups is an area; then it is one in every item.
        heading_areas = any(per_item.get(k, 0) >= 2 for k in standalone)
        prev_end = self.body
        pending_deadline: str | None = None
        task_items: set[int | None] = set()
        for g in groups:
            k = self._innermost(markers, g.start)
            mk = markers[k] if k is not None else None
            between = self.text[prev_end : g.start]
            if not g.units.mentions:  # a deadline on its own
                if tasks and not between.strip(" \n,;。、") and tasks[-1].deadline_text is None:
                    tasks[-1].deadline_text = g.units.deadline
                else:
                    pending_deadline = g.units.deadline
                prev_end = max(prev_end, g.end)
                continue
            start = prev_end
            titled = False
            if mk is not None and mk.end > start:
                start = mk.end
                if heading_areas and k in standalone:
                    start, titled = standalone[k] + 1, True
            elif mk is None and self._line_of(prev_end)[0] != self._line_of(g.start)[0]:
                start = max(start, self._line_of(g.start)[0])
            if id(g) in loose and loose[id(g)] >= prev_end:
                start, titled = loose[id(g)], False
            content = self.text[start : g.start]
            content = join_lines(content.split("\n")).strip(" ,;、")
            prev_end = g.end
            if not content:
                continue
            numbered = mk is not None and start == mk.end
            task_items.add(k)
            deadline = g.units.deadline or pending_deadline or leading_deadline(content)
            pending_deadline = None
            areas = self._areas(markers, k if titled or not numbered else mk.parent)
            tasks.append(RawTask(
                content=content, area=areas, units=self._with_section(markers, k, g.units),
                units_text=self.text[g.start : g.end].strip(), deadline_text=deadline,
                number=self._token(mk) if numbered and mk else None, start=start,
            ))
        # Items at a level that carries tasks, with no unit group: tasks without units.
        levels = {markers[k].level for k in task_items if k is not None}
        parents = {x.parent for x in markers}
        for i, mk in enumerate(markers):
            if mk.level not in levels or i in task_items or i in parents:
                continue
            if any(mk.start <= g.start < mk.item_end for g in groups):
                continue
            content = join_lines(self.text[mk.end : mk.item_end].split("\n")).strip()
            if len(content) < 8:
                continue
            units = self._section_units(markers, mk.parent)
            tasks.append(RawTask(content=content, area=self._areas(markers, mk.parent), units=units,
                                 deadline_text=leading_deadline(content), number=self._token(mk),
                                 start=mk.start))
        tasks.sort(key=lambda t: t.start)
        return tasks

    def leading(self, markers: list[Marker], groups: list[Group]) -> bool:
        """Whether this plan writes each item's units first: 1.【区发改委】做好… / （牵头单位：X）做好…"""
        unit_groups = [g for g in groups if g.units.mentions and g.kind == "bracket"]
        if len(unit_groups) < 2:
            return False
        first = 0
        for g in unit_groups:
            k = self._innermost(markers, g.start)
            if k is not None and not self.text[markers[k].end : g.start].strip():
                first += 1
        return first >= len(unit_groups) * 0.6

    def leading_tasks(self, markers: list[Marker], groups: list[Group]) -> list[RawTask]:
        """Tasks of a plan whose items start with their units: the item's text after the group."""
        tasks: list[RawTask] = []
        first_child = _first_children(markers)
        for i, mk in enumerate(markers):
            end = first_child[i].start if i in first_child else mk.item_end
            inside = [g for g in groups if mk.end <= g.start < end]
            lead = next((g for g in inside if g.units.mentions and not self.text[mk.end : g.start].strip()), None)
            if lead is None:
                continue
            body = self.text[lead.end : end]
            deadline = lead.units.deadline
            for g in inside:
                if g is not lead and g.start >= lead.end and not g.units.mentions:
                    deadline = deadline or g.units.deadline
                    k = g.start - lead.end
                    body = body[:k] + " " * (g.end - g.start) + body[k + g.end - g.start:]
            content = join_lines(body.split("\n")).strip(" ,;、")
            if not content:
                continue
            tasks.append(RawTask(
                content=content, area=self._areas(markers, mk.parent), units=lead.units,
                units_text=self.text[lead.start : lead.end].strip(),
                deadline_text=deadline or leading_deadline(content), number=self._token(mk), start=mk.start,
            ))
        return tasks

    def item_tasks(self, markers: list[Marker], deadlines: list[Group]) -> tuple[list[RawTask], list[str]]:
        """With no unit groups at all: the items of the deepest numbering level are the tasks
        (a deadline written in brackets, 「（完成时限：全年）」, is taken out of the content)."""
        if not markers:
            return [], []
        counts: dict[int, int] = {}
        for mk in markers:
            counts[mk.level] = counts.get(mk.level, 0) + 1
        levels = [lv for lv, n in sorted(counts.items()) if n >= 2]
        if not levels:
            return [], []
        level = levels[-1] if len(levels) > 1 else levels[0]
        tasks, dropped = [], []
        first_child = _first_children(markers)
        for i, mk in enumerate(markers):
            if mk.level != level:
                continue
            end = first_child[i].start if i in first_child else mk.item_end
            body = self.text[mk.end : end]
            # Paragraphs after the last item of a section, with no number, are not part of it.
            nxt = next((x for x in markers[i + 1 :] if x.level <= level), None)
            parts = body.split("\n")
            if (nxt is None or nxt.level < level) and len(parts) > 1:
                dropped += [p for p in parts[1:] if p.strip()]
                parts = parts[:1]
            start = mk.end
            kept = "\n".join(parts)
            deadline = None
            for g in deadlines:
                if start <= g.start < start + len(kept):
                    deadline = deadline or g.units.deadline
                    k = g.start - start
                    kept = kept[:k] + " " * (g.end - g.start) + kept[k + g.end - g.start:]
            content = join_lines(kept.split("\n")).strip()
            if not content:
                continue
            lead = fold(content).split("。")[0]
            title = content[: len(lead)] if 0 < len(lead) <= 40 and len(lead) < len(content.rstrip("。")) else None
            tasks.append(RawTask(
                content=content, area=self._areas(markers, mk.parent), title=title,
                units=self._section_units(markers, mk.parent), number=self._token(mk), start=mk.start,
                deadline_text=deadline,
            ))
        return tasks, dropped


def _any_in(starts: list[int], lo: int, hi: int) -> bool:
    """Whether any of the sorted `starts` is in [lo, hi)."""
    i = bisect_left(starts, lo)
    return i < len(starts) and starts[i] < hi


class _Spans:
    """Intervals [a, b), asked whether one covers a position (by bisection on their starts and
    the furthest end reached so far, so overlapping or nested ones are answered right too)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.reach: list[int] = []
        furthest = -1
        for _, b in ordered:
            furthest = max(furthest, b)
            self.reach.append(furthest)

    def cover(self, pos: int) -> bool:
        """Whether some interval holds `pos`."""
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and self.reach[i] > pos


def _first_children(markers: list[Marker]) -> dict[int, Marker]:
    """Each item's first sub-item, by the item's index (looked up, not searched: a long file has
    thousands of items)."""
    first: dict[int, Marker] = {}
    for x in markers:
        if x.parent is not None:
            first.setdefault(x.parent, x)
    return first


def tasks_from_flow(lines: list[str], directory: Directory | None = None) -> FlowResult | None:
    """Tasks of a text outline or prose plan; None when the text has no numbered items or groups."""
    flow = _Flow(lines, directory)
    if not flow.text.strip():
        return None
    lines_ = flow.line_groups()
    # A bracket inside a field line is part of it (牵头单位:市农业农村局(市乡村振兴局)).
    groups = [g for g in flow.bracket_groups() if not any(x.start <= g.start < x.end for x in lines_)]
    groups += lines_
    markers = flow.markers(groups)
    groups += flow.tail_groups(markers, groups)
    if any(g.units.mentions for g in groups):
        if flow.leading(markers, groups):
            tasks = flow.leading_tasks(markers, groups)
        else:
            tasks = flow.grouped_tasks(markers, groups)
        return FlowResult(tasks, sum(1 for g in groups if g.units.mentions)) if tasks else None
    tasks, dropped = flow.item_tasks(markers, [g for g in groups if g.units.deadline])
    return FlowResult(tasks, 0, dropped) if tasks else None
