"""Tables as rows of cells -> raw tasks: the header says what each column means, cells fit columns.

Rows come from real tables (docx/xlsx/pdf, merged cells expanded: `dense`, every cell in its
column) or from tables flattened to text, where empty and merged cells are simply missing and
the cells of a row may have shifted. Dense rows are read by position. Other rows are aligned
to the header: each cell goes to the column it fits best (a number to 序号, a units list to a
units column, a date to the deadline, a heading to the area …) keeping the columns' order.
A row without a number of its own continues the task above when it only adds to it, and is a
task of its own (inheriting the merged cells above it) when it has content and cells of its own.
"""

from __future__ import annotations

import re

from store.directory.directory import Directory
from store.ingest.deadlines import looks_like_deadline
from store.ingest.fold import fold
from store.ingest.layouts.header import (
    _TASKISH,
    AREA,
    CATEGORY,
    CHANNEL,
    CONTENT,
    COOPERATE,
    DEADLINE,
    DETAIL,
    IGNORE,
    LEAD,
    PROGRESS,
    REMARK,
    SCORE,
    SEQ,
    TITLE,
    UNIT_ROLES,
    UNITS,
    header_roles,
    role_of,
)
from store.ingest.model import RawTask
from store.ingest.text import compact, join_lines, to_halfwidth_digits
from store.ingest.units import (
    ROLE_COOPERATE,
    ROLE_LEAD,
    ROLE_RESPONSIBLE,
    UnitList,
    heading_units,
    read_units,
)

_NUMBER_CELL = re.compile(r"[\d.%+\-~≥≤<>个万亿元项家次人天]+|[A-E]类")
_LEVEL2 = re.compile(r"^[(（][一二三四五六七八九十]+[)）]")

_SEQ = re.compile(r"^[(]?(\d{1,3})(?:[-—](\d{1,3}))?[).、]?$")
_NUMBERED_CELL = re.compile(r"^(\d{1,3})\s*[.、]\s*(?!\d)")
_HEADING = re.compile(r"^([一二三四五六七八九十]+、|[(][一二三四五六七八九十]+[)])")
_PLACEHOLDER = re.compile(r"^(?:[—\-–_/\\]+|无|暂无|空)$")
_STATUS = re.compile(r"^(?:已完成|完成|正常推进|推进中|进行中|滞后|未完成|已启动|未启动|持续推进中|基本完成)$")
_TERMINATORS = ("。", ";", "!", "?", "；", "！", "？")


def seq_of(cell: str) -> int | None:
    """The task number a seq cell holds (12, 12., (12)), or None."""
    if len(cell) > 24:
        return None
    m = _SEQ.match(fold(to_halfwidth_digits(compact(cell))))
    return int(m.group(1)) if m else None


def _cell_text(cell: str) -> str:
    return join_lines(cell.split("\n"))


# ---- fitting cells to columns -----------------------------------------------------

_FITS: dict[str, dict[str, float]] = {
    "seq": {SEQ: 3.0, SCORE: 0.5},
    "heading": {AREA: 2.0, _TASKISH: 2.0, TITLE: 0.5, CONTENT: 0.3},
    "deadline": {DEADLINE: 2.5, REMARK: 0.2},
    "units": {UNITS: 2.0, LEAD: 2.0, COOPERATE: 2.0, REMARK: 0.2, CHANNEL: 0.0},
    "status": {PROGRESS: 1.5, REMARK: 0.5, CATEGORY: 0.3},
    "placeholder": {UNITS: 0.5, LEAD: 0.5, COOPERATE: 0.5, DEADLINE: 0.5, REMARK: 0.5, PROGRESS: 0.3,
                    CHANNEL: 0.3, SCORE: 0.3},
    "number": {SCORE: 1.5, DETAIL: 0.3, CONTENT: 0.2, CATEGORY: 0.5},
    "short": {TITLE: 1.2, _TASKISH: 1.2, AREA: 0.8, CONTENT: 1.0, DETAIL: 0.8, CATEGORY: 0.5, CHANNEL: 0.5,
              REMARK: 0.5, PROGRESS: 0.3, DEADLINE: 0.3},
    "text": {CONTENT: 1.5, DETAIL: 1.3, TITLE: 0.5, _TASKISH: 0.5, AREA: 0.2, PROGRESS: 0.8, CHANNEL: 0.4,
             REMARK: 0.3},
}
_MISFIT = -1.5
_DROP = -2.0


