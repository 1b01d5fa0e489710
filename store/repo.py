"""Writes to the task store: importing a parsed plan (create, revise, or leave unchanged), progress."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload

from store.db import make_engine, make_sessionmaker, migrate
from store.models import Assignment, Plan, Progress, Task, Unit

if TYPE_CHECKING:  # the importer hands these in; reading the store needs none of it
    from collections.abc import Callable

    from store.changes import Changes
    from store.corrections import Conflict
    from store.directory.directory import Directory
    from store.ingest.model import ParsedPlan, ParsedTask

_log = logging.getLogger(__name__)

STATUS_CREATED = "created"
STATUS_UPDATED = "updated"
STATUS_UNCHANGED = "unchanged"


@dataclass
class ImportReport:
    """What importing one file did: created, updated or unchanged, and which task numbers moved."""

    plan_id: int
    org: str
    year: int
    status: str
    tasks: int
    added: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    corrected: list[int] = field(default_factory=list)  # tasks where a stored correction applies
    conflicts: list[Conflict] = field(default_factory=list)


class RevisionRefused(Exception):
    """A revision that would take too much of a stored plan away: more than a quarter of its
    tasks made inactive, or fewer than half of them left. Only an explicit replace writes it."""

    def __init__(self, org: str, year: int, active: int, removed: list[int], left: int) -> None:
        self.org, self.year, self.active, self.removed, self.left = org, year, active, removed, left
        super().__init__(f"{org} {year}: {len(removed)} of {active} tasks removed, {left} left")


# A revision may make at most this share of a plan's tasks inactive, and must leave at least
# this share of them: a file cut short or mangled must not empty a plan people work from.
MAX_REMOVED_SHARE = 0.25
MIN_LEFT_SHARE = 0.5
# A second plan of the same org and year says what it is: a supplement or an adjustment.
_SUPPLEMENT = re.compile(r"补充|调整")


def revision_refusal(org: str, year: int, active: set[int], parsed_seqs: set[int]
                     ) -> RevisionRefused | None:
    """Why a revision with `parsed_seqs` may not replace a plan whose active tasks are `active`
    (None when it may)."""
    if not active:
        return None
    removed = sorted(active - parsed_seqs)
    left = len(parsed_seqs)
    if len(removed) > len(active) * MAX_REMOVED_SHARE or left < len(active) * MIN_LEFT_SHARE:
        return RevisionRefused(org, year, len(active), removed, left)
    return None


@dataclass
class CorrectionReport:
    """What `correct_task` changed: (field, before, after) for one task."""

    org: str
    year: int
    seq: int
    changes: list[tuple[str, str, str]]
    author: str
    at: datetime


class Store:
    """The task store: one engine, one session factory; schema migrated on open."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions: async_sessionmaker[AsyncSession] = make_sessionmaker(engine)
        self._writes = 0
        self.changes: Changes | None = None  # listening for other processes' writes (listen())

    @property
    def writes(self) -> int:
        """Bumped by every write through this object (and, while `hears_others`, by every write
        another process tells of), so read caches notice it at once."""
        return self._writes

    @writes.setter
    def writes(self, value: int) -> None:
        self._writes = value
        if self.changes is not None:
            self.changes.wrote()

    def writes_seen_elsewhere(self) -> None:
        """Another process wrote: caches reload at their next use."""
        self._writes += 1

    @property
    def hears_others(self) -> bool:
        """Whether other processes' writes bump `writes` now (PostgreSQL, listening); else
        caches look again a second after they last did."""
        return self.changes is not None and self.changes.listening

    async def listen(self) -> None:
        """On PostgreSQL, hear other processes' writes (store.changes); nothing on SQLite."""
        if self.engine.dialect.name != "postgresql" or self.changes is not None:
            return
        from store.changes import Changes

        changes = Changes(self)
        await changes.start()
        self.changes = changes

    @classmethod
    async def open(cls, url: str, creating: Callable[[], None] | None = None,
                   upgrade: bool = True) -> Store:
        """Connect to `url` and bring the schema up to date (`creating` is called before a new
        store's schema is made; without `upgrade`, an older schema is refused: see
        store.db.migrate); StoreUnavailable (saying why in Chinese) when that cannot be done."""
        from store.failures import describe

        engine = None
        try:
            engine = make_engine(url)
            await migrate(engine, creating, upgrade=upgrade)
        except Exception as exc:
            if engine is not None:
                await engine.dispose()
            raise describe(exc, url) from exc
        return cls(engine)

    @classmethod
    async def open_unmigrated(cls, url: str) -> Store:
        """Connect without touching the schema (maintenance and tests)."""
        return cls(make_engine(url))

    async def close(self) -> None:
        """Stop listening and release the connection pool."""
        changes, self.changes = self.changes, None
        if changes is not None:
            await changes.stop()
        await self.engine.dispose()

    async def is_empty(self) -> bool:
        """Whether no plan has been imported yet."""
        async with self.sessions() as session:
            return (await session.scalar(select(func.count(Plan.id)))) == 0

    async def import_plan(self, parsed: ParsedPlan, replace: bool = False) -> ImportReport:
        """Create, revise or leave unchanged the stored plan `parsed` describes. A revision that
        would take too much of the plan away raises RevisionRefused (nothing written) unless
        `replace`."""
        try:
            return await self._import_plan(parsed, replace)
        finally:
            self.writes += 1

    async def preview_plan(self, parsed: ParsedPlan) -> ImportReport:
        """What importing `parsed` (with `replace`) would do, written in a transaction that is
        rolled back: the importer's own report of added, changed and removed, nothing kept."""
        return await self._import_plan(parsed, True, keep=False)

    async def stored_doc_no(self, parsed: ParsedPlan) -> str | None:
        """The 文号 of the stored plan `parsed` would revise (None: no such plan, or none)."""
        async with self.sessions() as session:
            existing = await _find_plan(session, parsed)
            return existing.doc_no if existing is not None else None

    async def check_revision(self, parsed: ParsedPlan) -> RevisionRefused | None:
        """Why importing `parsed` would be refused without `replace` (None: it would not be)."""
        async with self.sessions() as session:
            existing = await _find_plan(session, parsed)
            if existing is None or existing.source_sha256 == parsed.source_sha256:
                return None
            return revision_refusal(existing.org, existing.year,
                                    await _active_seqs(session, existing.id),
                                    {t.seq for t in parsed.tasks})

    async def _import_plan(self, parsed: ParsedPlan, replace: bool, keep: bool = True) -> ImportReport:
        """Write a parsed plan in one transaction (rolled back unless `keep`); a revision
        updates tasks by number."""
        async with self.sessions() as session:
            transaction = await session.begin()
            try:
                report = await self._write_plan(session, parsed, replace)
            except BaseException:
                await transaction.rollback()
                raise
            if keep:
                await transaction.commit()
            else:
                await transaction.rollback()
            return report

    async def _write_plan(self, session: AsyncSession, parsed: ParsedPlan, replace: bool) -> ImportReport:
        """The writes of importing a parsed plan, in the session's transaction."""
        existing = await _find_plan(session, parsed)
        if existing is not None and existing.source_sha256 == parsed.source_sha256:
            count = await session.scalar(
                select(func.count(Task.id)).where(Task.plan_id == existing.id, Task.active)
            )
            return ImportReport(existing.id, existing.org, existing.year, STATUS_UNCHANGED, count or 0)
        if existing is None:
            units = await _upsert_units(session, parsed)
            plan = Plan(org=parsed.org, year=parsed.year)
            session.add(plan)
            _fill_plan(plan, parsed)
            await session.flush()
            for task in parsed.tasks:
                session.add(_new_task(plan.id, task, units))
            return ImportReport(plan.id, plan.org, plan.year, STATUS_CREATED, len(parsed.tasks),
                                added=[t.seq for t in parsed.tasks])
        if not replace and (refused := revision_refusal(
                existing.org, existing.year, await _active_seqs(session, existing.id),
                {t.seq for t in parsed.tasks})) is not None:
            raise refused
        from store import corrections as fixes

        applied = fixes.apply_stored(parsed.tasks, await fixes.corrections_of(session, existing.id),
                                     parsed.org, parsed.year, parsed.issued_on)
        units = await _upsert_units(session, parsed)
        report = await _revise(session, existing, parsed, units)
        report.corrected, report.conflicts = applied.corrected, applied.conflicts
        return report

    async def correct_task(self, org: str, year: int, seq: int, values: dict[str, str], author: str,
                           now: datetime | None = None, directory: Directory | None = None
                           ) -> CorrectionReport:
        """Correct a stored task's units / deadline / content; recorded and kept across re-imports.

        Raises CorrectionError (a Chinese sentence) when the task does not exist or a value
        cannot be read; nothing is written then."""
        try:
            return await self._correct_task(org, year, seq, values, author, now, directory)
        finally:
            self.writes += 1

    async def _correct_task(self, org: str, year: int, seq: int, values: dict[str, str], author: str,
                            now: datetime | None, directory: Directory | None) -> CorrectionReport:
        from store import corrections as fixes
        from store.directory.directory import default_directory
        from store.ingest.model import ParsedPlan

        directory = directory or default_directory()
        now = now or datetime.now(UTC)
        async with self.sessions() as session, session.begin():
            plans = list((await session.scalars(
                select(Plan).where(Plan.org == org, Plan.year == year).order_by(Plan.updated_at.desc())
            )).all())
            if not plans:
                raise fixes.CorrectionError(f"没有{org}{year}年的计划")
            plan = plans[0]
            task = await session.scalar(select(Task).where(Task.plan_id == plan.id, Task.seq == seq)
                                        .options(selectinload(Task.assignments)))
            if task is None or not task.active:
                raise fixes.CorrectionError(f"{org}{year}年计划中没有第{seq}项任务")
            parsed = _parsed_from(task)
            earlier = fixes.latest(await fixes.corrections_of(session, plan.id))
            changes = []
            for name, value in values.items():
                before = fixes.field_text(parsed, name)
                fixes.apply_field(parsed, name, value, org, year, plan.issued_on, directory)
                prior = earlier.get((seq, name))
                from_file = prior.from_file if prior is not None else before
                session.add(fixes.record(plan.id, seq, name, value, before, from_file, author, now))
                changes.append((name, before, fixes.field_text(parsed, name)))
            units = await _upsert_units(session, ParsedPlan(
                org=org, year=year, title=None, doc_no=None, issued_on=None, source_name="",
                source_sha256="", layout="", tasks=[parsed]))
            task.assignments.clear()
            await session.flush()
            _fill_task(task, parsed, units)
            plan.updated_at = now
        return CorrectionReport(org, year, seq, changes, author, now)

    async def add_progress(self, task_id: int, unit_id: int, status: str, note: str | None = None,
                           actor: str | None = None, now: datetime | None = None) -> Progress:
        """Append a progress record (nothing is ever overwritten)."""
        async with self.sessions() as session, session.begin():
            record = Progress(task_id=task_id, unit_id=unit_id, status=status, note=note, actor=actor,
                              created_at=now or datetime.now(UTC))
            session.add(record)
        self.writes += 1
        return record

    async def report_progress(self, task_id: int, unit_name: str, unit_kind: str, status: str,
                              note: str | None = None, actor: str | None = None,
                              now: datetime | None = None, evidence: str | None = None) -> Progress:
        """Append a unit's progress on a task, creating the unit in the task's org if it is new
        (a street reporting on work given to 各街道（镇）)."""
        async with self.sessions() as session, session.begin():
            org = await session.scalar(
                select(Plan.org).join(Task, Task.plan_id == Plan.id).where(Task.id == task_id))
            if org is None:
                raise ValueError(f"no task {task_id}")
            unit = await session.scalar(select(Unit).where(Unit.org == org, Unit.name == unit_name))
            if unit is None:
                unit = Unit(org=org, name=unit_name, kind=unit_kind, aliases=[])
                session.add(unit)
                await session.flush()
            record = Progress(task_id=task_id, unit_id=unit.id, status=status, note=note,
                              evidence=evidence, actor=actor, created_at=now or datetime.now(UTC))
            session.add(record)
        self.writes += 1
        return record


