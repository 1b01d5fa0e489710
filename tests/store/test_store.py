"""The store suite, run on SQLite and (when DUBAN_TEST_POSTGRES_URL is set) PostgreSQL."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from store.ingest.importer import parse_document
from store.ingest.model import ParsedPlan
from store.ingest.readers import read_document
from store.models import Assignment, Plan, Progress, Task, Unit
from store.queries import plan_summaries, plan_tasks
from store.repo import STATUS_CREATED, STATUS_UNCHANGED, STATUS_UPDATED, RevisionRefused
from tests.conftest import SAMPLES


def _sample(name: str, directory) -> ParsedPlan:
    return parse_document(read_document(SAMPLES / name), directory)


async def _count(store, model) -> int:
    async with store.sessions() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def test_import_creates_plan_tasks_units_and_assignments(store, directory) -> None:
    parsed = _sample("changning-2025.txt", directory)
    report = await store.import_plan(parsed)
    assert (report.status, report.tasks, report.org, report.year) == (STATUS_CREATED, 33, "长宁区", 2025)
    assert report.added == list(range(1, 34))
    tasks = await plan_tasks(store, "长宁区", 2025)
    assert [t.seq for t in tasks] == list(range(1, 34))
    t11 = tasks[10]
    assert [(a.unit.name, a.role, a.unit.kind) for a in t11.assignments] == [
        ("区府办", "lead", "department"), ("区城运中心", "lead", "centre"),
        ("各部门", "implement", "collective"), ("各街道（镇）", "implement", "collective")]
    assert t11.area == ["二、发挥以公开促落实、优服务、强监督的功能作用"]
    assert (t11.deadline_text, t11.due_date, t11.kind) == ("全年", date(2025, 12, 31), "year-long")
    summaries = await plan_summaries(store)
    assert [(s.org, s.year, s.doc_no, s.tasks) for s in summaries] == [("长宁区", 2025, "长府办〔2025〕12号", 33)]
    async with store.sessions() as session:
        unit = await session.scalar(select(Unit).where(Unit.org == "长宁区", Unit.name == "区发改委"))
        assert unit.kind == "department"
        assert "区发展改革委" in unit.aliases


async def test_reimporting_identical_file_changes_nothing(store, directory) -> None:
    parsed = _sample("putuo-2025.txt", directory)
    await store.import_plan(parsed)
    async with store.sessions() as session:
        before = (await session.scalar(select(Plan))).updated_at
    counts = [await _count(store, m) for m in (Plan, Task, Unit, Assignment)]
    again = await store.import_plan(_sample("putuo-2025.txt", directory))
    assert (again.status, again.added, again.changed, again.removed) == (STATUS_UNCHANGED, [], [], [])
    assert [await _count(store, m) for m in (Plan, Task, Unit, Assignment)] == counts
    async with store.sessions() as session:
        assert (await session.scalar(select(Plan))).updated_at == before


async def test_revision_updates_by_seq_and_keeps_progress(store, directory) -> None:
    parsed = _sample("changning-2025.txt", directory)
    await store.import_plan(parsed)
    tasks = await plan_tasks(store, "长宁区", 2025)
    t3 = tasks[2]
    unit_id = t3.assignments[0].unit_id
    when = datetime(2025, 6, 1, 1, 2, 3, tzinfo=UTC)
    await store.add_progress(t3.id, unit_id, "进行中", note="已部署", actor="tg:1", now=when)
    await store.add_progress(tasks[32].id, unit_id, "已完成", note="报送一季度", actor="tg:1", now=when)

    revised_tasks = [dataclasses.replace(t) for t in parsed.tasks[:32]]  # task 33 removed
    revised_tasks[2] = dataclasses.replace(revised_tasks[2], deadline_text="9月", due_date=date(2025, 9, 30),
                                           kind="dated")
    extra = dataclasses.replace(parsed.tasks[0], seq=34, content="新增任务：做好年度报告解读。")
    revision = dataclasses.replace(parsed, tasks=[*revised_tasks, extra], source_sha256="f" * 64)
    report = await store.import_plan(revision)
    assert (report.status, report.added, report.changed, report.removed) == (STATUS_UPDATED, [34], [3], [33])

    active = await plan_tasks(store, "长宁区", 2025)
    assert [t.seq for t in active] == [*range(1, 33), 34]
    assert active[2].id == t3.id and active[2].due_date == date(2025, 9, 30)
    every = await plan_tasks(store, "长宁区", 2025, include_removed=True)
    assert [t.seq for t in every if not t.active] == [33]
    async with store.sessions() as session:
        notes = (await session.scalars(select(Progress.note).order_by(Progress.id))).all()
        assert notes == ["已部署", "报送一季度"]
        stamp = await session.scalar(select(Progress.created_at).where(Progress.note == "已部署"))
        assert stamp == when
    assert await _count(store, Plan) == 1


async def test_revision_that_changes_units_replaces_assignments(store, directory) -> None:
    parsed = _sample("putuo-2025.txt", directory)
    await store.import_plan(parsed)
    t2 = parsed.tasks[1]
    swapped = dataclasses.replace(t2, units=list(reversed(t2.units)))
    revision = dataclasses.replace(parsed, tasks=[parsed.tasks[0], swapped, *parsed.tasks[2:]],
                                   source_sha256="d" * 64)
    report = await store.import_plan(revision)
    assert (report.added, report.changed, report.removed) == ([], [2], [])
    tasks = await plan_tasks(store, "普陀区", 2025)
    assert [a.unit.name for a in tasks[1].assignments] == ["各部门", "区府办"]


async def test_a_second_plan_of_an_org_and_year_only_when_it_says_so(store, directory) -> None:
    parsed = _sample("songjiang-2024.txt", directory)
    await store.import_plan(parsed)
    other = dataclasses.replace(parsed, doc_no="沪松府办〔2024〕30号", source_sha256="e" * 64)
    report = await store.import_plan(other)  # another 文号, not a supplement: the plan revised
    assert (report.status, report.added, report.removed) == (STATUS_UPDATED, [], [])
    assert await _count(store, Plan) == 1
    nameless = dataclasses.replace(parsed, doc_no=None, title=None, source_sha256="c" * 64)
    assert (await store.import_plan(nameless)).status == STATUS_UPDATED
    assert await _count(store, Plan) == 1
    supplement = dataclasses.replace(parsed, doc_no="沪松府办〔2024〕31号", source_sha256="b" * 64,
                                     title="2024年松江区政务公开工作要点（补充）")
    assert (await store.import_plan(supplement)).status == STATUS_CREATED
    assert await _count(store, Plan) == 2
    async with store.sessions() as session:
        rows = (await session.execute(select(Plan.doc_no, Plan.title).order_by(Plan.id))).all()
    assert [tuple(r) for r in rows] == [
        ("沪松府办〔2024〕30号", parsed.title),  # 文号 and title kept when a revision lacks them
        ("沪松府办〔2024〕31号", "2024年松江区政务公开工作要点（补充）")]
    again = dataclasses.replace(parsed, doc_no=None, source_sha256="a" * 64)
    assert (await store.import_plan(again)).plan_id == report.plan_id  # the main plan, not 补充


async def test_a_revision_that_takes_too_much_away_is_refused(store, directory) -> None:
    parsed = _sample("changning-2025.txt", directory)  # 33 tasks
    await store.import_plan(parsed)
    counts = [await _count(store, m) for m in (Plan, Task, Unit, Assignment)]
    eight = dataclasses.replace(parsed, tasks=parsed.tasks[:25], source_sha256="1" * 64)
    nine = dataclasses.replace(parsed, tasks=parsed.tasks[:24], source_sha256="2" * 64)
    renumbered = dataclasses.replace(parsed, source_sha256="3" * 64, tasks=[
        dataclasses.replace(t, seq=t.seq + 100) for t in parsed.tasks])
    for revision, removed, left in ((nine, list(range(25, 34)), 24),
                                    (renumbered, list(range(1, 34)), 33)):
        assert (await store.check_revision(revision)) is not None
        with pytest.raises(RevisionRefused) as refused:
            await store.import_plan(revision)
        assert (refused.value.org, refused.value.year, refused.value.active,
                refused.value.removed, refused.value.left) == ("长宁区", 2025, 33, removed, left)
        assert [await _count(store, m) for m in (Plan, Task, Unit, Assignment)] == counts
    assert await store.check_revision(eight) is None  # 8 of 33 is not more than a quarter
    report = await store.import_plan(eight)
    assert report.removed == list(range(26, 34))
    forced = await store.import_plan(nine, replace=True)  # 1 of the 25 left: allowed anyway
    assert forced.removed == [25]


async def test_all_samples_import_into_one_store(store, directory) -> None:
    counts = {}
    for name in ("changning-2025", "changning-2021", "putuo-2025", "songjiang-2024", "jiading-huating-2025"):
        report = await store.import_plan(_sample(f"{name}.txt", directory))
        counts[(report.org, report.year)] = report.tasks
    assert counts == {("长宁区", 2025): 33, ("长宁区", 2021): 29, ("普陀区", 2025): 31, ("松江区", 2024): 51,
                      ("华亭镇", 2025): 34}
    assert not await store.is_empty()
    async with store.sessions() as session:
        kinds = dict((await session.execute(select(Unit.name, Unit.kind).where(Unit.org == "华亭镇"))).all())
    assert kinds == {"华亭镇": "issuer"}
