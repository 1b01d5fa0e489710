"""What a file may cost before it is parsed: its size, the unpacked size of an Office package's
parts (a zip bomb), the range a sheet's cells span, its number of lines. Each is checked from what
is cheap to know (the file's size, the zip directory, the cells that exist), so a file beyond a
limit is refused at once, with its reason, before any parser spends time or memory on it."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from store.ingest.document import IngestError

MAX_FILE_BYTES = 20 * 1024 * 1024  # the largest file read at all
MAX_UNPACKED_BYTES = 64 * 1024 * 1024  # all parts of a .docx/.xlsx, unpacked
MAX_PARTS = 5000  # entries of a .docx/.xlsx package
MAX_SHEET_CELLS = 1_000_000  # the rectangle a sheet's cells span (rows × columns)
MAX_STORED_CELLS = 200_000  # cells stored in a workbook, empty (styled) ones too
MAX_LINES = 50_000  # lines of a text file (a long plan has a few thousand)
MAX_SPAN = 64  # columns one Word table cell may span (Word's own limit is 63)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".rstrip("0").rstrip(".")


def check_size(path: Path, size: int) -> None:
    """Refuse a file larger than MAX_FILE_BYTES."""
    if size > MAX_FILE_BYTES:
        raise IngestError(path, f"文件过大（{_mb(size)} MB），超过 {_mb(MAX_FILE_BYTES)} MB 的上限")


def check_package(path: Path, data: bytes) -> None:
    """Refuse an Office package whose parts would unpack beyond MAX_UNPACKED_BYTES, or that has
    too many parts (the sizes are the zip directory's; the zip reader never reads past them)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: the reader's own check says so
    if len(parts) > MAX_PARTS:
        raise IngestError(path, f"无法读取文件：压缩包中有 {len(parts)} 个部件，超过 {MAX_PARTS} 个的上限")
    unpacked = sum(max(0, p.file_size) for p in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        raise IngestError(path, f"无法读取文件：解压后有 {_mb(unpacked)} MB，超过 "
                                f"{_mb(MAX_UNPACKED_BYTES)} MB 的上限（可能是“压缩炸弹”）")


def check_sheet(path: Path, sheet: str, rows: tuple[int, int], cols: tuple[int, int]) -> None:
    """Refuse a sheet whose cells (the ones that exist, not its declared dimension) span more
    than MAX_SHEET_CELLS: one stray cell far away would make a grid of billions."""
    cells = (rows[1] - rows[0] + 1) * (cols[1] - cols[0] + 1)
    if cells > MAX_SHEET_CELLS:
        span = f"{_column(cols[0])}{rows[0]}:{_column(cols[1])}{rows[1]}"
        raise IngestError(path, f"工作表「{sheet}」的内容范围过大（{span}，{cells} 个单元格，上限 "
                                f"{MAX_SHEET_CELLS} 个）：可能有远处误填的单元格，请删除后重试")


def check_lines(path: Path, text: str) -> None:
    """Refuse a text of more than MAX_LINES lines."""
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        raise IngestError(path, f"文件有 {lines} 行，超过 {MAX_LINES} 行的上限，不像是一份计划")


def _column(n: int) -> str:
    """A column number as Excel writes it (1 -> A, 16384 -> XFD)."""
    name = ""
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(65 + rest) + name
    return name


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"')
_CELL = re.compile(rb"<(?:\w+:)?c[\s/>]")


def check_merges(path: Path, data: bytes) -> None:
    """Refuse a workbook whose sheets store more than MAX_STORED_CELLS cells (empty styled ones
    count: the spreadsheet library makes an object for each), or whose merged ranges cover more
    than MAX_SHEET_CELLS in a sheet (it makes one for every cell a merge covers): read from the
    sheets' XML before the library sees them."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            stored = 0
            for info in package.infolist():
                if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                    continue
                xml = package.read(info)
                stored += len(_CELL.findall(xml))
                if stored > MAX_STORED_CELLS:
                    raise IngestError(path, f"工作簿中存有超过 {MAX_STORED_CELLS} 个单元格（多为空的带格式单元格？）："
                                            "请删除多余的行和列后重试")
                covered = 0
                for c0, r0, c1, r1 in _MERGE.findall(xml):
                    rows = abs(int(r1) - int(r0)) + 1
                    cols = abs(_number(c1.decode()) - _number(c0.decode())) + 1
                    covered += rows * cols
                if covered > MAX_SHEET_CELLS:
                    sheet = info.filename.rsplit("/", 1)[-1].removesuffix(".xml")
                    raise IngestError(path, f"工作表（{sheet}）的合并单元格覆盖 {covered} 个单元格，"
                                            f"超过 {MAX_SHEET_CELLS} 个的上限")
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        return  # not a readable zip: the reader's own check says so


def _number(column: str) -> int:
    """A column as Excel writes it, as a number (A -> 1, XFD -> 16384)."""
    n = 0
    for ch in column:
        n = n * 26 + ord(ch) - 64
    return n


_PARAGRAPH = re.compile(rb"<w:p[\s/>]")
_TABLE_CELL = re.compile(rb"<w:tc[\s/>]")


def check_document(path: Path, data: bytes) -> None:
    """Refuse a .docx whose body has more than MAX_LINES paragraphs or MAX_STORED_CELLS table
    cells (counted in its XML, before the document library builds a tree of them)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            xml = package.read("word/document.xml")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        return  # no document part: the reader says so
    paragraphs = len(_PARAGRAPH.findall(xml))
    if paragraphs > MAX_LINES:
        raise IngestError(path, f"文件有 {paragraphs} 段，超过 {MAX_LINES} 段的上限，不像是一份计划")
    cells = len(_TABLE_CELL.findall(xml))
    if cells > MAX_STORED_CELLS:
        raise IngestError(path, f"文件的表格有 {cells} 个单元格，超过 {MAX_STORED_CELLS} 个的上限")
