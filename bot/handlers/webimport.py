"""Use cases of the web console's import page: a plan file uploaded by a lead (its own org) or
an administrator is read and kept pending exactly as a file sent in chat (plan_import.stage);
its review lists every task as the importer read it, warnings first-class; corrections typed in
the review are checked against a copy of what was read (nothing is written), and the commit
imports the file (plan_import.commit) and then records each correction as `duban tasks edit`
does (Store.correct_task), so it survives every later import of the plan."""

from __future__ import annotations

import asyncio
import copy
from dataclasses import dataclass, field
from datetime import datetime

from bot import texts
from bot.handlers.plan_import import commit, has_warning
from store.corrections import (
    FIELD_CONTENT,
    FIELD_DEADLINE,
    FIELD_NAMES,
    FIELD_UNITS,
    CorrectionError,
    apply_field,
    field_text,
)
from store.directory.directory import Directory
from store.imports import PendingView
from store.ingest.document import IngestError
from store.ingest.importer import is_known_unit
from store.ingest.model import ParsedPlan, ParsedTask
from store.ingest.service import parse_data
from store.repo import ImportReport, RevisionRefused, Store

FIELDS = (FIELD_UNITS, FIELD_DEADLINE, FIELD_CONTENT)
Edits = dict[int, dict[str, str]]  # task number -> field -> the value typed


@dataclass
class TaskRow:
    """One task of the review: what was read (with the corrections typed applied), its
    warnings, and the errors of those corrections."""

    task: ParsedTask
    values: dict[str, str]  # field -> the text shown in its input
    read: dict[str, str]  # field -> what the importer read
    warnings: list[str]
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def edited(self) -> list[str]:
        """The fields whose value differs from what was read."""
        return [f for f in FIELDS if self.values[f] != self.read[f]]


@dataclass
class Review:
    """The review of a pending import."""

    pending: PendingView
    plan: ParsedPlan
    report: ImportReport
    refused: RevisionRefused | None
    stored_doc_no: str | None
    rows: list[TaskRow]
    unknown_units: list[str]

    @property
    def errors(self) -> int:
        """How many corrections cannot be read."""
        return sum(len(r.errors) for r in self.rows)

    @property
    def warned(self) -> int:
        """How many tasks have a warning."""
        return sum(1 for r in self.rows if has_warning(r.warnings))


async def review(store: Store, directory: Directory, pending: PendingView,
                 edits: Edits | None = None) -> Review:
    """What importing the pending file would do, with `edits` checked on a copy of each task.
    Raises IngestError when the bytes can no longer be read (a changed importer)."""
    assert pending.data is not None
    plan = await asyncio.to_thread(parse_data, pending.file_name, pending.data, directory)
    rows = [_row(task, (edits or {}).get(task.seq, {}), plan, directory) for task in plan.tasks]
    unknown = list(dict.fromkeys(u.name for r in rows for u in r.task.units
                                 if not u.inferred and not is_known_unit(directory, u.name)))
    return Review(pending, plan, await store.preview_plan(plan), await store.check_revision(plan),
                  await store.stored_doc_no(plan), rows, unknown)


def _row(task: ParsedTask, typed: dict[str, str], plan: ParsedPlan,
         directory: Directory) -> TaskRow:
    """A task's row: the typed values applied to a copy (errors kept per field)."""
    read = {f: field_text(task, f) for f in FIELDS}
    values = dict(read)
    errors: dict[str, str] = {}
    shown = copy.deepcopy(task)
    for name in FIELDS:
        value = typed.get(name)
        if value is None or value.strip() == read[name]:
            continue
        values[name] = value.strip()
        try:
            apply_field(shown, name, value.strip(), plan.org, plan.year, plan.issued_on, directory)
        except CorrectionError as err:
            errors[name] = str(err)
    return TaskRow(shown if not errors else task, values, read, task.warnings, errors)


async def commit_reviewed(store: Store, directory: Directory, checked: Review, *,
                          replace: bool, admin: bool, own_org: str | None, author: str,
                          now: datetime, stamp: datetime) -> tuple[bool, list[str]]:
    """Import the reviewed file, then record the review's corrections (it has no errors: the
    caller shows those first); (whether anything was imported, the lines saying what was done).
    `stamp`: when the corrections are recorded as made (the user's day)."""
    assert not checked.errors
    pending = checked.pending
    text, report = await commit(store, directory, pending, replace=replace, admin=admin,
                                own_org=own_org, now=now, by=author)
    lines = [text]
    if report is None:
        return False, lines
    for row in checked.rows:
        values = {f: row.values[f] for f in row.edited}
        if not values:
            continue
        try:
            done = await store.correct_task(report.org, report.year, row.task.seq, values,
                                            author, now=stamp, directory=directory)
        except CorrectionError as err:  # read a moment ago: only a changed store gets here
            lines.append(texts.WEB_IMPORT_EDIT_FAILED.format(seq=row.task.seq, why=err))
            continue
        lines += [texts.WEB_IMPORT_EDITED.format(seq=done.seq, field=FIELD_NAMES[name],
                                                 before=before or "（空）", after=after)
                  for name, before, after in done.changes]
    return True, lines


def edits_of(arguments: dict[str, list[bytes]]) -> Edits:
    """The corrections of a review form: fields named `units-12`, `deadline-12`, `content-12`."""
    edits: Edits = {}
    for key, values in arguments.items():
        name, _, seq = key.partition("-")
        if name in FIELDS and seq.isdigit() and values:
            edits.setdefault(int(seq), {})[name] = values[-1].decode("utf-8", "replace")
    return edits


__all__ = ["FIELDS", "Edits", "IngestError", "Review", "TaskRow", "commit_reviewed", "edits_of",
           "review"]
