"""parse(text, today) -> Query: rule-based understanding of chat messages, pure and fast."""

from __future__ import annotations

import logging
import re
from datetime import date

from bot.nlu.commands import Command, read_command
from bot.nlu.fuzzy import closeness, same_ending, sounds_alike
from bot.nlu.gazetteer import Gazetteer, Mention, Name, default_gazetteer
from bot.nlu.normalize import normalize
from bot.nlu.periods import cn_number, extract_time, month_end
from bot.nlu.query import Ask, Intent, Period, Query, SmallTalk, Status
from bot.nlu.topic import frame_stripped, strip_frame, topic_of
from bot.nlu.vocab import (
    ASK_COUNT,
    ASK_OURS,
    ASK_WHEN,
    ASKED_AFTER,
    ASKED_BEFORE,
    BIND,
    BIND_CODE,
    COMMAND_INTENT,
    COMPLETION_QUESTION,
    FILLER,
    FOLLOWUP,
    GREETING,
    HELP,
    HELP_ANYWHERE,
    KEYWORD_EDGES,
    LOOKUP_VERB,
    MINE,
    NOT_ORGS,
    NOT_UNITS,
    NOT_YET_AFTER,
    NOT_YET_BEFORE,
    POLITE,
    PUNCT,
    QREPORT_ASK,
    QREPORT_ASK_AFTER_QUARTER,
    QREPORT_BODY_ASKS,
    QREPORT_SUBMIT,
    QUESTION,
    REPORT_STATUS,
    REPORT_WORD,
    ROLES,
    SEARCH_LATER,
    SEARCH_PHRASE,
    SEARCH_VERB,
    SEQ,
    SHOW_ALL,
    STATUS,
    SUMMARY,
    TASK_WORDS,
    THANKS,
    THANKS_ANYWHERE,
    UNKNOWN_ORG,
    UNKNOWN_UNIT,
    URL,
    WIDE,
    YES,
)
from store.directory.directory import KIND_STREET, KIND_TOWN

