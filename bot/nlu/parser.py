"""parse(text, today) -> Query: rule-based understanding of chat messages, pure and fast."""

from __future__ import annotations

import re
from datetime import date

from bot.nlu.gazetteer import Gazetteer, Mention, Name, default_gazetteer
from bot.nlu.normalize import normalize
from bot.nlu.periods import cn_number, extract_time
from bot.nlu.query import Query
from store.directory.directory import KIND_STREET, KIND_TOWN

_COMMAND = re.compile(r"^/([a-z_]+)(?:@[a-z0-9_]+)?\s*")
_COMMAND_INTENT = {
    "tasks": "tasks", "list": "tasks", "mytasks": "tasks", "my": "tasks", "task": "detail",
    "detail": "detail", "show": "detail", "summary": "summary", "stats": "summary",
    "search": "search", "find": "search", "done": "report", "progress": "report",
    "report": "report", "bind": "bind", "help": "help", "start": "help",
}
# Bare 请 only opens a sentence and particles only close one: 申请 and 哈尔滨 keep their characters.
_POLITE = re.compile(
    r"请问一下|请问|麻烦你?|劳驾|谢谢你?|谢啦|多谢|感谢|您好|你好|请帮我|请帮忙|帮我|帮忙|"
    r"给我|我想要?|想知道|看一下|查一下|查查|看看|一下|能否|能不能|可否|"
    r"(?:^|(?<=[\s,.;:!?]))请|(?:吗|呢|吧|啊|呀|哈)(?=[\s,.;:!?]|$)"
)
_PUNCT = re.compile(r"[\s,.;:!?'\"`~·、，。；：！？“”‘’（）()\[\]【】《》<>{}|\\/_+=*&^%$#-]+")

