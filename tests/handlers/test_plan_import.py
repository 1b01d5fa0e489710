"""Importing a plan by chat, as conversations through the ChatService: a file is previewed and
kept pending, nothing reaches the plan tables before its sender confirms, and files that are not
imports (liaisons', groups', quarterly reports) keep their old ways."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot import texts
from bot.domain.chat import Attachment, Incoming, Press, Reply
from bot.handlers.answer import Answerer
from bot.handlers.chat import ChatService
from store.models import PendingImport, Plan, Task
from store.repo import Store
from tests.conftest import ROOT, SAMPLES, SeededStore

TODAY = date(2025, 11, 5)
NOW = datetime(2025, 11, 5, 2, 0, tzinfo=UTC)
ADMIN, LEAD, LIAISON = "42", "8", "7"
PUTUO_2024 = ROOT / "tests" / "corpus" / "07_shanghai_putuo_2024_zwgk_yaodian.txt"
PUTUO_2025 = SAMPLES / "putuo-2025.txt"
CHANGNING_2025 = SAMPLES / "changning-2025.txt"
NOT_A_PLAN = ROOT / "tests" / "corpus" / "35_NEG_district_tjj_2023_xxgk_nianbao_tables.txt"

ASK = "确认前不会写入任何数据，预览 24 小时内有效。回复“确认导入 {n}”导入，“取消导入 {n}”放弃"
NEW_2024 = "\n".join([
    "导入预览（第1号）：《putuo-2024.txt》",
    "普陀区 2024年 · 文号：未识别 · 共 6 项任务",
    "任务库中还没有普陀区2024年的计划：确认后新建。",
    "有提示的任务 1 项：",
    "　第6项：未识别出责任单位，记为发文单位",
    "提示：计划未写完成时限：各项任务按全年计（2024年12月31日）",
    ASK.format(n=1),
])


def revised_2025() -> bytes:
    """The 2025 sample with task 5's deadline moved and task 31 dropped."""
    text = PUTUO_2025.read_text(encoding="utf-8")
    text = text.replace("发布审查程序。（责任单位：各部门、各街镇，完成时限：全年）",
                        "发布审查程序。（责任单位：各部门、各街镇，完成时限：10月底前）")
    lines = [line for line in text.split("\n") if not line.startswith("31. ")]
    return "\n".join(lines).encode()


def cut_2025() -> bytes:
    """The 2025 sample cut after task 19: 12 of its 31 tasks gone."""
    text = PUTUO_2025.read_text(encoding="utf-8")
    start, end = text.index("三、增进互动"), text.index("抄送：")
    return (text[:start] + text[end:]).encode()


class Chat:
    """One private chat with the service; `send` a file or words, `press` a button."""

    def __init__(self, service: ChatService, user: str, chat_type: str = "private",
                 chat_id: str | None = None) -> None:
        self.service, self.user, self.chat_type = service, user, chat_type
        self.chat_id = chat_id or user
        self.now = NOW

    async def send(self, name: str, data: bytes | None, caption: str = "",
                   size: int | None = None) -> list[Reply]:
        attachment = Attachment(name, len(data) if data is not None else size, "ref", data)
        return await self.service.on_message(
            Incoming("telegram", self.chat_id, self.chat_type, self.user, caption,
                     attachment=attachment), TODAY, self.now)

    async def say(self, text: str) -> str:
        (reply,) = await self.service.on_message(
            Incoming("telegram", self.chat_id, self.chat_type, self.user, text), TODAY, self.now)
        return reply.text

    async def press(self, data: str) -> tuple[str, list[str]]:
        notice, replies = await self.service.on_button(
            Press("telegram", self.chat_id, self.user, data), TODAY, self.now)
        return notice, [r.text for r in replies]


async def counts(store: Store) -> tuple[int, int]:
    """Plans and active tasks in the store."""
    async with store.sessions() as session:
        plans = await session.scalar(select(func.count(Plan.id)))
        tasks = await session.scalar(select(func.count(Task.id)).where(Task.active))
        return plans or 0, tasks or 0


async def deadline_of(store: Store, org: str, year: int, seq: int) -> tuple[str | None, bool]:
    async with store.sessions() as session:
        row = (await session.execute(
            select(Task.deadline_text, Task.active).join(Plan, Plan.id == Task.plan_id)
            .where(Plan.org == org, Plan.year == year, Task.seq == seq))).one()
        return row[0], row[1]