_log = logging.getLogger(__name__)
class Parser:
    """Turns chat text into a Query using a gazetteer loaded once."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or default_gazetteer()

    def parse(self, text: str, today: date, command: Command | None = None) -> Query:
        """The Query a message means, relative to `today` (`command`: its slash command, when
        the caller has read it already). Never raises: a bug in a rule makes the message
        `unknown` (and is logged) rather than failing the chat."""
        try:
            return self._parse(text, today, command or read_command(text or ""))
        except Exception:
            _log.exception("parsing %s failed", repr(text)[:200])
            return Query()

    def _parse(self, text: str, today: date, command: Command | None) -> Query:
        q = Query()
        clean = normalize(command.args if command else text or "")
        if command:
            q.command = command.name
        if q.command == "qreport" or (q.command is None and self._submission(q, clean, today)):
            if q.command:
                q.intent, q.keyword = Intent.QUARTERLY_REPORT, clean.strip() or None
            return q
        facts, rest = extract_time(clean, today)
        q.period, q.year, q.year_long = facts.period, facts.year, facts.year_long
        asked = bool(QUESTION.search(URL.sub(" ", rest)))
        spoken = rest
        rest = POLITE.sub(" ", rest)

        if q.command in ("search", "find"):
            return self._search(q, "", clean)
        if q.command is None:
            for head in (spoken.strip(), rest.strip()):  # 「找一下 X」 before 一下 is dropped as polite
                if m := SEARCH_VERB.match(head):
                    return self._search(q, "", head[m.end():])
            if (m := SEARCH_LATER.search(rest)) and not self._has_filter_words(rest[: m.start()]):
                return self._search(q, rest[: m.start()], rest[m.end():])
        if q.command == "bind" or (q.command is None and BIND.search(rest)):
            return self._bind(q, rest)

        rest = self._names(q, rest)
        rest = self._seq(q, rest)
        self._asks(q, rest, clean)
        if q.command:
            q.show_all = bool(SHOW_ALL.search(rest))  # 「/tasks 松江区任务全部」 as in free text
            return self._command(q, rest, clean)
        plain = PUNCT.sub("", rest)
        if not plain and not _has_filters(q):
            mention_only = not clean and (text or "").strip().startswith("@")
            said = PUNCT.sub("", clean)
            q.intent = Intent.HELP if mention_only or GREETING.match(said) or THANKS.match(said) \
                or YES.match(said) else Intent.UNKNOWN
            q.small_talk = _small_talk(said)
            return q
        said = PUNCT.sub("", clean)
        if HELP.match(plain) or GREETING.match(plain) or (
                (THANKS.match(plain) or YES.match(plain)) and not _has_filters(q)) or (
                HELP_ANYWHERE.search(plain) and not _has_filters(q)) or (
                not _has_filters(q) and THANKS_ANYWHERE.search(said) and not TASK_WORDS.search(said)):
            q.intent = Intent.HELP
            q.small_talk = _small_talk(said) or _small_talk(plain) or (
                SmallTalk.THANKS if THANKS_ANYWHERE.search(said) else None)
            return q
        if q.seq is not None and not asked and q.ask is None and self._report(q, rest, clean, today):
            return q
        if q.seq is not None:
            q.intent = Intent.DETAIL
            return q
        whose = WIDE.sub("", plain)  # 「全区三季度报送情况」 asks the same of the whole org
        if not q.status and (QREPORT_ASK.search(whose) or (
                _is_quarter(q.period) and QREPORT_ASK_AFTER_QUARTER.match(whose))):
            q.intent = Intent.REPORT_STATUS
            return q
        completion = COMPLETION_QUESTION.search(rest)
        q.status = _status(COMPLETION_QUESTION.sub(" ", rest))
        counting = q.ask == Ask.COUNT and not completion and not _per_unit(rest)
        if (m := SUMMARY.search(rest)) and not completion and _WHO.fullmatch(m[0]) and \
                len(SUMMARY.findall(rest)) == 1:
            # 「12345热线那个事谁负责」: who holds a topic's tasks, not a summary
            self._topic(q, SUMMARY.sub(" ", rest))
            if q.topic and self._is_topic(q.topic, False):
                q.intent, q.keyword = Intent.SEARCH, q.topic
                return q
            q.topic = None
        if (SUMMARY.search(rest) or completion) and not counting:
            q.intent = Intent.SUMMARY
            return q
        if m := SEARCH_VERB.match(rest.strip()):  # 「普陀区搜索大模型」: the verb after names
            q.intent, q.keyword = Intent.SEARCH, _keyword(rest.strip()[m.end():])
            return q
        if phrase := SEARCH_PHRASE.search(plain):
            keyword = _keyword(phrase[1] or phrase[2])
            if keyword and not MINE.search(keyword) and _says_something(keyword):
                q.intent, q.keyword = Intent.SEARCH, keyword
                return q
        q.mine = q.unit is None and bool(MINE.search(spoken))
        q.role = next((role for role, pattern in ROLES if pattern.search(rest)), None)
        self._topic(q, rest)
        named = q.org or q.unit or q.status or q.unknown_org or q.unknown_unit
        framed = bool(q.mine or TASK_WORDS.search(rest) or named or q.ask or q.role or q.wide or q.show_all)
        if q.topic and self._is_topic(q.topic, framed and not _has_filters(q) and not named):
            q.intent, q.keyword = Intent.SEARCH, q.topic
            return q
        if framed or (_has_filters(q) and not _off_topic(plain)):
            q.intent = Intent.TASKS
        elif not _has_filters(q) and (m := LOOKUP_VERB.match(spoken)):
            q.intent, q.keyword = Intent.SEARCH, _keyword(spoken[m.end():])
            q.intent = Intent.SEARCH if q.keyword else Intent.UNKNOWN
        return q

    def _asks(self, q: Query, rest: str, clean: str) -> None:
        """What the question wants to know (when / how many / whether it is ours), whether it is
        about the whole org, wants a whole list, or continues the last question."""
        if ASK_OURS.search(rest):
            q.ask = Ask.OURS
        elif ASK_WHEN.search(rest):
            q.ask = Ask.WHEN
        elif ASK_COUNT.search(rest):
            q.ask = Ask.COUNT
        q.wide = bool(WIDE.search(rest) or WIDE.search(clean))
        q.show_all = bool(SHOW_ALL.search(rest))
        q.followup = bool(FOLLOWUP.search(clean.strip()))

    def _topic(self, q: Query, rest: str) -> None:
        """The words left once the question's frame is taken away: a misspelt unit name
        (「教育据」) or a topic (「政府开放月」)."""
        text = rest
        for pattern in (*(p for _, p in STATUS), *(p for _, p in ROLES), MINE, ASK_WHEN,
                        ASK_COUNT, ASK_OURS, WIDE, SHOW_ALL):
            text = pattern.sub(" ", text)
        if q.unit is None and q.unknown_unit is None:
            for words in frame_stripped(text):
                if self._misspelt_unit(words):
                    q.unknown_unit = words
                    return
        q.topic = topic_of(text)

    def _misspelt_unit(self, words: str) -> bool:
        """Whether `words` read as a known unit's name written wrong (教育据 for 区教育局)."""
        if not 3 <= len(words) <= 10:
            return False
        for name in self.gazetteer.names_sharing(words, max(1, len(words) // 2)):
            bare = name[1:] if name[:1] in "区县市" and len(name) > 3 else name
            if abs(len(bare) - len(words)) <= 1 and words[-1:] != "的" and \
                    closeness(words, name).misspelt() and same_ending(words, name):
                return True
        return False

    def _is_topic(self, topic: str, alone: bool) -> bool:
        """A topic the plans speak of; in a question about tasks with no other filter also a
        long phrase they do not (「量子纠缠的任务」: the answer says no task mentions it).
        Without the plans' words (no store) only explicit topics (「关于…」) are topics."""
        known = self.gazetteer.topic_known(topic)
        return bool(known) or (alone and known is False and len(topic) >= 4)

    def _submission(self, q: Query, clean: str, today: date) -> bool:
        """「三季度报告：…」: a quarterly report handed in; its quarter (when named) as the period and
        what follows as the keyword."""
        m = QREPORT_SUBMIT.match(clean.strip())
        if m is None or "季" not in clean[: m.start("body")]:
            return False
        body = m["body"].strip()
        if QREPORT_BODY_ASKS.search(body) or QREPORT_ASK.search(PUNCT.sub("", clean)):
            return False
        q.intent, q.keyword = Intent.QUARTERLY_REPORT, body or None
        number = m["q"] or m["q2"]
        if number:
            quarter = "一二三四".find(number) + 1 if number in "一二三四" else int(number)
            year = int(m["year"]) if m["year"] else today.year
            q.period = Period(date(year, quarter * 3 - 2, 1), month_end(year, quarter * 3))
            q.year = int(m["year"]) if m["year"] else None
        elif m["year"]:
            q.year = int(m["year"])
        return True

    def _has_filter_words(self, text: str) -> bool:
        """Whether `text` (what precedes a search verb) asks for tasks itself."""
        return bool(TASK_WORDS.search(text) or _status(text) or len(PUNCT.sub("", text)) > 12)

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
            if (typo := _misspelt_head(text, local)) is not None:  # 「新泾真」 for 新泾镇
                q.unknown_unit = typo
                text = text[: local.start] + " " * len(typo) + text[local.start + len(typo):]
                mentions = [m for m in mentions if m is not local]
                break
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
            m = UNKNOWN_ORG.search(text)
            if m and m[1] not in NOT_ORGS and m[1][1:] not in NOT_ORGS:
                q.unknown_org = m[1]
                text = text[: m.start(1)] + " " * len(m[1]) + text[m.end(1):]
        if q.unit is None:
            m = UNKNOWN_UNIT.search(text)
            if m and not MINE.match(m[1]) and not TASK_WORDS.search(m[1]) and _status(m[1]) is None \
                    and not NOT_UNITS.search(m[1]):
                q.unknown_unit = m[1]
                text = text[: m.start(1)] + " " * len(m[1]) + text[m.end(1):]
        return text

    def _seq(self, q: Query, text: str) -> str:
        for pattern in SEQ:
            m = pattern.search(text)
            if m:
                value = cn_number(m[1])
                if value is not None and 0 <= value < 1000:
                    q.seq = value
                    return text[: m.start()] + " " * (m.end() - m.start()) + text[m.end():]
        return text

    def _report(self, q: Query, text: str, clean: str, today: date) -> bool:
        """「8 已完成」「第3项进行中，已完成初稿」: a progress report on task `q.seq`. The first
        status word counts; one asked about (「完成没」) makes no report; planned or partial
        completion (「计划10月底完成」「完成了一半」) is progress. The note is the text after the
        status word as written: dates and names in it are not filters."""
        found = [(m.start(), -len(m[0]), status) for status, pattern in REPORT_STATUS
                 if (m := pattern.search(clean))]
        if found and any(pattern.search(text) for _, pattern in REPORT_STATUS):
            start, length, status = min(found)
            end = start - length
            before, after = clean[:start], clean[end:]
            if ASKED_AFTER.match(after) or ASKED_BEFORE.search(before):
                return False
            said = before[len(_before_seq_note(clean)):]  # between the number and the status word
            planned = NOT_YET_BEFORE.search(before) and "已" not in said
            if status == Status.DONE and (planned or NOT_YET_AFTER.match(after)):
                status, after = Status.IN_PROGRESS, clean[len(_before_seq_note(clean)):]
            q.intent, q.status = Intent.REPORT, status
            self._report_note(q, after)
            # 「2021年第5项 已完成」: a year named before the status word picks the plan.
            q.year = extract_time(before, today)[0].year
            return True
        if REPORT_WORD.search(text):
            q.intent, q.status = Intent.REPORT, Status.IN_PROGRESS
            self._report_note(q, REPORT_WORD.sub(" ", _after_seq(clean)))
            return True
        return False

    def _report_note(self, q: Query, note: str) -> None:
        note = re.sub(r"^[\s,.;:!?、，。；：！？~\-—–`]*(?:了|啦|的|哈|呀)*[\s,.;:!?、，。；：！？~\-—–`]*", "", note)
        q.keyword = note.strip()[:500] if PUNCT.sub("", note) else None
        q.period = None
        q.year = None
        q.year_long = False
        if q.unit and q.keyword and any(m.name.kind != "org" for m in self.gazetteer.scan(q.keyword)):
            q.unit = None  # the unit was named in the note, not as the reporter

    def _command(self, q: Query, rest: str, clean: str) -> Query:
        q.intent = COMMAND_INTENT.get(q.command or "", Intent.UNKNOWN)
        if q.command in ("mytasks", "my"):
            q.mine = q.unit is None
        if q.intent == Intent.REPORT:
            q.status = Status.DONE if q.command == Status.DONE else Status.IN_PROGRESS
            self._report_note(q, _after_seq(clean))
        elif q.intent in (Intent.TASKS, Intent.SUMMARY):
            q.status = _status(rest)
            q.mine = q.mine or (q.unit is None and bool(MINE.search(rest)))
        return q

    def _local_is_org(self, name: Name) -> bool:
        """A town is an org of its own unless the store knows it has no plan; a street only when
        the store holds a plan of its own."""
        if name.kind == KIND_TOWN:
            return self.gazetteer.is_plan_org(name.canonical)
        return bool(self.gazetteer.plan_orgs and name.canonical in self.gazetteer.plan_orgs)

    def _search(self, q: Query, before: str, after: str) -> Query:
        """「搜索 普陀 政府开放月」: an org may be named before or after the verb; the rest of
        what follows the verb is the keyword."""
        q.intent = Intent.SEARCH
        for part in (before, after):
            mentions = [m for m in self.gazetteer.scan(part)
                        if m.name.kind == "org" or (m.name.kind in (KIND_STREET, KIND_TOWN)
                                                    and self._local_is_org(m.name))]
            if mentions:
                q.org = mentions[0].name.canonical
                if part is after:
                    after = _blank(after, mentions[:1])
                break
        q.keyword = _keyword(after)
        return q

    def _bind(self, q: Query, text: str) -> Query:
        q.intent = Intent.BIND
        text = BIND.sub(" ", text)
        text = self._names(q, text)
        code = BIND_CODE.search(text)
        q.keyword = code[1] if code else None
        q.period = None
        return q


def _before_seq_note(text: str) -> str:
    """The text up to and including the first task number (what precedes a report's note)."""
    after = _after_seq(text)
    return text[: len(text) - len(after)]


def _after_seq(text: str) -> str:
    """The text after the first task number: a report's note."""
    m = re.search(r"\d{1,3}\s*(?:项|号)?|第[一二三四五六七八九十百]+项?", text)
    return text[m.end():] if m else text


def _blank(text: str, mentions: list[Mention]) -> str:
    for m in mentions:
        text = text[: m.start] + " " * (m.end - m.start) + text[m.end:]
    return text


# Characters that often follow a short name (「新泾的任务」): never the rest of the name misspelt.
_AFTER_NAME = frozenset("的有要是在和与及跟同还都也这那今明后本下上任工事逾各啥什哪几多么吗呢了")


def _misspelt_head(text: str, mention: Mention) -> str | None:
    """A name matched by its short form, then a character that sounds like the rest of the
    name but is written otherwise (「新泾真」 for 新泾镇): the name as written, misspelt."""
    matched = text[mention.start:mention.end]
    canonical = mention.name.canonical
    if not canonical.startswith(matched) or len(canonical) == len(matched):
        return None
    following = text[mention.end:mention.end + 1]
    expected = canonical[len(matched)]
    if not following or following == expected or following in _AFTER_NAME \
            or not "\u4e00" <= following <= "\u9fff":
        return None
    return matched + following if sounds_alike(following, expected) else None


def _small_talk(text: str) -> SmallTalk | None:
    """A yes, a thank-you or a greeting (anything else that asks for help gets the help)."""
    if YES.match(text):
        return SmallTalk.YES
    if THANKS.match(text):
        return SmallTalk.THANKS
    if GREETING.match(text) and not HELP_WORDS.match(text):
        return SmallTalk.GREETING
    return None


_WHO = re.compile(r"谁|哪个单位|哪些单位|哪个部门|哪些部门|哪家单位")
HELP_WORDS = re.compile(r"^(?:帮助|help|开始|start|菜单|说明|使用说明)$")
_PER_UNIT = re.compile(r"哪些单位|哪个单位|哪几个单位|哪家|几个单位|几个部门|哪些部门|哪个部门|各单位|"
                       r"哪些街道|哪些镇|哪些街镇|完成率|进度|统计")


def _per_unit(text: str) -> bool:
    """Whether a counting question is about units or rates (a summary), not a number of tasks."""
    return bool(_PER_UNIT.search(text))


def _says_something(keyword: str) -> bool:
    """A search keyword with words of its own, not just 任务的通知."""
    rest = re.sub(r"通知|文件|的|要求", "", TASK_WORDS.sub("", keyword))
    return len(re.findall(r"[\u4e00-\u9fffa-z0-9]", rest)) >= 2


def _off_topic(plain: str) -> bool:
    """Whether words other than fillers are left over: 「今天天气怎么样」 is not about tasks."""
    leftover = FILLER.sub("", plain)
    return len(re.findall(r"[\u4e00-\u9fff]", leftover)) >= 2


def _status(text: str) -> Status | None:
    for status, pattern in STATUS:
        if pattern.search(text):
            return status
    return None


def _has_filters(q: Query) -> bool:
    return any((q.org, q.unit, q.period, q.seq is not None, q.unknown_org, q.unknown_unit, q.year_long))


def _keyword(text: str) -> str | None:
    """Search words without fillers and punctuation; None when nothing is left."""
    words = [w for w in PUNCT.sub(" ", POLITE.sub(" ", text)).split() if w]
    keyword = " ".join(words)
    keyword = KEYWORD_EDGES.sub("", keyword).strip()
    framed = " ".join(w for w in (strip_frame(w) for w in keyword.split()) if w)
    if len(framed) >= 2:  # 「依申请公开的任务有哪些」 -> 依申请公开
        keyword = framed
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


def _is_quarter(period: Period | None) -> bool:
    """Whether the period is one calendar quarter."""
    return (period is not None and period.start.day == 1 and period.start.month % 3 == 1
            and period.end == month_end(period.start.year, period.start.month + 2))


# A quarterly report's head inside a file's name: 区教育局2025年第三季度政务公开工作报告.docx
_NAMED_REPORT = re.compile(r"(?:20\d\d年度?)?(?:第?[一二三四1-4１-４]季度|季度)(?:[^季报告.]{0,12}报告|季?报)|季报")


def report_words(file_name: str) -> str | None:
    """The quarterly report's head a file's name carries (「第三季度报告」 of
    「区教育局2025年第三季度政务公开工作报告.docx」), for a file sent with no words (DingTalk and
    WeCom file messages carry none); None when the name says no such thing."""
    stem = file_name.rsplit(".", 1)[0] if "." in file_name else file_name
    m = _NAMED_REPORT.search(normalize(stem))
    if m is None:
        return None
    head = re.sub(r"[^季报告度年第0-9一二三四]+", "", m.group(0))
    head = head if head.endswith(("报告", "季报")) else head + "报告"
    return head if is_report_submission(head) else None


def is_report_submission(text: str) -> bool:
    """Whether a message opens with a quarterly report's head (「季度报告：…」「三季度季报」)."""
    clean = normalize(text or "").strip()
    m = QREPORT_SUBMIT.match(clean)
    return m is not None and "季" in clean[: m.start("body")]
