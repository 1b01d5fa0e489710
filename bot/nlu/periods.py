"""Time expressions in a query -> an inclusive date range relative to `today`, plus a named year."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.nlu.query import Period

_CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"(?:\d{1,3}|[一二两三四五六七八九十]{1,3})"


def cn_range(text: str) -> tuple[int, int] | None:
    """A number or an approximate pair: 12 -> (12, 12); 两三 -> (2, 3); 十一二 -> (11, 12); None
    when malformed (十十, 十二十)."""
    text = text.strip().replace("廿", "二十")
    if text.isdigit():
        return int(text), int(text)
    if "百" in text:
        return _hundreds(text)
    if not text or any(c not in _CN_DIGIT and c != "十" for c in text):
        return None
    if text.count("十") > 1:
        return None
    tens_text, has_ten, ones_text = text.partition("十")
    if not has_ten:
        digits = [_CN_DIGIT[c] for c in text]
        if len(digits) == 2 and digits[1] == digits[0] + 1 and text[0] != "〇":
            return digits[0], digits[1]  # 两三 / 三四: a pair of neighbours, not 23 or 34
        value = 0
        for d in digits:
            value = value * 10 + d
        return value, value
    if len(tens_text) > 1:
        return None
    tens = _CN_DIGIT[tens_text] if tens_text else 1
    if len(ones_text) == 2:  # 十一二 / 二十三四
        a, b = _CN_DIGIT[ones_text[0]], _CN_DIGIT[ones_text[1]]
        return (tens * 10 + a, tens * 10 + b) if b == a + 1 else None
    if len(ones_text) > 2:
        return None
    ones = _CN_DIGIT[ones_text] if ones_text else 0
    return tens * 10 + ones, tens * 10 + ones


def _hundreds(text: str) -> tuple[int, int] | None:
    """一百 / 一百零五 / 一百二十 / 一百二 (= 120)."""
    head, _, rest = text.partition("百")
    if len(head) > 1 or (head and head not in _CN_DIGIT) or "百" in rest:
        return None
    hundreds = _CN_DIGIT[head] if head else 1
    zero = rest.startswith(("零", "〇"))
    rest = rest.lstrip("零〇")
    if not rest:
        return hundreds * 100, hundreds * 100
    if len(rest) == 1 and rest in _CN_DIGIT and not zero:
        value = hundreds * 100 + _CN_DIGIT[rest] * 10  # 一百二 is 120
        return value, value
    tail = cn_range(rest)
    if tail is None or tail[0] != tail[1] or tail[0] >= 100:
        return None
    return hundreds * 100 + tail[0], hundreds * 100 + tail[0]


def cn_number(text: str) -> int | None:
    """12, 十二, 二十, 两 -> int; None when not a single number (两三, 十十)."""
    pair = cn_range(text)
    return pair[0] if pair and pair[0] == pair[1] else None


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def _month(year: int, month: int) -> Period:
    return Period(date(year, month, 1), month_end(year, month))


def _shift_month(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _quarter(year: int, q: int) -> Period:
    return Period(date(year, 3 * q - 2, 1), month_end(year, 3 * q))


def _until(today: date, end: date) -> Period:
    """From today to `end`; the whole year up to `end` when `end` has already passed."""
    return Period(today if today <= end else date(end.year, 1, 1), end)


@dataclass
class TimeFacts:
    """What the time words of a query say."""

    period: Period | None = None
    year: int | None = None  # a plan year the query names (2024年, 去年 …)
    year_long: bool = False  # 全年


_YEAR = re.compile(
    r"(?<![\d〔\[])(20\d\d|二[〇零]\d{2}|二[〇零][一二三四五六七八九〇零]{2})\s*(?:年度|年|(?=[-./]\d{1,2}(?!\d))|(?![\d.]))"
    r"|(?<!\d)([1-4]\d)\s*年"
    r"|(今年度?|本年度?|去年|上一?年度?|明年|来年|下一?年度|前年)"
)
_YEAR_REL = {"今": 0, "本": 0, "去": -1, "上": -1, "明": 1, "来": 1, "下": 1, "前": -2}
_MONTH_AFTER_SEP = re.compile(
    r"^\s*[-./]\s*(\d{1,2})(?!\d)(?:\s*[-./]\s*(\d{1,2})(?!\d))?\s*(前|之前|以前)?"
)
_NUMS = r"(?:\d{1,3}|[一二两三四五六七八九十]{1,4})"  # numbers and pairs: 12, 十二, 两三, 十一二
_TO = r"\s*(?:到|至|~|～|-|—|－)\s*"
_BEFORE = r"(前|之前|以前)?"
_WINDOW = re.compile(
    rf"(?:(近|最近|未来|接下来|今后|往后|之后)\s*({_NUMS})\s*个?\s*(月|周|星期|礼拜|天|日)(?:内|之内|以内)?"
    rf"|({_NUMS})\s*个?\s*(月|周|星期|礼拜|天|日)\s*(?:内|之内|以内))"
    r"|(近|最近|未来|接下来)\s*(一?周|一?星期|一?个礼拜|一?个月)"
    r"|(半个?月)\s*(?:内|之内|以内)"
)
_DAYS_LATER = re.compile(rf"({_NUMS})\s*(?:天|日)\s*(?:后|以后|之后)")
_DATE_RANGE = re.compile(
    rf"({_NUM})\s*月\s*({_NUM})\s*[日号]?{_TO}(?:({_NUM})\s*月\s*)?({_NUM})\s*[日号]"
)
_MONTH_RANGE = re.compile(rf"(?<![\d.])({_NUM})\s*月?{_TO}({_NUM})\s*月\s*份?")
_NUM_DATE = re.compile(r"(?<![\d.])(\d{1,2})\s*[./]\s*(\d{1,2})(?![\d.])\s*" + _BEFORE)
_DATE = re.compile(rf"(到|截至|截止到?)?\s*({_NUM})\s*月\s*({_NUM})\s*[日号]\s*{_BEFORE}")
_REL_MONTH_DAY = re.compile(rf"(本|这一?个?|当|下一?个?|上一?个?)月\s*({_NUM})\s*[日号]\s*{_BEFORE}")
_WEEKDAY = re.compile(
    r"(本|这一?个?|下下个?|下一?个?|上一?个?)?\s*(?:周|星期|礼拜)\s*([一二三四五六日天1-7])(?!\d)\s*"
    + _BEFORE
)
_DAY_OF_MONTH = re.compile(
    rf"(到|截至|截止到?)?(?<![\d月第一二三四五六七八九十〕\]])({_NUM})\s*[日号]"
    r"(?!\s*(?:任务|事项|工作|项|已|完成|进行|正在|搞定|办结|部分|计划|预计|还|未|没|文|令|通知|公告))\s*"
    + _BEFORE
)
_PART = r"(月?底前|月?底之前|月?底以前|底|末|内|上旬|中旬|下旬|初|中)?"
_REL_MONTH = re.compile(
    r"(到|截至|截止到?)?\s*(本|这一?个?|当|下下个?|下一?个?|上一?个?)月\s*份?\s*" + _PART
)
_HALF_MONTH = re.compile(r"(上|下)半月")
_THIS_MONTH_PART = re.compile(r"(?<![\d月])(月初|月中|上旬|中旬|下旬)")
_MONTH = re.compile(
    rf"(到|截至|截止到?)?\s*(?<![\d一二三四五六七八九十])({_NUMS})\s*月\s*份?\s*"
    r"(底前|底之前|底以前|底|末|前|之前|以前|内|上旬|中旬|下旬|初|中)?(?!\d*[日号])"
)
_QUARTER_RANGE = re.compile(
    r"(?:第\s*)?([1-4一二三四])\s*[、,，和及与至到~-]?\s*(?:第\s*)?([1-4一二三四])\s*季度"
    r"|前\s*([1-3一二三两])\s*个?\s*季度"
)
_REL_QUARTER = re.compile(
    r"(到|截至|截止到?)?\s*(本|这一?个?|当前|当|今|下一?个?|上一?个?)季度?\s*(末前|末|内|底前|底)?"
)
_QUARTER_END = re.compile(r"季度?末(前|之前|以前)?|季度?底前")
_QUARTER = re.compile(
    r"(?:第\s*)?([1-4一二三四])\s*季度(?:末前|末|内)?|(?<![a-z])q\s*([1-4])(?!\d)"
    r"|([一二三四])季(?=$|\s|的|任务|工作|到期|截止|逾期|末|报|内)"
)
_HALF = re.compile(r"(上|下)半年|(?<![a-z])h([12])(?!\d)")
_YEAR_MID = re.compile(r"年中(前|之前|以前)?")
_WEEKEND = re.compile(r"(本|这一?个?|下一?个?)?\s*(?:周末|礼拜天前)\s*(前|之前|以前)?")
_WEEK = re.compile(r"(本|这一?个?|下下个?|下一?个?|上一?个?)(?:周|星期|礼拜)(?!年)")
_ENGLISH = re.compile(r"(?<![a-z])(this|next|last)\s*(week|month|quarter)(?![a-z])")
_DAY = re.compile(r"大后天|今明两?天|明后两?天|这两天|这几天|最?近两天|最?近几天|今天|今日|当天|明天|明日|后天|昨天|昨日")
_DAYS = {"大后天": (3, 3), "今明": (0, 1), "明后": (1, 2), "今天": (0, 0), "今日": (0, 0),
         "当天": (0, 0), "明天": (1, 1), "明日": (1, 1), "后天": (2, 2), "昨天": (-1, -1),
         "昨日": (-1, -1), "这两天": (0, 1), "这几天": (0, 2), "近两天": (0, 1), "近几天": (0, 2),
         "最近两天": (0, 1), "最近几天": (0, 2)}
_YEAR_END = re.compile(r"年底前|年底之前|年底以前|年底|年末|年内|年前|今年内|年终")
_MONTH_END = re.compile(r"月底前|月底之前|月底以前|月底|月末|月内")
_WHOLE_YEAR = re.compile(r"全年|整年|一整年|全年度")
# 「10月31日（周五）前」「下周一（6月23日）前」: the aside in brackets repeats the date.
_ASIDE = re.compile(r"\s*[(（]\s*(?:(?:周|星期|礼拜)[一二三四五六日天]|\d{1,2}\s*月\s*\d{1,2}\s*[日号]?)\s*[)）]\s*")
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
             "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}


class _Text:
    """The query text with consumed spans blanked out, so later patterns do not see them."""

    def __init__(self, text: str) -> None:
        self.text = text

    def take(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        m = pattern.search(self.text)
        if m:
            self.text = self.text[: m.start()] + " " * (m.end() - m.start()) + self.text[m.end():]
        return m


def extract_time(text: str, today: date) -> tuple[TimeFacts, str]:
    """The period and year a normalised query names, and the text with those words blanked."""
    t = _Text(_ASIDE.sub(" ", text))
    facts = TimeFacts()
    year: int | None = None
    m = t.take(_YEAR)
    if m:
        year = _year_value(m, today)
        facts.year = year
        after = _MONTH_AFTER_SEP.match(t.text[m.end():])
        if m[1] and after and 1 <= int(after[1]) <= 12:
            t.text = t.text[: m.end()] + " " * after.end() + t.text[m.end() + after.end():]
            month = int(after[1])
            if after[2] and 1 <= int(after[2]) <= calendar.monthrange(year, month)[1]:
                day = date(year, month, int(after[2]))
                facts.period = _until(today, day) if after[3] else Period(day, day)
            else:
                facts.period = _month(year, month)
            return facts, t.text
    base = year if year is not None else today.year
    facts.period = _sub_period(t, today, base, year is not None)
    if _WHOLE_YEAR.search(t.text):
        t.take(_WHOLE_YEAR)
        facts.year_long = True
        if facts.period is None:
            facts.period = Period(date(base, 1, 1), date(base, 12, 31))
    if facts.period is None and year is not None:
        facts.period = Period(date(year, 1, 1), date(year, 12, 31))
    return facts, t.text


def _year_value(m: re.Match[str], today: date) -> int:
    if m[1]:
        digits = "".join(str(_CN_DIGIT[c]) if c in _CN_DIGIT else c for c in m[1])
        return int(digits)
    if m[2]:
        return 2000 + int(m[2])
    return today.year + _YEAR_REL[m[3][0]]


def _sub_period(t: _Text, today: date, base: int, year_named: bool) -> Period | None:
    """A range, date, month, quarter, half, week, day or window; months and quarters fall in
    `base` (the named year, else today's)."""
    for pattern, rule in _RULES:
        if (m := t.take(pattern)) is not None:
            period = rule(m, today, base, year_named)
            if period is not None:
                return period
    return None


def _day(year: int, month: int | None, day: int | None) -> date | None:
    """A valid date, or None (6月31日, 13月)."""
    if month is None or day is None or not 1 <= month <= 12:
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def _window(m: re.Match[str], today: date, *_: object) -> Period | None:
    """近一周 / 未来7天 / 两周内 / 两三天内 / 近一个月 / 半个月内: today and the following days."""
    if m[8]:
        days = 15
    elif m[6]:
        days = 30 if "月" in m[7] else 7
    else:
        pair = cn_range(m[2] or m[4])
        n = pair[1] if pair else 1
        unit = m[3] or m[5]
        days = n * 30 if unit == "月" else n * 7 if unit in ("周", "星期", "礼拜") else n
    return Period(today, today + timedelta(days=max(days, 1) - 1))


def _days_later(m: re.Match[str], today: date, *_: object) -> Period | None:
    """3天后: that day."""
    pair = cn_range(m[1])
    if pair is None:
        return None
    day = today + timedelta(days=pair[1])
    return Period(day, day)


def _date_range(m: re.Match[str], today: date, base: int, *_: object) -> Period | None:
    """6月20日到6月30日, 7月1日至15日."""
    start = _day(base, cn_number(m[1]), cn_number(m[2]))
    end = _day(base, cn_number(m[3]) if m[3] else cn_number(m[1]), cn_number(m[4]))
    return Period(start, end) if start and end and start <= end else None


def _month_range(m: re.Match[str], today: date, base: int, *_: object) -> Period | None:
    """1-3月, 一到三月, 1月至3月."""
    first, last = cn_number(m[1]), cn_number(m[2])
    if first and last and 1 <= first <= last <= 12:
        return Period(date(base, first, 1), month_end(base, last))
    return None


def _numeric_date(m: re.Match[str], today: date, base: int, *_: object) -> Period | None:
    """6.30 / 6/30, with 前: until then."""
    day = _day(base, int(m[1]), int(m[2]))
    if day is None:
        return None
    return _until(today, day) if m[3] else Period(day, day)


def _date(m: re.Match[str], today: date, base: int, *_: object) -> Period | None:
    """10月15日; 到/截至 6月30日 or 6月30日前: until then."""
    day = _day(base, cn_number(m[2]), cn_number(m[3]))
    if day is None:
        return None
    return _until(today, day) if m[1] or m[4] else Period(day, day)


def _rel_month_day(m: re.Match[str], today: date, *_: object) -> Period | None:
    """本月25号前, 下月10号."""
    y, mo = _shift_month(today, _offset(m[1]))
    day = _day(y, mo, cn_number(m[2]))
    if day is None:
        return None
    return _until(today, day) if m[3] else Period(day, day)


def _weekday(m: re.Match[str], today: date, *_: object) -> Period | None:
    """周五, 下周一, 本周五前: that day of this (next, last) week."""
    weeks = {"下下": 2, "下": 1, "上": -1}.get((m[1] or "本")[:2], None)
    if weeks is None:
        weeks = {"下": 1, "上": -1}.get((m[1] or "本")[0], 0)
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)
    day = monday + timedelta(days=_WEEKDAYS[m[2]])
    if not m[1] and day < today:
        day += timedelta(weeks=1)  # 「周五前」 on a Sunday: the coming Friday
    if m[3]:
        return Period(min(today, day), day)
    return Period(day, day)


