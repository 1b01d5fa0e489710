"""Tables flattened to text, read back into rows of cells.

Real files flatten tables in many ways: `|` between the cells of a row; `|` ending each cell on
a line of its own; one cell per line with a leading tab; one cell per paragraph between blank
lines; tabs or runs of spaces between cells. Each reader returns rows for the grid reader
(grid.py); streams of cells are cut into rows at each task number, section headings become
rows of their own.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata

from store.ingest.fold import fold
from store.ingest.layouts.grid import seq_of
from store.ingest.layouts.header import header_roles, role_of
from store.ingest.text import compact

_HEADING = re.compile(r"^([一二三四五六七八九十]+、|[(][一二三四五六七八九十]+[)])")
_NUMBERED = re.compile(r"^(\d{1,3})\s*[.、](?!\d)")


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
            if header_at is None:
                header_at = i
                # Look for a header in the next few cells before reading the whole stream.
                if _stream_header(_stream_cells(lines[header_at : header_at + 60])):
                    hdr = _stream_header(_stream_cells(lines[header_at:]))
                    if hdr:
                        return hdr, False
        elif line.strip():
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


def _stream_rows(cells: list[str]) -> list[list[str]] | None:
    """A cell stream as rows: the header's cells, then a row at each next task number, and
    section headings (一、… / (一)…) as rows of their own. The heading just before the header
    stays in front of it (it starts the first section)."""
    found = None
    for i in range(len(cells)):
        j, header = i, []
        while j < len(cells) and (role_of(cells[j]) is not None or (header and not compact(cells[j]))):
            if compact(cells[j]):
                header.append(cells[j])
            j += 1
        if len(header) >= 2 and header_roles(header):
            found = (i, j, header)
            break
    if found is None:
        return None
    i, j, header = found
    lead = [c for c in cells[:i] if _HEADING.match(fold(compact(c)))][-1:]
    rows: list[list[str]] = [header, *[[c] for c in lead]]
    has_seq = any(role_of(h) == "seq" for h in header)
    expected = 1
    current: list[str] | None = None
    for cell in cells[j:]:
        flat = fold(compact(cell))
        if not flat:
            continue
        n = seq_of(cell)
        m = _NUMBERED.match(flat) if not has_seq else None
        starts = n if n is not None else (int(m.group(1)) if m else None)
        if starts is not None and (starts == expected or starts == 1 or expected < starts <= expected + 2):
            current = [cell]
            rows.append(current)
            expected = starts + 1
        elif _HEADING.match(flat) and (current is None or len(current) >= 2):
            rows.append([cell])
            current = None
        elif current is not None:
            current.append(cell)
    return rows if len(rows) > 2 else None


def rows_from_cell_lines(lines: list[str]) -> list[list[str]] | None:
    """Rows of a table written one cell per line, each cell closed by `|` (a lone `|` is empty)."""
    marked = [line for line in lines if line.strip()]
    closed = sum(1 for line in marked if line.rstrip().endswith(("|", "｜")) and line.count("|") + line.count("｜") == 1)
    if len(marked) < 6 or closed < len(marked) * 0.5:
        return None
    cells = [line.strip().replace("｜", "|").rstrip("|").strip() for line in lines if line.strip()]
    return _stream_rows(cells)


def rows_from_paragraph_cells(lines: list[str]) -> list[list[str]] | None:
    """Rows of a table written one cell per paragraph, paragraphs apart by blank lines."""
    paras: list[str] = []
    current: list[str] = []
    for line in lines + [""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            paras.append("\n".join(current))
            current = []
    if len(paras) < 6:
        return None
    return _stream_rows(paras)


def rows_from_line_cells(lines: list[str]) -> list[list[str]] | None:
    """Rows of a table written one cell per line with no marks at all; a blank line is an
    empty cell. Taken only when the header's cells stand on consecutive lines."""
    stripped = [line.strip() for line in lines]
    short = [0 < len(c) <= 12 for c in stripped]
    for i in range(len(stripped) - 2):
        if short[i] and short[i + 1] and short[i + 2] \
                and all(role_of(stripped[i + k]) is not None for k in range(3)):
            before = [c for c in stripped[:i] if c][-1:]
            return _stream_rows([c for c in before if _HEADING.match(fold(c))] + stripped[i:])
    return None


# ---- tables laid out in columns of spaces (PDF text in layout mode, monospace exports) ----

_FIXED_GAP = 2  # columns of space that separate two cells
_PAGE_NUMBER = re.compile(r"^[-—–\s]*\d{1,3}[-—–\s]*$")


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _segments(line: str) -> list[tuple[int, str]]:
    """(display column, text) of each run of text separated by two or more columns of space."""
    out: list[tuple[int, str]] = []
    col, start, buf, gap = 0, 0, [], 0
    for ch in line.rstrip():
        if ch in " \u3000\t":
            gap += 4 if ch == "\t" else _width(ch)
            if buf and gap >= _FIXED_GAP:
                out.append((start, "".join(buf).strip()))
                buf = []
        else:
            if not buf:
                start = col
            elif gap:
                buf.append(" " * gap)
            gap = 0
            buf.append(ch)
        col += 4 if ch == "\t" else _width(ch)
        if ch not in " \u3000\t":
            gap = 0
    if buf:
        out.append((start, "".join(buf).strip()))
    return [(c, t) for c, t in out if t]