_KINDS: dict[tuple[str, int], str] = {}


def cell_kind(cell: str, directory: Directory | None = None) -> str:
    """What a cell holds: seq, heading, deadline, units, status, placeholder, number, short, text."""
    key = (cell, id(directory))
    kind = _KINDS.get(key)
    if kind is None:
        if len(_KINDS) > 20000:
            _KINDS.clear()
        kind = _KINDS[key] = _cell_kind(cell, directory)
    return kind


def _cell_kind(cell: str, directory: Directory | None) -> str:
    flat = fold(compact(cell))
    if not flat:
        return "empty"
    if _PLACEHOLDER.match(flat):
        return "placeholder"
    if seq_of(flat) is not None:
        return "seq"
    if _HEADING.match(flat):
        return "heading"
    if _STATUS.match(flat):
        return "status"
    if looks_like_deadline(flat):
        return "deadline"
    if len(flat) <= 200 and not flat.endswith(_TERMINATORS) and read_units(cell, directory).plausible:
        return "units"
    if _NUMBER_CELL.fullmatch(flat):
        return "number"
    # A sentence is text, however short; a title or a name does not end like one.
    return "short" if len(flat) <= 20 and not flat.endswith(_TERMINATORS) else "text"


def _fit(kind: str, role: str) -> float:
    if role == SEQ and kind != "seq":
        return -3.0
    return _FITS.get(kind, {}).get(role, _MISFIT)


def align_cells(roles: list[str], cells: list[str], directory: Directory | None = None) -> list[tuple[str, str]]:
    """Non-empty cells paired with the columns they fit best, in the columns' order."""
    cells = [c for c in cells if compact(c)]
    if AREA not in roles and len(cells) > len(roles):
        # More cells than the header names: an area column the header left unnamed.
        first_text = next((i for i, r in enumerate(roles) if r in (TITLE, CONTENT, _TASKISH)), 0)
        roles = roles[:first_text] + [AREA] + roles[first_text:]
    kinds = [cell_kind(c, directory) for c in cells]
    n, m = len(cells), len(roles)
    neg = float("-inf")
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    move: dict[tuple[int, int], str] = {}
    for j in range(m + 1):
        best[0][j] = 0.0
    for i in range(1, n + 1):
        for j in range(m + 1):
            options = [(best[i - 1][j] + _DROP, "drop")]
            if j:
                options.append((best[i][j - 1], "skip"))
                # Ties go to the later column: merged cells missing from a row are the earlier ones.
                fit = _fit(kinds[i - 1], roles[j - 1]) + 0.001 * j
                options.append((best[i - 1][j - 1] + fit, "take"))
            best[i][j], move[i, j] = max(options, key=lambda o: o[0])
    out: list[tuple[str, str]] = []
    i, j = n, m
    while i > 0:
        step = move[i, j]
        if step == "take":
            out.append((roles[j - 1], cells[i - 1]))
            i, j = i - 1, j - 1
        elif step == "skip":
            j -= 1
        else:
            i -= 1
    return list(reversed(out))


def align_dense(roles: list[str], cells: list[str]) -> list[tuple[str, str]]:
    """Pair cells with column roles by position when a row keeps its empty cells."""
    if len(cells) == len(roles):
        return list(zip(roles, cells, strict=True))
    if len(cells) > len(roles):
        # Extra cells stand before the title/content: they are area levels (merged header).
        first_text = next((i for i, r in enumerate(roles) if r in (TITLE, CONTENT, _TASKISH)), 1)
        extra = len(cells) - len(roles)
        roles = roles[:first_text] + [AREA] * extra + roles[first_text:]
        return list(zip(roles, cells, strict=True))
    # Fewer cells: empty cells were dropped; the number is first, the rest aligns right.
    lead = 1 if roles and roles[0] == SEQ and cells and seq_of(cells[0]) is not None else 0
    rest_roles = roles[lead:][len(roles) - len(cells):] if lead else roles[len(roles) - len(cells):]
    return list(zip(roles[:lead] + rest_roles, cells, strict=True))


# ---- rows -> tasks --------------------------------------------------------------------


def _section(cells: list[str]) -> str | None:
    """A row whose non-empty cells all hold the same heading text (merged across the table)."""
    texts = {compact(c) for c in cells if compact(c)}
    if len(texts) == 1:
        text = texts.pop()
        if _HEADING.match(fold(text)) or len(text) <= 30 and seq_of(text) is None and not looks_like_deadline(text):
            return text
    return None