async def _active_seqs(session: AsyncSession, plan_id: int) -> set[int]:
    return set((await session.scalars(
        select(Task.seq).where(Task.plan_id == plan_id, Task.active))).all())


def says_supplement(title: str | None) -> bool:
    """Whether a plan's title says it supplements or adjusts another (补充/调整)."""
    return bool(title and _SUPPLEMENT.search(title))


async def _find_plan(session: AsyncSession, parsed: ParsedPlan) -> Plan | None:
    """The stored plan a parsed one revises: the one of its org and year with the same 文号;
    else — its 文号 missing, unreadable or another — the org's current plan of that year, so a
    damaged file never creates a second one. None (a new plan) only when there is no plan of
    that org and year, or the file carries a 文号 of its own and says it is a supplement or an
    adjustment (补充/调整) to plans that carry theirs."""
    query = (select(Plan).where(Plan.org == parsed.org, Plan.year == parsed.year)
             .order_by(Plan.imported_at, Plan.id))
    plans = list((await session.scalars(query)).all())
    if not plans:
        return None
    for plan in plans:
        if parsed.doc_no and plan.doc_no == parsed.doc_no:
            return plan
    if parsed.doc_no and says_supplement(parsed.title) and all(p.doc_no for p in plans):
        return None
    main = [p for p in plans if not says_supplement(p.title)] or plans
    return main[0]