@pytest.fixture
async def service(seeded_store: SeededStore) -> ChatService:
    store = await seeded_store(("普陀区", None, "lead", "telegram", LEAD),
                               ("普陀区", "区数据局", "liaison", "telegram", LIAISON))
    return ChatService(Answerer(store), {f"telegram:{ADMIN}"}, b"test-secret")


async def test_a_new_plan_is_previewed_and_imported_only_when_confirmed(service: ChatService) -> None:
    admin = Chat(service, ADMIN)
    before = await counts(service.store)
    (preview,) = await admin.send("putuo-2024.txt", PUTUO_2024.read_bytes())
    assert preview.text == NEW_2024
    assert [[b.text for b in row] for row in preview.buttons] == [["确认导入", "取消"]]
    assert await counts(service.store) == before  # nothing written before the confirmation
    notice, sent = await admin.press(preview.buttons[0][0].data)
    assert sent == ["已导入《putuo-2024.txt》：普陀区 2024年，共 6 项任务（新建）。"]
    assert notice == sent[0]
    assert (await counts(service.store))[0] == before[0] + 1
    answer = await admin.say("普陀区2024年任务")
    assert answer.startswith("【普陀区 2024年】共 6 项\n第1项")
    # the button again, or the words: nothing left to confirm
    again = await admin.press(preview.buttons[0][0].data)
    assert again == ("按钮已失效：第1号导入已确认、已取消或已过期。如需导入，请重新发送文件。", [])
    assert await admin.say("确认导入 1") == (
        "没有第1号待确认的导入（可能已确认、已取消或已超过 24 小时）。如需导入，请重新发送文件。")
    async with service.store.sessions() as session:
        row = (await session.scalars(select(PendingImport))).one()
    assert (row.state, row.data, row.org, row.year, row.user) == (
        "confirmed", None, "普陀区", 2024, "telegram:42")


async def test_the_same_file_twice_changes_nothing(service: ChatService) -> None:
    admin = Chat(service, ADMIN)
    async with service.store.sessions() as session:
        stamp = await session.scalar(select(Plan.updated_at).where(Plan.org == "普陀区"))
    (preview,) = await admin.send("putuo-2025.txt", PUTUO_2025.read_bytes())
    assert preview.text == "\n".join([
        "导入预览（第1号）：《putuo-2025.txt》",
        "普陀区 2025年 · 文号：普府办〔2025〕12号 · 共 31 项任务",
        "与任务库中普陀区2025年的计划完全相同：导入不会有任何变化。",
        "没有任务有提示。",
        "提示：单位目录中没有的单位 1 个，将作为普陀区的新单位加入：沿沪宁专项机制办",
        ASK.format(n=1),
    ])
    assert await admin.say("确认导入 1") == "《putuo-2025.txt》与任务库中普陀区2025年的计划相同：无变化。"
    async with service.store.sessions() as session:
        assert await session.scalar(select(Plan.updated_at).where(Plan.org == "普陀区")) == stamp


async def test_a_revision_shows_what_it_changes_first(service: ChatService) -> None:
    lead = Chat(service, LEAD)
    (preview,) = await lead.send("普陀区2025年工作要点（修订）.txt", revised_2025())
    assert preview.text == "\n".join([
        "导入预览（第1号）：《普陀区2025年工作要点（修订）.txt》",
        "普陀区 2025年 · 文号：普府办〔2025〕12号 · 共 30 项任务",
        "将修订任务库中普陀区2025年的计划：新增 0 项，修改 1 项，移除 1 项（移除的任务停用，进度保留）。",
        "　修改：第 5 项",
        "　移除：第 31 项",
        "没有任务有提示。",
        "提示：单位目录中没有的单位 1 个，将作为普陀区的新单位加入：沿沪宁专项机制办",
        ASK.format(n=1),
    ])
    assert await deadline_of(service.store, "普陀区", 2025, 5) == ("全年", True)
    assert (await deadline_of(service.store, "普陀区", 2025, 31))[1] is True
    done = await lead.say("确认导入 1")
    assert done == "已导入《普陀区2025年工作要点（修订）.txt》：普陀区 2025年，共 30 项任务（已更新）。\n新增 0 项，修改 1 项，移除 1 项"
    assert await deadline_of(service.store, "普陀区", 2025, 5) == ("10月底前", True)
    assert (await deadline_of(service.store, "普陀区", 2025, 31))[1] is False


