"""Use case of the web console's task page: one task with every unit holding it (collectives
expanded over the org's roster) and its state, the progress history with evidence links, and
the extension requests, which a lead decides here as in chat (bot.handlers.extensions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.domain.status import DONE, due_for, unit_status
from bot.handlers.answer import Answerer
from store.history import ExtensionEntry, ProgressEntry, progress_history, task_extensions
from store.holders import ordered_holders, unexpanded, via
from store.roster import roster
from store.views import TaskView


@dataclass(frozen=True)
class Holder:
    """A unit holding the task: its role (or the collectives it holds it through), its status,
    its due date (moved by an approved extension) and its latest note."""

    unit: str
    role: str | None
    via: list[str]
    status: str
    due: date | None
    overdue: bool
    note: str | None


@dataclass
class TaskPage:
    """Everything the task page shows."""

    task: TaskView
    holders: list[Holder]
    unexpanded: list[str]
    history: list[ProgressEntry]
    extensions: list[ExtensionEntry]

    @property
    def pending(self) -> list[ExtensionEntry]:
        """Requests still waiting for a lead."""
        return [e for e in self.extensions if e.status == "pending"]


async def task_page(answerer: Answerer, task_id: int, today: date) -> TaskPage | None:
    """The page of an active task, or None when there is none with this id."""
    task = await answerer.task_by_id(task_id)
    if task is None:
        return None
    known = (await roster(answerer.store, task.org, answerer.directory)).kinds
    roles = {u.name: u.role for u in task.units}
    rows = []
    for name in ordered_holders(task, answerer.directory, known):
        status = unit_status(task, name)
        due = due_for(task, name)
        progress = task.progress.get(name)
        rows.append(Holder(name, roles.get(name), via(task, name, answerer.directory, known),
                           status, due, due is not None and due < today and status != DONE,
                           progress.note if progress else None))
    return TaskPage(task, rows, unexpanded(task, answerer.directory),
                    await progress_history(answerer.store, task.id),
                    await task_extensions(answerer.store, task.id))
