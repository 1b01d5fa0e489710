"""Which units hold a task: named units, and the members of the collectives named on it."""

from __future__ import annotations

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
    known = {u.name: u.kind for t in tasks for u in t.units if u.kind != KIND_COLLECTIVE}
    for task in tasks:
        for name in task.progress:
            if name not in known:
                info = directory.lookup(name)
                known[name] = info.kind if info else classify(name)
    if tasks:
        for local in directory.local_units(tasks[0].org):
            known.setdefault(local.name, local.kind)
    return {name: kind for name, kind in known.items() if kind != KIND_COLLECTIVE}
