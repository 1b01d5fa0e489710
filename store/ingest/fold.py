"""A matching view of a text: one character for one, so a span found in the view is the same
span of the text as written.

The view folds full-width ASCII forms to half-width (（ → (, ： → :, ， → ,), every kind of
space to a plain space, and traditional characters to simplified ones (單位 → 单位). Patterns
are written once, for the folded forms; names and contents are always cut from the original.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).resolve().parent / "data" / "t2s.txt"

_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
# Lookalikes of ASCII punctuation that are not in the full-width block.
_EXTRA = {"、": "、", "〜": "~", "—": "—", "－": "-", "﹐": ",", "﹔": ";", "﹕": ":", "﹙": "(",
          "﹚": ")"}


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xFF01, 0xFF5F):
        table[code] = chr(code - 0xFEE0)
    for ch in _SPACES:
        table[ord(ch)] = " "
    for src, dst in _EXTRA.items():
        if src != dst:
            table[ord(src)] = dst
    lines = [line for line in _DATA.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    trad, simp = lines[0], lines[1]
    for t, s in zip(trad, simp, strict=True):
        table.setdefault(ord(t), s)
    return table


@lru_cache(maxsize=1)
def _keys() -> frozenset[str]:
    return frozenset(chr(k) for k in _table())


def fold(text: str) -> str:
    """The matching view of `text`: same length, half-width punctuation, simplified characters."""
    if len(text) <= 400:
        return _fold_short(text)
    return _fold(text)


def _fold(text: str) -> str:
    # Most texts need no change at all: a set test is cheaper than translating every character.
    if text.isascii() or _keys().isdisjoint(text):
        return text
    return text.translate(_table())


@lru_cache(maxsize=16384)
def _fold_short(text: str) -> str:
    return _fold(text)

