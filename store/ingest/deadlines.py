"""完成时限 text -> due date, kind and recurrence, for a plan year and issue date."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from store.ingest.fold import fold
from store.ingest.text import cn_to_int, compact, to_halfwidth_digits
from store.workdays import add_workdays

_YEAR_WORDS = re.compile(r"年内|年底前|全年")
_SENTENCE_MARKS = re.compile(r"[。;:!?]")
_LIST_COMMA = re.compile(r"[,、]")
_BEFORE_WORD = re.compile(r"^(?:前|之前|以前|底前|底)")
_LEADING_PHRASE = re.compile(r"^(?:于|在)?([^,，。;；]{2,14}?)(?:[,，])")
_BY_WORDS = re.compile(r"前|底|以前|之前|内|期间|旬")

KIND_DATED = "dated"
KIND_YEAR_LONG = "year-long"
KIND_RELATIVE = "relative"
KIND_ONGOING = "ongoing"
KIND_UNKNOWN = "unknown"

_NUM = r"[0-9一二三四五六七八九十两〇零]{1,3}"

_ONGOING = re.compile(r"持续推进|长期坚持|长期推进|常态化|长期|持续开展|持续|经常性|日常")
_YEAR_LONG = re.compile(r"^(全年|年内|年底前|年底|年末|年终|本年度|全年度|年度内|全年持续|全年推进)")
_RELATIVE = re.compile(
    rf"(?:发布|印发|下发|出台|公布)(?:之日)?(?:后|起)(?:的)?({_NUM})个?(工作日|日|天|周|个月|月)(?:内|以内)?"
)
_FULL_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_ISO_DATE = re.compile(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})")
_YEAR_MONTH = re.compile(rf"(\d{{4}}|次年|下一年|明年|翌年)年?({_NUM})月(上旬|中旬|下旬|底|末|份)?")
_MONTH_DAY = re.compile(rf"({_NUM})月({_NUM})日")
_MONTH = re.compile(rf"({_NUM})月(上旬|中旬|下旬|底|末|份)?")
_HALF = re.compile(r"(次年|下一年|明年)?(上半年|年中|下半年)")
_QUARTER = re.compile(r"(次年|下一年|明年)?(?:第)?([一二三四1-4])季度|Q([1-4])", re.IGNORECASE)
_YEAR_END = re.compile(r"(\d{4})年(底|末)")
_QUARTERLY = re.compile(r"每季度|每季|每个季度|按季度|逐季")
_MONTHLY = re.compile(r"每月|每个月|按月|逐月")
_SEMIANNUAL = re.compile(r"每半年|半年一次|每半个年度")


@dataclass(frozen=True)
class Deadline:
    """A parsed 完成时限: the raw text, due date, kind, recurrence and a warning when unreadable."""

    text: str | None
    due_date: date | None
    kind: str
    recurrence: str | None = None
    warning: str | None = None


def _month_end(year: int, month: int, part: str | None) -> date | None:
    if not 1 <= month <= 12:
        return None
    if part == "上旬":
        return date(year, month, 10)
    if part == "中旬":
        return date(year, month, 20)
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_word(word: str | None, year: int) -> int:
    if not word:
        return year
    if word.isdigit():
        return int(word)
    return year + 1  # 次年 / 下一年 / 明年 / 翌年


def recurrence_of(text: str) -> str | None:
    """`quarterly`, `monthly` or `semiannual` when the text asks for a recurring report, else None."""
    flat = compact(text)
    if _QUARTERLY.search(flat):
        return "quarterly"
    if _MONTHLY.search(flat):
        return "monthly"
    if _SEMIANNUAL.search(flat):
        return "semiannual"
    return None


def _dates_in(flat: str, year: int) -> list[date]:
    """Every explicit date the deadline text names, in order of appearance."""
    found: list[tuple[int, date]] = []
    taken: list[tuple[int, int]] = []

    def free(m: re.Match) -> bool:
        return all(m.end() <= a or m.start() >= b for a, b in taken)

    def add(m: re.Match, d: date | None) -> None:
        taken.append((m.start(), m.end()))
        if d:
            found.append((m.start(), d))

    for m in _FULL_DATE.finditer(flat):
        add(m, _safe_date(int(m[1]), int(m[2]), int(m[3])))
    for m in _ISO_DATE.finditer(flat):
        if free(m):
            add(m, _safe_date(int(m[1]), int(m[2]), int(m[3])))
    for m in _YEAR_END.finditer(flat):
        if free(m):
            add(m, date(int(m[1]), 12, 31))
    for m in _YEAR_MONTH.finditer(flat):
        if free(m):
            month = cn_to_int(m[2])
            add(m, _month_end(_year_word(m[1], year), month, m[3]) if month else None)
    for m in _MONTH_DAY.finditer(flat):
        if free(m):
            month, day = cn_to_int(m[1]), cn_to_int(m[2])
            add(m, _safe_date(year, month, day) if month and day else None)
    for m in _MONTH.finditer(flat):
        if free(m):
            month = cn_to_int(m[1])
            add(m, _month_end(year, month, m[2]) if month else None)
    for m in _HALF.finditer(flat):
        if free(m):
            y = _year_word(m[1], year)
            add(m, date(y, 6, 30) if m[2] in ("上半年", "年中") else date(y, 12, 31))
    for m in _QUARTER.finditer(flat):
        if free(m):
            q = cn_to_int(m[2] or m[3])
            if q:
                add(m, _month_end(_year_word(m[1], year), q * 3, None))
    return [d for _, d in sorted(found, key=lambda x: x[0])]


def parse_deadline(text: str | None, year: int, issued_on: date | None = None) -> Deadline:
    """Read a 完成时限 cell. Unknown text is kept with no due date and a warning — never guessed."""
    raw = (text or "").strip()
    if not raw:
        return Deadline(None, None, KIND_UNKNOWN, None, "未写完成时限")
    flat = to_halfwidth_digits(compact(raw))
    recurrence = recurrence_of(flat)

    rel = _RELATIVE.search(flat)
    if rel:
        n = cn_to_int(rel[1]) or 0
        unit = rel[2]
        if issued_on is None:
            return Deadline(raw, None, KIND_RELATIVE, recurrence, "文件未写印发日期，无法计算相对时限")
        if unit == "工作日":
            due = add_workdays(issued_on, n)
        elif unit == "周":
            due = issued_on + timedelta(weeks=n)
        elif unit in ("个月", "月"):
            month = issued_on.month - 1 + n
            y, m = issued_on.year + month // 12, month % 12 + 1
            due = date(y, m, min(issued_on.day, calendar.monthrange(y, m)[1]))
        else:
            due = issued_on + timedelta(days=n)
        return Deadline(raw, due, KIND_RELATIVE, recurrence)

    dates = _dates_in(flat, year)
    if dates:
        return Deadline(raw, max(dates), KIND_DATED, recurrence)
    if _YEAR_LONG.search(flat) or (recurrence and not _ONGOING.search(flat)):
        return Deadline(raw, date(year, 12, 31), KIND_YEAR_LONG, recurrence)
    if _ONGOING.search(flat):
        return Deadline(raw, None, KIND_ONGOING, recurrence)
    return Deadline(raw, None, KIND_UNKNOWN, recurrence, f"无法识别的完成时限：{raw}")


_PROSE_PATTERNS = [
    re.compile(rf"(?:本(?:工作)?要点|本方案|本计划|本文件)?(?:发布|印发|下发)(?:之日)?(?:后|起)(?:的)?\s*{_NUM}\s*个?\s*(?:工作日|日|天)(?:内|以内)"),
    re.compile(rf"(?:(?:\d{{4}}|次年|下一年|明年)年?)?\s*{_NUM}\s*月\s*{_NUM}\s*日\s*(?:前|之前|以前)"),
    re.compile(rf"(?:(?:\d{{4}}|次年|下一年|明年)年?)?\s*{_NUM}\s*月\s*(?:底|末|上旬|中旬|下旬)?\s*(?:前|之前|以前)"),
    re.compile(r"(?:次年|下一年|明年)(?:第[一二三四]季度|上半年)"),
]


def find_deadline_in_prose(text: str) -> str | None:
    """The first deadline phrase written inside a prose 工作要点 item, or None."""
    for pattern in _PROSE_PATTERNS:
        m = pattern.search(text)
        if m:
            return compact(m.group(0))
    if _YEAR_WORDS.search(text):
        return "年内"
    return None


_DEADLINE_VOCAB = re.compile(
    r"\d+|[一二三四五六七八九十两〇零]|年|月|日|底|末|前|之前|以前|上旬|中旬|下旬|份|全|内|季度|第|每|半|上半|下半|"
    r"完成|报送|持续|推进|常态化|长期|坚持|发布|印发|后|个|工作|天|周|、|,|和|及|至|—|-|~|起|开展|次|明|度|止|截"
)
_ONGOING_CELL = re.compile(
    r"^(?:持续推进|持续开展|长期坚持|长期推进|长期开展|常态化(?:开展|推进|落实)?|长期|持续|日常|经常性|"
    r"全年持续|持续实施|长期实施|按需|随时)(?:工作)?$"
)
# A milestone written after the date: 9月投入使用, 5月底前动工, 6月底完成.
_MILESTONE = re.compile(r"^[\u4e00-\u9fff]{1,6}$")
_MARKER = re.compile(r"^([一二三四五六七八九十]+、|[(][一二三四五六七八九十\d]+[)])")
_DATE_FORMS = [_FULL_DATE, _ISO_DATE, _YEAR_END, _YEAR_MONTH, _MONTH_DAY, _MONTH, _HALF, _QUARTER,
               _RELATIVE, _YEAR_LONG]


@lru_cache(maxsize=8192)
def looks_like_deadline(text: str) -> bool:
    """Whether a short cell holds nothing but a 完成时限 (全年, 10月底前, 持续推进, 9月投入使用 …)."""
    flat = to_halfwidth_digits(fold(compact(text)))
    if not flat or len(flat) > 40 or _MARKER.match(flat) or _SENTENCE_MARKS.search(flat):
        return False
    if _ONGOING_CELL.match(flat):
        return True
    parsed = parse_deadline(flat, 2000)
    if parsed.kind in (KIND_UNKNOWN, KIND_ONGOING):
        return False
    if not _DEADLINE_VOCAB.sub("", flat):
        return True
    # Dates followed by a short milestone each: 9月投入使用, 2021年2月公布,2021年8月公布.
    pieces = [p for p in _LIST_COMMA.split(flat) if p]
    for piece in pieces:
        # The date comes first and the milestone after it: 区统计局2021年6月底前 is no deadline.
        if not any(form.match(piece) for form in _DATE_FORMS):
            return False
        rest = piece
        for form in _DATE_FORMS:
            rest = form.sub("", rest, count=1)
        if rest == piece or (rest and not _MILESTONE.match(_BEFORE_WORD.sub("", rest))):
            return False
    return True


def leading_deadline(text: str) -> str | None:
    """A deadline phrase that opens a task's text: 「9月底前，完成……」 -> 9月底前."""
    flat = to_halfwidth_digits(fold(text.lstrip()))
    m = _LEADING_PHRASE.match(flat)
    if not m:
        return None
    phrase = m.group(1)
    if not _BY_WORDS.search(phrase):
        return None
    if parse_deadline(phrase, 2000).kind in (KIND_UNKNOWN, KIND_ONGOING) or _DEADLINE_VOCAB.sub("", phrase):
        return None
    start = text.lstrip()
    return start[m.start(1) : m.end(1)]