def _find_header(rows: list[list[str]]) -> tuple[int, list[str]] | None:
    for i, row in enumerate(rows):
        roles = header_roles(row)
        if roles is None:
            filled = [c for c in row if compact(c)]
            roles = header_roles(filled) if len(filled) < len(row) else None
            if roles is not None:
                rows[i] = filled
        if roles is not None:
            return _second_header_row(rows, i, roles)
    return None


def _second_header_row(rows: list[list[str]], i: int, roles: list[str]) -> tuple[int, list[str]]:
    """A header over two rows (责任单位 spanning 牵头单位 | 配合单位): the lower row's roles refine
    the upper's; the table then starts below both."""
    if i + 1 >= len(rows) or len(rows[i + 1]) != len(roles):
        return i, roles
    lower = [role_of(c) if compact(c) else None for c in rows[i + 1]]
    filled = [c for c in rows[i + 1] if compact(c)]
    if not filled or sum(1 for r in lower if r) < len(filled):
        return i, roles
    merged = [low if low in (LEAD, COOPERATE) or (low and up in (IGNORE,)) else up
              for up, low in zip(roles, lower, strict=True)]
    return i + 1, merged


def _settle_taskish(roles: list[str], body: list[list[tuple[str, str]]]) -> str:
    """What a 工作任务 column is: a title when rows hold their own names there, else an area."""
    if _TASKISH not in roles:
        return AREA
    values = [c for row in body for r, c in row if r == _TASKISH]
    headings = sum(1 for v in values if _HEADING.match(fold(compact(v))))
    rows_with_content = sum(1 for row in body if any(r == CONTENT for r, _ in row))
    as_title = bool(values) and headings * 2 < len(values) and len(values) * 2 >= rows_with_content
    return TITLE if as_title and TITLE not in roles else AREA


def _units_of(parts: list[tuple[str, str]], directory: Directory | None) -> tuple[UnitList | None, str | None]:
    """Units read from the units cells (牵头/配合 columns give their roles) and their text."""
    parts = [(r, _cell_text(c)) for r, c in parts if r in UNIT_ROLES and compact(c)
             and not _PLACEHOLDER.match(fold(compact(c)))]
    if not parts:
        return None, None
    merged = UnitList()
    texts = []
    for role, text in parts:
        default = {LEAD: ROLE_LEAD, COOPERATE: ROLE_COOPERATE}.get(role, ROLE_RESPONSIBLE)
        units = read_units(text, directory, default)
        merged.mentions += units.mentions
        merged.strays += units.strays
        merged.deadline = merged.deadline or units.deadline
        merged.labelled = merged.labelled or units.labelled or role != UNITS
        merged.roles = merged.roles or units.roles
        label = {LEAD: "牵头单位：", COOPERATE: "配合单位："}.get(role, "责任单位：" if len(parts) > 1 else "")
        texts.append(label + text)
    return merged, "；".join(texts)


