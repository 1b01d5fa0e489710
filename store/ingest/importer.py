"""Document -> ParsedPlan: pick the layout that fits, then resolve units and deadlines."""

from __future__ import annotations

import logging
import re
from datetime import date

from store.directory.directory import KIND_DEPARTMENT, KIND_ISSUER, Directory
from store.ingest.choose import Parse, best
from store.ingest.deadlines import (
    KIND_YEAR_LONG,
    Deadline,
    find_deadline_in_prose,
    parse_deadline,
    recurrence_of,
)
from store.ingest.doctype import not_a_plan
from store.ingest.document import Document, IngestError
from store.ingest.layouts.cellflow import tasks_from_cellflow
from store.ingest.layouts.flow import tasks_from_flow
from store.ingest.layouts.grid import tasks_from_rows
from store.ingest.layouts.textgrid import (
    rows_from_cell_lines,
    rows_from_csv,
    rows_from_delimited,
    rows_from_fixed_width,
    rows_from_line_cells,
    rows_from_paragraph_cells,
    rows_from_pipes,
)
from store.ingest.meta import read_meta
from store.ingest.model import ParsedPlan, ParsedTask, ParsedUnit, RawTask
from store.ingest.repair import repair_document
from store.ingest.units import ROLE_RESPONSIBLE, canonical_refs, find_units_in_prose, parse_units

_SPACES = re.compile(r"\s+")

_log = logging.getLogger(__name__)


def _table_text_lines(doc: Document) -> list[str]:
    """Text of a document's tables' first rows, so a title inside a spreadsheet is seen too."""
    out = []
    for table in doc.tables:
        for row in table.rows[:3]:
            out += [c for c in row if c.strip()][:1]
    return out


def _candidates(doc: Document, directory: Directory) -> list[Parse]:
    """Every layout's reading of the document (the chooser picks the best)."""
    out: list[Parse] = []
    if doc.tables:
        rows: list[list[str]] = []
        for table in doc.tables:
            rows += table.rows
        before: list[str] = []
        for block in doc.blocks:
            if not isinstance(block, str):
                break
            before.append(block)
        out.append(Parse("table", tasks_from_rows(rows, True, directory, before) or []))
    lines = doc.lines
    found = rows_from_delimited(lines)
    if found:
        out.append(Parse("delimited-table", tasks_from_rows(found[0], found[1], directory) or []))
    for layout, reader in (("pipe-table", rows_from_pipes), ("cell-table", rows_from_cell_lines),
                           ("paragraph-table", rows_from_paragraph_cells), ("line-table", rows_from_line_cells)):
        rows = reader(lines)
        if rows:
            out.append(Parse(layout, tasks_from_rows(rows, False, directory, lines) or []))
    for layout, dense_reader in (("column-table", rows_from_fixed_width), ("csv-table", rows_from_csv)):
        rows = dense_reader(lines)
        if rows:
            out.append(Parse(layout, tasks_from_rows(rows, True, directory, lines) or []))
    out.append(Parse("text-table", tasks_from_cellflow(lines, directory) or []))
    flow = tasks_from_flow(lines, directory)
    if flow is not None:
        if flow.groups:
            out.append(Parse("numbered", flow.tasks))
        else:
            notes = [f"未作为任务导入的段落：{p[:30]}…" for p in flow.dropped]
            out.append(Parse("prose", flow.tasks, notes))
    return out


def _recognise(doc: Document, directory: Directory) -> Parse | None:
    """The best-scoring parse of the document, or None when no layout finds a task."""
    return best(_candidates(doc, directory))


def _issuer_unit(org: str, has_office: bool, directory: Directory) -> ParsedUnit:
    """The unit a task belongs to when the plan names none: the issuing office, or the org."""
    if has_office and org.endswith(("区", "县", "市")):
        name = org[-1] + "府办"
        known = directory.lookup(name)
        if known:
            return ParsedUnit(known.name, known.kind, ROLE_RESPONSIBLE, "发文单位", inferred=True)
        return ParsedUnit(name, KIND_DEPARTMENT, ROLE_RESPONSIBLE, "发文单位", inferred=True)
    return ParsedUnit(org, KIND_ISSUER, ROLE_RESPONSIBLE, "发文单位", inferred=True)


