"""Tables given as rows of cells (docx/xlsx/pdf tables, |- and tab-separated text) -> raw tasks."""

from __future__ import annotations

import re

from store.ingest.layouts.header import (
    AREA,
    CONTENT,
    COOPERATE,
    DEADLINE,
    LEAD,
    SEQ,
    TITLE,
    UNITS,
    header_roles,
    role_of,
)
from store.ingest.model import RawTask
from store.ingest.text import compact, join_lines, to_halfwidth_digits

_SEQ = re.compile(r"^[（(]?(\d{1,3})[)）.．、]?$")
_HEADING = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")


def seq_of(cell: str) -> int | None:
    """The task number a seq cell holds (12, 12., （12）), or None."""
    m = _SEQ.match(to_halfwidth_digits(compact(cell)))
    return int(m.group(1)) if m else None


def _cell_text(cell: str) -> str:
    return join_lines(cell.split("\n"))


def align(roles: list[str], cells: list[str]) -> list[tuple[str, str]]:
    """Pair cells with column roles when a row has more or fewer cells than the header."""
    if len(cells) == len(roles):
        return list(zip(roles, cells, strict=True))
    if len(cells) > len(roles):
        # Extra cells stand before the title/content: they are area levels (merged header).
        first_text = next((i for i, r in enumerate(roles) if r in (TITLE, CONTENT)), 1)
        extra = len(cells) - len(roles)
        roles = roles[:first_text] + [AREA] * extra + roles[first_text:]
        return list(zip(roles, cells, strict=True))
    # Fewer cells: empty cells were dropped; the number is first, the rest aligns right.
    lead = 1 if roles and roles[0] == SEQ and cells and seq_of(cells[0]) is not None else 0
    rest_roles = roles[lead:][len(roles) - len(cells):] if lead else roles[len(roles) - len(cells):]
    return list(zip(roles[:lead] + rest_roles, cells, strict=True))


def _is_section_row(cells: list[str]) -> str | None:
    """A row whose non-empty cells all hold the same heading text (merged across the table)."""
    texts = {compact(c) for c in cells if compact(c)}
    if len(texts) == 1:
        text = texts.pop()
        if _HEADING.match(text) or len(text) <= 30 and seq_of(text) is None:
            return text
    return None


def tasks_from_rows(rows: list[list[str]], dense: bool = True) -> list[RawTask] | None:
    """Raw tasks from table rows that contain a header row; None when no header is found.

    `dense` rows keep empty cells in place (docx/xlsx/pdf); otherwise empty cells were
    dropped by the layout and cells are aligned to the header by position from both ends.
    """
    start = None
    roles: list[str] = []
    for i, row in enumerate(rows):
        found = header_roles(row)
        if found:
            start, roles = i, found
            break
    if start is None:
        return None
    numbered = sum(1 for r in rows[start + 1:] if r and seq_of(r[roles.index(SEQ)] if SEQ in roles and dense else r[0]) is not None)
    tasks: list[RawTask] = []
    area: list[str] = []
    title: str | None = None
    for row in rows[start + 1:]:
        cells = row if dense else [c for c in row if compact(c)]
        if not any(compact(c) for c in cells) or header_roles(row):
            continue
        pairs = align(roles, cells) if not dense else list(zip(roles, cells, strict=False))
        values: dict[str, list[str]] = {}
        for role, cell in pairs:
            values.setdefault(role, []).append(cell)
        seq_cell = (values.get(SEQ) or [""])[0]
        seq = seq_of(seq_cell)
        content = _cell_text("\n".join(values.get(CONTENT, [])))
        section = _is_section_row(cells) if seq is None else None
        if section and len(cells) > 1 and not content.endswith("。"):
            area = [section]
            continue
        areas = [_cell_text(a) for a in values.get(AREA, [])]
        if areas:
            new_area = [a if a else (area[i] if i < len(area) else "") for i, a in enumerate(areas)]
            area = [a for a in new_area if a]
        title_cell = _cell_text("\n".join(values.get(TITLE, [])))
        if TITLE in roles:
            title = title_cell or title
        units_parts = [(r, _cell_text(c)) for r, c in pairs if r in (UNITS, LEAD, COOPERATE) and compact(c)]
        units_text = _units_text(units_parts)
        deadline = _cell_text("\n".join(values.get(DEADLINE, []))) or None
        if not content and title_cell and CONTENT not in roles:
            content = title_cell
        if seq is None and numbered and tasks and (not content or not seq_cell.strip()):
            # A row split by a page break, or a merged cell continued: extend the task above.
            last = tasks[-1]
            if content and content != last.content:
                last.content = last.content + content
            if units_text and units_text not in (last.units_text or ""):
                last.units_text = f"{last.units_text}，{units_text}" if last.units_text else units_text
            if deadline and not last.deadline_text:
                last.deadline_text = deadline
            continue
        if not content:
            continue
        tasks.append(RawTask(
            content=content,
            area=list(area),
            title=title if TITLE in roles and CONTENT in roles else None,
            units_text=units_text,
            deadline_text=deadline,
            source_seq=seq,
        ))
    return tasks


