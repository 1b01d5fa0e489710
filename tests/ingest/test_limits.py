"""Files beyond a limit are refused before any parser sees them, each in under a second with its
reason; text damaged in a few bytes is read, with the damaged lines named."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

from store.ingest.document import IngestError
from store.ingest.readers import read_document
from tests.conftest import SAMPLES
from tests.ingest.docgen import make_docx, make_xlsx

PLAN = (SAMPLES / "putuo-2025.txt").read_text(encoding="utf-8")


def _refused(path: Path) -> str:
    start = time.perf_counter()
    with pytest.raises(IngestError) as info:
        read_document(path)
    assert time.perf_counter() - start < 1.0, "refusing took a second or more"
    return info.value.reason


def test_a_file_over_20_mb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as f:
        f.truncate(20 * 1024 * 1024 + 1)
    assert _refused(path) == "文件过大（20 MB），超过 20 MB 的上限"


def test_a_docx_zip_bomb_is_refused(tmp_path: Path) -> None:
    plain = make_docx(tmp_path / "plain.docx", ["2025年普陀区政务公开工作要点", "1. 做好信息公开。"])
    # Under 1 MB of zip whose document unpacks to 100 MB (of whitespace inside its body).
    with zipfile.ZipFile(plain) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:body>", b"<w:body>" + b" " * (100 * 1024 * 1024), 1)
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert bomb.stat().st_size < 1024 * 1024
    assert _refused(bomb) == "无法读取文件：解压后有 100.8 MB，超过 64 MB 的上限（可能是“压缩炸弹”）"


def test_an_xlsx_with_one_stray_cell_far_away_is_refused_at_once(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "stray.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "任务"
    for r, row in enumerate([["序号", "任务", "责任单位"], ["1", "做好信息公开", "区府办"]], 1):
        for c, value in enumerate(row, 1):
            ws.cell(r, c, value)
    ws["XFD1048576"] = "x"
    wb.save(path)
    assert path.stat().st_size < 16 * 1024
    assert _refused(path) == ("工作表「任务」的内容范围过大（A1:XFD1048576，17179869184 个单元格，上限 "
                              "1000000 个）：可能有远处误填的单元格，请删除后重试")


def test_an_xlsx_whose_merge_covers_the_whole_sheet_is_refused(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "merged.xlsx", [["序号", "任务"], ["1", "做好信息公开"]])
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    parts[sheet] = parts[sheet].replace(
        b"</worksheet>", b'<mergeCells count="1"><mergeCell ref="A3:XFD1048576"/></mergeCells></worksheet>')
    bomb = tmp_path / "merge-bomb.xlsx"
    with zipfile.ZipFile(bomb, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert _refused(bomb) == "工作表（sheet1）的合并单元格覆盖 17179836416 个单元格，超过 1000000 个的上限"


def test_four_megabytes_of_short_lines_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    path.write_bytes(b"1.\n" * (4 * 1024 * 1024 // 3))
    assert _refused(path) == "文件有 1398102 行，超过 50000 行的上限，不像是一份计划"


def test_a_word_cell_spanning_a_million_columns_is_read_as_one(tmp_path: Path) -> None:
    plain = make_docx(tmp_path / "span.docx", ["2025年普陀区政务公开工作要点"],
                      table=[["序号", "任务"], ["1", "做好信息公开"]])
    with zipfile.ZipFile(plain) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="1000000"/>', 1)
    path = tmp_path / "wide.docx"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    start = time.perf_counter()
    doc = read_document(path)
    assert time.perf_counter() - start < 1.0
    (table,) = [b for b in doc.blocks if not isinstance(b, str)]
    assert len(table.rows[0]) <= 65


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_text_with_a_few_bad_bytes_is_read_naming_the_lines(tmp_path: Path, encoding: str) -> None:
    lines = PLAN.split("\n")
    long_lines = [n for n, line in enumerate(lines, 1) if len(line) > 10]
    bad = [long_lines[2], long_lines[10], long_lines[20]]
    data = bytearray()
    for number, line in enumerate(lines, 1):
        raw = line.encode(encoding)
        if number in bad:  # a bad byte and a NUL after the line's first character
            cut = len(line[0].encode(encoding))
            raw = raw[:cut] + b"\xff\x00" + raw[cut:]
        data += raw + (b"\n" if number < len(lines) else b"")
    path = tmp_path / "damaged.txt"
    path.write_bytes(bytes(data))
    doc = read_document(path)
    assert [i for i, b in enumerate(doc.blocks, 1) if "\ufffd" in b] == bad
    (note,) = doc.notes
    where = "、".join(map(str, bad))
    assert note == f"文件有 6 处损坏的字符（第 {where} 行），已用 \ufffd 代替，请核对相关任务"
    clean = read_document(SAMPLES / "putuo-2025.txt")
    assert len(doc.blocks) == len(clean.blocks)
    assert [b for i, b in enumerate(doc.blocks, 1) if i not in bad] == [
        b for i, b in enumerate(clean.blocks, 1) if i not in bad]
    from store.directory.directory import default_directory
    from store.ingest.importer import parse_document

    plan = parse_document(doc, default_directory())
    assert (plan.org, plan.year, len(plan.tasks)) == ("普陀区", 2025, 31)


def test_a_zip_directory_can_only_be_trusted_as_far_as_it_goes(tmp_path: Path) -> None:
    """The zip reader stops at a part's declared size: a lying directory cannot unpack more."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.xml", b"x" * 1000)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as z:
        info = z.getinfo("a.xml")
        info.file_size = 10
        with z.open(info) as f, pytest.raises(zipfile.BadZipFile):
            f.read()


def test_an_xlsx_storing_a_million_empty_cells_is_refused_at_once(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "base.xlsx", [["序号", "任务"], ["1", "做好信息公开"]])
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    empty = b"".join(b'<row r="%d">' % r + b"".join(b'<c r="%c%d" s="0"/>' % (c, r) for c in b"CDEFGHIJ")
                     for r in range(3, 125_003))  # 1,000,000 styled cells without a value
    xml = parts[sheet]
    cut = xml.index(b"</sheetData>")
    parts[sheet] = xml[:cut] + empty + xml[cut:]
    bloated = tmp_path / "empty-cells.xlsx"
    with zipfile.ZipFile(bloated, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert _refused(bloated) == ("工作簿中存有超过 200000 个单元格（多为空的带格式单元格？）："
                                 "请删除多余的行和列后重试")


def test_a_docx_of_a_million_empty_paragraphs_is_refused_at_once(tmp_path: Path) -> None:
    plain = make_docx(tmp_path / "plain.docx", ["2025年普陀区政务公开工作要点", "1. 做好信息公开。"])
    with zipfile.ZipFile(plain) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:body>", b"<w:body>" + b"<w:p/>" * 1_000_000, 1)  # 6 MB unpacked: under that limit
    path = tmp_path / "paragraphs.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert _refused(path) == "文件有 1000002 段，超过 50000 段的上限，不像是一份计划"