_SEQ = (
    re.compile(r"第\s*(\d{1,3}|[一二三四五六七八九十百两〇零]{1,5})\s*(?:项|条|个|号|点)?\s*(?:任务|工作|事项)?"
               r"(?!\s*(?:批|次|季|周|年|期|版|届|名|页|部分|章|节|轮|天|月|\d))"),
    re.compile(r"(?<![\d.])(\d{1,3})\s*(?:号|项)\s*(?:任务|工作|事项)?(?!目)"),
    re.compile(r"(?:任务|序号|编号|#|no\.?|№)\s*(\d{1,3})(?!\d)"),
    re.compile(r"^\s*(\d{1,3})(?![\d.%])"),
)
_STATUS = (
    ("due_soon", re.compile(r"即将到期|快到期|快要到期|将要到期|马上到期|临近到期|临期|即将截止|快截止|临近截止|即将逾期|快逾期|到期提醒|due.?soon")),
    ("overdue", re.compile(r"逾期|超期|过期|超时|延误|拖期|滞后|未按期|没按时|误期|overdue|late")),
    ("open", re.compile(r"未完成|没完成|没有完成|尚未完成|还没完成|未办结|未完结|没做完|没有做完|待完成|待办|在办|未结|进行中|推进中|open|todo")),
    ("done", re.compile(r"已完成|已经完成|完成了|已办结|办结了?|已做完|做完了|已落实|done|finished")),
)
_REPORT_STATUS = (
    ("not_started", re.compile(r"未开始|没开始|尚未开始|还没开始|未启动")),
    ("in_progress", re.compile(r"进行中|推进中|正在推进|正在办理|办理中|在办|已启动|已开始|开始了|处理中")),
    ("done", re.compile(r"已完成|已经完成|完成了|已办结|办结|已做完|做完了|已落实|完成")),
)
_REPORT_WORD = re.compile(r"汇报|上报|报告进度|反馈|填报|更新进度|进度更新|报进度|报送进度|进展汇报")
_QUESTION = re.compile(r"吗|么|没有|是否|有没有|了没|怎样|如何|多少|哪些|哪个|什么|谁|\?")
_HELP = re.compile(
    r"^(?:帮助|help|使用说明|说明|功能|菜单|指令|命令|用法|示例|例子|hi|hello|hey|在|在不在|开始|start|"
    r"怎么用|如何使用|怎么查|如何查询?|你是谁|你能做什么|能做什么|你会什么|会做什么|有什么功能)$"
)
_HELP_ANYWHERE = re.compile(
    r"怎么用|如何使用|使用说明|能做什么|会做什么|有什么功能|帮助|能干嘛|能干什么|干嘛用|有啥用|"
    r"可以做什么|都能做什么|会干嘛|怎么问|怎么提问"
)
_BIND = re.compile(r"绑定|綁定|关联本群|bind")
_BIND_CODE = re.compile(r"(?<![a-z0-9])([a-z0-9]{4,16})(?![a-z0-9])")
_SEARCH_VERB = re.compile(r"(?:搜索|搜一下|搜一搜|搜|检索|查找|查询关键词|关键词|关键字|找一下|找找|search|find)\s*[:：]?\s*")
_SEARCH_PHRASE = re.compile(
    r"(?:关于|有关(?!于)|涉及到?|包含|含有|提到)\s*(.+?)\s*的?\s*(?:任务|工作|事项|内容|要求)?$"
    r"|^(.+?)\s*(?:相关|有关)\s*的?\s*(?:任务|工作|事项|内容)?$"
)
_SUMMARY = re.compile(
    r"进度|进展|统计|汇总|总结|概况|概览|总览|一览|完成情况|落实情况|推进情况|完成率|排名|排行|报表|看板|"
    r"督办情况|报送情况|情况|谁(?:逾期|没完成|还没|超期|拖)|哪些单位|哪个单位|哪些部门|哪个部门|"
    r"单位有哪些|部门有哪些|各单位|summary|stats"
)
_MINE = re.compile(r"我的|我们的?|本单位|我单位|本部门|我部门|咱们|自己的|我司")
_TASK_WORDS = re.compile(
    r"任务|工作|事项|清单|要点|列表|安排|计划|待办|有哪些|有什么|要做|干什么|做什么|截止|到期|deadline|todo|list|"
    r"分解表|材料|报送|提交|要交|办理"
)
_GREETING = re.compile(
    r"^(?:在吗|在不在|喂|嗨|哈喽|你好|您好|hi|hello|hey|早上好|下午好|谢谢|谢谢你|多谢|感谢|好的|收到|ok)$"
)
_UNKNOWN_ORG = re.compile(
    r"(?:^|\s)([\u4e00-\u9fff]{2,3}?(?:新区|区|县|市))(?=[\u4e00-\u9fff\s\d]|$)"
)
_NOT_ORGS = {"全区", "本区", "我区", "各区", "城区", "社区", "市区", "辖区", "园区", "该区", "本市", "全市",
             "我市", "城市", "本县", "全县", "我县", "新区", "上海市", "上海", "郊区"}
_UNKNOWN_UNIT = re.compile(r"([\u4e00-\u9fff]{2,10}?(?:委员会|办公室|中心|局|委|办))(?=任务|的|工作|\s|$|本|这|下|上|逾期|[0-9])")
_FILLER = re.compile(
    r"的|任务|工作|事项|相关|有关|情况|内容|要求|清单|列表|都|有|啥|哪些|什么|全部|所有|一共|列出|显示|"
    r"告诉我|看|查|要|做|了|还|我|们|在|是|需要|哪|些|该|应该|完成"
)


