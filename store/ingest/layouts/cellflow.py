"""Tables flattened to text one cell fragment per line (PDF text export), read back into tasks.

A row is: area fragments (before or after the number), the number, content lines, unit
lines, and a deadline line. Rows break across pages, page footers and repeated headers
interrupt them, and narrow columns wrap their text into many short lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from store.directory.directory import Directory
from store.ingest.deadlines import looks_like_deadline
from store.ingest.layouts.header import HEADER_WORDS, is_header_line
from store.ingest.model import RawTask
from store.ingest.text import compact, join_lines, to_halfwidth_digits
from store.ingest.units import looks_like_units

_CONTENT_WORDS = re.compile(r"任务内容|三级指标|工作内容|具体内容|主要内容|具体任务|任务名称|工作任务")
_UNIT_WORDS = re.compile(r"责任单位|牵头单位|责任部门|配合单位")
_DEADLINE_WORDS = re.compile(r"时限|时间节点|完成时间|时间要求|完成")
_AREA_WORDS = re.compile(r"领域|一级指标|二级指标|类别")
_RUN_OF_SPACES = re.compile(r"\s+")
_HEADING_BREAK = re.compile(r"\n(?=[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")

_FOOTER = re.compile(r"^(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d{1,3}\s*/\s*\d{1,3})$")
_SEQ_LINE = re.compile(r"^(\d{1,3})(?:[.．、]?\s+(.*)|[.．、](.+))?$")
_NOT_SEQ_FOLLOWER = re.compile(r"^[个日月年%％项次家万亿天周号条名人]")
_END = re.compile(r"^(抄送|印发|主送|附件\s*\d|联系人|（此件|\(此件)")
_TERMINATOR = ("。", "；", ";", "！", "？", "）。")
_MARKER_L1 = re.compile(r"^[一二三四五六七八九十]+、")
_MARKER_L2 = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")
_FRAGMENT_MAX = 8


@dataclass
class _Chunk:
    seq: int
    pre: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


@dataclass
class _Header:
    end: int
    has_units: bool
    has_deadline: bool
    area_levels: int


def find_header(lines: list[str]) -> _Header | None:
    """The first block of header-word lines naming 序号 and content (任务内容/三级指标…)."""
    for i, line in enumerate(lines):
        if not line.strip() or not is_header_line(line):
            continue
        j, words = i, []
        while j < len(lines) and (not lines[j].strip() or is_header_line(lines[j])):
            words += [compact(w) for w in lines[j].split()]
            j += 1
        text = "".join(words)
        if "序号" in text and _CONTENT_WORDS.search(text):
            return _Header(
                end=j,
                has_units=bool(_UNIT_WORDS.search(text)),
                has_deadline=bool(_DEADLINE_WORDS.search(text)),
                area_levels=len(_AREA_WORDS.findall(text)),
            )
    return None


def _clean(lines: list[str]) -> list[str]:
    """Body lines without blanks, page footers, repeated headers, and the tail after the table."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if _END.match(line):
            break
        if not line or _FOOTER.match(line):
            i += 1
            continue
        if is_header_line(line):
            j, text = i, ""
            while j < len(lines) and (not lines[j].strip() or is_header_line(lines[j])):
                text += compact(lines[j])
                j += 1
            if "序号" in text or HEADER_WORDS.match(text):
                i = j
                continue
        out.append(line)
        i += 1
    return out


def _split_chunks(body: list[str]) -> tuple[list[str], list[_Chunk]]:
    """Lines before the first row, and rows started at each line holding the next number."""
    head: list[str] = []
    chunks: list[_Chunk] = []
    expected = 1
    for line in body:
        m = _SEQ_LINE.match(to_halfwidth_digits(line))
        if m:
            n = int(m.group(1))
            rest = (m.group(2) or m.group(3) or "").strip()
            if (n == expected or (n == 1 and chunks)) and not _NOT_SEQ_FOLLOWER.match(rest):
                chunks.append(_Chunk(n, lines=[rest] if rest else []))
                expected = n + 1
                continue
        (chunks[-1].lines if chunks else head).append(line)
    return head, chunks


def _is_deadline(text: str) -> bool:
    return looks_like_deadline(text)


def _take_deadline(lines: list[str]) -> tuple[list[str], str | None, list[str]]:
    """(lines before, deadline text, lines after) — the deadline is the last deadline-like cell."""
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if _is_deadline(line):
            return lines[:i], compact(line), lines[i + 1 :]
        parts = line.rsplit(None, 1)
        if len(parts) == 2 and _is_deadline(parts[1]) and not _is_deadline(parts[0]):
            return lines[:i] + [parts[0]], compact(parts[1]), lines[i + 1 :]
    return lines, None, []


