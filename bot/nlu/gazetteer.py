"""Names the parser recognises: orgs and units with their aliases, loaded once, matched without I/O."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from bot.nlu.normalize import normalize
from store.directory.directory import (
    KIND_COLLECTIVE,
    KIND_DEPARTMENT,
    KIND_STREET,
    KIND_TOWN,
    Directory,
    default_directory,
)

# Short forms that are too ambiguous to mean a unit on their own.
_AMBIGUOUS = {"委办", "区委", "区政府", "政府", "办公室"}
_ORG_SUFFIXES = ("新区", "区", "县", "市", "镇", "乡", "旗")


@dataclass(frozen=True)
class Name:
    """One recognised mention: an org, a unit, or a local unit (street or town) that may be either."""

    canonical: str
    kind: str  # "org" for districts and other plan orgs; otherwise the unit kind
    district: str | None = None  # for streets and towns: the district they belong to


# Recognised so the scan skips them whole: higher offices that contain a district unit's short
# form (沪府办 is the city's office, not 区府办), and 各单位, which in a question means "per unit"
# rather than the collective some plans name.
_NOT_NAMES = ("沪府办", "市府办", "国办", "国务院办公厅", "市政府办公厅", "沪府", "沪府发", "各单位")
_SKIP = Name("", "skip")


@dataclass(frozen=True)
class Mention:
    """A name found in a text, with its position."""

    start: int
    end: int
    name: Name


class Gazetteer:
    """Every org and unit name, indexed by its first character for a fast longest-match scan."""

    def __init__(self, directory: Directory, plan_orgs: Iterable[str] | None = None,
                 units: Iterable[tuple[str, str]] = (), plan_words: frozenset[str] | None = None,
                 aliases: Iterable[tuple[str, str, str]] = ()) -> None:
        self.directory = directory
        # Pairs of characters the stored plans use (None: not known), to tell a topic from noise.
        self.plan_words = plan_words
        self.unit_names: set[str] = set()  # every unit (not collective) name, for misspellings
        self._by_char: dict[str, list[str]] | None = None  # character -> unit names holding it
        # None: the store was not consulted, so a named town counts as an org of its own.
        self.plan_orgs = set(plan_orgs) if plan_orgs is not None else None
        self._names: dict[str, Name] = {}
        for district in directory.districts.values():
            name = Name(district.name, "org")
            for key in (district.name, district.short, *district.aliases):
                self._add(key, name, force=True)
            for local in directory.local_units(district.name):
                entry = Name(local.name, local.kind, district.name)
                self.unit_names.add(local.name)
                self._add(local.name, entry)
                if local.kind == KIND_STREET:
                    self._add(local.name + "办事处", entry)
                for alias in local.aliases:
                    if local.kind == KIND_TOWN and len(alias) >= 2:
                        self._add(alias, entry)
        for unit in (*directory.departments.values(), *directory.collectives.values()):
            for key in (unit.name, *unit.aliases):
                self._add_unit_key(key, Name(unit.name, unit.kind))
        for org in self.plan_orgs or ():
            if self._names.get(normalize(org)) is None:
                self._add(org, Name(org, "org"), force=True)
                for suffix in _ORG_SUFFIXES:
                    if org.endswith(suffix) and len(org) - len(suffix) >= 2:
                        self._add(org[: -len(suffix)], Name(org, "org"))
                        break
        for name, kind in units:
            self._add_unit_key(name, Name(name, kind))
        for alias, name, kind in aliases:  # an administrator's other names never shadow a known one
            self._add_unit_key(alias, Name(name, kind))
        for key in _NOT_NAMES:
            self._names[key] = _SKIP
        self._lengths: dict[str, tuple[int, ...]] = {}
        for key in self._names:
            self._lengths.setdefault(key[0], ())
            if len(key) not in self._lengths[key[0]]:
                self._lengths[key[0]] = tuple(sorted((*self._lengths[key[0]], len(key)), reverse=True))

    def _add(self, key: str, name: Name, force: bool = False) -> None:
        key = normalize(key).replace(" ", "")
        if not key or key in _AMBIGUOUS:
            return
        if force or key not in self._names:
            self._names[key] = name

    def _add_unit_key(self, key: str, name: Name) -> None:
        if name.kind != KIND_COLLECTIVE:
            self.unit_names.add(name.canonical)
        self._add(key, name)
        # People drop the level prefix: 教育局 for 区教育局, 府办 for 区府办.
        if key[:1] in ("区", "县", "市") and name.kind != KIND_COLLECTIVE and len(key) >= 3:
            self._add(key[1:], name)

    def scan(self, text: str) -> list[Mention]:
        """Known names in `text`, left to right, each the longest one starting at its position."""
        found: list[Mention] = []
        i, n = 0, len(text)
        lengths, names = self._lengths, self._names
        while i < n:
            for length in lengths.get(text[i], ()):
                name = names.get(text[i : i + length])
                if name is not None:
                    if name is not _SKIP:
                        found.append(Mention(i, i + length, name))
                    i += length
                    break
            else:
                i += 1
        return found

    def is_plan_org(self, org: str) -> bool:
        """Whether `org` issues plans of its own (always assumed for towns when the store is unknown)."""
        if self.plan_orgs is None:
            return True
        return org in self.plan_orgs

    def names_sharing(self, words: str, least: int) -> list[str]:
        """Unit names that have at least `least` of the characters of `words` (a misspelling
        keeps half of them at least)."""
        if self._by_char is None:
            self._by_char = {}
            for name in self.unit_names:
                for char in set(name):
                    self._by_char.setdefault(char, []).append(name)
        counts: dict[str, int] = {}
        for char in set(words):
            for name in self._by_char.get(char, ()):
                counts[name] = counts.get(name, 0) + 1
        return [name for name, n in counts.items() if n >= least]

    def topic_known(self, phrase: str) -> bool | None:
        """Whether the stored plans use most of `phrase`'s character pairs (None: unknown)."""
        if self.plan_words is None:
            return None
        pairs = character_pairs(phrase)
        if not pairs:
            return False
        return sum(p in self.plan_words for p in pairs) / len(pairs) >= TOPIC_SHARE

    def unit_kind(self, name: str) -> str | None:
        """The kind of a unit name the gazetteer knows."""
        entry = self._names.get(normalize(name).replace(" ", ""))
        return None if entry is None or entry.kind in ("org", "skip") else entry.kind


TOPIC_SHARE = 0.6


def character_pairs(text: str) -> set[str]:
    """Neighbouring pairs of Chinese characters in `text`."""
    runs = re.findall(r"[\u4e00-\u9fff]+", text)
    return {run[i:i + 2] for run in runs for i in range(len(run) - 1)}


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer of the bundled directory alone (no store)."""
    return Gazetteer(default_directory())


__all__ = ["Gazetteer", "Mention", "Name", "default_gazetteer", "KIND_DEPARTMENT"]
