"""Text normalisation shared by the layout recognisers: widths, spaces, broken lines."""

from __future__ import annotations

import re
from functools import lru_cache

CJK = r"\u3400-\u9fff\uf900-\ufaff"
# Chinese punctuation and full-width forms that never want a space beside them.
CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
_WIDE = CJK + CJK_PUNCT

_SPACE_AROUND_WIDE = re.compile(rf"(?<=[{_WIDE}])[ \t\u3000\u00a0]+|[ \t\u3000\u00a0]+(?=[{_WIDE}])")
_MULTI_SPACE = re.compile(r"[ \t\u3000\u00a0]{2,}")

_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

CN_NUMERALS = "一二三四五六七八九十百零〇两"


def to_halfwidth_digits(text: str) -> str:
    """Full-width digits as ASCII digits (other characters unchanged)."""
    return text.translate(_FULL_DIGITS)


def squeeze(text: str) -> str:
    """Remove the stray spaces PDF extraction puts beside Chinese characters; trim the ends."""
    text = _SPACE_AROUND_WIDE.sub("", text.strip())
    return _MULTI_SPACE.sub(" ", text)


def join_lines(lines: list[str]) -> str:
    """Join lines of one cell or paragraph broken by the layout, without stray spaces."""
    out = ""
    for raw in lines:
        line = squeeze(raw)
        if not line:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " "
        out += line
    return out


_WHITESPACE = re.compile(r"\s+")


def compact(text: str) -> str:
    """Text with every kind of whitespace removed: the form used for matching."""
    if len(text) <= 400:
        return _compact_short(text)
    return _WHITESPACE.sub("", text)


@lru_cache(maxsize=16384)
def _compact_short(text: str) -> str:
    return _WHITESPACE.sub("", text)


def cn_to_int(text: str) -> int | None:
    """A Chinese or Arabic numeral up to 999 as an int (十二 -> 12, 二十 -> 20, 12 -> 12)."""
    text = to_halfwidth_digits(text.strip())
    if text.isdigit():
        return int(text)
    digits = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
    if not text or any(c not in digits and c not in "十百" for c in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = digits[ch]
    return total + current
