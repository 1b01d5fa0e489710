"""Corrections of imported tasks: recorded, applied, and kept across re-imports (both backends)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from store.corrections import CorrectionError
from store.ingest.importer import parse_document
from store.ingest.model import ParsedPlan
from store.ingest.readers import read_document
from store.models import Assignment, Task, TaskCorrection, Unit
from store.repo import STATUS_UNCHANGED, STATUS_UPDATED
from tests.conftest import SAMPLES

NOW = datetime(2025, 10, 20, 2, 30, tzinfo=UTC)


def _putuo(directory) -> ParsedPlan:
    return parse_document(read_document(SAMPLES / "putuo-2025.txt"), directory)


async def _task(store, seq: int) -> tuple[Task, list[tuple[str, str]]]:
    async with store.sessions() as session:
        task = await session.scalar(select(Task).where(Task.seq == seq))
        rows = (await session.execute(
            select(Unit.name, Assignment.role).join(Assignment, Assignment.unit_id == Unit.id)
            .where(Assignment.task_id == task.id).order_by(Assignment.position))).all()
        return task, [tuple(r) for r in rows]


async def test_a_correction_changes_the_task_and_is_recorded(store, directory) -> None:
    await store.import_plan(_putuo(directory))
    report = await store.correct_task(
        "普陀区", 2025, 12, {"units": "区府办(牵头)、区数据局", "deadline": "10月底前"},
        author="命令行:admin", now=NOW, directory=directory)
    assert report.changes == [
        ("units", "区数据局、各部门、各街道（镇）", "区府办(牵头)、区数据局"),
        ("deadline", "全年", "10月底前"),
    ]
    task, units = await _task(store, 12)
    assert units == [("区府办", "lead"), ("区数据局", "responsible")]
    assert (task.deadline_text, task.due_date, task.kind) == ("10月底前", date(2025, 10, 31), "dated")
    async with store.sessions() as session:
        rows = (await session.scalars(select(TaskCorrection).order_by(TaskCorrection.id))).all()
    assert [(r.seq, r.field, r.value, r.before, r.from_file, r.author, r.created_at) for r in rows] == [
        (12, "units", "区府办(牵头)、区数据局", "区数据局、各部门、各街道（镇）", "区数据局、各部门、各街道（镇）",
         "命令行:admin", NOW),
        (12, "deadline", "10月底前", "全年", "全年", "命令行:admin", NOW),
    ]


async def test_corrections_survive_reimporting_the_same_and_a_revised_file(store, directory) -> None:
    await store.import_plan(_putuo(directory))
    await store.correct_task("普陀区", 2025, 12, {"deadline": "10月底前"}, author="a", now=NOW,
                             directory=directory)
    await store.correct_task("普陀区", 2025, 3, {"content": "开展政府信息公开制度协同。"}, author="a",
                             now=NOW, directory=directory)
    same = await store.import_plan(_putuo(directory))
    assert same.status == STATUS_UNCHANGED
    assert (await _task(store, 12))[0].deadline_text == "10月底前"

    revised = _putuo(directory)
    revised.source_sha256 = "revised"
    t12 = revised.tasks[11]
    revised.tasks[11] = dataclasses.replace(t12, deadline_text="11月", due_date=date(2025, 11, 30),
                                            kind="dated")
    revised.tasks[4] = dataclasses.replace(revised.tasks[4], content="严格执行公文公开属性审查程序。")
    report = await store.import_plan(revised)
    assert report.status == STATUS_UPDATED
    assert report.changed == [5]  # 3 and 12 keep their corrections, so they did not change
    assert report.corrected == [3, 12]
    assert [c.describe() for c in report.conflicts] == [
        "第12项完成时限：新文件写的是「11月」，保留人工修正「10月底前」"]
    task, _ = await _task(store, 12)
    assert (task.deadline_text, task.due_date) == ("10月底前", date(2025, 10, 31))
    assert (await _task(store, 3))[0].content == "开展政府信息公开制度协同。"


async def test_a_correction_of_a_correction_keeps_what_the_file_said(store, directory) -> None:
    await store.import_plan(_putuo(directory))
    await store.correct_task("普陀区", 2025, 12, {"deadline": "10月底前"}, author="a", now=NOW,
                             directory=directory)
    await store.correct_task("普陀区", 2025, 12, {"deadline": "11月15日前"}, author="b",
                             now=NOW.replace(hour=3), directory=directory)
    async with store.sessions() as session:
        rows = (await session.scalars(select(TaskCorrection).order_by(TaskCorrection.id))).all()
    assert [(r.value, r.before, r.from_file, r.author) for r in rows] == [
        ("10月底前", "全年", "全年", "a"), ("11月15日前", "10月底前", "全年", "b")]
    revised = _putuo(directory)
    revised.source_sha256 = "revised"
    report = await store.import_plan(revised)
    assert report.conflicts == []
    assert (await _task(store, 12))[0].due_date == date(2025, 11, 15)


@pytest.mark.parametrize(("values", "message"), [
    ({"deadline": "等通知"}, "无法识别的完成时限：等通知（示例：10月底前、2025-11-30、全年、持续推进）"),
    ({"units": "区府办、加强领导"}, "无法识别的责任单位：加强领导（示例：区府办(牵头)、区数据局、各部门(落实)）"),
    ({"content": "  "}, "任务内容不能为空"),
])
async def test_a_bad_correction_changes_nothing(store, directory, values, message) -> None:
    await store.import_plan(_putuo(directory))
    before = await _task(store, 12)
    with pytest.raises(CorrectionError) as err:
        await store.correct_task("普陀区", 2025, 12, values, author="a", now=NOW, directory=directory)
    assert str(err.value) == message
    after = await _task(store, 12)
    assert (after[0].deadline_text, after[0].content, after[1]) == (
        before[0].deadline_text, before[0].content, before[1])
    async with store.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(TaskCorrection)) == 0


async def test_correcting_a_task_that_does_not_exist(store, directory) -> None:
    await store.import_plan(_putuo(directory))
    with pytest.raises(CorrectionError, match="普陀区2025年计划中没有第99项任务"):
        await store.correct_task("普陀区", 2025, 99, {"deadline": "全年"}, author="a", directory=directory)
    with pytest.raises(CorrectionError, match="没有长宁区2025年的计划"):
        await store.correct_task("长宁区", 2025, 1, {"deadline": "全年"}, author="a", directory=directory)