def _take_fragments(lines: list[str]) -> tuple[list[str], list[str]]:
    """Leading short lines that are area/indicator fragments, and the rest."""
    k = 0
    while k < len(lines) - 1:
        flat = compact(lines[k])
        if len(flat) > _FRAGMENT_MAX or flat.endswith(_TERMINATOR) or _is_deadline(flat):
            break
        k += 1
    return lines[:k], lines[k:]


def _split_units(lines: list[str], directory: Directory) -> tuple[list[str], str | None]:
    """Content lines and the units text that follows them."""
    if not lines:
        return [], None
    ends = [i for i, line in enumerate(lines) if compact(line).endswith(_TERMINATOR)]
    if ends and ends[-1] < len(lines) - 1:
        units = join_lines(lines[ends[-1] + 1 :])
        if looks_like_units(units, directory):
            return lines[: ends[-1] + 1], units
    # The content's last sentence and the units share a line: 「…宣传。 区经委、各街镇」
    last = lines[-1]
    for m in reversed(list(_RUN_OF_SPACES.finditer(last))):
        head, tail = last[: m.start()], last[m.end() :]
        if compact(head).endswith(_TERMINATOR) and looks_like_units(tail, directory):
            return lines[:-1] + [head], join_lines([tail])
    # No sentence end: the longest tail of lines that reads as a list of units.
    best = None
    for k in range(len(lines) - 1, 0, -1):
        if looks_like_units(join_lines(lines[k:]), directory):
            best = k
        elif best is not None:
            break
    if best is not None:
        return lines[:best], join_lines(lines[best:])
    return lines, None


class _Areas:
    """Tracks the area path, matching fragments against the prose headings when there are any."""

    def __init__(self, headings: list[tuple[int, str]], levels: int) -> None:
        self.headings = headings
        self.levels = max(levels, 1)
        self.path: list[str] = []

    def update(self, text: str) -> None:
        flat = compact(text)
        if not flat:
            return
        if self.path and flat == compact(self.path[-1]) or flat in (compact(p) for p in self.path):
            return
        matched = self._match(flat)
        if matched:
            self.path = matched
        elif _MARKER_L1.match(flat) or not self.path or self.levels == 1:
            self.path = [text]
        else:
            self.path = self.path[: self.levels - 1] + [text]

    def _match(self, flat: str) -> list[str] | None:
        top = None
        for level, heading in self.headings:
            key = _strip_marker(heading)
            if level == 1 and flat.startswith(key):
                top = heading
                rest = flat[len(key) :]
                if not rest:
                    return [heading]
                sub = self._find(rest, after=heading)
                return [heading, sub or rest]
        if top is None:
            sub = self._find(flat, after=None)
            if sub:
                parent = self._parent_of(sub)
                return [parent, sub] if parent else [sub]
        return None

    def _find(self, flat: str, after: str | None) -> str | None:
        for level, heading in self.headings:
            if level == 2 and _strip_marker(heading) == flat:
                if after is None or self._parent_of(heading) == after:
                    return heading
        return None

    def _parent_of(self, heading: str) -> str | None:
        parent = None
        for level, h in self.headings:
            if level == 1:
                parent = h
            if h == heading:
                return parent
        return None


def _strip_marker(heading: str) -> str:
    return compact(_MARKER_L2.sub("", _MARKER_L1.sub("", heading)))


def prose_headings(lines: list[str]) -> list[tuple[int, str]]:
    """(level, heading) pairs from prose before a table: 一、… and the lead sentence of （一）…"""
    out: list[tuple[int, str]] = []
    text = "\n".join(line.strip() for line in lines)
    for para in _HEADING_BREAK.split(text):
        flat = join_lines(para.split("\n"))
        if _MARKER_L1.match(flat):
            out.append((1, flat.split("。")[0] if len(flat) > 60 else flat))
        elif _MARKER_L2.match(flat):
            out.append((2, flat.split("。")[0]))
    return out


def tasks_from_cellflow(lines: list[str], directory: Directory) -> list[RawTask] | None:
    """Raw tasks from a text table written one cell fragment per line; None when there is none."""
    header = find_header(lines)
    if header is None:
        return None
    areas = _Areas(prose_headings(lines[: header.end]), header.area_levels)
    head, chunks = _split_chunks(_clean(lines[header.end :]))
    if not chunks:
        return None
    carry = head
    tasks: list[RawTask] = []
    for chunk in chunks:
        body = chunk.lines
        deadline = None
        trailing: list[str] = []
        if header.has_deadline:
            body, deadline, trailing = _take_deadline(body)
        fragments, body = _take_fragments(body)
        if header.area_levels:
            areas.update(join_lines(carry + fragments))
        elif fragments:
            body = fragments + body
        carry = trailing
        units = None
        if header.has_units:
            body, units = _split_units(body, directory)
        content = join_lines(body)
        if not content:
            continue
        tasks.append(RawTask(content=content, area=list(areas.path), units_text=units,
                             deadline_text=deadline, source_seq=chunk.seq))
    return tasks
