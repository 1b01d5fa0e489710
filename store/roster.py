"""Rosters: every unit of an org, so that a collective (各部门, 各街道（镇）) stands for real units.

An org's roster is the union of
- the directory's units for it (a district: the departments every district has, its streets,
  towns and other local bodies — `Directory.standard_units`),
- every unit stored for the org (named in any of its plans, or one that reported progress),
- every unit a chat is bound to (a liaison's chat, a WeCom robot),
- units an administrator added (`duban units add`, `/units add`),
less the units an administrator retired. Collectives and the issuing body are not members.
A collective expands to the members of the kinds it covers (COLLECTIVE_KINDS in the directory);
one whose members nobody can list (各有关单位) does not expand.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import select

from store.directory.directory import (
    KIND_COLLECTIVE,
    MEMBER_KINDS,
    Directory,
    classify,
)
from store.models import Binding, Unit
from store.repo import Store

# How long a roster read by this process is trusted before the store is asked again (changes
# made through the same Store object are seen at once).
RECHECK_SECONDS = 1.0


class Source(StrEnum):
    """Why a unit is on a roster (the first that applies)."""

    ADMIN = "admin"  # an administrator added it
    PLAN = "plan"  # stored for the org: named in a plan, or it reported
    CHAT = "chat"  # a chat is bound to it
    DIRECTORY = "directory"  # the directory lists it for the org


@dataclass(frozen=True)
class Member:
    """One unit on a roster."""

    name: str
    kind: str
    source: Source


@dataclass
class Roster:
    """The units of one org (pure: built from the store's rows and the directory)."""

    org: str
    members: dict[str, Member] = field(default_factory=dict)
    retired: dict[str, str] = field(default_factory=dict)  # name -> kind

    @property
    def kinds(self) -> dict[str, str]:
        """Member name -> kind, in roster order (what store.holders expands collectives among)."""
        return {m.name: m.kind for m in self.ordered()}

    def kind_of(self, name: str) -> str | None:
        """A member's kind, or None when the unit is not on the roster."""
        member = self.members.get(name)
        return member.kind if member else None

    def members_of(self, collective: str, directory: Directory) -> list[str] | None:
        """The members a collective stands for, by kind then name; None when its members are
        unknown (各有关单位, 各相关部门) or it is no collective."""
        covers = directory.covers(collective)
        if covers is None:
            return None
        return [m.name for m in self.ordered() if m.kind in covers]

    def collectives_for(self, unit: str, directory: Directory) -> list[str]:
        """The collectives a member answers for (区体育局 -> 各部门; 新泾镇 -> 各街道（镇）, 各镇)."""
        kind = self.kind_of(unit)
        if kind is None:
            info = directory.lookup(unit)
            kind = info.kind if info else classify(unit)
        return directory.collectives_of(kind)

    def ordered(self) -> list[Member]:
        """Members by kind (departments, streets, towns, centres, other), then name."""
        rank = {kind: i for i, kind in enumerate(MEMBER_KINDS)}
        return sorted(self.members.values(), key=lambda m: (rank.get(m.kind, 99), m.name))


def build_roster(org: str, directory: Directory, stored: Iterable[tuple[str, str, str | None, bool]],
                 bound: Iterable[str]) -> Roster:
    """The roster from the org's stored units (name, kind, added_by, retired) and bound unit
    names (pure)."""
    roster = Roster(org)
    retired: dict[str, str] = {}
    found: dict[str, Member] = {}
    for info in directory.standard_units(org):
        found[info.name] = Member(info.name, info.kind, Source.DIRECTORY)
    for name in bound:
        if name not in found:
            info = directory.lookup(name)
            found[name] = Member(name, info.kind if info else classify(name), Source.CHAT)
    for name, kind, added_by, is_retired in stored:
        if kind == KIND_COLLECTIVE or kind not in MEMBER_KINDS:
            continue  # collectives and the issuing body are not members
        if is_retired:
            retired[name] = kind
            continue
        found[name] = Member(name, kind, Source.ADMIN if added_by else Source.PLAN)
    for name in retired:
        found.pop(name, None)
    roster.members = found
    roster.retired = retired
    return roster


async def load_rosters(store: Store, orgs: Iterable[str], directory: Directory) -> dict[str, Roster]:
    """The rosters of these orgs, read in two statements."""
    wanted = sorted(set(orgs))
    if not wanted:
        return {}
    stored: dict[str, list[tuple[str, str, str | None, bool]]] = {org: [] for org in wanted}
    bound: dict[str, list[str]] = {org: [] for org in wanted}
    async with store.sessions() as session:
        conn = await session.connection()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            rows = await conn.execute(
                select(Unit.org, Unit.name, Unit.kind, Unit.added_by, Unit.retired_at)
                .where(Unit.org.in_(chunk)).order_by(Unit.id))
            for org, name, kind, added_by, retired_at in rows.all():
                stored[org].append((name, kind, added_by, retired_at is not None))
            rows = await conn.execute(
                select(Binding.org, Binding.unit)
                .where(Binding.org.in_(chunk), Binding.active, Binding.unit.is_not(None))
                .order_by(Binding.id))
            for org, unit in rows.all():
                bound[org].append(unit)
    return {org: build_roster(org, directory, stored[org], bound[org]) for org in wanted}


_cache: weakref.WeakKeyDictionary[Store, tuple[int, float, dict[str, Roster]]] = \
    weakref.WeakKeyDictionary()


async def roster(store: Store, org: str, directory: Directory) -> Roster:
    """One org's roster, kept for a second (or until the next write through `store`)."""
    return (await rosters(store, [org], directory))[org]


async def rosters(store: Store, orgs: Iterable[str], directory: Directory) -> dict[str, Roster]:
    """Several orgs' rosters, through the same short-lived cache as `roster`."""
    wanted = set(orgs)
    now = time.monotonic()
    writes, at, cached = _cache.get(store, (-1, float("-inf"), {}))
    if writes != store.writes or (not store.hears_others and now - at >= RECHECK_SECONDS):
        writes, at, cached = store.writes, now, {}
        _cache[store] = (writes, at, cached)
    missing = wanted - set(cached)
    if missing:
        cached.update(await load_rosters(store, missing, directory))
    return {org: cached[org] for org in wanted}


class RosterError(Exception):
    """A roster change that cannot be made; `reason` is one of kind / unknown / collective."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


async def add_unit(store: Store, org: str, name: str, kind: str, by: str,
                   now: datetime | None = None) -> bool:
    """Put a unit on an org's roster (back, when it was retired); True when it was not on it."""
    if kind not in MEMBER_KINDS:
        raise RosterError("kind")
    if classify(name) == KIND_COLLECTIVE:
        raise RosterError("collective")
    async with store.sessions() as session, session.begin():
        unit = await session.scalar(select(Unit).where(Unit.org == org, Unit.name == name))
        if unit is not None and unit.kind == KIND_COLLECTIVE:
            raise RosterError("collective")
        new = unit is None or unit.retired_at is not None
        if unit is None:
            session.add(Unit(org=org, name=name, kind=kind, aliases=[], added_by=by))
        else:
            unit.kind, unit.added_by, unit.retired_at = kind, by, None
    store.writes += 1
    return new


async def retire_unit(store: Store, org: str, name: str, kind: str, by: str,
                      now: datetime | None = None) -> None:
    """Take a unit off an org's roster: collectives no longer stand for it (tasks that name it
    still do). `kind` is its kind, for a unit the store has no row of yet."""
    now = now or datetime.now(UTC)
    async with store.sessions() as session, session.begin():
        unit = await session.scalar(select(Unit).where(Unit.org == org, Unit.name == name))
        if unit is None:
            session.add(Unit(org=org, name=name, kind=kind, aliases=[], added_by=by, retired_at=now))
        else:
            unit.retired_at = now
    store.writes += 1


async def unit_aliases(store: Store, org: str) -> dict[str, list[str]]:
    """Unit name -> the aliases stored for it in the org."""
    async with store.sessions() as session:
        rows = await session.execute(select(Unit.name, Unit.aliases).where(Unit.org == org))
        return {name: list(aliases or []) for name, aliases in rows.all() if aliases}


async def all_aliases(store: Store) -> list[tuple[str, str, str]]:
    """Every stored alias as (alias, unit name, kind), for the names the parser recognises."""
    async with store.sessions() as session:
        rows = await session.execute(select(Unit.name, Unit.kind, Unit.aliases)
                                     .where(Unit.retired_at.is_(None)).order_by(Unit.id))
        return [(a, name, kind) for name, kind, aliases in rows.all() for a in aliases or ()]


async def add_alias(store: Store, org: str, name: str, kind: str, alias: str, by: str) -> bool:
    """Another name for a unit of the org; False when it has it already. Raises RosterError
    ("alias") when the alias is another unit's name or alias in the org."""
    async with store.sessions() as session, session.begin():
        units = (await session.scalars(select(Unit).where(Unit.org == org))).all()
        for other in units:
            if other.name != name and (other.name == alias or alias in (other.aliases or [])):
                raise RosterError("alias")
        unit = next((u for u in units if u.name == name), None)
        if unit is None:
            unit = Unit(org=org, name=name, kind=kind, aliases=[], added_by=by)
            session.add(unit)
        if alias in (unit.aliases or []):
            return False
        unit.aliases = [*(unit.aliases or []), alias]  # a new list: the JSON column sees a change
    store.writes += 1
    return True


async def remove_alias(store: Store, org: str, name: str, alias: str) -> bool:
    """Drop one alias of a unit; False when it has no such alias."""
    async with store.sessions() as session, session.begin():
        unit = await session.scalar(select(Unit).where(Unit.org == org, Unit.name == name))
        if unit is None or alias not in (unit.aliases or []):
            return False
        unit.aliases = [a for a in unit.aliases if a != alias]
    store.writes += 1
    return True
