"""Rosters: every unit of an org is real — collectives expand to the roster's members in
reminders, summaries, details, the ledger and report status; administrators add and retire
units; 「各街道进度」 has a row per street and town; a plan's work may run into next year."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest

from bot.domain.chat import Incoming
from bot.domain.errors import UserError
from bot.handlers import units
from bot.handlers.answer import Answerer
from bot.handlers.chat import ChatService
from bot.handlers.context import ChatContext
from bot.handlers.ledger import holder_rows, ledger
from bot.scheduler.today import day_reminders
from store.directory.directory import COLLECTIVE_KINDS, Directory
from store.ingest.importer import parse_document
from store.ingest.readers import read_document
from store.roster import Source, build_roster, roster
from tests.conftest import sources
from tests.handlers.samples import (
    CHANGNING_CENTRES,
    CHANGNING_DEPARTMENTS,
    CHANGNING_LOCAL,
    CHANGNING_STREETS,
    CHANGNING_TOWNS,
)

OCT28 = date(2025, 10, 28)
NOW = datetime(2025, 10, 28, 2, 0, tzinfo=UTC)
LEAD = ChatContext(org="长宁区", role="lead", actor="telegram:8")
SPORTS = ("长宁区", "区体育局", "liaison", "telegram", "-1001")


async def ask(answerer: Answerer, text: str, ctx: ChatContext = LEAD, today: date = OCT28):
    return await answerer.answer(text, ctx, today, NOW)


# ---- the roster and the one table of collective kinds -----------------------------------------


async def test_changning_roster_by_kind(answerer: Answerer) -> None:
    members = await roster(answerer.store, "长宁区", answerer.directory)
    by_kind = {kind: sorted(m.name for m in members.members.values() if m.kind == kind)
               for kind in ("department", "street", "town", "centre", "other")}
    assert by_kind == {"department": CHANGNING_DEPARTMENTS, "street": CHANGNING_STREETS,
                       "town": CHANGNING_TOWNS, "centre": CHANGNING_CENTRES, "other": []}
    # 区体育局 is named in no plan: the directory lists it for every district
    assert members.members["区体育局"].source == Source.DIRECTORY
    assert members.members["区教育局"].source == Source.PLAN


@pytest.mark.parametrize(
    ("collective", "expected"),
    [
        ("各部门", CHANGNING_DEPARTMENTS),
        ("区政府各部门", CHANGNING_DEPARTMENTS),
        ("各委办局", CHANGNING_DEPARTMENTS),
        ("各街道（镇）", CHANGNING_LOCAL),
        ("各街镇", CHANGNING_LOCAL),
        ("各街道", CHANGNING_STREETS),
        ("各镇", CHANGNING_TOWNS),
        ("各有关单位", None),
        ("相关单位", None),
        ("各相关部门", None),
    ],
)
async def test_collectives_expand_by_kind(answerer: Answerer, collective: str,
                                          expected: list[str] | None) -> None:
    members = await roster(answerer.store, "长宁区", answerer.directory)
    found = members.members_of(collective, answerer.directory)
    assert (sorted(found) if found is not None else None) == expected


async def test_collectives_a_unit_answers_for(answerer: Answerer) -> None:
    members = await roster(answerer.store, "长宁区", answerer.directory)
    directory = answerer.directory
    assert members.collectives_for("区体育局", directory) == ["各部门"]
    assert members.collectives_for("新泾镇", directory) == ["各街道（镇）", "各镇"]
    assert members.collectives_for("华阳路街道", directory) == ["各街道（镇）", "各街道"]
    assert members.collectives_for("区城运中心", directory) == []  # a centre is no department


def test_the_collective_table_covers_only_member_kinds(directory: Directory) -> None:
    assert COLLECTIVE_KINDS["各部门"] == {"department"}
    assert COLLECTIVE_KINDS["各街道（镇）"] == {"street", "town"}
    assert [name for name, kinds in COLLECTIVE_KINDS.items() if kinds] == ["各部门", "各街道（镇）",
                                                                          "各街道", "各镇"]
    assert directory.covers("区政府各部门") == {"department"}
    assert directory.covers("各有关单位") is None


def test_build_roster_sources_and_retirements(directory: Directory) -> None:
    stored = [("区教育局", "department", None, False), ("各部门", "collective", None, False),
              ("长宁区", "issuer", None, False), ("区体育局", "department", None, True),
              ("区水务局", "department", "admin", False)]
    members = build_roster("长宁区", directory, stored, ["区科委"])
    assert members.members["区水务局"].source == Source.ADMIN
    assert members.members["区科委"] == members.members["区科委"].__class__("区科委", "department",
                                                                           Source.CHAT)
    assert "区体育局" not in members.members and members.retired == {"区体育局": "department"}
    assert "各部门" not in members.members and "长宁区" not in members.members
    assert build_roster("测试县", directory, [], []).members == {}  # no directory units outside Shanghai


# ---- reminders -------------------------------------------------------------------------------


async def test_a_bound_department_named_in_no_plan_gets_its_reminders(seeded_store) -> None:
    answerer = Answerer(await seeded_store(SPORTS))
    found = await day_reminders(sources(answerer), OCT28)
    mine = [(a.reminder.seq, a.reminder.kind, str(a.chat)) for a in found
            if (a.reminder.org, a.reminder.unit) == ("长宁区", "区体育局")]
    assert mine == [(9, "deadline", "telegram:-1001"), (25, "deadline", "telegram:-1001")]
    deadline25 = sorted(a.reminder.unit for a in found
                        if (a.reminder.org, a.reminder.seq, a.reminder.kind) == ("长宁区", 25, "deadline"))
    assert deadline25 == sorted([*CHANGNING_DEPARTMENTS, *CHANGNING_LOCAL])
    # the running service reads the same from the plans it keeps in memory
    await answerer.warm(OCT28)
    assert [(a.reminder, a.chat) for a in await day_reminders(sources(answerer), OCT28)] == \
        [(a.reminder, a.chat) for a in found]


async def test_a_bound_unit_joins_the_roster_and_a_retired_one_leaves(seeded_store) -> None:
    answerer = Answerer(await seeded_store(("长宁区", "区科委", "liaison", "telegram", "-1002")))
    await units.retire(answerer.store, answerer.directory, "长宁区", "民防办", "admin")
    found = await day_reminders(sources(answerer), OCT28)
    deadline25 = {a.reminder.unit for a in found
                  if (a.reminder.org, a.reminder.seq, a.reminder.kind) == ("长宁区", 25, "deadline")}
    assert "区科委" in deadline25 and "区民防办" not in deadline25
    assert len(deadline25) == len(CHANGNING_DEPARTMENTS) + len(CHANGNING_LOCAL)


# ---- administrators change the roster ---------------------------------------------------------


async def test_add_and_retire(answerer: Answerer) -> None:
    store, directory = answerer.store, answerer.directory
    assert await units.add(store, directory, "长宁区", "水务局", None, "admin") == \
        "已将区水务局（部门）加入长宁区的单位名册。"
    assert await units.add(store, directory, "长宁区", "区水务局", "部门", "admin") == \
        "区水务局已在长宁区的单位名册中（部门），已按管理员添加记录。"
    assert await units.retire(store, directory, "长宁区", "区体育局", "admin") == (
        "已将区体育局移出长宁区的单位名册：各部门、各街道（镇）等集体任务不再算到它名下（直接点名它的任务不变）。")
    members = await roster(store, "长宁区", directory)
    assert sorted(members.members_of("各部门", directory)) == sorted(
        {*CHANGNING_DEPARTMENTS, "区水务局"} - {"区体育局"})
    _, summary = await ask(answerer, "进度统计")
    names = {bar.name for bar in summary.chart}
    assert "区水务局" in names and "区体育局" not in names
    # back on the roster
    assert await units.add(store, directory, "长宁区", "区体育局", None, "admin") == \
        "已将区体育局（部门）加入长宁区的单位名册。"
    assert "区体育局" in (await roster(store, "长宁区", directory)).members


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (("add", "长宁区", "各有关单位", None), "「各有关单位」是集体名称（如各部门、各有关单位），不能作为单位加入名册。"),
        (("add", "长宁区", "区水务局", "科室"), "不认识的单位类别「科室」，可选：部门、街道、镇、中心、其他。"),
        (("add", "火星区", "区水务局", None), "没有找到「火星区」：它既不是上海的区，任务库中也没有它的单位。"),
        (("retire", "长宁区", "区火星局", None), "长宁区的单位名册中没有「区火星局」。发送「/units 长宁区」查看名册。"),
    ],
)
async def test_bad_roster_changes_change_nothing(answerer: Answerer, call: tuple, message: str) -> None:
    store, directory = answerer.store, answerer.directory
    before = await roster(store, "长宁区", directory)
    action, org, name, kind = call
    with pytest.raises(UserError) as err:
        if action == "add":
            await units.add(store, directory, org, name, kind, "admin")
        else:
            await units.retire(store, directory, org, name, "admin")
    assert err.value.message == message
    store.writes += 1  # read again rather than from the cache
    assert (await roster(store, "长宁区", directory)).members == before.members


async def test_units_command_in_chats(seeded_store) -> None:
    answerer = Answerer(await seeded_store(("长宁区", None, "lead", "telegram", "-2001"),
                                           ("长宁区", "区教育局", "liaison", "telegram", "-2002")))
    service = ChatService(answerer, admins={"telegram:1"}, secret=b"k" * 32)

    async def say(chat: str, user: str, text: str) -> str:
        replies = await service.on_message(Incoming("telegram", chat, "group", user, text), OCT28, NOW)
        return "\n".join(r.text for r in replies)

    listed = (await say("-2001", "8", "/units")).splitlines()
    assert listed[0] == "【长宁区】单位名册，共 43 个："
    assert sorted(listed[1].removeprefix("部门 31 个：").split("、")) == CHANGNING_DEPARTMENTS
    assert listed[4] == "中心 2 个：区城运中心、区行政服务中心"
    assert listed[5].startswith("集体单位：「各部门」= 部门 31 个；「各街道（镇）」= 街道和镇 10 个；")
    assert await say("-2001", "8", "/units 普陀区") == "只能查看本区（长宁区）的单位名册。"
    assert await say("-2001", "8", "/units add 长宁区 区水务局") == "只有管理员可以这样做。"
    assert await say("-2002", "9", "/units") == "单位名册仅对区府办负责人和管理员开放。"
    assert await say("-3000", "1", "/units add 长宁区 区水务局 部门") == \
        "已将区水务局（部门）加入长宁区的单位名册。"
    assert (await say("-2001", "8", "/units")).splitlines()[0] == "【长宁区】单位名册，共 44 个："


# ---- summaries, details, the ledger ------------------------------------------------------------


async def test_summary_lists_every_member_red_first_on_one_screen(answerer: Answerer) -> None:
    _, reply = await ask(answerer, "进度统计")
    lines = reply.text.splitlines()
    assert lines[0] == "【长宁区 2025年】进度统计：共 33 项任务，已完成 0 项，逾期 3 项"
    assert len(lines) == 2 + 15 + 2
    assert all("🔴" in row for row in lines[2:17])
    assert "13. 🔴 区体育局｜23｜0｜0｜3｜0%" in lines  # named in no plan, 23 tasks through 各部门
    assert lines[17] == "……另有 27 个单位未列出（共 42 个），完整表格见完成率图和台账（/export）。"
    assert lines[18] == "另有 5 项交给「各承办单位、各有关单位」：成员无法确定，未分到各单位统计。"
    # the chart carries every row: each department, street and town of the roster, and the
    # centre the plan names (区行政服务中心 holds nothing of the 2025 plan: no row)
    names = [bar.name for bar in reply.chart]
    assert sorted(names) == sorted([*CHANGNING_DEPARTMENTS, *CHANGNING_LOCAL, "区城运中心"])
    assert ("区体育局", 0, "red", 3) in reply.chart  # and its 3 overdue tasks
    lights = [bar.light for bar in reply.chart]
    assert lights == sorted(lights, key=["red", "yellow", "green"].index)


@pytest.mark.parametrize("text", ["长宁区各街道进度", "各街镇进度", "长宁区各街镇进度统计", "各街道（镇）进度"])
async def test_street_progress_has_a_row_per_street_and_town(answerer: Answerer, text: str) -> None:
    _, reply = await ask(answerer, text)
    lines = reply.text.splitlines()
    assert lines[0].endswith("进度统计：共 23 项任务，已完成 0 项，逾期 3 项")
    rows = [line.split(" ", 2)[2] for line in lines[2:]]
    assert sorted(rows) == sorted(f"{u}｜23｜0｜0｜3｜0%" for u in CHANGNING_LOCAL)


async def test_members_with_nothing_due_have_no_row(answerer: Answerer) -> None:
    _, reply = await ask(answerer, "各街道（镇）2月进度")
    assert reply.text == "【长宁区 2025年】各街道（镇） · 2025年2月，没有任务可以统计。"
    _, october = await ask(answerer, "10月进度统计")
    # #9 and #25 (各部门、各街道（镇）), #22/#28 (区府办 + an unexpandable collective), #23
    counted = {name: tasks for name, tasks in
               ((r.split("｜")[0].split(" ")[-1], int(r.split("｜")[1])) for r in october.text.splitlines()[2:17])}
    assert counted["区府办"] == 4 and counted["区发改委"] == 3
    assert all(tasks > 0 for tasks in counted.values())
    assert len(october.chart) == len(CHANGNING_DEPARTMENTS) + len(CHANGNING_LOCAL)


async def test_detail_shows_who_has_not_reported(answerer: Answerer) -> None:
    edu = ChatContext(org="长宁区", unit="区教育局", role="liaison", actor="telegram:7")
    await ask(answerer, "10 已完成 已报送案例", edu)
    _, reply = await ask(answerer, "第10项完成情况")
    lines = reply.text.splitlines()
    assert lines[-3:-1] == ["进度：", "  区教育局：已完成，已报送案例（2025-10-28）"]
    head, names = lines[-1].split("：", 1)
    assert head == "未汇报 40 个（共 41 个责任单位）"
    assert sorted(names.split("、")) == sorted({*CHANGNING_DEPARTMENTS, *CHANGNING_LOCAL} - {"区教育局"})
    _, unexpanded = await ask(answerer, "第22项")
    # nothing expanded and nobody reported: 暂无汇报 says it all, and which collective is unknown
    assert unexpanded.text.splitlines()[-2:] == ["进度：暂无汇报", "「各承办单位」成员无法确定，未列出。"]


async def test_ledger_has_a_row_per_member(answerer: Answerer) -> None:
    from openpyxl import load_workbook

    await answerer.refresh()
    plan = next(p for p in answerer.catalog if (p.org, p.year) == ("长宁区", 2025))
    tasks = await answerer.reader.tasks([plan.id])
    members = await roster(answerer.store, "长宁区", answerer.directory)
    task10 = next(t for t in tasks if t.seq == 10)
    rows = holder_rows(task10, answerer.directory, members.kinds)
    assert rows[0] == ("区府办", "牵头")
    assert sorted(rows[1:]) == sorted(
        [(u, "通过各部门") for u in CHANGNING_DEPARTMENTS if u != "区府办"]
        + [(u, "通过各街道（镇）") for u in CHANGNING_LOCAL])
    task22 = next(t for t in tasks if t.seq == 22)
    assert holder_rows(task22, answerer.directory, members.kinds) == [
        ("区府办", "牵头"), ("各承办单位", "落实（成员不明，未展开）")]
    data, count = ledger(tasks, UTC, OCT28, answerer.directory, {"长宁区": members.kinds})
    sheet = load_workbook(io.BytesIO(data)).active
    assert count == sheet.max_row - 1
    xinjing = [(r[2].value, r[6].value) for r in sheet.iter_rows(min_row=2) if r[5].value == "新泾镇"]
    assert len(xinjing) == 23 and {role for _, role in xinjing} == {"通过各街道（镇）"}


async def test_report_status_expects_every_member(answerer: Answerer) -> None:
    _, reply = await ask(answerer, "三季度报送情况", today=date(2025, 10, 10))
    lines = reply.text.splitlines()
    members = len(CHANGNING_DEPARTMENTS) + len(CHANGNING_LOCAL)
    assert lines[1] == f"应报 {members} 个单位：已报 0 个，未报 {members} 个。"
    assert sorted(lines[2].removeprefix("🔴 未报：").split("、")) == sorted(
        [*CHANGNING_DEPARTMENTS, *CHANGNING_LOCAL])
    # the roster, not the plans alone: a retired department is no longer expected
    await units.retire(answerer.store, answerer.directory, "长宁区", "区体育局", "admin")
    _, after = await ask(answerer, "三季度报送情况", today=date(2025, 10, 10))
    assert after.text.splitlines()[1] == f"应报 {members - 1} 个单位：已报 0 个，未报 {members - 1} 个。"


# ---- a plan's work may run into the next year ----------------------------------------------

JINGAN = """静安区2025年政务公开工作要点任务分解表

序号|工作任务|责任单位|完成时限
1|编制发布2025年政府信息公开工作年度报告。|区府办|2026年1月31日前
2|做好政府开放月活动组织工作。|区府办牵头，各部门配合|9月底前
3|推进基层政务公开标准化规范化建设。|各街道（镇）|全年
"""


async def test_next_years_month_finds_work_of_this_years_plan(answerer: Answerer, tmp_path) -> None:
    path = tmp_path / "jingan-2025.txt"
    path.write_text(JINGAN, encoding="utf-8")
    await answerer.store.import_plan(parse_document(read_document(path), answerer.directory))
    _, reply = await ask(answerer, "静安区明年1月任务", ChatContext())
    assert [(t.org, t.year, t.seq) for t in reply.tasks] == [("静安区", 2025, 1)]
    _, later = await ask(answerer, "静安区明年2月任务", ChatContext())
    assert later.tasks == [] and later.text.startswith(
        "静安区最新的计划是 2025 年的，还没有导入 2026 年的计划，无法列出2026年2月的任务。")
