"""Read .txt, .docx, .xlsx and .pdf files into a reader-neutral `Document`."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from store.ingest import limits
from store.ingest.document import Document, IngestError, Table
from store.ingest.textcodec import decode

_log = logging.getLogger(__name__)

_SUPPORTED = "（支持 .txt、.csv、.docx、.xlsx、.pdf）"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted Office files and legacy .doc/.xls
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_document(path: str | Path) -> Document:
    """Read a supported file into a Document, raising IngestError with a Chinese reason."""
    p = Path(path)
    if not p.exists():
        raise IngestError(p, "文件不存在")
    if not p.is_file():
        raise IngestError(p, "不是文件")
    suffix = p.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        shown = suffix or "无扩展名"
        raise IngestError(p, f"不支持的文件类型：{shown}{_SUPPORTED}")
    try:
        limits.check_size(p, p.stat().st_size)
        data = p.read_bytes()
    except PermissionError as exc:
        raise IngestError(p, "无法读取文件：没有读取权限") from exc
    except OSError as exc:
        raise IngestError(p, f"无法读取文件：{exc.strerror or exc}") from exc
    return _read(p, data, reader)


def read_bytes(name: str, data: bytes) -> Document:
    """Read a file's contents handed over by a chat (`name` gives its type) into a Document,
    with the same checks as a file on disk; IngestError with a Chinese reason."""
    p = Path(Path(name).name or "file")  # only the name: a chat's file has no path here
    check_type(name)
    limits.check_size(p, len(data))
    return _read(p, data, _READERS[p.suffix.lower()])


def is_readable_type(name: str) -> bool:
    """Whether a file's name has a type the importer reads."""
    return Path(name).suffix.lower() in _READERS


def check_type(name: str) -> None:
    """Refuse a file whose name has a type the importer does not read."""
    suffix = Path(name).suffix.lower()
    if suffix not in _READERS:
        raise IngestError(Path(name).name, f"不支持的文件类型：{suffix or '无扩展名'}{_SUPPORTED}")


def _read(p: Path, data: bytes, reader: Callable[[Path, bytes], list[str | Table]]) -> Document:
    """The Document a supported file's bytes hold."""
    if not data.strip():
        raise IngestError(p, "文件是空的")
    try:
        blocks = reader(p, data)
    except IngestError:
        raise
    except Exception as exc:  # a library failed on a malformed file: never let it escape
        _log.warning("reading %s failed: %r", p, exc)
        _log.debug("traceback", exc_info=True)
        raise IngestError(p, f"无法读取文件：{_describe(exc)}") from exc
    if not any(_has_text(b) for b in blocks):
        raise IngestError(p, "文件是空的")
    digest = hashlib.sha256(data).hexdigest()
    _log.info("read %s: %d blocks, sha256 %s", p.name, len(blocks), digest[:12])
    if len(blocks) > limits.MAX_LINES:
        raise IngestError(p, f"文件有 {len(blocks)} 段，超过 {limits.MAX_LINES} 段的上限，不像是一份计划")
    notes = []
    damaged = sum(b.count("\ufffd") for b in blocks if isinstance(b, str))
    if damaged:
        lines = ([i for i, b in enumerate(blocks, 1) if isinstance(b, str) and "\ufffd" in b]
                 if reader is _read_txt else [])
        where = f"（第 {_numbers(lines)} 行）" if lines else ""
        notes.append(f"文件有 {damaged} 处损坏的字符{where}，已用 \ufffd 代替，请核对相关任务")
    return Document(name=p.name, blocks=blocks, sha256=digest, notes=notes)


def _numbers(lines: list[int], shown: int = 10) -> str:
    """Line numbers as a reader takes them in: the first few, then how many more."""
    text = "、".join(map(str, lines[:shown]))
    return text + (f" 等 {len(lines)} 行" if len(lines) > shown else "")


def _has_text(block: str | Table) -> bool:
    if isinstance(block, str):
        return bool(block.strip())
    return any(cell.strip() for row in block.rows for cell in row)


def _describe(exc: Exception) -> str:
    """A short Chinese cause for a library exception."""
    chain: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and len(chain) < 5:
        chain.append(cur)
        cur = cur.__cause__ or cur.__context__
    name = " ".join(type(e).__name__ for e in chain)
    if "Password" in name or "Encrypt" in name:
        return "文件已加密"
    if "BadZipFile" in name or "PackageNotFound" in name:
        return "文件已损坏或格式不正确"
    if "PDFSyntax" in name or "PSEOF" in name or "PdfminerException" in name:
        return "不是有效的 PDF 文件或已损坏"
    return "文件已损坏或格式不正确"