class Parser:
    """Turns chat text into a Query using a gazetteer loaded once."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or default_gazetteer()

    def parse(self, text: str, today: date) -> Query:
        """The Query a message means, relative to `today`."""
        q = Query()
        clean = normalize(text or "")
        m = _COMMAND.match(clean)
        if m:
            q.command = m[1]
            clean = clean[m.end():]
        facts, rest = extract_time(clean, today)
        q.period, q.year, q.year_long = facts.period, facts.year, facts.year_long
        asked = bool(_QUESTION.search(rest))
        rest = _POLITE.sub(" ", rest)

        if q.command in ("search", "find") or (q.command is None and _SEARCH_VERB.match(rest.strip())):
            return self._search(q, clean if q.command else rest)
        if q.command == "bind" or (q.command is None and _BIND.search(rest)):
            return self._bind(q, rest)

        rest = self._names(q, rest)
        rest = self._seq(q, rest)
        if q.command:
            return self._command(q, rest, clean)
        plain = _PUNCT.sub("", rest)
        if not plain and not _has_filters(q):
            mention_only = not clean and (text or "").strip().startswith("@")
            q.intent = "help" if mention_only or _GREETING.match(_PUNCT.sub("", clean)) else "unknown"
            return q
        if _HELP.match(plain) or (_HELP_ANYWHERE.search(plain) and not _has_filters(q)):
            q.intent = "help"
            return q
        if q.seq is not None and not asked and self._report(q, rest, clean):
            return q
        status = _status(rest)
        if q.seq is not None:
            q.intent = "detail"
            return q
        q.status = status
        if _SUMMARY.search(rest):
            q.intent = "summary"
            return q
        if not (q.org or q.unit) and (phrase := _SEARCH_PHRASE.search(plain)):
            keyword = _keyword(phrase[1] or phrase[2])
            if keyword and not _MINE.search(keyword) and not _TASK_WORDS.fullmatch(keyword):
                q.intent, q.keyword = "search", keyword
                return q
        q.mine = q.unit is None and bool(_MINE.search(rest))
        named = q.org or q.unit or q.status or q.unknown_org or q.unknown_unit
        if q.mine or _TASK_WORDS.search(rest) or named or (_has_filters(q) and not _off_topic(plain)):
            q.intent = "tasks"
        return q

    # ---- pieces ---------------------------------------------------------------------------

    def _names(self, q: Query, text: str) -> str:
        """Fill org and unit from the names in `text`; the text with them blanked."""
        mentions = self.gazetteer.scan(text)
        orgs = [m for m in mentions if m.name.kind == "org"]
        locals_ = [m for m in mentions if m.name.kind in (KIND_STREET, KIND_TOWN)]
        units = [m for m in mentions if m.name.kind not in ("org", KIND_STREET, KIND_TOWN)]
        q.org = orgs[0].name.canonical if orgs else None
        for local in locals_:
            name = local.name
            if self._local_is_org(name) and (not q.org or q.org == name.district):
                q.org = name.canonical
            elif q.unit is None and (not q.org or q.org == name.district):
                q.org = q.org or name.district
                q.unit = name.canonical
            break
        if q.unit is None and units:
            q.unit = units[0].name.canonical
            if q.org and q.org not in self.gazetteer.directory.districts and q.unit.startswith("区"):
                # A county's or city's own department: 县教育局 rather than 区教育局.
                level = q.org[-1] if q.org[-1] in "县市" else None
                if level:
                    q.unit = level + q.unit[1:]
        text = _blank(text, mentions)
        if q.org is None:
            m = _UNKNOWN_ORG.search(text)
            if m and m[1] not in _NOT_ORGS:
                q.unknown_org = m[1]
                text = text[: m.start(1)] + " " * len(m[1]) + text[m.end(1):]
        if q.unit is None:
            m = _UNKNOWN_UNIT.search(text)
            if m and not _MINE.match(m[1]) and not _TASK_WORDS.search(m[1]):
                q.unknown_unit = m[1]
                text = text[: m.start(1)] + " " * len(m[1]) + text[m.end(1):]
        return text

    def _seq(self, q: Query, text: str) -> str:
        for pattern in _SEQ:
            m = pattern.search(text)
            if m:
                value = cn_number(m[1])
                if value is not None and 0 < value < 1000:
                    q.seq = value
                    return text[: m.start()] + " " * (m.end() - m.start()) + text[m.end():]
        return text

    def _report(self, q: Query, text: str, clean: str) -> bool:
        """「8 已完成」「第3项进行中，已完成初稿」: a progress report on task `q.seq`. The note is
        the text after the status word as written: dates and names in it are not filters."""
        for status, pattern in _REPORT_STATUS:
            if pattern.search(text):
                q.intent, q.status = "report", status
                m = pattern.search(clean)
                self._report_note(q, clean[m.end():] if m else "")
                return True
        if _REPORT_WORD.search(text):
            q.intent, q.status = "report", "in_progress"
            self._report_note(q, _REPORT_WORD.sub(" ", _after_seq(clean)))
            return True
        return False

    def _report_note(self, q: Query, note: str) -> None:
        note = _PUNCT.sub(" ", note).strip()
        q.keyword = re.sub(r"^(?:了|啦|的|哈|呀)+\s*", "", note).strip() or None
        q.period = None
        q.year = None
        q.year_long = False
        if q.unit and q.keyword and any(m.name.kind != "org" for m in self.gazetteer.scan(q.keyword)):
            q.unit = None  # the unit was named in the note, not as the reporter

    def _command(self, q: Query, rest: str, clean: str) -> Query:
        q.intent = _COMMAND_INTENT.get(q.command or "", "unknown")
        if q.command in ("mytasks", "my"):
            q.mine = q.unit is None
        if q.intent == "report":
            q.status = "done" if q.command == "done" else "in_progress"
            self._report_note(q, _after_seq(clean))
        elif q.intent in ("tasks", "summary"):
            q.status = _status(rest)
            q.mine = q.mine or (q.unit is None and bool(_MINE.search(rest)))
        return q

    def _local_is_org(self, name: Name) -> bool:
        """A town is an org of its own unless the store knows it has no plan; a street only when
        the store holds a plan of its own."""
        if name.kind == KIND_TOWN:
            return self.gazetteer.is_plan_org(name.canonical)
        return bool(self.gazetteer.plan_orgs and name.canonical in self.gazetteer.plan_orgs)

    def _search(self, q: Query, text: str) -> Query:
        q.intent = "search"
        text = _SEARCH_VERB.sub(" ", text, count=1)
        mentions = [m for m in self.gazetteer.scan(text)
                    if m.name.kind == "org" or (m.name.kind in (KIND_STREET, KIND_TOWN)
                                                and self._local_is_org(m.name))]
        if mentions:
            q.org = mentions[0].name.canonical
            text = _blank(text, mentions[:1])
        q.keyword = _keyword(text)
        return q

    def _bind(self, q: Query, text: str) -> Query:
        q.intent = "bind"
        text = _BIND.sub(" ", text)
        text = self._names(q, text)
        code = _BIND_CODE.search(text)
        q.keyword = code[1] if code else None
        q.period = None
        return q


def _after_seq(text: str) -> str:
    """The text after the first task number: a report's note."""
    m = re.search(r"\d{1,3}\s*(?:项|号)?|第[一二三四五六七八九十百]+项?", text)
    return text[m.end():] if m else text


