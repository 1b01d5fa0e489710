"""A parsed plan as a review an administrator reads before it counts: what was read, and what to check.

The same text serves `duban import --dry-run` and, later, the preview of an import by chat.
"""

from __future__ import annotations

from store.ingest.model import ParsedPlan, ParsedTask

LAYOUT_NAMES = {
    "table": "文档中的表格",
    "pipe-table": "用 | 分隔的文本表格",
    "cell-table": "每行一个单元格的文本表格",
    "paragraph-table": "每段一个单元格的文本表格",
    "line-table": "每行一个单元格的文本表格（无分隔符）",
    "column-table": "用空格对齐各列的文本表格（单元格可折行）",
    "csv-table": "CSV 表格",
    "delimited-table": "用制表符或空格分隔的文本表格",
    "text-table": "从 PDF 导出的文本表格",
    "numbered": "编号条目（括号或单独一行写明责任单位）",
    "prose": "段落式工作要点（责任单位从正文中识别）",
}
ROLE_NAMES = {"lead": "牵头", "cooperate": "配合", "implement": "落实", "responsible": "责任"}
_DETAIL_NAMES = {"content": "内容", "units": "单位", "deadline": "时限", "number": "编号", "order": "顺序"}
_EXCERPT = 60


def _excerpt(text: str, width: int = _EXCERPT) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def units_line(task: ParsedTask) -> str:
    """The task's units grouped by role: 牵头：区府办　落实：各部门、各街道（镇）."""
    groups: dict[str, list[str]] = {}
    for unit in task.units:
        name = f"{unit.name}（推定）" if unit.inferred else unit.name
        groups.setdefault(unit.role, []).append(name)
    return "　".join(f"{ROLE_NAMES.get(role, role)}：{'、'.join(names)}" for role, names in groups.items())


def due_line(task: ParsedTask) -> str:
    """The task's deadline as written with the due date it was read as."""
    if not task.deadline_text and task.due_date:
        return f"未写，按全年计（{task.due_date.isoformat()}）"
    written = task.deadline_text or "未写"
    if task.due_date:
        return f"{written}（{task.due_date.isoformat()}）"
    if task.kind == "ongoing":
        return f"{written}（长期）"
    return f"{written}（无截止日期）"


def score_line(plan: ParsedPlan) -> str:
    """The chosen layout and the evidence it was chosen on."""
    name = LAYOUT_NAMES.get(plan.layout, plan.layout)
    parts = [f"{label} {plan.score_detail[key]:.0%}" for key, label in _DETAIL_NAMES.items()
             if key in plan.score_detail]
    return f"版式：{name}（{plan.layout}），评分 {plan.score:.2f}" + (f"：{'，'.join(parts)}" if parts else "")


def review(plan: ParsedPlan, source: str | None = None) -> str:
    """The whole review: the plan's head, the layout and its score, each task, and the warnings."""
    head = [f"{plan.org} {plan.year}年"]
    if plan.doc_no:
        head.append(plan.doc_no)
    if plan.issued_on:
        head.append(f"{plan.issued_on.isoformat()} 印发")
    head.append(f"{len(plan.tasks)} 项任务")
    doubtful = sum(1 for t in plan.tasks if t.warnings)
    lines = [f"文件：{source or plan.source_name}", f"计划：{plan.title or '（未识别出标题）'}",
             "　　" + " · ".join(head), score_line(plan), ""]
    for task in plan.tasks:
        number = f"（原编号 {task.number}）" if task.number and task.number != str(task.seq) else ""
        lines.append(f"{task.seq:>3}. {_excerpt(task.content)}{number}")
        lines.append(f"     {units_line(task)}")
        lines.append(f"     时限：{due_line(task)}")
        for warning in task.warnings:
            lines.append(f"     ⚠ {warning}")
    general = [w for w in plan.warnings if not w.startswith("第")]
    lines.append("")
    lines.append(f"需要核对：{doubtful} 项任务有提示" if doubtful else "需要核对：没有任务有提示")
    lines += [f"提示：{w}" for w in general]
    return "\n".join(lines)