def _day_of_month(m: re.Match[str], today: date, *_: object) -> Period | None:
    """30号, 20号前: a day of this month."""
    day = _day(today.year, today.month, cn_number(m[2]))
    if day is None:
        return None
    return _until(today, day) if m[1] or m[3] else Period(day, day)


def _part(year: int, month: int, part: str | None, today: date) -> Period:
    """A month, or part of it: 上旬/初 (1–10), 中旬/中 (11–20), 下旬 (21–end); 底前: until its end."""
    end = month_end(year, month)
    if part in ("上旬", "初"):
        return Period(date(year, month, 1), date(year, month, 10))
    if part in ("中旬", "中"):
        return Period(date(year, month, 11), date(year, month, 20))
    if part == "下旬":
        return Period(date(year, month, 21), end)
    if part and "前" in part:
        return _until(today, end)
    return _month(year, month)


def _rel_month(m: re.Match[str], today: date, *_: object) -> Period | None:
    """本月 / 下个月 / 上个月, 本月下旬, 这个月月底前, 截至上月底."""
    y, mo = _shift_month(today, _offset(m[2]))
    part = m[3]
    if m[1] and part in (None, "底", "末"):
        part = "前"
    return _part(y, mo, part, today)


def _half_month(m: re.Match[str], today: date, *_: object) -> Period | None:
    """上半月 / 下半月 of this month."""
    if m[1] == "上":
        return Period(date(today.year, today.month, 1), date(today.year, today.month, 15))
    return Period(date(today.year, today.month, 16), month_end(today.year, today.month))


