"""Which units hold a task: named units, and the members of the collectives named on it."""

from __future__ import annotations

from collections.abc import Iterable

from store.directory.directory import KIND_COLLECTIVE, Directory, classify
from store.views import TaskView


def holders(task: TaskView, directory: Directory, known: dict[str, str]) -> set[str]:
    """The units a task is counted for: named units, members of collectives with known members
    (among `known`, name -> kind: an org's roster), and every unit that reported on it. A
    collective whose members are unknown (各有关单位) stands for itself."""
    found: set[str] = set(task.progress)
    for u in task.units:
        if u.kind == KIND_COLLECTIVE:
            members = directory.members_of(u.name, known)
            found.update(members or [u.name])
        else:
            found.add(u.name)
    return found


def member_kinds(tasks: list[TaskView], directory: Directory) -> dict[str, str]:
    """Units that collectives on these tasks can expand to (name -> kind): units named on any of
    them, units that reported on them, and the directory's units of the org."""
    named = {u.name: u.kind for t in tasks for u in t.units}
    reporters = {name for t in tasks for name in t.progress}
    return members(named, reporters, tasks[0].org if tasks else None, directory)


def members(named: dict[str, str], reporters: Iterable[str], org: str | None,
            directory: Directory) -> dict[str, str]:
    """Units collectives can expand to (name -> kind) without reading the store: the units named
    (name -> kind), those that reported, and the directory's units of the org (a district's
    departments, streets and towns); collectives themselves left out. The store's whole roster
    (store.roster) adds bound and administrator-added units and leaves out retired ones."""
    known = dict(named)
    for name in reporters:
        if name not in known:
            info = directory.lookup(name)
            known[name] = info.kind if info else classify(name)
    if org is not None:
        for info in directory.standard_units(org):
            known.setdefault(info.name, info.kind)
    return {name: kind for name, kind in known.items() if kind != KIND_COLLECTIVE}


def via(task: TaskView, unit: str, directory: Directory, known: dict[str, str]) -> list[str]:
    """The collectives on the task through which `unit` holds it ([] when it is named itself or
    holds it only because it reported)."""
    if any(u.name == unit for u in task.units):
        return []
    return [u.name for u in task.units
            if u.kind == KIND_COLLECTIVE and unit in directory.members_of(u.name, known)]


def unexpanded(task: TaskView, directory: Directory) -> list[str]:
    """The collectives on the task whose members nobody can list (各有关单位, 各相关部门)."""
    return [u.name for u in task.units if u.kind == KIND_COLLECTIVE and directory.covers(u.name) is None]


def ordered_holders(task: TaskView, directory: Directory, known: dict[str, str]) -> list[str]:
    """The units holding a task in the order a reply lists them: those named on it, then the
    members of its collectives (in `known`'s order), then others that reported; a collective
    whose members are unknown is left out (see `unexpanded`)."""
    found = [u.name for u in task.units if u.kind != KIND_COLLECTIVE]
    for u in task.units:
        if u.kind == KIND_COLLECTIVE:
            found += directory.members_of(u.name, known)
    found += sorted(task.progress)
    return list(dict.fromkeys(found))