def rows_from_fixed_width(lines: list[str]) -> list[list[str]] | None:
    """Rows of a table whose columns are lined up with spaces, cells wrapping onto the lines
    below: each fragment goes to the column it stands under; a row starts with a new number
    (in the 序号 column, or opening the content), a section heading is a row of its own; the
    header repeated after a page break and page numbers are dropped. Empty cells of a row below
    a filled one are cells merged over both (the text repeats)."""
    header_at = None
    for i, line in enumerate(lines):
        segs = _segments(line)
        if len(segs) >= 3 and all(role_of(t) is not None for _, t in segs) and header_roles([t for _, t in segs]):
            header_at, header = i, segs
            break
    if header_at is None:
        return None
    starts = [c for c, _ in header]
    names = [t for _, t in header]
    roles = header_roles(names) or []
    seq_col = roles.index("seq") if "seq" in roles else None
    content_col = roles.index("content") if "content" in roles else None
    rows: list[list[str]] = [names]
    current: list[str] | None = None
    body = [_segments(line) for line in lines[header_at + 1 : header_at + 40] if line.strip()]
    placed = [c for segs in body for c, _ in segs]
    if not placed or sum(1 for c in placed if any(abs(c - s) <= 3 for s in starts)) < len(placed) * 0.6:
        return None  # the cells do not stand under the header's words: not a column layout

    def column(col: int) -> int:
        best = 0
        for k, s in enumerate(starts):
            if s <= col + 2:
                best = k
        return best

    for line in lines[header_at + 1:]:
        if not line.strip() or _PAGE_NUMBER.match(line.strip()):
            continue
        segs = _segments(line)
        texts = [t for _, t in segs]
        if texts == names or all(role_of(t) is not None for t in texts) and len(texts) >= 3:
            continue  # the header again, after a page break
        cells = [""] * len(starts)
        for col, text in _split_overflow(segs, starts):
            k = column(col)
            cells[k] = f"{cells[k]}{text}" if cells[k] else text
        first = cells[seq_col] if seq_col is not None else ""
        lead = cells[content_col] if content_col is not None else ""
        filled = [c for c in cells if c]
        heading = len(filled) <= 2 and segs and segs[0][0] <= starts[min(1, len(starts) - 1)] \
            and (_HEADING.match(fold(filled[0])) or re.fullmatch(r"[一二三四五六七八九十]{1,3}", fold(filled[0])))
        if heading and not (seq_col is not None and seq_of(first) is not None):
            rows.append([" ".join(filled)])
            current = None
            continue
        starts_row = (seq_col is not None and seq_of(first) is not None) or (
            seq_col is None and _NUMBERED.match(fold(lead)))
        if starts_row or current is None:
            if current is not None:
                cells = [c or (prev if k not in (seq_col, content_col) and roles[k] != "progress" else "")
                         for k, (c, prev) in enumerate(zip(cells, current, strict=True))]
            current = cells
            rows.append(current)
        else:
            for k, text in enumerate(cells):
                if text:
                    current[k] = f"{current[k]}{text}" if current[k] else text
    return rows if len(rows) > 2 else None


def rows_from_csv(lines: list[str]) -> list[list[str]] | None:
    """Rows of a table saved as CSV (cells quoted, line breaks inside quotes), from its header on."""
    for i, line in enumerate(lines[:40]):
        if line.count(",") < 2:
            continue
        cells = next(csv.reader([line]), [])
        if len([c for c in cells if c.strip()]) >= 3 and header_roles([c.strip() for c in cells]):
            rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO("\n".join(lines[i:])))]
            rows = [r for r in rows if any(r)]
            return rows if len(rows) > 1 else None
    return None


def _split_overflow(segs: list[tuple[int, str]], starts: list[int]) -> list[tuple[int, str]]:
    """A cell that runs into the next column with one space between (「市工商联, 每季度末」): cut
    at the space nearest the next column's start."""
    out: list[tuple[int, str]] = []
    for col, text in segs:
        pieces = [(col, text)]
        nxt = next((s for s in starts if s > col + 1), None)
        if nxt is not None and " " in text:
            pos, cut = col, None
            for i, ch in enumerate(text):
                if ch == " " and abs(pos - nxt) <= 4:
                    cut = i
                pos += _width(ch)
            if cut is not None and pos > nxt:
                pieces = [(col, text[:cut].strip()), (nxt, text[cut + 1 :].strip())]
        out += [(c, t) for c, t in pieces if t]
    return out
