"""Tasks as plain JSON-ready dicts (for `duban ask --json` and exports)."""

from __future__ import annotations

from bot.domain.status import task_status
from store.views import TaskView


def task_json(task: TaskView, unit: str | None = None) -> dict[str, object]:
    """One task: org, year, seq, content, due date, units with roles, status."""
    return {
        "org": task.org,
        "year": task.year,
        "seq": task.seq,
        "area": task.area,
        "title": task.title,
        "content": task.content,
        "deadline_text": task.deadline_text,
        "due_date": task.due_date.isoformat() if task.due_date else None,
        "kind": task.kind,
        "units": [u.name for u in task.units],
        "roles": {u.name: u.role for u in task.units},
        "status": task_status(task, unit),
    }
