"""Recognising a task table's header: which column holds the number, area, content, units, deadline."""

from __future__ import annotations

import re

from store.ingest.text import compact

SEQ = "seq"
AREA = "area"
TITLE = "title"
CONTENT = "content"
UNITS = "units"
LEAD = "units:lead"
COOPERATE = "units:cooperate"
DEADLINE = "deadline"
IGNORE = "ignore"

# Ordered: the first pattern that matches a header cell decides its role.
_ROLE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(序号|编号|序|No\.?|NO\.?|项次)$"), SEQ),
    (re.compile(r"^(牵头(单位|部门)|主办单位)$"), LEAD),
    (re.compile(r"^(配合(单位|部门)|协办(单位|部门)|协同(单位|部门)|参与单位)$"), COOPERATE),
    (re.compile(r"(责任|主责|落实|承办|实施)(单位|部门|主体)|责任处室|责任科室"), UNITS),
    (re.compile(r"完成时限|时间节点|完成时间|时限|时间要求|进度安排|完成期限|截止时间|办结时限|时间"), DEADLINE),
    (re.compile(r"^(三级指标|任务内容|工作内容|具体内容|主要内容|具体任务|工作措施|任务要求|工作要求|具体工作|"
                r"工作任务及要求|任务描述|内容|具体措施|主要任务|重点任务|工作举措)$"), CONTENT),
    (re.compile(r"^(任务名称|工作任务|任务事项|事项|任务|工作事项|项目名称|任务项|二级任务)$"), TITLE),
    (re.compile(r"^(领域|一级指标|二级指标|工作领域|重点领域|类别|板块|分类|类型|方面|一级任务|工作板块|项目|栏目)$"), AREA),
    (re.compile(r"^(备注|说明|完成情况|进展情况|工作目标)$"), IGNORE),
]

HEADER_WORDS = re.compile(
    r"^(序号|编号|领域|任务内容|任务名称|责任单位|完成时限|完成|时限|时间节点|一级指标|二级指标|三级指标|牵头单位|"
    r"配合单位|工作任务|工作内容|具体内容|主要内容|具体任务|备注|责任部门|完成时间|时间要求|任务|内容|序|工作措施)$"
)


def role_of(cell: str) -> str | None:
    """The role of a header cell, or None when it is not a header word."""
    text = compact(cell)
    if not text:
        return None
    for pattern, role in _ROLE_PATTERNS:
        if pattern.search(text):
            return role
    return None


def header_roles(cells: list[str]) -> list[str] | None:
    """Roles for a row if it is a task-table header (it names content and a number or units)."""
    roles = [role_of(c) for c in cells]
    named = [r for r in roles if r]
    if len(named) < 2 or len(named) < len([c for c in cells if compact(c)]) - 1:
        return None
    has_text = CONTENT in named or TITLE in named
    has_other = any(r in named for r in (SEQ, UNITS, LEAD, COOPERATE, DEADLINE))
    if not (has_text and has_other):
        return None
    return [r or IGNORE for r in roles]


def is_header_line(line: str) -> bool:
    """Whether a text line consists only of header words (a repeated table header)."""
    words = [w for w in re.split(r"[\s|｜]+", line.strip()) if w]
    return bool(words) and all(HEADER_WORDS.match(compact(w)) for w in words)