def _this_month_part(m: re.Match[str], today: date, *_: object) -> Period | None:
    """月初 / 月中 / 上旬 / 中旬 / 下旬 of this month."""
    return _part(today.year, today.month, m[1].removeprefix("月"), today)


def _named_month(m: re.Match[str], today: date, base: int, *_: object) -> Period | None:
    """10月, 十月份, 三四月份, 7月中旬, 10月底前, 到10月底."""
    pair = cn_range(m[2])
    if pair is None or not 1 <= pair[0] <= pair[1] <= 12:
        return None
    if pair[0] != pair[1]:
        return Period(date(base, pair[0], 1), month_end(base, pair[1]))
    part = m[3]
    if m[1] and part in ("底", "末", None):
        part = "前"
    return _part(base, pair[0], part, today)


def _quarter_range(m: re.Match[str], today: date, base: int, *_: object) -> Period | None:
    """三、四季度 / 第一至第二季度 / 前三季度."""
    if m[3]:
        last = cn_number(m[3])
        return _quarter_span(base, 1, last) if last else None
    first, last = cn_number(m[1]), cn_number(m[2])
    if first and last and 1 <= first < last <= 4:
        return _quarter_span(base, first, last)
    return None


def _quarter_span(year: int, first: int, last: int) -> Period:
    return Period(_quarter(year, first).start, _quarter(year, last).end)


