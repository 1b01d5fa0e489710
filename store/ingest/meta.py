"""Plan metadata from a document's head: title, org, year, 文号 and issue date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from store.directory.directory import Directory
from store.ingest.fold import fold
from store.ingest.text import compact, to_halfwidth_digits

_TITLE_WORDS = (r"(工作要点|任务分解表|责任分解表|分解表|任务清单|工作任务|工作方案|实施方案|工作计划|重点任务|"
                r"任务安排|任务分解|分工方案|行动方案|明细表|督办台账|台账|整改清单|责任清单|实事项目|工作事项)")
_TITLE = re.compile(rf"^(?:附件\d*)?(\d{{4}})年.{{0,30}}{_TITLE_WORDS}$")
# Titles that name the issuer first: 安徽省教育厅2024年政务公开重点工作任务分解.
_TITLE_ANY = re.compile(rf"^(?:附件\d*)?[\u4e00-\u9fff]{{0,30}}(\d{{4}})年(?:度|版)?.{{0,30}}{_TITLE_WORDS}(?:\(\d{{4}}年版\))?$")
_DOC_NO = re.compile(r"([\u4e00-\u9fff]{1,12})[〔\[［(（【](\d{4})[〕\]］)）】](\d{1,4})号")
_DATE_LINE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日(?:印发|发布)?$")
_TITLE_EDITION = re.compile(rf"^[\u4e00-\u9fff ]{{2,40}}{_TITLE_WORDS}\((\d{{4}})年版\)$")


@dataclass
class PlanMeta:
    """What the document says about itself."""

    title: str | None
    org: str | None
    year: int | None
    doc_no: str | None
    issued_on: date | None
    issuer: str | None  # the office that issued it (区府办 …), when the head names one
    title_index: int | None


def _safe_date(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


_HEAD, _TAIL = 80, 15


def read_meta(lines: list[str], directory: Directory) -> PlanMeta:
    """Title, org, year, 文号 and issue date from the lines of a document."""
    # The head and the tail say what a plan is; the tasks in between need not be read here.
    if len(lines) > _HEAD + _TAIL:
        lines = lines[:_HEAD] + lines[-_TAIL:]
    flat = [re.sub(r"^#{1,6}", "", to_halfwidth_digits(compact(line))) for line in lines]
    view = [fold(f) for f in flat]
    title_index = next((i for i, f in enumerate(view) if _TITLE.match(f) and "《" not in f), None)
    if title_index is None:
        title_index = next((i for i, f in enumerate(view) if (_TITLE_ANY.match(f) or _TITLE_EDITION.match(f))
                            and "《" not in f and not re.search(r"通知|关于|印发|解读", f)), None)
    title = flat[title_index].removeprefix("附件") if title_index is not None else None
    if title:
        title = re.sub(r"^\d+(?=\d{4}年)", "", title)
    head_end = title_index if title_index is not None else min(len(flat), 40)
    head = [f for f in flat[:head_end] if f]
    if not title:
        joined = "".join(flat[:40])
        m = re.search(rf"《((\d{{4}})年[^《》]{{0,40}}{_TITLE_WORDS})》", joined)
        if m:
            title = m.group(1)

    doc_no = None
    for text in head or flat[:15]:
        m = _DOC_NO.search(text)
        if m:
            doc_no = f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号"
            break

    issued_on = None
    for text in reversed(head):
        m = _DATE_LINE.match(text)
        if m:
            issued_on = _safe_date(*m.groups())
            break
    if issued_on is None:
        for text in reversed(flat[-15:]):
            m = _DATE_LINE.match(text)
            if m and text.endswith("印发"):
                issued_on = _safe_date(*m.groups())
                break

    year = None
    for source in (title or "", doc_no or ""):
        m = re.search(r"(\d{4})(?:年|〕)", source)
        if m:
            year = int(m.group(1))
            break
    if year is None and issued_on:
        year = issued_on.year
    if year is None:
        year = _year_in_head([v for v in view[:15] if v])

    org = None
    candidates = ([fold(title)] if title else []) + [
        v for v in view[: head_end if title_index is not None else 15][:15]
        if v and not v.endswith(":") and not v.startswith("各") and len(v) <= 40 and not re.search(r"[,。;]", v)]
    for text in candidates:
        org = directory.find_org(text) or _generic_org(text)
        if org:
            break

    issuer = None
    for text in head[:15] + [f for f in flat[-12:] if f]:
        if re.search(r"(人民政府办公室|政府办公室|政府办公厅)(文件)?$", text):
            issuer = "办公室"
            break
    return PlanMeta(title, org, year, doc_no, issued_on, issuer, title_index)


_PLACE = re.compile(
    r"(?:[\u4e00-\u9fff]{2,6}?(?:省|自治区))?(?:(?P<city>[\u4e00-\u9fff]{2,6}?(?:市|自治州|州|盟|地区)))?"
    r"(?:(?P<county>[\u4e00-\u9fff]{1,6}?(?:高新区|新区|开发区|经开区|区|县|旗)))?"
    r"(?:(?P<town>[\u4e00-\u9fff]{2,6}?(?:镇|街道|乡)))?"
)
_INSTITUTION = re.compile(r"^([\u4e00-\u9fff]{2,24}?(?:局|厅|委员会|委|办公室|中心|管委会))(?=\d{4}年|政务公开|关于|$)")
_ISSUER_TAIL = re.compile(r"(?:人民政府办公室|人民政府办公厅|政府办公室|政府办公厅|人民政府|政府|管委会办公室|管委会)$")


def _generic_org(text: str) -> str | None:
    """The org a title or signature line names outside Shanghai: the most specific place
    (南京市鼓楼区 -> 鼓楼区, 湘西自治州人民政府 -> 湘西自治州), or a department's own plan
    (六盘水市市场监督管理局2020年… -> 六盘水市市场监督管理局)."""
    text = re.sub(r"^\d{4}年(度)?", "", text)
    inst = _INSTITUTION.match(text)
    if inst and not _ISSUER_TAIL.search(inst.group(1)) \
            and not re.search(r"政府办|府办|贯彻|落实|关于|印发|国务院", inst.group(1)):
        return inst.group(1)
    m = _PLACE.match(text)
    if not m or not (m.group("city") or m.group("county") or m.group("town")):
        return None
    rest = text[m.end():]
    if not (rest == "" or _ISSUER_TAIL.match(rest) or re.match(r"\d{4}年|政务公开|贯彻|关于|人民政府|政府", rest)):
        return None
    return m.group("town") or m.group("county") or m.group("city")


def _year_in_head(head: list[str]) -> int | None:
    """The first year the head of a page names (a date line, a heading), when nothing else does."""
    for text in head:
        m = re.search(r"((?:19|20)\d{2})(?:年|-\d{1,2}-\d{1,2})", text)
        if m:
            return int(m.group(1))
    return None