def _blank(text: str, mentions: list[Mention]) -> str:
    for m in mentions:
        text = text[: m.start] + " " * (m.end - m.start) + text[m.end:]
    return text


def _off_topic(plain: str) -> bool:
    """Whether words other than fillers are left over: 「今天天气怎么样」 is not about tasks."""
    leftover = _FILLER.sub("", plain)
    return len(re.findall(r"[\u4e00-\u9fff]", leftover)) >= 2


def _status(text: str) -> str | None:
    for status, pattern in _STATUS:
        if pattern.search(text):
            return status
    return None


def _has_filters(q: Query) -> bool:
    return any((q.org, q.unit, q.period, q.seq is not None, q.unknown_org, q.unknown_unit, q.year_long))


def _keyword(text: str) -> str | None:
    """Search words without fillers and punctuation; None when nothing is left."""
    words = [w for w in _PUNCT.sub(" ", _POLITE.sub(" ", text)).split() if w]
    keyword = " ".join(words)
    keyword = re.sub(r"^(?:的|关于|有关)|(?:的|相关|有关)?(?:任务|工作|事项|内容)$|的$", "", keyword).strip()
    return keyword[:50] or None


_DEFAULT: Parser | None = None


def parse(text: str, today: date, gazetteer: Gazetteer | None = None) -> Query:
    """The Query `text` means on `today`; uses the directory's gazetteer unless one is given."""
    global _DEFAULT
    if gazetteer is not None:
        return Parser(gazetteer).parse(text, today)
    if _DEFAULT is None:
        _DEFAULT = Parser()
    return _DEFAULT.parse(text, today)