def _fill_plan(plan: Plan, parsed: ParsedPlan) -> None:
    now = datetime.now(UTC)
    # A revision whose title, 文号 or date could not be read keeps the stored one.
    plan.title = parsed.title or plan.title
    plan.doc_no = parsed.doc_no or plan.doc_no
    plan.issued_on = parsed.issued_on or plan.issued_on
    plan.source_name = parsed.source_name
    plan.source_sha256 = parsed.source_sha256
    plan.updated_at = now
    if plan.imported_at is None:
        plan.imported_at = now


async def _upsert_units(session: AsyncSession, parsed: ParsedPlan) -> dict[str, Unit]:
    """The org's units by name, adding those first met in this plan."""
    rows = (await session.scalars(select(Unit).where(Unit.org == parsed.org))).all()
    units = {u.name: u for u in rows}
    for task in parsed.tasks:
        for pu in task.units:
            unit = units.get(pu.name)
            if unit is None:
                unit = Unit(org=parsed.org, name=pu.name, kind=pu.kind, aliases=list(pu.aliases))
                session.add(unit)
                units[pu.name] = unit
            else:
                extra = [a for a in pu.aliases if a not in (unit.aliases or [])]
                if extra:
                    unit.aliases = [*(unit.aliases or []), *extra]
    await session.flush()
    return units