def _check_office(path: Path, data: bytes, kind: str) -> None:
    """Reject an Office file that is not a zip package before a library trips over it."""
    if data.startswith(_OLE_MAGIC):
        raise IngestError(path, f"无法读取文件：文件已加密，或是旧版格式（请另存为 {kind}）")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise IngestError(path, f"无法读取文件：不是有效的 {kind} 文件或已损坏")
    limits.check_package(path, data)


# ---------------------------------------------------------------- txt


def _read_txt(path: Path, data: bytes) -> list[str | Table]:
    decoded = decode(data)
    if decoded is None or _looks_binary(decoded.text):
        raise IngestError(path, "不是文本文件（可能是二进制文件）")
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    limits.check_lines(path, text)
    lines: list[str | Table] = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def decode_text(data: bytes) -> str | None:
    """The text of a plain-text file (see store.ingest.textcodec); None when it is not text."""
    decoded = decode(data)
    return None if decoded is None else decoded.text


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v\x1a")
    return controls > len(text) // 100


# ---------------------------------------------------------------- docx


def _read_docx(path: Path, data: bytes) -> list[str | Table]:
    import docx

    _check_office(path, data, ".docx")
    limits.check_document(path, data)
    body = docx.Document(io.BytesIO(data)).element.body
    blocks: list[str | Table] = []
    for el in _children(body, "p", "tbl"):
        if el.tag == _W + "p":
            blocks.extend(line.rstrip() for line in _para_text(el).split("\n"))
        else:
            blocks.append(Table(rows=_docx_grid(el)))
    return blocks


_WRAPPERS = {_W + n for n in ("sdt", "sdtContent", "customXml")}
_RUN_CONTAINERS = _WRAPPERS | {
    _W + n for n in ("hyperlink", "ins", "smartTag", "fldSimple", "moveTo")
}


def _children(el: Any, *tags: str) -> Iterator[Any]:
    """Child elements named `w:<tag>`, looking through content controls and custom XML."""
    wanted = {_W + t for t in tags}
    for child in el:
        if child.tag in wanted:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, *tags)


def _para_text(p: Any) -> str:
    """Visible text of a paragraph: tabs and line breaks kept, deleted text left out."""
    parts: list[str] = []

    def walk(el: Any) -> None:
        for child in el:
            if child.tag == _W + "r":
                for item in child:
                    if item.tag == _W + "t":
                        parts.append(item.text or "")
                    elif item.tag in (_W + "tab", _W + "ptab"):
                        parts.append("\t")
                    elif item.tag in (_W + "br", _W + "cr"):
                        parts.append("\n")
                    elif item.tag == _W + "noBreakHyphen":
                        parts.append("-")
            elif child.tag in _RUN_CONTAINERS:
                walk(child)

    walk(p)
    return "".join(parts)


def _cell_text(tc: Any) -> str:
    parts: list[str] = []
    for el in _children(tc, "p", "tbl"):
        if el.tag == _W + "p":
            parts.append(_para_text(el))
        else:  # a nested table: one line per row, distinct cells joined by a space
            for row in _docx_grid(el):
                cells = [c for i, c in enumerate(row) if c and (i == 0 or c != row[i - 1])]
                parts.append(" ".join(cells))
    return "\n".join(parts).strip()


def _wval(el: Any, tag: str) -> str | None:
    """The w:val of child `tag` of el ("" when present without a value), None when absent."""
    if el is None:
        return None
    found = el.find(_W + tag)
    return None if found is None else found.get(_W + "val", "")


def _int(value: str | None) -> int:
    """A w:val number; 0 when absent or not a number."""
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0


def _docx_grid(tbl: Any) -> list[list[str]]:
    """Expand a w:tbl into a full grid, repeating merged cells' text in every covered slot."""
    grid: list[list[str]] = []
    for tr in _children(tbl, "tr"):
        tr_pr = tr.find(_W + "trPr")
        row: list[str] = [""] * min(limits.MAX_SPAN, _int(_wval(tr_pr, "gridBefore")))
        above = grid[-1] if grid else []
        for tc in _children(tr, "tc"):
            tc_pr = tc.find(_W + "tcPr")
            span = min(limits.MAX_SPAN, max(1, _int(_wval(tc_pr, "gridSpan")) or 1))
            col = len(row)
            vmerge, hmerge = _wval(tc_pr, "vMerge"), _wval(tc_pr, "hMerge")
            if hmerge is not None and hmerge != "restart" and row:
                text = row[-1]  # legacy horizontal merge continues the cell on the left
            elif vmerge is not None and vmerge != "restart" and col < len(above):
                text = above[col]
            else:
                text = _cell_text(tc)
            row.extend([text] * span)
        grid.append(row)
    width = max((len(r) for r in grid), default=0)
    return [r + [""] * (width - len(r)) for r in grid]


# ---------------------------------------------------------------- xlsx