async def test_a_revision_that_takes_too_much_away_needs_the_replace_words(service: ChatService) -> None:
    admin = Chat(service, ADMIN)
    (preview,) = await admin.send("putuo-2025-cut.txt", cut_2025())
    lines = preview.text.split("\n")
    assert lines[2:5] == [
        "将修订任务库中普陀区2025年的计划：新增 0 项，修改 0 项，移除 12 项（移除的任务停用，进度保留）。",
        "　移除：第 20–31 项",
        "⚠ 按此文件修订将移除现有 31 项中的 12 项，只剩 19 项，超出修订允许的范围（命令行导入须加 --replace）。"
        "文件可能不完整，请核对；确认即用此文件替换整个计划。",
    ]
    assert lines[-1] == "确认前不会写入任何数据，预览 24 小时内有效。回复“确认替换 1”替换整个计划，“取消导入 1”放弃"
    assert [b.text for b in preview.buttons[0]] == ["确认替换", "取消"]
    assert await admin.say("确认导入 1") == "第1号导入会替换整个计划：请回复“确认替换 1”，或“取消导入 1”放弃。"
    assert (await deadline_of(service.store, "普陀区", 2025, 25))[1] is True
    notice, sent = await admin.press(preview.buttons[0][0].data)
    assert sent == ["已导入《putuo-2025-cut.txt》：普陀区 2025年，共 19 项任务（已更新）。\n"
                     "新增 0 项，修改 0 项，移除 12 项"]
    assert (await deadline_of(service.store, "普陀区", 2025, 25))[1] is False


async def test_cancel_drops_the_file(service: ChatService) -> None:
    admin = Chat(service, ADMIN)
    before = await counts(service.store)
    (preview,) = await admin.send("putuo-2024.txt", PUTUO_2024.read_bytes())
    notice, sent = await admin.press(preview.buttons[0][1].data)
    assert sent == ["已取消第1号导入（《putuo-2024.txt》），没有写入任何数据。"]
    assert await admin.press(preview.buttons[0][0].data) == (
        "按钮已失效：第1号导入已确认、已取消或已过期。如需导入，请重新发送文件。", [])
    (again,) = await admin.send("putuo-2024.txt", PUTUO_2024.read_bytes())
    assert await admin.say("取消导入 2") == "已取消第2号导入（《putuo-2024.txt》），没有写入任何数据。"
    assert await counts(service.store) == before
    async with service.store.sessions() as session:
        rows = (await session.scalars(select(PendingImport).order_by(PendingImport.id))).all()
    assert [(r.state, r.data) for r in rows] == [("cancelled", None), ("cancelled", None)]


async def test_a_preview_expires_after_a_day(service: ChatService) -> None:
    admin = Chat(service, ADMIN)
    (preview,) = await admin.send("putuo-2024.txt", PUTUO_2024.read_bytes())
    admin.now = NOW + timedelta(hours=24)
    assert await admin.say("确认导入 1") == (
        "没有第1号待确认的导入（可能已确认、已取消或已超过 24 小时）。如需导入，请重新发送文件。")
    assert (await admin.press(preview.buttons[0][0].data))[1] == []
    assert (await counts(service.store))[0] == 5


async def test_a_lead_imports_only_its_own_org(service: ChatService) -> None:
    lead = Chat(service, LEAD)
    assert [r.text for r in await lead.send("changning-2025.txt", CHANGNING_2025.read_bytes())] == [
        "《changning-2025.txt》是长宁区的计划；本聊天绑定的是普陀区，只能导入普陀区的计划。没有写入任何数据。"]
    (preview,) = await lead.send("putuo-2024.txt", PUTUO_2024.read_bytes())
    assert preview.text == NEW_2024