def _new_task(plan_id: int, parsed: ParsedTask, units: dict[str, Unit]) -> Task:
    task = Task(plan_id=plan_id, seq=parsed.seq, active=True)
    _fill_task(task, parsed, units)
    return task


def _parsed_from(task: Task) -> ParsedTask:
    """A stored task in the importer's shape, so corrections apply to both alike."""
    from store.ingest.model import ParsedTask, ParsedUnit

    return ParsedTask(
        seq=task.seq, area=list(task.area or []), title=task.title, content=task.content,
        deadline_text=task.deadline_text, due_date=task.due_date, recurrence=task.recurrence,
        kind=task.kind, number=task.number, detail=task.detail, progress=task.progress_text,
        units=[ParsedUnit(a.unit.name, a.unit.kind, a.role, a.raw, tuple(a.unit.aliases or ()),
                          inferred=a.raw == "发文单位")
               for a in sorted(task.assignments, key=lambda a: a.position)],
    )


def _fill_task(task: Task, parsed: ParsedTask, units: dict[str, Unit]) -> None:
    task.area = parsed.area
    task.number = parsed.number
    task.detail = parsed.detail
    task.progress_text = parsed.progress
    task.title = parsed.title
    task.content = parsed.content
    task.deadline_text = parsed.deadline_text
    task.due_date = parsed.due_date
    task.recurrence = parsed.recurrence
    task.kind = parsed.kind
    task.assignments = [
        Assignment(unit_id=units[u.name].id, role=u.role, raw=u.raw, position=i)
        for i, u in enumerate(parsed.units)
    ]


def _signature(task: Task) -> tuple:
    return (
        tuple(task.area or ()), task.title, task.content, task.deadline_text, task.due_date,
        task.recurrence, task.kind, task.active, task.number, task.detail, task.progress_text,
        tuple((a.unit_id, a.role, a.raw) for a in sorted(task.assignments, key=lambda a: a.position)),
    )


def _parsed_signature(parsed: ParsedTask, units: dict[str, Unit]) -> tuple:
    return (
        tuple(parsed.area), parsed.title, parsed.content, parsed.deadline_text, parsed.due_date,
        parsed.recurrence, parsed.kind, True, parsed.number, parsed.detail, parsed.progress,
        tuple((units[u.name].id, u.role, u.raw) for u in parsed.units),
    )


async def _revise(session: AsyncSession, plan: Plan, parsed: ParsedPlan,
                  units: dict[str, Unit]) -> ImportReport:
    """Update a stored plan from a revised file: tasks matched by number, progress kept."""
    stored = {
        t.seq: t
        for t in (await session.scalars(
            select(Task).where(Task.plan_id == plan.id).options(selectinload(Task.assignments))
        )).all()
    }
    report = ImportReport(plan.id, plan.org, plan.year, STATUS_UPDATED, len(parsed.tasks))
    for task in parsed.tasks:
        current = stored.get(task.seq)
        if current is None:
            session.add(_new_task(plan.id, task, units))
            report.added.append(task.seq)
        elif _signature(current) != _parsed_signature(task, units):
            (report.added if not current.active else report.changed).append(task.seq)
            current.active = True
            current.assignments.clear()  # flush the old rows first: (task, unit) is unique
            await session.flush()
            _fill_task(current, task, units)
    seqs = {t.seq for t in parsed.tasks}
    for seq, current in sorted(stored.items()):
        if seq not in seqs and current.active:
            current.active = False  # kept, with its progress, but no longer part of the plan
            report.removed.append(seq)
    _fill_plan(plan, parsed)
    return report