def parse_document(doc: Document, directory: Directory, org: str | None = None,
                   year: int | None = None, fallback_org: str | None = None,
                   fallback_year: int | None = None) -> ParsedPlan:
    """The plan a document holds; raises IngestError when no task or no org/year can be found."""
    doc = repair_document(doc)
    lines = doc.lines
    meta = read_meta(lines + _table_text_lines(doc), directory)
    plan_org = (directory.resolve_org(org) or org) if org else meta.org
    plan_year = year or meta.year or fallback_year
    plan_org = plan_org or fallback_org
    parse = _recognise(doc, directory)
    layout, raws, notes = (parse.layout, parse.tasks, parse.notes) if parse else ("none", [], [])
    if not raws or not parse or not parse.detail.get("units"):
        kind = not_a_plan(lines + _table_text_lines(doc))
        if kind:
            raise IngestError(doc.name, f"这是一份{kind}，不是任务计划：没有任何一项写明责任单位，未导入")
    if not raws:
        raise IngestError(doc.name, "文件中没有找到任务（既没有任务分解表，也没有编号的任务条目）")
    if not plan_org:
        raise IngestError(doc.name, "无法从文件中识别所属单位（区/镇），请用 --org 指定")
    if not plan_year:
        raise IngestError(doc.name, "无法从文件中识别计划年度，请用 --year 指定")
    warnings = list(doc.notes) + list(notes)
    issuer = _issuer_unit(plan_org, meta.issuer is not None, directory)
    # A numbered 工作要点 that gives no deadline anywhere runs for its year, like prose.
    yearly = layout in _OUTLINES and not any(r.deadline_text for r in raws)
    if yearly:
        warnings.append(f"计划未写完成时限：各项任务按全年计（{plan_year}年12月31日）")
    tasks = [
        _build_task(i + 1, raw, layout, plan_org, plan_year, meta.issued_on, issuer, directory, yearly)
        for i, raw in enumerate(raws)
    ]
    for task in tasks:
        warnings += [f"第{task.seq}项：{w}" for w in task.warnings if not w.startswith(_UNKNOWN_UNITS)]
    unknown = list(dict.fromkeys(u.name for t in tasks for u in t.units
                                 if not u.inferred and not is_known_unit(directory, u.name)))
    if unknown:
        shown = "、".join(unknown[:12]) + ("等" if len(unknown) > 12 else "")
        warnings.append(f"单位目录中没有的单位 {len(unknown)} 个，将作为{plan_org}的新单位加入：{shown}")
    return ParsedPlan(
        org=plan_org, year=plan_year, title=meta.title, doc_no=meta.doc_no,
        issued_on=meta.issued_on, source_name=doc.name, source_sha256=doc.sha256,
        layout=layout, tasks=tasks, warnings=warnings,
        score=parse.score if parse else 0.0, score_detail=dict(parse.detail) if parse else {},
    )


_OUTLINES = ("numbered", "prose")


def is_known_unit(directory: Directory, name: str) -> bool:
    """Whether the directory knows a unit, also as a county's or city's 区-style department."""
    if directory.lookup(name) is not None:
        return True
    return name[:1] in ("县", "市") and directory.lookup("区" + name[1:]) is not None
_UNKNOWN_UNITS = "单位目录中没有"
_MIN_CONTENT, _MAX_CONTENT = 6, 1500


def _build_task(seq: int, raw: RawTask, layout: str, org: str, year: int, issued_on: date | None,
                issuer: ParsedUnit, directory: Directory, yearly: bool) -> ParsedTask:
    """A raw task with its units canonical, its deadline read, and what looks doubtful noted."""
    prose = layout == "prose"
    notes: list[str] = []
    deadline_text = raw.deadline_text
    if prose and not deadline_text:
        deadline_text = find_deadline_in_prose(raw.content)
    if (prose or yearly) and not deadline_text:
        # A 工作要点 item without a date of its own runs for the plan's year.
        deadline = Deadline(None, date(year, 12, 31), KIND_YEAR_LONG)
    else:
        deadline = parse_deadline(deadline_text, year, issued_on)
    if deadline.warning:
        notes.append(deadline.warning)
    recurrence = deadline.recurrence or recurrence_of(raw.content)

    refs = []
    if raw.units is not None:
        refs = canonical_refs(raw.units.mentions, directory, org)
        if raw.units.strays:
            notes.append("责任单位中有无法识别的内容：" + "、".join(raw.units.strays))
    elif raw.units_text:
        refs = parse_units(raw.units_text, directory, org)
    if not refs and prose:
        refs = find_units_in_prose(raw.content, directory, org)
    units = [ParsedUnit(r.unit.name, r.unit.kind, r.role, r.raw, r.unit.aliases) for r in refs]
    if not units:
        units = [issuer]
        if raw.units_text or layout not in ("delimited-table", "table", "pipe-table", "prose"):
            notes.append("未识别出责任单位，记为发文单位")
    unknown = [u.name for u in units if not u.inferred and not is_known_unit(directory, u.name)]
    if unknown:
        notes.append(f"{_UNKNOWN_UNITS}：" + "、".join(unknown))
    content = _SPACES.sub(" ", raw.content).strip()
    if len(content) < _MIN_CONTENT:
        notes.append("任务内容过短，请核对是否读错了列或段落")
    elif len(content) > _MAX_CONTENT:
        notes.append("任务内容过长，可能把几项任务读成了一项，请核对")
    title = raw.title.rstrip("。") if raw.title else None
    return ParsedTask(
        seq=seq, area=raw.area, title=title, content=content,
        deadline_text=deadline.text, due_date=deadline.due_date, recurrence=recurrence,
        kind=deadline.kind, units=units, number=raw.number or (str(raw.source_seq) if raw.source_seq else None),
        detail=raw.detail, progress=raw.progress, warnings=notes,
    )