def tasks_from_rows(rows: list[list[str]], dense: bool = True, directory: Directory | None = None,
                    preamble: list[str] | None = None) -> list[RawTask] | None:
    """Raw tasks from table rows that contain a header row; None when no header is found.

    `dense` rows keep empty cells in their columns (docx/xlsx/pdf, tab-separated text);
    other rows are aligned to the header by what their cells hold. `preamble`: text before
    the table, whose last heading (一、A、B负责落实的工作任务) starts the first section.
    """
    rows = [list(r) for r in rows]
    found = _find_header(rows)
    if found is None:
        return None
    start, roles = found
    body_rows = [r for r in rows[start + 1:] if any(compact(c) for c in r) and header_roles(r) is None]
    if SEQ not in roles and not dense:
        seqs = sum(1 for r in body_rows if r and seq_of(next((c for c in r if compact(c)), "")) is not None)
        if seqs >= max(2, len(body_rows) // 3):
            roles = [SEQ, *roles]  # numbers in a column the header does not name
    aligned: list[tuple[list[str], list[tuple[str, str]] | None]] = []
    for row in body_rows:
        cells = row if dense else [c for c in row if compact(c)]
        if _section(cells) and (len(cells) > 1 or _HEADING.match(fold(compact(cells[0])))) \
                and not any(looks_like_deadline(c) for c in cells if compact(c)):
            aligned.append((cells, None))
            continue
        pairs = align_dense(roles, cells) if dense else align_cells(roles, cells, directory)
        aligned.append((cells, pairs))
    taskish = _settle_taskish(roles, [p for _, p in aligned if p is not None])
    roles = [taskish if r == _TASKISH else r for r in roles]
    settle = {_TASKISH: taskish}
    numbered = sum(1 for _, p in aligned if p and any(r == SEQ and seq_of(c) is not None for r, c in p))
    has_title = TITLE in roles
    area: list[str] = []
    section_units: UnitList | None = None
    if preamble:
        for text in reversed(preamble):
            if _HEADING.match(fold(compact(text))):
                area = [_cell_text(text)]
                section_units = heading_units(text, directory)
                break
    title: str | None = None
    tasks: list[RawTask] = []
    prev_values: dict[str, list[str]] = {}
    for cells, pairs in aligned:
        if pairs is None:
            text = _cell_text(next(c for c in cells if compact(c)))
            level2 = bool(_LEVEL2.match(text))
            area = (area[:1] + [text]) if level2 and area else [text]
            section_units = heading_units(text, directory) or (section_units if level2 else None)
            continue
        values: dict[str, list[str]] = {}
        for role, cell in pairs:
            values.setdefault(settle.get(role, role), []).append(cell)
        own_values = {k: list(v) for k, v in values.items()}
        seq_cell = (values.get(SEQ) or [""])[0]
        seq = seq_of(seq_cell)
        content = _cell_text("\n".join(values.get(CONTENT, [])))
        number = fold(compact(seq_cell)).strip(".、()") if seq is not None else None
        m = _NUMBERED_CELL.match(fold(content))
        if m and seq is None:
            number, content = m.group(1), content[m.end():].strip()
            seq = int(number)
        areas = [_cell_text(a) for a in values.get(AREA, [])]
        if areas:
            new_area = [a if a else (area[i] if i < len(area) else "") for i, a in enumerate(areas)]
            area = [a for a in new_area if a]
        title_cell = _cell_text("\n".join(values.get(TITLE, [])))
        if has_title:
            title = title_cell or title
        if seq is None and tasks and numbered and content and prev_values:
            # A row of its own under a merged number: the merged cells above carry on.
            for role in (*UNIT_ROLES, DEADLINE):
                if role in roles and not any(compact(c) for c in values.get(role, [])):
                    values[role] = prev_values.get(role, [])
        units, units_text = _units_of([(r, c) for r in roles for c in values.get(r, [])], directory)
        deadline = _cell_text("\n".join(values.get(DEADLINE, []))) or (units.deadline if units else None)
        detail = _cell_text("\n".join(values.get(DETAIL, []))) or None
        progress = _cell_text("\n".join(values.get(PROGRESS, []))) or None
        if not content and title_cell and CONTENT not in roles:
            content = title_cell
        if seq is None and tasks and not content:
            # A merged cell continued: extend the task above.
            _extend(tasks[-1], content, units, units_text, deadline, detail, progress)
            continue
        if seq is None and tasks and numbered:
            # A row split by a page break extends the task above; a row with content and cells
            # of its own under a merged number is a task of its own.
            last = tasks[-1]
            own = bool(detail or progress or any(
                compact(c) for r in (*UNIT_ROLES, DEADLINE) for c in own_values.get(r, [])))
            if not (own and last.content.endswith(_TERMINATORS)):
                _extend(last, content, units, units_text, deadline, detail, progress)
                continue
        if not content:
            continue
        if units is None and section_units is not None:
            units, units_text = section_units, None
        prev_values = values
        tasks.append(RawTask(
            content=content, area=list(area),
            title=title if has_title and CONTENT in roles else None,
            units_text=units_text, deadline_text=deadline, source_seq=seq, units=units,
            number=number, detail=detail, progress=progress,
        ))
    return tasks


def _extend(last: RawTask, content: str, units: UnitList | None, units_text: str | None,
            deadline: str | None, detail: str | None, progress: str | None) -> None:
    if content and content != last.content:
        last.content = last.content + content
    if units is not None:
        if last.units is None:
            last.units, last.units_text = units, units_text
        elif units_text and units_text not in (last.units_text or ""):
            last.units.mentions += units.mentions
            last.units_text = f"{last.units_text}，{units_text}" if last.units_text else units_text
    if deadline and not last.deadline_text:
        last.deadline_text = deadline
    if detail:
        last.detail = f"{last.detail}{detail}" if last.detail else detail
    if progress:
        last.progress = f"{last.progress}{progress}" if last.progress else progress
