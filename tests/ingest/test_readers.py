"""Tests for store.ingest.readers.read_document on generated documents."""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from pathlib import Path

import pytest

from store.ingest.document import IngestError, Table
from store.ingest.readers import read_document
from tests.ingest.docgen import make_docx, make_pdf, make_xlsx

HEADER = ["领域", "序号", "任务", "牵头单位", "完成时限"]
# 领域 merged over rows 1-2 (vertical), 牵头单位+完成时限 merged on row 1 (horizontal)
TABLE: list[list[str | None]] = [
    HEADER,
    ["经济发展", "1", "优化营商环境", "区发改委", None],
    [None, "2", "招商引资", "区商务局", "2024年底"],
    ["社会民生", "3", "养老服务", "区民政局", "长期坚持"],
]
MERGES = [(1, 0, 2, 0), (1, 3, 1, 4)]
EXPECTED = [
    HEADER,
    ["经济发展", "1", "优化营商环境", "区发改委", "区发改委"],
    ["经济发展", "2", "招商引资", "区商务局", "2024年底"],
    ["社会民生", "3", "养老服务", "区民政局", "长期坚持"],
]


def _reason(path: Path) -> str:
    with pytest.raises(IngestError) as info:
        read_document(path)
    return info.value.reason


# ---------------------------------------------------------------- txt


