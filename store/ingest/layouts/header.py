"""Task-table headers read by meaning: what each column holds, whatever words name it.

A header cell is classified by the words it is built from, not matched against a fixed list:
序号/编号 is the number; a cell about 单位/部门/科室 is a units column (牵头… leads, 配合/协同…
cooperates); 时限/时间/节点 is the deadline; 内容/事项/措施 the content; 名称 a title; 要求 a
requirement; 领域/类别/指标 an area; 进展/完成情况 progress; 备注 remarks; 分值 a score;
公开载体/渠道 a channel (never units). Spaced (`工 作 任 务`) and traditional forms read the same.
Once all cells are classified, ambiguous ones are settled by their neighbours: 工作任务 is an
area when another column holds the content, else the content; with no content column, the
requirement (具体要求) or the deepest 指标 column holds it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from store.ingest.fold import fold
from store.ingest.text import compact

_NOT_HEADER = re.compile(r"[。;,、]|\d{2,}")
_HEADER_SPLIT = re.compile(r"[\s|｜]+")

SEQ = "seq"
AREA = "area"
TITLE = "title"
CONTENT = "content"
DETAIL = "detail"
UNITS = "units"
LEAD = "units:lead"
COOPERATE = "units:cooperate"
DEADLINE = "deadline"
PROGRESS = "progress"
REMARK = "remark"
SCORE = "score"
CHANNEL = "channel"
CATEGORY = "category"
PERSON = "person"
IGNORE = "ignore"
_TASKISH = "taskish"  # 工作任务 / 重点任务: area or content, settled by the other columns
_INDICATOR = "indicator"  # 一级指标 … 三级指标: areas, the deepest one content when nothing else is

UNIT_ROLES = (UNITS, LEAD, COOPERATE)
TEXT_ROLES = (AREA, TITLE, CONTENT, DETAIL)

# Ordered: the first rule whose pattern the folded, compacted cell matches decides.
_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"领导|负责人|联系人|责任人|经办人|分管"), PERSON),
    (re.compile(r"载体|渠道|公开方式|公开途径|公开路径|公开形式|发布平台|公开平台|网址"), CHANNEL),
    (re.compile(r"类型|性质|级别|属性"), CATEGORY),
    (re.compile(r"^(?:序号|编号|序|no\.?|项次|排序|顺序号|号)$", re.IGNORECASE), SEQ),
    (re.compile(r"牵头"), LEAD),
    (re.compile(r"(?:配合|协办|协同|参与|协助)(?:责任)?(?:单位|部门|科室|处室)?"), COOPERATE),
    (re.compile(r"单位|部门|科室|处室|主体|承办|主办|落实主体|责任方"), UNITS),
    (re.compile(r"进展|完成情况|进度情况|推进情况|落实情况|执行情况|进度评价|评价|成效|完成进度"), PROGRESS),
    (re.compile(r"时限|时间|期限|节点|进度安排|截止|完成日期|完成年限|^完成$"), DEADLINE),
    (re.compile(r"备注|说明|其他|其它|附注"), REMARK),
    (re.compile(r"分值|分数|权重|得分|赋分"), SCORE),
    (re.compile(r"名称"), TITLE),
    (re.compile(r"指标$"), _INDICATOR),
    (re.compile(r"^(?:工作任务|重点任务|主要任务|任务|一级任务|二级任务|专项任务|任务项)$"), _TASKISH),
    (re.compile(r"领域|类别|分类|板块|方面|栏目"), AREA),
    (re.compile(r"要求|细化分工|标准|目标"), DETAIL),
    (re.compile(r"内容|事项|措施|举措|具体任务|重点工作|实事|要点|任务描述|具体工作|问题|清单"), CONTENT),
    (re.compile(r"专项|项目$|工作$"), AREA),
]
_MAX_HEADER_CELL = 10


@lru_cache(maxsize=8192)
def role_of(cell: str) -> str | None:
    """The (unsettled) role of a header cell, or None when it is not a header word."""
    if len(cell) > 40:
        return None
    text = fold(compact(cell)).strip("|:：")
    if not text or len(text) > _MAX_HEADER_CELL or _NOT_HEADER.search(text):
        return None
    for pattern, role in _RULES:
        if pattern.search(text):
            return role
    return None


def settle(roles: list[str | None]) -> list[str]:
    """Resolve the ambiguous roles of a header row against each other."""
    out = [r or IGNORE for r in roles]
    # Two content columns (督办事项 | 具体任务): the task's own text is the last one; the
    # earlier one names or groups the tasks.
    contents = [i for i, r in enumerate(out) if r == CONTENT]
    for i in contents[:-1]:
        out[i] = _TASKISH
    if CONTENT not in out:
        for wanted in (DETAIL, _TASKISH, TITLE):
            if wanted in out:
                out[out.index(wanted)] = CONTENT
                break
        else:
            if _INDICATOR in out:
                out[len(out) - 1 - out[::-1].index(_INDICATOR)] = CONTENT
    return [AREA if r == _INDICATOR else r for r in out]


def header_roles(cells: list[str]) -> list[str] | None:
    """Settled roles for a row if it is a task-table header (content, and a number, units or deadline)."""
    raw = [role_of(c) for c in cells]
    filled = [c for c in cells if compact(c)]
    named = [r for r in raw if r]
    if len(named) < 2 or len(named) < len(filled) - max(1, len(filled) // 4):
        return None
    roles = settle(raw)
    if CONTENT not in roles or not any(r in roles for r in (SEQ, *UNIT_ROLES, DEADLINE)):
        return None
    return roles


@lru_cache(maxsize=4096)
def is_header_line(line: str) -> bool:
    """Whether a text line consists only of header words (a repeated table header)."""
    if len(line) > 80:
        return False
    words = [w for w in _HEADER_SPLIT.split(line.strip()) if w]
    if not words or any(len(w) > _MAX_HEADER_CELL for w in words):
        return False
    return all(role_of(w) is not None for w in words)


HEADER_WORDS = re.compile(
    r"^(序号|编号|领域|任务内容|任务名称|责任单位|完成时限|完成|时限|时间节点|一级指标|二级指标|三级指标|牵头单位|"
    r"配合单位|工作任务|工作内容|具体内容|主要内容|具体任务|备注|责任部门|完成时间|时间要求|任务|内容|序|工作措施)$"
)