def _read_xlsx(path: Path, data: bytes) -> list[str | Table]:
    import openpyxl

    _check_office(path, data, ".xlsx")
    limits.check_merges(path, data)
    wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    blocks: list[str | Table] = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        texts = {
            (cell.row, cell.column): _xlsx_value(cell)
            for cell in ws._cells.values()  # only stored cells: avoids huge styled ranges
            if cell.value is not None
        }
        texts = {k: v for k, v in texts.items() if v}
        if not texts:
            continue
        r0, r1 = min(r for r, _ in texts), max(r for r, _ in texts)
        c0, c1 = min(c for _, c in texts), max(c for _, c in texts)
        limits.check_sheet(path, ws.title, (r0, r1), (c0, c1))
        for rng in ws.merged_cells.ranges:
            value = texts.get((rng.min_row, rng.min_col), "")
            for r in range(max(rng.min_row, r0), min(rng.max_row, r1) + 1):
                for c in range(max(rng.min_col, c0), min(rng.max_col, c1) + 1):
                    texts[(r, c)] = value
        rows = [[texts.get((r, c), "") for c in range(c0, c1 + 1)] for r in range(r0, r1 + 1)]
        blocks.append(Table(rows=rows))
    return blocks


def _xlsx_value(cell: Any) -> str:
    v = cell.value
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, dt.datetime | dt.date):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, dt.time):
        return v.strftime("%H:%M")
    if isinstance(v, float):
        if "%" in (cell.number_format or ""):
            return f"{v * 100:g}%"
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v).replace("_x000D_", "").replace("\r\n", "\n").replace("\r", "\n").strip()


# ---------------------------------------------------------------- pdf


def _read_pdf(path: Path, data: bytes) -> list[str | Table]:
    import pdfplumber

    blocks: list[str | Table] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        if not pdf.pages:
            raise IngestError(path, "文件是空的")
        has_chars = False
        for number, page in enumerate(pdf.pages, start=1):
            if page.chars:
                has_chars = True
                blocks.extend(_pdf_page(page, number))
            page.close()  # drop cached layout objects of long documents
    if not has_chars:
        raise IngestError(path, "PDF 中没有可提取的文字（可能是扫描件）")
    return blocks


def _pdf_page(page: Any, number: int) -> list[str | Table]:
    """One page's text lines and tables, in top-to-bottom order."""
    found = [t for t in page.find_tables() if t.cells]
    # pdfplumber's default strategies are already "lines"/"lines", so there is no further fallback.
    text_page = page
    px0, ptop, px1, pbottom = page.bbox
    items: list[tuple[float, int, str | Table]] = []
    for i, table in enumerate(found):
        x0, top, x1, bottom = table.bbox
        clipped = (max(x0, px0), max(top, ptop), min(x1, px1), min(bottom, pbottom))
        if clipped[0] < clipped[2] and clipped[1] < clipped[3]:
            text_page = text_page.outside_bbox(clipped, strict=False)
        rows = _fill_pdf_merges(table, table.extract())
        items.append((top, i, Table(rows=rows, page=number)))
    for j, line in enumerate(text_page.extract_text_lines(return_chars=False)):
        items.append((line["top"], len(found) + j, line["text"].rstrip()))
    items.sort(key=lambda item: (item[0], item[1]))
    return [block for _, _, block in items]


def _fill_pdf_merges(table: Any, raw: list[list[str | None]]) -> list[list[str]]:
    """Replace None (a slot covered by a merged cell) with the covering cell's text."""
    xs = sorted({c[0] for c in table.cells})
    tops = sorted({c[1] for c in table.cells})
    rows = [list(r) for r in raw]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                continue
            # geometry first: the cell whose box covers this slot's top-left corner
            cover = _covering_cell(table.cells, xs[c], tops[r]) if len(tops) == len(rows) else None
            if cover is not None:
                origin = rows[tops.index(cover[1])][xs.index(cover[0])]
                if origin is not None:
                    row[c] = origin
                    continue
            # fallback rule: the cell above, else the cell on the left
            if r > 0 and rows[r - 1][c]:
                row[c] = rows[r - 1][c]
            elif c > 0 and row[c - 1]:
                row[c] = row[c - 1]
    width = max((len(r) for r in rows), default=0)
    return [[(v or "").strip() for v in r] + [""] * (width - len(r)) for r in rows]


def _covering_cell(cells: list[tuple], x: float, top: float) -> tuple | None:
    eps = 0.5
    for cell in cells:
        if cell[0] - eps <= x < cell[2] - eps and cell[1] - eps <= top < cell[3] - eps:
            return cell
    return None


_READERS: dict[str, Callable[[Path, bytes], list[str | Table]]] = {
    ".txt": _read_txt,
    ".text": _read_txt,
    ".md": _read_txt,
    ".csv": _read_txt,
    ".docx": _read_docx,
    ".xlsx": _read_xlsx,
    ".xlsm": _read_xlsx,
    ".pdf": _read_pdf,
}
