"""Names as people misspell them: closeness of two names by characters and by sound (pinyin).

「教育据」 shares two characters with 区教育局 and sounds the same (jiao yu ju); 「卫建委」 sounds
like 区卫健委. Pure; the pinyin table is loaded only when two names are close in writing already.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

_LEVELS = ("区", "县", "市")
# Worth comparing by sound at all: this much written alike.
_SOUND_FLOOR = 0.5


@dataclass(frozen=True)
class Closeness:
    """How alike two names are: written (characters) and spoken (pinyin), each 0..1."""

    written: float
    spoken: float

    @property
    def score(self) -> float:
        """One figure for ranking: sound counts most, writing breaks ties."""
        return self.spoken * 0.6 + self.written * 0.4

    def misspelt(self) -> bool:
        """Close enough that one is the other written wrong."""
        return (self.spoken >= 0.8 and self.written >= _SOUND_FLOOR) or self.written >= 0.75


@lru_cache(maxsize=1)
def _readings() -> Callable[[str], frozenset[str]]:
    from pypinyin.pinyin_dict import pinyin_dict  # a large table: only when needed

    def readings(char: str) -> frozenset[str]:
        found = pinyin_dict.get(ord(char))
        if not found:
            return frozenset({char})
        return frozenset(_toneless(r) for r in found.split(","))

    return readings


def sounds_alike(x: str, y: str) -> bool:
    """Whether two characters are the same or share a reading (tones aside)."""
    readings = _readings()
    return x == y or bool(readings(x) & readings(y))


def _toneless(reading: str) -> str:
    decomposed = unicodedata.normalize("NFD", reading)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ü", "v")


def _lcs(a: str, b: str, same: Callable[[str, str], bool]) -> int:
    row = [0] * (len(b) + 1)
    for ca in a:
        previous = 0
        for j, cb in enumerate(b, 1):
            current = row[j]
            row[j] = previous + 1 if same(ca, cb) else max(row[j], row[j - 1])
            previous = current
    return row[-1]


def closeness(a: str, b: str) -> Closeness:
    """How alike `a` and `b` are; a unit's level prefix (区教育局 -> 教育局) may be left out."""
    best = Closeness(0.0, 0.0)
    for other in {b, *(b[1:] for level in _LEVELS if b.startswith(level) and len(b) > 2)}:
        total = len(a) + len(other)
        written = 2 * _lcs(a, other, str.__eq__) / total if total else 0.0
        spoken = written
        if written >= _SOUND_FLOOR:
            spoken = 2 * _lcs(a, other, sounds_alike) / total
        found = Closeness(written, spoken)
        if found.score > best.score:
            best = found
    return best


def same_ending(a: str, b: str) -> bool:
    """Whether `a` ends the way `b` does, in writing or in sound (据 for 局, 到 for 道): a
    misspelt name keeps its kind of head; 「市场监管」 is a field, not 区市场监管局 misspelt."""
    return bool(a and b) and sounds_alike(a[-1], b[-1])


def closest(name: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """The candidates most like `name`, best first: those close enough to be meant, else none."""
    scored = [(closeness(name, c), c) for c in set(candidates) if c]
    meant = [(c.score, name_) for c, name_ in scored if c.misspelt() or c.score >= 0.5]
    meant.sort(key=lambda x: (-x[0], len(x[1]), x[1]))
    if not meant:
        return []
    top = meant[0][0]
    return [n for score, n in meant[:limit] if score >= top - 0.2]
