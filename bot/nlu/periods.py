"""Time expressions in a query -> an inclusive date range relative to `today`, plus a named year."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.nlu.query import Period

_CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"(?:\d{1,3}|[一二两三四五六七八九十]{1,3})"


def cn_number(text: str) -> int | None:
    """12, 十二, 二十, 两 -> int; None when not a number."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN_DIGIT and c != "十" for c in text):
        return None
    if "十" not in text:
        value = 0
        for ch in text:
            value = value * 10 + _CN_DIGIT[ch]
        return value
    tens, _, ones = text.partition("十")
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)


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
    r"(?<!\d)(20\d\d|二[〇零]\d{2}|二[〇零][一二三四五六七八九〇零]{2})\s*(?:年度|年|(?=[-./]\d{1,2}(?!\d))|(?![\d.]))"
    r"|(?<!\d)([1-4]\d)\s*年(?!\d)"
    r"|(今年度?|本年度?|去年|上一?年度?|明年|来年|下一?年度|前年)"
)
_YEAR_REL = {"今": 0, "本": 0, "去": -1, "上": -1, "明": 1, "来": 1, "下": 1, "前": -2}
_MONTH_AFTER_SEP = re.compile(r"^\s*[-./]\s*(\d{1,2})(?!\d)(?:\s*[-./]\s*(\d{1,2})(?!\d))?")
_WINDOW = re.compile(
    rf"(?:(近|最近|未来|接下来|今后|往后|之后)\s*({_NUM})\s*(个?月|周|星期|礼拜|天|日)(?:内|之内|以内)?"
    rf"|({_NUM})\s*(个?月|周|星期|礼拜|天|日)\s*(?:内|之内|以内))"
    r"|(近|最近|未来|接下来)\s*(一?周|一?星期|一?个月)"
)
_DATE = re.compile(rf"(到|截至|截止到?)?\s*({_NUM})\s*月\s*({_NUM})\s*[日号]\s*(前|之前|以前)?")
_MONTH = re.compile(
    rf"(到|截至|截止到?)?\s*(?<![\d一二三四五六七八九十])({_NUM})\s*月\s*份?\s*(底前|底之前|底以前|底|末|前|之前|以前|内)?(?!\d*[日号])"
)
_REL_MONTH = re.compile(r"(本|这一?个?|当|下一?个?|上一?个?)月\s*份?\s*(底前|底之前|底|末|内)?")
_REL_QUARTER = re.compile(r"(本|这一?个?|当前|当|今|下一?个?|上一?个?)季度?\s*(末前|末|内|底前|底)?")
_QUARTER = re.compile(
    r"(?:第\s*)?([1-4一二三四])\s*季度(?:末前|末|内)?|(?<![a-z])q\s*([1-4])(?!\d)|([一二三四])季(?!度)"
)
_HALF = re.compile(r"(上|下)半年")
_WEEK = re.compile(r"(本|这一?个?|下一?个?|上一?个?)(?:周|星期|礼拜)(?!年)")
_DAY = re.compile(r"今天|今日|当天|明天|明日|后天|昨天|昨日")
_YEAR_END = re.compile(r"年底前|年底之前|年底|年末|年内|年前|今年内|年终")
_MONTH_END = re.compile(r"月底前|月底|月末|月内")
_WHOLE_YEAR = re.compile(r"全年|整年|一整年|全年度")


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
    t = _Text(text)
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
                facts.period = Period(day, day)
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
    """A month, quarter, half, week, day or window; months and quarters fall in `base`."""
    if m := t.take(_WINDOW):
        return _window(m, today)
    if m := t.take(_DATE):
        month, day = cn_number(m[2]), cn_number(m[3])
        if month and day and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(base, month)[1]:
            end = date(base, month, day)
            return _until(today, end) if m[1] or m[4] else Period(end, end)
    if m := t.take(_REL_MONTH):
        offset = {"下": 1, "上": -1}.get(m[1][0], 0)
        y, mo = _shift_month(today, offset)
        return _until(today, month_end(y, mo)) if m[2] in ("底前", "底之前") else _month(y, mo)
    if m := t.take(_MONTH):
        month = cn_number(m[2])
        if month and 1 <= month <= 12:
            if (m[3] and "前" in m[3]) or (m[1] and m[3] in ("底", "末")):
                return _until(today, month_end(base, month))
            return _month(base, month)
    if m := t.take(_REL_QUARTER):
        q = (today.month - 1) // 3 + 1 + {"下": 1, "上": -1}.get(m[1][0], 0)
        y = today.year + (q - 1) // 4
        period = _quarter(y, (q - 1) % 4 + 1)
        return _until(today, period.end) if m[2] in ("末前", "底前") else period
    if m := t.take(_QUARTER):
        q = cn_number(m[1] or m[2] or m[3])
        if q and 1 <= q <= 4:
            return _quarter(base, q)
    if m := t.take(_HALF):
        return Period(date(base, 1, 1), date(base, 6, 30)) if m[1] == "上" else \
            Period(date(base, 7, 1), date(base, 12, 31))
    if m := t.take(_WEEK):
        offset = {"下": 7, "上": -7}.get(m[1][0], 0)
        monday = today - timedelta(days=today.weekday()) + timedelta(days=offset)
        return Period(monday, monday + timedelta(days=6))
    if m := t.take(_DAY):
        offset = {"今": 0, "当": 0, "明": 1, "后": 2, "昨": -1}[m[0][0]]
        day = today + timedelta(days=offset)
        return Period(day, day)
    if t.take(_YEAR_END):
        return _until(today, date(base, 12, 31)) if not year_named or base >= today.year else \
            Period(date(base, 1, 1), date(base, 12, 31))
    if t.take(_MONTH_END):
        return _until(today, month_end(today.year, today.month))
    return None


def _window(m: re.Match[str], today: date) -> Period:
    """近一周 / 未来7天 / 两周内 / 近一个月: today and the following days."""
    if m[6]:
        unit, n = m[7], 1
    else:
        n = cn_number(m[2] or m[4]) or 1
        unit = m[3] or m[5]
    days = n * 30 if "月" in unit else n * 7 if unit[-1] in "周期拜" else n
    return Period(today, today + timedelta(days=max(days, 1) - 1))
