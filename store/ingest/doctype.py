"""Documents that talk about plans but are not plans: annual reports, 政策解读, news, summaries.

They have numbered parts too, but no part assigns work to a unit. A reading that found no
unit at all is checked against what the document says it is; the kinds below are refused
with the reason, so that a 政府信息公开年度报告 never becomes forty tasks for nobody.
"""

from __future__ import annotations

import re

from store.ingest.fold import fold

_HEAD_LINES = 40

# (kind, words in the head that name it, words in the body that show it), both folded.
_KINDS: list[tuple[str, re.Pattern[str], re.Pattern[str]]] = [
    ("政府信息公开工作年度报告",
     re.compile(r"信息公开(?:工作)?年度报告|工作年度报告|年报"),
     re.compile(r"本年新收|收到和处理政府信息公开申请|行政复议|本年制发件数|申请人情况|主动公开政府信息情况")),
    ("政策解读",
     re.compile(r"解读|答记者问"),
     re.compile(r"起草背景|起草过程|起草依据|出台背景|制定背景|名词解释|编制背景|编制过程")),
    ("工作总结",
     re.compile(r"工作总结|总结|述职|工作汇报"),
     re.compile(r"已完成|完成了|累计|共计|截至目前|今年以来|(?:取得|实现)[^。]{0,6}成效|全年(?:全[市区县])?共|"
                r"共(?:发布|公开|办理|处置|开展)|同比(?:增长|下降)|(?:率|比例)达到")),
    ("会议通知",
     re.compile(r"召开.{0,20}会议的通知|会议通知"),
     re.compile(r"会议时间|会议地点|参会人员|参加人员")),
]
# A news item's lede reports what someone said.
_SAID = re.compile(r"(?:表示|指出|强调|介绍|宣布|透露|获悉)[,:，：]|记者|通讯员|日电")
_LEDE_LINES = 6


def not_a_plan(lines: list[str]) -> str | None:
    """What a document is instead of a plan (年度报告, 政策解读 …), or None when it may be one.

    Called only for readings in which no task names a unit: a page whose head names such a
    kind and whose body shows it is not a plan; nor is a news item reporting what was said."""
    texts = [fold(line.strip()) for line in lines if line.strip()]
    head = "\n".join(texts[:_HEAD_LINES])
    body = "\n".join(texts)
    for kind, in_head, in_body in _KINDS:
        if in_head.search(head) and in_body.search(body):
            return kind
    prose = [t for t in texts if len(t) > 40 and "|" not in t][:_LEDE_LINES]
    if any(_SAID.search(t) for t in prose[:3]):
        return "新闻报道"
    return None