def test_txt_utf8_keeps_blank_lines_and_leading_tabs(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes("一、总体要求\n\n\t（一）推进改革  \n".encode())
    doc = read_document(path)
    assert doc.blocks == ["一、总体要求", "", "\t（一）推进改革"]
    assert doc.name == "plan.txt"
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_txt_utf8_sig_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "plan.TXT"
    path.write_bytes("\ufeff第一行\r\n第二行\r第三行\r\n".encode())
    assert read_document(path).blocks == ["第一行", "第二行", "第三行"]


def test_txt_gb18030(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes("重点任务分解\n牵头单位：区发改委".encode("gb18030"))
    assert read_document(path).lines == ["重点任务分解", "牵头单位：区发改委"]


def test_md_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# 标题\n内容", encoding="utf-8")
    assert read_document(path).blocks == ["# 标题", "内容"]


# ---------------------------------------------------------------- docx


def test_docx_merged_grid(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "plan.docx", ["通知"], TABLE, MERGES)
    tables = read_document(path).tables
    assert len(tables) == 1
    assert tables[0].rows == EXPECTED
    assert tables[0].page is None


def test_docx_block_order_and_line_breaks(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "plan.docx",
        ["关于印发任务分解方案的通知", "各单位：\n现印发如下"],
        [["序号", "任务"], ["1", "第一行\n第二行"]],
        paragraphs_after=["附件：任务清单"],
    )
    blocks = read_document(path).blocks
    assert blocks[:3] == ["关于印发任务分解方案的通知", "各单位：", "现印发如下"]
    assert isinstance(blocks[3], Table)
    assert blocks[3].rows == [["序号", "任务"], ["1", "第一行\n第二行"]]
    assert blocks[4:] == ["附件：任务清单"]


def test_docx_nested_table_is_flattened(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "任务"
    inner = outer.cell(0, 1).add_table(rows=2, cols=2)
    for r, row in enumerate([["甲", "乙"], ["丙", "丁"]]):
        for c, text in enumerate(row):
            inner.cell(r, c).text = text
    path = tmp_path / "nested.docx"
    document.save(str(path))
    assert read_document(path).tables[0].rows == [["任务", "甲 乙\n丙 丁"]]


# ---------------------------------------------------------------- xlsx


def test_xlsx_merges_numbers_dates(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["重点任务分解表", None, None, None],
        ["序号", "任务", "牵头单位", "完成时限"],
        [12, "优化营商环境", "区发改委", dt.date(2024, 12, 31)],
        [13.0, None, "区商务局", dt.datetime(2025, 6, 30, 0, 0)],
        [None, None, None, None],
    ]
    merges = [(0, 0, 0, 3), (2, 1, 3, 1)]
    path = make_xlsx(tmp_path / "plan.xlsx", rows, merges)
    doc = read_document(path)
    assert doc.lines == []
    assert doc.tables[0].rows == [
        ["重点任务分解表"] * 4,
        ["序号", "任务", "牵头单位", "完成时限"],
        ["12", "优化营商环境", "区发改委", "2024-12-31"],
        ["13", "优化营商环境", "区商务局", "2025-06-30"],
    ]


def test_xlsx_skips_empty_and_hidden_sheets(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "空表"
    hidden = wb.create_sheet("隐藏")
    hidden.append(["不应读取"])
    hidden.sheet_state = "hidden"
    data = wb.create_sheet("任务")
    data.append(["序号", "任务", None, None])
    data.append([1, 3.5, None, None])
    path = tmp_path / "book.xlsm"
    wb.save(str(path))
    assert [t.rows for t in read_document(path).tables] == [[["序号", "任务"], ["1", "3.5"]]]


# ---------------------------------------------------------------- pdf


def test_pdf_table_with_merges_and_paragraphs(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "plan.pdf",
        ["关于印发任务分解方案的通知", "各单位："],
        TABLE,
        MERGES,
        ["特此通知"],
    )
    blocks = read_document(path).blocks
    assert blocks[:2] == ["关于印发任务分解方案的通知", "各单位："]
    assert isinstance(blocks[2], Table)
    assert blocks[2].rows == EXPECTED
    assert blocks[2].page == 1
    assert blocks[3:] == ["特此通知"]


def test_pdf_full_width_section_row_fills_from_left(tmp_path: Path) -> None:
    table = [["序号", "任务", "单位"], ["1", "甲任务", "区发改委"], ["二、民生", None, None]]
    path = make_pdf(tmp_path / "plan.pdf", ["标题"], table, [(2, 0, 2, 2)])
    assert read_document(path).tables[0].rows[2] == ["二、民生"] * 3


def test_pdf_wrapped_cell_keeps_text(tmp_path: Path) -> None:
    long = "推进营商环境优化改革，落实各项政策措施确保取得实效并形成长效机制"
    path = make_pdf(tmp_path / "plan.pdf", [], [["任务", "单位"], [long, "区发改委"]])
    cell = read_document(path).tables[0].rows[1][0]
    assert cell.replace("\n", "") == long


def test_pdf_without_text_is_scan(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(100, 100, 200, 200, fill=1)
    c.save()
    assert _reason(path) == "PDF 中没有可提取的文字（可能是扫描件）"


def test_pdf_encrypted(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    path = tmp_path / "secret.pdf"
    c = canvas.Canvas(str(path), encrypt=StandardEncryption("secret"))
    c.drawString(100, 700, "hello")
    c.save()
    assert _reason(path) == "无法读取文件：文件已加密"


# ---------------------------------------------------------------- errors


def test_missing_file(tmp_path: Path) -> None:
    assert _reason(tmp_path / "nope.docx") == "文件不存在"


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert _reason(folder) == "不是文件"


@pytest.mark.parametrize("suffix", [".txt", ".docx", ".xlsx", ".pdf"])
def test_zero_bytes(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    assert _reason(path) == "文件是空的"


def test_whitespace_only_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(" \r\n\t\n\u3000\n".encode())
    assert _reason(path) == "文件是空的"


def test_docx_without_content_is_empty(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "blank.docx", ["", "  "], None)
    assert _reason(path) == "文件是空的"


def test_binary_txt(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(bytes(range(256)) * 4)
    assert _reason(path) == "不是文本文件（可能是二进制文件）"


def test_undecodable_txt(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(b"\x80\x81\xff\xfe\x90" * 3)
    assert _reason(path) == "不是文本文件（可能是二进制文件）"


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(b"anything")
    assert _reason(path) == "不支持的文件类型：.doc（支持 .txt、.csv、.docx、.xlsx、.pdf）"


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".pdf"])
def test_garbage_bytes(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"broken{suffix}"
    path.write_bytes(b"this is not a real document \x01\x02\x03" * 50)
    assert _reason(path).startswith("无法读取文件：")


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_zip_that_is_not_office(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"archive{suffix}"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")
    assert _reason(path) == "无法读取文件：文件已损坏或格式不正确"


def test_ole_file_renamed_to_docx(tmp_path: Path) -> None:
    path = tmp_path / "legacy.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert _reason(path) == "无法读取文件：文件已加密，或是旧版格式（请另存为 .docx）"


@pytest.mark.parametrize(("maker", "suffix"), [(make_docx, ".docx"), (make_pdf, ".pdf")])
def test_block_merge_spanning_rows_and_columns(tmp_path: Path, maker, suffix: str) -> None:
    table = [["A", "B", "C"], ["X", None, "1"], [None, None, "2"], ["y", "z", "3"]]
    path = maker(tmp_path / f"block{suffix}", ["p"], table, [(1, 0, 2, 1)])
    rows = read_document(path).tables[0].rows
    assert rows == [["A", "B", "C"], ["X", "X", "1"], ["X", "X", "2"], ["y", "z", "3"]]
