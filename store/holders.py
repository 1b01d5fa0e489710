"""Which units hold a task: named units, and the members of the collectives named on it."""

from __future__ import annotations

from collections.abc import Iterable

from store.directory.directory import KIND_COLLECTIVE, Directory, classify
from store.views import TaskView


def holders(task: TaskView, directory: Directory, known: dict[str, str]) -> set[str]:
    """The units a task is counted for: named units, members of collectives with known members
    (among `known`, name -> kind), and every unit that reported on it."""
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
    them, units that reported on them, and the district's streets and towns."""
    named = {u.name: u.kind for t in tasks for u in t.units}
    reporters = {name for t in tasks for name in t.progress}
    return members(named, reporters, tasks[0].org if tasks else None, directory)


def members(named: dict[str, str], reporters: Iterable[str], org: str | None,
            directory: Directory) -> dict[str, str]:
    """Units collectives can expand to (name -> kind): the units named (name -> kind), those that
    reported, and the org's streets and towns; collectives themselves left out."""
    known = dict(named)
    for name in reporters:
        if name not in known:
            info = directory.lookup(name)
            known[name] = info.kind if info else classify(name)
    if org is not None:
        for local in directory.local_units(org):
            known.setdefault(local.name, local.kind)
    return {name: kind for name, kind in known.items() if kind != KIND_COLLECTIVE}