def _units_text(parts: list[tuple[str, str]]) -> str | None:
    """Units cells joined; separate 牵头/配合 columns become 「…牵头，…配合」."""
    if not parts:
        return None
    out = []
    for role, text in parts:
        if role == LEAD:
            out.append(f"牵头单位：{text}")
        elif role == COOPERATE:
            out.append(f"配合单位：{text}")
        else:
            out.append(f"责任单位：{text}" if len(parts) > 1 else text)
    return "；".join(out)


# ---- text tables ------------------------------------------------------------------


_PIPE_RULE = re.compile(r"^\|?[\s:：\-—|]+\|?$")


def rows_from_pipes(lines: list[str]) -> list[list[str]] | None:
    """Rows of a |-separated text table; continuation rows (no number) stay separate rows."""
    rows = []
    for line in lines:
        if line.count("|") + line.count("｜") < 2:
            continue
        if _PIPE_RULE.match(line.strip()):
            continue
        text = line.strip().replace("｜", "|").strip("|")
        rows.append([c.strip() for c in text.split("|")])
    return rows if len(rows) >= 2 else None


_DELIMS = re.compile(r"\t+|[ \u3000]{2,}")


def rows_from_delimited(lines: list[str]) -> tuple[list[list[str]], bool] | None:
    """Rows of a tab- or blank-separated text table, cells on one line or one cell per line.

    One-cell-per-line tables (each cell a line starting with a tab, rows apart by blank
    lines) are regrouped into rows at each cell that holds the next task number. Returns the
    rows and whether they are dense (empty cells kept in their column).
    """
    header_at = None
    for i, line in enumerate(lines):
        cells = [c for c in _DELIMS.split(line.strip()) if c]
        if len(cells) >= 3 and header_roles(cells):
            if "\t" in line.strip():
                return _tab_rows(lines[i:]), True
            return _delimited_rows(lines[i:]), False
        if line.startswith(("\t", " ")) and line.strip():
            header_at = header_at if header_at is not None else i
            stream = _stream_cells(lines[header_at:])
            hdr = _stream_header(stream)
            if hdr:
                return hdr, False
        else:
            header_at = None
    return None


def _tab_rows(lines: list[str]) -> list[list[str]]:
    """Rows split on every single tab, so empty cells keep their column; padded to the header."""
    rows: list[list[str]] = []
    lead = len(lines[0]) - len(lines[0].lstrip("\t"))
    for line in lines:
        if not line.strip():
            continue
        cells = [c.strip() for c in line.rstrip("\r\n")[lead:].split("\t")] if line.startswith("\t" * lead) \
            else [c.strip() for c in line.split("\t")]
        if len(cells) == 1 and rows:
            rows[-1][-1] += "\n" + cells[0]  # a wrapped last cell
            continue
        rows.append(cells)
    width = len(rows[0])
    return [r + [""] * (width - len(r)) if len(r) < width else r for r in rows]


def _delimited_rows(lines: list[str]) -> list[list[str]]:
    rows: list[list[str]] = []
    for line in lines:
        if not line.strip():
            continue
        cells = [c.strip() for c in _DELIMS.split(line.strip())]
        if len(cells) == 1 and rows:
            rows[-1][-1] += "\n" + cells[0]  # a wrapped last cell
        else:
            rows.append(cells)
    return rows


def _stream_cells(lines: list[str]) -> list[str]:
    """Cells of a one-cell-per-line table; a line without the leading tab continues a cell."""
    cells: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        if line.startswith(("\t", " ")) or not cells:
            cells.append(line.strip())
        else:
            cells[-1] += "\n" + line.strip()
    return cells


def _stream_header(cells: list[str]) -> list[list[str]] | None:
    """Group a cell stream into rows: the header cells, then a row at each next number."""
    first_seq = next((i for i, c in enumerate(cells) if seq_of(c) is not None), len(cells))
    header: list[str] = []
    for cell in reversed(cells[:first_seq]):
        if role_of(cell) is None:
            break
        header.insert(0, cell)
    if not header_roles(header):
        return None
    rows = [header]
    expected = 1
    for cell in cells[first_seq:]:
        n = seq_of(cell)
        if n is not None and (n == expected or (n == 1 and len(rows) > 1)):
            rows.append([cell])
            expected = n + 1
        elif len(rows) > 1:
            rows[-1].append(cell)
    return rows if len(rows) > 1 else None