def _rel_quarter(m: re.Match[str], today: date, *_: object) -> Period | None:
    """本季度 / 下季度 / 上季度; 本季度末前: until its end."""
    q = (today.month - 1) // 3 + 1 + _offset(m[2])
    y = today.year + (q - 1) // 4
    period = _quarter(y, (q - 1) % 4 + 1)
    until = m[3] in ("末前", "底前") or (m[1] and m[3] in (None, "末", "底"))
    return _until(today, period.end) if until else period


def _quarter_end(m: re.Match[str], today: date, *_: object) -> Period | None:
    """季末前: from today to the end of this quarter."""
    return _until(today, _quarter(today.year, (today.month - 1) // 3 + 1).end)


def _named_quarter(m: re.Match[str], today: date, base: int, *_: object) -> Period | None:
    """第三季度 / 三季度 / Q3."""
    q = cn_number(m[1] or m[2] or m[3])
    return _quarter(base, q) if q and 1 <= q <= 4 else None


def _half(m: re.Match[str], today: date, base: int, *_: object) -> Period | None:
    """上半年 / 下半年 / H1 / H2."""
    if m[1] == "上" or m[2] == "1":
        return Period(date(base, 1, 1), date(base, 6, 30))
    return Period(date(base, 7, 1), date(base, 12, 31))


def _year_mid(m: re.Match[str], today: date, base: int, *_: object) -> Period | None:
    """年中(前): until June 30."""
    return _until(today, date(base, 6, 30))


def _weekend(m: re.Match[str], today: date, *_: object) -> Period | None:
    """周末 (Saturday and Sunday); 周末前: from today to Sunday."""
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=_offset(m[1]))
    sunday = monday + timedelta(days=6)
    if m[2]:
        return Period(min(today, sunday), sunday)
    return Period(sunday - timedelta(days=1), sunday)


def _week(m: re.Match[str], today: date, *_: object) -> Period | None:
    """本周 / 下周 / 下下周 / 上周: Monday to Sunday."""
    weeks = 2 if m[1].startswith("下下") else _offset(m[1])
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)
    return Period(monday, monday + timedelta(days=6))


