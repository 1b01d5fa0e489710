"""The unit directory: districts, their streets and towns, department aliases and collectives."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from store.ingest.fold import fold
from store.ingest.text import compact

DATA_DIR = Path(__file__).resolve().parent / "data"

KIND_DEPARTMENT = "department"
KIND_STREET = "street"
KIND_TOWN = "town"
KIND_COLLECTIVE = "collective"
KIND_CENTRE = "centre"
KIND_ISSUER = "issuer"
KIND_OTHER = "other"
# The kinds a roster member can have (collectives and the issuing body are not members).
MEMBER_KINDS = (KIND_DEPARTMENT, KIND_STREET, KIND_TOWN, KIND_CENTRE, KIND_OTHER)

# Which kinds of an org's roster each collective covers: the one table of collective membership
# (reproduced in the README). Aliases count as their collective (区政府各部门, 各委办局 -> 各部门;
# 各街镇 -> 各街道（镇）). A collective of collectives.json missing here, or mapped to None, has
# members nobody can list (各有关单位 …): it stays unexpanded and answers say so.
COLLECTIVE_KINDS: dict[str, frozenset[str] | None] = {
    "各部门": frozenset({KIND_DEPARTMENT}),
    "各街道（镇）": frozenset({KIND_STREET, KIND_TOWN}),
    "各街道": frozenset({KIND_STREET}),
    "各镇": frozenset({KIND_TOWN}),
    "各相关部门": None,
    "各有关单位": None,
    "各行政执法部门": None,
    "各承办单位": None,
    "各公共企事业单位": None,
    "各区属国有企业": None,
    "各行业主管部门": None,
    "各牵头部门": None,
    "各单位": None,
}

# Suffixes that mark a government body; used for units the directory does not know.
_DEPARTMENT_SUFFIX = re.compile(
    r"(局|委|委员会|办|办公室|中心|分局|支队|大队|所|院|站|馆|处|室|署|会|公司|集团|机构|管委会|指挥部|专班)$"
)
_BRACKETS = re.compile(r"[（(]([^（）()]*)[）)]")


@dataclass(frozen=True)
class UnitInfo:
    """A canonical unit as the directory knows it."""

    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    members: frozenset[str] | None = None  # collectives: the kinds they cover (COLLECTIVE_KINDS)
    standard: bool = False  # a department every district has (its roster lists it unasked)


@dataclass
class District:
    """A Shanghai district with its streets and towns."""

    name: str
    short: str
    aliases: tuple[str, ...]
    streets: tuple[str, ...]
    towns: tuple[str, ...]
    other: tuple[str, ...] = field(default=())


class Directory:
    """Canonical names for orgs and units; loaded once, read-only, no I/O after loading."""

    def __init__(self, districts: list[District], departments: list[UnitInfo],
                 collectives: list[UnitInfo]) -> None:
        self.districts = {d.name: d for d in districts}
        self.departments = {u.name: u for u in departments}
        self.collectives = {u.name: u for u in collectives}
        self._unit_index: dict[str, UnitInfo] = {}
        for unit in [*departments, *collectives]:
            for key in (unit.name, *unit.aliases):
                self._unit_index[_key(key)] = unit
        self._org_index: dict[str, str] = {}
        self._parent: dict[str, str] = {}
        self._local: dict[str, UnitInfo] = {}
        for d in districts:
            for key in (d.name, d.short, *d.aliases):
                self._org_index[key] = d.name
            for names, kind in ((d.streets, KIND_STREET), (d.towns, KIND_TOWN),
                                (d.other, KIND_OTHER)):
                for name in names:
                    self._parent[name] = d.name
                    short = _short_local(name)
                    info = UnitInfo(name, kind, (short,) if short != name else ())
                    self._local[_key(name)] = info
                    self._org_index.setdefault(name, name)
                    if short != name and kind == KIND_TOWN:
                        self._org_index.setdefault(short, name)
        self._org_keys = sorted(self._org_index, key=len, reverse=True)
        self._comma: re.Pattern[str] | None | bool = False

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR) -> Directory:
        """Read the bundled JSON data files."""
        shanghai = json.loads((data_dir / "shanghai.json").read_text(encoding="utf-8"))
        districts = [
            District(d["name"], d["short"], tuple(d.get("aliases", ())), tuple(d.get("streets", ())),
                     tuple(d.get("towns", ())), tuple(d.get("other", ())))
            for d in shanghai["districts"]
        ]
        departments = [
            UnitInfo(u["name"], u.get("kind", KIND_DEPARTMENT), tuple(u.get("aliases", ())),
                     standard=bool(u.get("standard")))
            for u in json.loads((data_dir / "departments.json").read_text(encoding="utf-8"))
        ]
        collectives = [
            UnitInfo(u["name"], KIND_COLLECTIVE, tuple(u.get("aliases", ())),
                     COLLECTIVE_KINDS.get(u["name"]))
            for u in json.loads((data_dir / "collectives.json").read_text(encoding="utf-8"))
        ]
        return cls(districts, departments, collectives)

    # ---- orgs -------------------------------------------------------------------------

    def resolve_org(self, text: str) -> str | None:
        """The canonical org a short or full name means: 普陀 -> 普陀区, 嘉定区华亭镇 -> 华亭镇."""
        key = compact(text).replace("上海市", "")
        if key in self._org_index:
            return self._org_index[key]
        return self.find_org(key)

    def find_org(self, text: str) -> str | None:
        """The most specific known org named in `text` (a town inside a district wins)."""
        flat = compact(text).replace("上海市", "")
        best: tuple[int, int, str] | None = None  # (specificity, -position, name)
        for key in self._org_keys:
            pos = flat.find(key)
            if pos < 0:
                continue
            org = self._org_index[key]
            if org in self._parent:
                # A bare street or town name only counts when written in full or after its district.
                parent = self._parent[org]
                before = flat[:pos]
                if key != org and not before.endswith((parent, self.districts[parent].short)):
                    continue
                specificity = 2
            else:
                specificity = 1
            rank = (specificity, -pos, org)
            if best is None or rank[:2] > best[:2]:
                best = rank
        return best[2] if best else None

    def parent_district(self, org: str) -> str | None:
        """The district a street or town belongs to; None for a district itself."""
        return self._parent.get(org)

    def local_units(self, district: str) -> list[UnitInfo]:
        """The streets and towns of a district."""
        d = self.districts.get(district)
        if d is None:
            return []
        return [self._local[_key(n)] for n in (*d.streets, *d.towns)]

    # ---- units ------------------------------------------------------------------------

    def lookup(self, name: str) -> UnitInfo | None:
        """The known unit an exact name or alias means, or None."""
        key = _key(name)
        if key in self._unit_index:
            return self._unit_index[key]
        if key in self._local:
            return self._local[key]
        for info in self._local.values():
            if key in info.aliases:
                return info
        return None

    def comma_collectives(self) -> re.Pattern[str] | None:
        """A pattern for collective names written with 、 inside (区政府各委、办、局), folded."""
        if self._comma is False:
            names = {_key(a) for c in self.collectives.values() for a in (c.name, *c.aliases) if "、" in a}
            ordered = sorted(names, key=len, reverse=True)
            self._comma = re.compile("|".join(re.escape(n) for n in ordered)) if ordered else None
        return self._comma  # type: ignore[return-value]

    def canonical_unit(self, raw: str, org: str | None = None) -> UnitInfo:
        """The canonical unit for a name as written in a plan; unknown names are classified."""
        name = compact(raw).strip("，,、；;。.：:")
        found = self.lookup(name)
        if found:
            return found
        if name[:1] in ("县", "市") and len(name) > 2:
            # A county's or city's departments are named like a district's: 县政府办公室 -> 县府办.
            known = self.lookup("区" + name[1:])
            if known and known.kind == KIND_DEPARTMENT and known.name.startswith("区"):
                level = name[0]
                aliases = tuple(level + a[1:] for a in known.aliases if a.startswith("区"))
                return UnitInfo(level + known.name[1:], known.kind, aliases)
        district = org if org in self.districts else self._parent.get(org or "")
        if district:
            # 长宁区教育局 -> 区教育局; 普陀区长征镇 -> 长征镇
            for prefix in (district, self.districts[district].short):
                if name.startswith(prefix) and len(name) > len(prefix):
                    rest = name[len(prefix):]
                    rest = rest if rest.startswith(("区", "镇")) or _key(rest) in self._local else "区" + rest.lstrip("区")
                    found = self.lookup(rest) or self.lookup(name[len(prefix):])
                    if found:
                        return found
                    name = rest if rest.startswith("区") else name
                    break
        for i in range(1, len(name) - 2):
            if name[i] == "各":
                found = self.lookup(name[i:])
                if found and found.kind == KIND_COLLECTIVE:
                    return found
        m = _BRACKETS.search(name)
        if m:
            from store.ingest.unitnames import is_unit_name  # the grammar loads only when needed

            if not is_unit_name(fold(m[1])):  # 各县(市、区)政府: the bracket is part of the name
                m = None
        if m:  # 区经委(区商务委): a second name
            outer = _BRACKETS.sub("", name)
            found = self.lookup(outer)
            if found:
                return found
            if outer:
                return UnitInfo(outer, classify(outer), (name, m[1]))
        return UnitInfo(name, classify(name))

    def covers(self, collective: str) -> frozenset[str] | None:
        """The member kinds a collective (or an alias of one) covers; None: members unknown."""
        info = self.collectives.get(collective) or self.lookup(collective)
        if info is None or info.kind != KIND_COLLECTIVE:
            return None
        return COLLECTIVE_KINDS.get(info.name)

    def members_of(self, collective: str, kind_of: dict[str, str]) -> list[str]:
        """Member unit names of a collective among `kind_of` (name -> kind); [] when unknowable."""
        wanted = self.covers(collective)
        if not wanted:
            return []
        return [name for name, kind in kind_of.items() if kind in wanted]

    def collectives_of(self, kind: str) -> list[str]:
        """The collectives a unit of `kind` belongs to (a department to 各部门 …)."""
        return [name for name, kinds in COLLECTIVE_KINDS.items()
                if kinds and kind in kinds and name in self.collectives]

    def standard_units(self, org: str) -> list[UnitInfo]:
        """The units the directory lists for an org unasked: for a district, the departments
        every district has, then its streets, towns and other local bodies; nothing otherwise."""
        district = self.districts.get(org)
        if district is None:
            return []
        found = [u for u in self.departments.values() if u.standard]
        found += [self._local[_key(n)] for n in (*district.streets, *district.towns, *district.other)]
        return found


def _key(name: str) -> str:
    """The form names are looked up in: no whitespace, folded widths and characters."""
    return fold(compact(name))


def _short_local(name: str) -> str:
    """华亭镇 -> 华亭, 华阳路街道 -> 华阳路 (the short form people type)."""
    for suffix in ("街道", "镇", "乡", "管委会"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def classify(name: str) -> str:
    """The kind of a unit the directory does not know, from how its name is built."""
    if name.startswith(("各", "相关", "有关")) or "各" in name[:6] and name.endswith(("单位", "部门")):
        return KIND_COLLECTIVE
    if name.endswith("街道") or name.endswith("街道办事处"):
        return KIND_STREET
    if name.endswith(("镇", "镇政府", "镇人民政府", "乡")):
        return KIND_TOWN
    if name.endswith("中心"):
        return KIND_CENTRE
    if _DEPARTMENT_SUFFIX.search(name):
        return KIND_DEPARTMENT
    return KIND_OTHER


@lru_cache(maxsize=1)
def default_directory() -> Directory:
    """The bundled directory, loaded once per process."""
    return Directory.load()
