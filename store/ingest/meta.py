"""Plan metadata from a document's head: title, org, year, 文号 and issue date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from store.directory.directory import Directory
from store.ingest.text import compact, to_halfwidth_digits

_TITLE_WORDS = r"(工作要点|任务分解表|责任分解表|分解表|任务清单|工作任务|工作方案|实施方案|工作计划|重点任务|任务安排)"
_TITLE = re.compile(rf"^(?:附件\d*)?(\d{{4}})年.{{0,30}}{_TITLE_WORDS}$")
_DOC_NO = re.compile(r"([\u4e00-\u9fff]{1,12})[〔\[［(（【](\d{4})[〕\]］)）】](\d{1,4})号")
_DATE_LINE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日(?:印发|发布)?$")
_GENERIC_ORG = re.compile(
    r"(?:[\u4e00-\u9fff]{2,6}?(?:省|自治区))?(?:([\u4e00-\u9fff]{2,6}?市))?"
    r"(?:([\u4e00-\u9fff]{1,6}?(?:新区|区|县|旗)))?(?:([\u4e00-\u9fff]{2,6}?(?:镇|街道|乡)))?"
    r"(?:人民政府|政府|政务公开|$)"
)


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


def read_meta(lines: list[str], directory: Directory) -> PlanMeta:
    """Title, org, year, 文号 and issue date from the lines of a document."""
    flat = [re.sub(r"^#{1,6}", "", to_halfwidth_digits(compact(line))) for line in lines]
    title_index = next((i for i, f in enumerate(flat) if _TITLE.match(f) and "《" not in f), None)
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

    org = None
    for text in ([title] if title else []) + head[:12]:
        org = directory.find_org(text) or _generic_org(text)
        if org:
            break

    issuer = None
    for text in head[:15] + [f for f in flat[-12:] if f]:
        if re.search(r"(人民政府办公室|政府办公室|政府办公厅)(文件)?$", text):
            issuer = "办公室"
            break
    return PlanMeta(title, org, year, doc_no, issued_on, issuer, title_index)


def _generic_org(text: str) -> str | None:
    """The most specific 区/县/镇 named in a title outside Shanghai (南京市鼓楼区 -> 鼓楼区)."""
    text = re.sub(r"^\d{4}年(度)?", "", text)
    m = _GENERIC_ORG.match(text)
    if not m:
        return None
    city, county, town = m.groups()
    return town or county or city
