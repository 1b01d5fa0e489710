"""What a unit's name looks like: a grammar of institutional heads and collectives.

A name is recognised by its shape, not by a list of known units: an optional place or level
prefix, then words, then an institutional head (局, 委, 办公室, 中心, 处, 科, 街道, 镇,
管委会 …), optionally a bracketed second name (区经委(区商务委)); or a collective (各部门,
市直有关部门, 各县(市、区)人民政府, 相关单位 …). Names are folded first (fold.py), so widths and traditional characters read alike.
"""

from __future__ import annotations

import re
from functools import lru_cache

from store.ingest.fold import fold

# Heads that may end a two-character name (区委, 各乡) and the longer ones; single characters
# that are also ordinary words (会, 部, 所, 院 …) count only as the end of a longer name.
_HEADS_ANY = ("局", "委", "办", "厅", "镇", "乡", "署", "中心", "政府", "街道", "街办", "园区",
              "专班", "机关", "单位", "部门", "小组", "工委", "党委", "党组", "团委", "妇联", "残联",
              "工会", "科协", "法院", "高校", "银行", "支行", "分行", "公司", "集团", "机构",
              "办公室", "办公厅", "管委会", "指挥部", "办事处", "管理处", "检察院", "开发区", "经开区",
              "高新区", "新区", "功能区", "片区", "示范区", "试验区", "合作区", "保税区", "委员会",
              "联合会", "协会", "商会", "工商联", "红十字会", "电视台", "合作社", "联社", "供销社",
              "报社", "学校", "大学", "学院", "医院", "基地", "社区", "村委会", "居委会", "海关", "法庭",
              "监狱")
_HEADS_LONG = ("处", "科", "室", "股", "所", "站", "队", "院", "馆", "部", "组", "社", "会", "台")
_HEAD_RE = re.compile(
    "(?:" + "|".join(sorted(_HEADS_ANY, key=len, reverse=True)) + ")$"
)
_HEAD_LONG_RE = re.compile("(?:" + "|".join(_HEADS_LONG) + ")$")

# Collectives: 各X, X各部门, 相关单位, 有关部门, 市直有关部门, 成员单位 … — a group word at the
# start or after a level, and a head or a group noun at the end.
_COLLECTIVE_START = re.compile(
    r"^(?:[\u4e00-\u9fff]{0,6}?各|(?:相关|有关|其他|其它|其余|所属|下属)|"
    r"[\u4e00-\u9fff]{0,4}?(?:[省市区县州旗]直|[厅局委]属|[省市区县]级|全[省市区县州]))"
)
_COLLECTIVE_END = re.compile(
    r"(?:部门|单位|处室|科室|机构|方面|委办局|街镇|镇街|区县|县区|县市区|市县|高校|学校|企业|"
    r"成员单位|区|县|市|州|镇|乡|街道|园区|村|社区|村居)$"
)
# Words that begin an instruction, never a name: 成立工作专班 is a task, not a unit.
_VERB_START = re.compile(
    r"^(?:做好|加强|推进|推动|开展|建立|完善|落实|成立|加快|深化|提升|强化|健全|实现|制定|编制|确保|"
    r"按照|根据|通过|围绕|结合|依托|聚焦|严格|及时|持续|全面|进一步|积极|不断|鼓励|支持|引导|督促|"
    r"召开|举办|参加|利用|运用|依法|探索|梳理|审核|报送|完成|抓好|注重|坚持|加大|扩大|畅通|拓展|丰富|"
    r"打造)"
)
_BAD_CHARS = re.compile(r"[。!?“”\"《》<>:：=%％+]")
_BRACKETED = re.compile(r"\([^()]*\)|【[^【】]*】|〔[^〔〕]*〕|\[[^\[\]]*\]")
# A place or level word on its own, sharing the noun after it: 各市、县(市、区)教育局.
BARE_LEVEL = re.compile(r"^各?(?:省|市|区|县|州|盟|旗|地|县级市|自治州|市州|地市)$")
# A place on its own (兴庆区, 昌吉高新区) whose institution is named once, after the last of
# them: 兴庆区、金凤区、西夏区人民政府; the name that completes them: a place and an institution.
PLACE_ONLY = re.compile(r"^[\u4e00-\u9fff]{1,8}?(?:省|市|区|县|州|旗|盟|高新区|开发区|经开区|新区|园区)$")
PLACE_AND_HEAD = re.compile(
    r"^(?P<place>[\u4e00-\u9fff()]{1,10}?(?:省|市|区|县|州|旗|盟|高新区|开发区|经开区|新区|园区|镇|乡))"
    r"(?P<head>人民政府|政府|管委会|管理委员会|[\u4e00-\u9fff]{1,6}?(?:局|委|办))$"
)


def shared_noun_names(name: str) -> list[str] | None:
    """The units a shared-noun name stands for: 兴庆区、金凤区、西夏区人民政府 -> 兴庆区人民政府,
    金凤区人民政府, 西夏区人民政府; None when the name is not one."""
    parts = name.split("、")
    if len(parts) < 2:
        return None
    m = PLACE_AND_HEAD.match(fold(parts[-1]))
    if not m or not all(PLACE_ONLY.match(strip_brackets(fold(p))) for p in parts[:-1]):
        return None
    head = parts[-1][m.start("head"):]
    return [p + head for p in parts[:-1]] + [parts[-1]]
# A trailing 等… that names no further unit: 区商务委等相关部门, 等有关处室(单位).
ETC_TAIL = re.compile(r"等(?:[\u4e00-\u9fff()]{0,20})$")

MAX_NAME = 32
_UNBALANCED = re.compile(r"[()\[\]【】〔〕]")


def strip_brackets(name: str) -> str:
    """The name without bracketed parts: 区经委(区商务委) -> 区经委, 各县(市、区)政府 -> 各县政府."""
    prev = None
    while prev != name:
        prev, name = name, _BRACKETED.sub("", name)
    return name


def core_of(name: str) -> str:
    """A written name without its 等… tail: 区商务委等相关部门 -> 区商务委."""
    m = ETC_TAIL.search(name)
    if m and m.start() > 0:
        return name[: m.start()]
    return name


def is_collective(name: str) -> bool:
    """Whether a (folded) name stands for a group of units: 各部门, 市直有关部门, 相关单位."""
    bare = strip_brackets(name)
    return bool(_COLLECTIVE_START.match(bare)) and bool(
        _COLLECTIVE_END.search(bare) or _HEAD_RE.search(bare) or _HEAD_LONG_RE.search(bare))


@lru_cache(maxsize=8192)
def is_unit_name(name: str) -> bool:
    """Whether a text reads as one unit's name (or a collective); any width or script."""
    name = fold(name).strip()
    if not name or len(name) > MAX_NAME:
        return False
    bare = strip_brackets(core_of(name)).strip()
    if _UNBALANCED.search(bare):
        return False  # 「(责任单位」: a bracket cut off, not a name
    if not 2 <= len(bare) <= MAX_NAME or " " in bare or _BAD_CHARS.search(bare):
        return False
    if is_collective(bare):
        return True
    if _VERB_START.match(bare):
        return False
    if _HEAD_RE.search(bare):
        return True
    return len(bare) >= 3 and bool(_HEAD_LONG_RE.search(bare))