def _days(m: re.Match[str], today: date, *_: object) -> Period | None:
    """今天 / 明天 / 后天 / 大后天 / 今明两天 / 明后天 / 这两天 / 这几天."""
    key = m[0] if m[0] in _DAYS else m[0][:2]
    first, last = _DAYS[key]
    return Period(today + timedelta(days=first), today + timedelta(days=last))


def _year_end(m: re.Match[str], today: date, base: int, year_named: bool) -> Period | None:
    """年底前: from today to Dec 31 (a past named year: the whole year)."""
    if year_named and base < today.year:
        return Period(date(base, 1, 1), date(base, 12, 31))
    return _until(today, date(base, 12, 31))


def _month_end_rule(m: re.Match[str], today: date, *_: object) -> Period | None:
    """月底前: from today to the end of this month."""
    return _until(today, month_end(today.year, today.month))


def _english(m: re.Match[str], today: date, *_: object) -> Period | None:
    """this week / next month / last quarter."""
    shift = {"this": 0, "next": 1, "last": -1}[m[1]]
    if m[2] == "week":
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=shift)
        return Period(monday, monday + timedelta(days=6))
    if m[2] == "month":
        return _month(*_shift_month(today, shift))
    q = (today.month - 1) // 3 + 1 + shift
    return _quarter(today.year + (q - 1) // 4, (q - 1) % 4 + 1)


def _offset(prefix: str | None) -> int:
    """下 -> 1, 上 -> -1, anything else (本/这/当/今) -> 0."""
    return {"下": 1, "上": -1}.get((prefix or "本")[0], 0)


Rule = Callable[[re.Match[str], date, int, bool], "Period | None"]
_RULES: list[tuple[re.Pattern[str], Rule]] = [
    (_WINDOW, _window), (_DAYS_LATER, _days_later), (_DATE_RANGE, _date_range), (_MONTH_RANGE, _month_range),
    (_NUM_DATE, _numeric_date), (_DATE, _date), (_REL_MONTH_DAY, _rel_month_day),
    (_WEEKDAY, _weekday), (_DAY_OF_MONTH, _day_of_month), (_REL_MONTH, _rel_month),
    (_HALF_MONTH, _half_month), (_MONTH, _named_month), (_THIS_MONTH_PART, _this_month_part),
    (_QUARTER_RANGE, _quarter_range), (_REL_QUARTER, _rel_quarter), (_QUARTER, _named_quarter),
    (_QUARTER_END, _quarter_end),
    (_HALF, _half), (_YEAR_MID, _year_mid), (_WEEKEND, _weekend), (_WEEK, _week), (_DAY, _days),
    (_YEAR_END, _year_end), (_MONTH_END, _month_end_rule), (_ENGLISH, _english),
]
