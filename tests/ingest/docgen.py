"""Generate small .docx, .xlsx and .pdf files for ingest tests.

PDFs use reportlab's built-in CID font ``STSong-Light`` (Adobe-GB1, no font file needed).
reportlab writes it with the ``UniGB-UCS2-H`` encoding, which pdfminer maps back to Unicode,
so pdfplumber extracts the Chinese text exactly; no extra dependency is required.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

_log = logging.getLogger(__name__)

Merge = tuple[int, int, int, int]  # (row0, col0, row1, col1), inclusive
PDF_FONT = "STSong-Light"


def make_docx(
    path: str | Path,
    paragraphs: Sequence[str],
    table: Sequence[Sequence[str | None]] | None = None,
    merges: Sequence[Merge] = (),
    paragraphs_after: Sequence[str] = (),
) -> Path:
    """Write a .docx with paragraphs, an optional table (cells merged per `merges`), more paragraphs."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        width = max(len(row) for row in table)
        t = document.add_table(rows=len(table), cols=width)
        t.style = "Table Grid"
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                if value is not None:
                    t.cell(r, c).text = value
        for r0, c0, r1, c1 in merges:
            t.cell(r0, c0).merge(t.cell(r1, c1))
            # merging appends the covered cells' (empty) paragraphs; keep the first text only
            first = table[r0][c0] or ""
            t.cell(r0, c0).text = first
    for text in paragraphs_after:
        document.add_paragraph(text)
    out = Path(path)
    document.save(str(out))
    return out


def make_xlsx(
    path: str | Path,
    rows: Sequence[Sequence[object]],
    merges: Sequence[Merge] = (),
    sheet_title: str = "任务分解表",
) -> Path:
    """Write a one-sheet .xlsx with `rows` from A1 and 0-based inclusive `merges`."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet_title
    for row in rows:
        ws.append(list(row))
    for r0, c0, r1, c1 in merges:
        ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    out = Path(path)
    wb.save(str(out))
    return out


def make_pdf(
    path: str | Path,
    paragraphs: Sequence[str],
    table: Sequence[Sequence[str | None]] | None = None,
    merges: Sequence[Merge] = (),
    paragraphs_after: Sequence[str] = (),
    col_widths: Sequence[float] | None = None,
) -> Path:
    """Write an A4 PDF: Chinese paragraphs, then a grid-lined table with SPAN merges."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as RlTable

    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    body = ParagraphStyle("body", fontName=PDF_FONT, fontSize=11, leading=16, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=PDF_FONT, fontSize=9, leading=12, wordWrap="CJK")
    out = Path(path)
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm)
    story: list = [Paragraph(_escape(text), body) for text in paragraphs]
    if table:
        width = max(len(row) for row in table)
        data = [
            [Paragraph(_escape(row[c] or ""), cell) if c < len(row) else "" for c in range(width)]
            for row in table
        ]
        widths = list(col_widths) if col_widths else [doc.width / width] * width
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        style += [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in merges]
        story += [Spacer(1, 4 * mm), RlTable(data, colWidths=widths, style=style, repeatRows=1)]
    story += [Paragraph(_escape(text), body) for text in paragraphs_after]
    doc.build(story)
    return out


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