async def test_only_the_sender_confirms_in_its_own_chat(service: ChatService) -> None:
    admin, lead = Chat(service, ADMIN), Chat(service, LEAD)
    (preview,) = await lead.send("putuo-2024.txt", PUTUO_2024.read_bytes())
    # the administrator's words for the lead's number, the lead's button pressed elsewhere
    assert await admin.say("确认导入 1") == (
        "没有第1号待确认的导入（可能已确认、已取消或已超过 24 小时）。如需导入，请重新发送文件。")
    assert await admin.press(preview.buttons[0][0].data) == ("按钮已失效，请重新查询后再操作。", [])
    forged = preview.buttons[0][0].data.replace("i:1|", "i:2|")
    assert await lead.press(forged) == ("按钮已失效，请重新查询后再操作。", [])
    assert await lead.press("i:1|000000000000") == ("按钮已失效，请重新查询后再操作。", [])
    liaison = Chat(service, LIAISON)
    assert await liaison.say("确认导入 1") == "导入计划仅对区府办负责人和管理员开放。"
    assert (await counts(service.store))[0] == 5


@pytest.mark.parametrize(("name", "data", "size", "reply"), [
    ("plan.txt", None, 25 * 1024 * 1024,
     "无法导入《plan.txt》：文件过大（25 MB），超过 20 MB 的上限。没有写入任何数据。"),
    ("plan.docx", None, 1000, "文件《plan.docx》没能取到，请重新发送。没有写入任何数据。"),
    ("照片.png", b"\x89PNG\r\n\x1a\n0000", None,
     "无法导入《照片.png》：不支持的文件类型：.png（支持 .txt、.csv、.docx、.xlsx、.pdf）。没有写入任何数据。"),
    ("空.txt", b" \n \n", None, "无法导入《空.txt》：文件是空的。没有写入任何数据。"),
    ("通知.txt", "关于召开会议的通知\n请各单位准时参加。".encode(), None,
     "无法导入《通知.txt》：文件中没有找到任务（既没有任务分解表，也没有编号的任务条目）。没有写入任何数据。"),
    ("坏.docx", b"PK\x03\x04 not really a zip", None,
     "无法导入《坏.docx》：无法读取文件：不是有效的 .docx 文件或已损坏。没有写入任何数据。"),
])
async def test_files_that_cannot_be_imported_leave_nothing_pending(
        service: ChatService, name: str, data: bytes | None, size: int | None, reply: str) -> None:
    admin = Chat(service, ADMIN)
    assert [r.text for r in await admin.send(name, data, size=size)] == [reply]
    async with service.store.sessions() as session:
        assert await session.scalar(select(func.count(PendingImport.id))) == 0


async def test_a_document_that_is_not_a_plan_says_what_it_is(service: ChatService) -> None:
    admin = Chat(service, ADMIN)
    (reply,) = await admin.send("年报.txt", NOT_A_PLAN.read_bytes())
    assert reply.text == ("无法导入《年报.txt》：这是一份政府信息公开工作年度报告，不是任务计划："
                          "没有任何一项写明责任单位，未导入。没有写入任何数据。")


async def test_files_that_are_not_imports_keep_their_old_ways(service: ChatService) -> None:
    data = PUTUO_2024.read_bytes()
    liaison = Chat(service, LIAISON)
    assert [r.text for r in await liaison.send("putuo-2024.txt", data)] == [
        "收到文件《putuo-2024.txt》。如是季度报告，请重新发送并附言「季度报告」（可写明季度，如「三季度报告」）。"]
    (kept,) = await liaison.send("数据局三季度报告.docx", b"report", caption="三季度报告")
    assert kept.text.startswith("已收到普陀区数据局2025年第三季度报告（文件《数据局三季度报告.docx》1 KB）")
    lead = Chat(service, LEAD)
    (qreport,) = await lead.send("三季度报告.docx", b"report", caption="三季度报告")
    assert qreport.text == texts.QREPORT_NOT_UNIT  # the quarterly report's own refusal, as before
    group = Chat(service, ADMIN, chat_type="group", chat_id="-100")
    assert [r.text for r in await group.send("putuo-2024.txt", data)] == [
        "计划文件请在与我的私聊中发送：群里发送的文件不会导入。"]
    async with service.store.sessions() as session:
        assert await session.scalar(select(func.count(PendingImport.id))) == 0


def test_the_sample_files_exist() -> None:
    assert all(Path(p).is_file() for p in (PUTUO_2024, PUTUO_2025, CHANGNING_2025, NOT_A_PLAN))
