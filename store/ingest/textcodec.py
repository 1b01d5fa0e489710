"""The text of a plain-text plan: UTF-8 (with or without BOM), UTF-16 (with or without BOM),
GB18030/GBK — and UTF-8 or GB18030 damaged in a few places (a truncated copy, a bad transfer), whose
damaged bytes become U+FFFD and whose lines are named, so the user can check those tasks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A damaged file is read when its damage is this rare: at most this many damaged places (runs of
# bad bytes) or this share of its lines, and U+FFFD at most this share of its characters.
_PLACES = 10
_PLACES_SHARE = 0.01
_CHARS_SHARE = 0.05
_DAMAGE = re.compile("[\ufffd\x00]+")


@dataclass
class Decoded:
    """A file's text, and the (1-based) lines where bytes could not be read."""

    text: str
    damaged_lines: list[int] = field(default_factory=list)


def decode(data: bytes) -> Decoded | None:
    """The file's text, or None when it is none of the encodings plans come in."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(data.decode("utf-16"))
        except UnicodeDecodeError:
            return None
    try:
        return Decoded(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    damaged = _damaged(data.decode("utf-8-sig", errors="replace"))
    if damaged is not None:
        return damaged
    utf16 = _utf16(data)
    if utf16 is not None:
        return Decoded(utf16)
    if b"\x00" not in data:
        try:
            return Decoded(data.decode("gb18030"))
        except UnicodeDecodeError:
            pass
    return _damaged(data.decode("gb18030", errors="replace"))


def _damaged(text: str) -> Decoded | None:
    """A text decoded with replacements (NUL bytes count as damage too), when it is damaged in
    few enough places to be read; the damaged lines named."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    places, bad_lines = 0, []
    for number, line in enumerate(lines, 1):
        found = len(_DAMAGE.findall(line))
        if found:
            places += found
            bad_lines.append(number)
    bad_chars = text.count("\ufffd") + text.count("\x00")
    if places > max(_PLACES, len(lines) * _PLACES_SHARE) or bad_chars > len(text) * _CHARS_SHARE:
        return None
    if _plausible(text) < 0.9:
        return None
    return Decoded(text.replace("\x00", "\ufffd"), bad_lines)


def _plausible(text: str) -> float:
    """The share of characters that ordinary Chinese text is made of."""
    ok = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or " " <= ch <= "~" or ch in "\n\r\t"
             or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or ch in "“”‘’…—·\ufffd")
    return ok / max(1, len(text))


def _utf16(data: bytes) -> str | None:
    """The text of UTF-16 without a BOM (either byte order), when one of them reads as text."""
    if len(data) < 8 or len(data) % 2:
        return None
    best: tuple[float, str] | None = None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        share = _plausible(text[:4000])
        if share > 0.97 and (best is None or share > best[0]):
            best = (share, text)
    return best[1] if best else None
