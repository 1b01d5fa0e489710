"""Conversations with the console adapter: a message comes in as a liaison, a lead or an
administrator, and we expect what is printed — the same core as every chat platform."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.adapters.console import ConsoleAdapter, identity
from bot.delivery import Delivery
from bot.handlers.answer import Answerer
from bot.handlers.chat import ChatService
from store.outbox import due_items
from tests.conftest import ROOT, SeededStore

OCT20 = date(2025, 10, 20)
NOW = datetime(2025, 10, 20, 2, 0, tzinfo=UTC)
EDU, LEAD = "长宁区/区教育局", "长宁区"


class Console:
    """The console over a seeded store: `say` sends a message as someone and returns the lines
    printed for it."""

    def __init__(self, chats: ChatService, out_dir: Path) -> None:
        self.chats, self.out = chats, io.StringIO()
        self.delivery = Delivery(chats.store, (), lambda: NOW)
        self.adapter: ConsoleAdapter | None = None
        self.out_dir = out_dir

    async def say(self, text: str, as_: str | None = None, admin: bool = False,
                  today: date = OCT20) -> list[str]:
        who = await identity(self.chats, as_, admin)
        if self.adapter is None:
            self.adapter = ConsoleAdapter(self.chats, self.delivery, who, self.out_dir, self.out)
        self.adapter.become(who)
        start = self.out.tell()
        await self.adapter.ask(text, today, NOW)
        return self.out.getvalue()[start:].splitlines()


@pytest.fixture
async def console(seeded_store: SeededStore, tmp_path: Path) -> Console:
    return Console(ChatService(Answerer(await seeded_store()), (), b"k"), tmp_path / "out")


REQUEST_25 = [
    "已提交第25项延期申请（至 2025-11-30），等待区府办审核。",
    "【发给 长宁区】",
    "【延期申请】长宁区 2025年 第25项",
    "单位：区教育局",
    "原定：2025-10-31　申请至：2025-11-30",
    "理由：网站改版推迟",
    "内容：根据市政府办公厅关于全市政府网站升级改版的安排，完善区政府网站政务公开专栏，加强网站日常检查监测。",
    "（也可回复「同意 1」或「驳回 1」）",
    "按钮：[同意] [驳回]（输入按钮上的文字即可点按）",
]
APPROVED_25 = "【延期已同意】长宁区 2025年 第25项，区教育局 的完成日期改为 2025-11-30。"


async def test_an_extension_is_requested_decided_and_shown(console: Console) -> None:
    # In the console the district office of a liaison's org is the console too: the request
    # is shown to it, with its buttons.
    assert await console.say("延期 25 2025-11-30 网站改版推迟", as_=EDU) == REQUEST_25
    assert await console.say("同意 1", as_=EDU) == ["延期申请由区府办负责人或管理员审批。"]
    assert await console.say("同意 1", as_="普陀区") == ["没有编号为 1 的延期申请。"]
    decided = await console.say("同意 1", as_=LEAD)
    assert decided == [APPROVED_25, "【发给 长宁区/区教育局】", APPROVED_25]  # the requester is told
    for question in ("/task 25", "第25项"):
        assert "延期（已批准）：区教育局 至 2025-11-30" in await console.say(question, as_=EDU)


async def test_a_request_for_a_lead_on_another_platform_waits_in_the_outbox(
        seeded_store: SeededStore, tmp_path: Path) -> None:
    store = await seeded_store(("长宁区", None, "lead", "telegram", "-200"))
    console = Console(ChatService(Answerer(store), (), b"k"), tmp_path)
    asked = await console.say("延期 25 2025-11-30 网站改版推迟", as_=EDU)
    assert asked == ["已提交第25项延期申请（至 2025-11-30），等待区府办审核。"]
    (waiting,) = await due_items(store, NOW)
    assert str(waiting.chat) == "telegram:-200" and waiting.note.startswith("【延期申请】长宁区")


async def test_who_am_i(console: Console) -> None:
    assert await console.say("/whoami", as_=EDU) == ["本聊天的绑定：", "· 长宁区教育局（联络员）"]
    assert await console.say("/whoami", as_=LEAD) == ["本聊天的绑定：", "· 长宁区（区府办负责人）"]
    assert await console.say("/whoami") == ["本聊天还没有绑定单位。", "你是管理员。"]
    assert await console.say("/whoami", as_=EDU, admin=True) == [
        "本聊天的绑定：", "· 长宁区教育局（联络员）", "你是管理员。"]


async def test_invites_are_for_administrators(console: Console) -> None:
    (code_line, *_) = await console.say("/invite 长宁区 教育局")
    assert re.fullmatch(r"邀请码：[A-Z0-9]{8}", code_line)
    assert await console.say("/invite 长宁区 教育局", as_=LEAD) == ["只有管理员可以这样做。"]


async def test_reports_and_the_lead_only_overview(console: Console) -> None:
    assert await console.say("9 已完成 已开讲", as_=EDU) == [
        "已记录：长宁区 2025年 第9项，区教育局 已完成（已开讲）。",
        "按钮：[进行中] [已完成] [申请延期]（输入按钮上的文字即可点按）"]
    assert await console.say("/summary", as_=EDU) == ["进度统计和台账导出仅对区府办负责人和管理员开放。"]
    assert (await console.say("/tasks 普陀区10月任务", as_=LEAD)) == [
        "本聊天绑定的是长宁区，只能查看长宁区的任务。"]


async def test_a_leads_chart_and_ledger_are_written_to_files(console: Console) -> None:
    summary = await console.say("进度统计", as_=LEAD)
    assert summary[0].startswith("【长宁区 2025年】进度统计：共 33 项任务")
    (chart,) = list(console.out_dir.glob("*.png"))
    assert summary[-1] == f"（已保存到 {chart}）"
    assert chart.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    ledger = await console.say("/export", as_=LEAD)
    assert ledger[0].startswith("已生成 长宁区 2025年任务台账：")
    path = console.out_dir / "长宁区2025年政务公开任务台账.xlsx"
    assert ledger[-1] == f"（已保存到 {path}）"
    assert load_workbook(path).active.freeze_panes == "A2"


async def test_help_follows_who_is_asking(console: Console) -> None:
    liaison = "\n".join(await console.say("/help", as_=EDU))
    lead = "\n".join(await console.say("帮助", as_=LEAD))
    assert "/summary" in lead and "/export" in lead
    assert "/summary" not in liaison and "/export" not in liaison and "延期 12" in liaison


class Typed:
    """The console as a person types at it: `type` gives a line to `ConsoleAdapter.say`."""

    def __init__(self, chats: ChatService, out_dir: Path) -> None:
        self.out = io.StringIO()
        self.adapter: ConsoleAdapter | None = None
        self.chats, self.out_dir = chats, out_dir

    async def type(self, line: str) -> list[str]:
        if self.adapter is None:
            who = await identity(self.chats, None, False)
            self.adapter = ConsoleAdapter(self.chats, Delivery(self.chats.store, (), lambda: NOW),
                                          who, self.out_dir, self.out)
        start = self.out.tell()
        await self.adapter.say(line, OCT20, NOW)
        return self.out.getvalue()[start:].splitlines()


@pytest.fixture
async def typed(seeded_store: SeededStore, tmp_path: Path) -> Typed:
    return Typed(ChatService(Answerer(await seeded_store()), (), b"k"), tmp_path / "out")


async def test_as_switches_between_the_three_roles(typed: Typed) -> None:
    assert await typed.type("/as") == [
        "当前身份：管理员。切换：/as 区/单位（联络员）、/as 区（区府办负责人）、/as admin（管理员）"]
    assert await typed.type("/as 长宁/教育局") == ["已切换为 长宁区 区教育局 联络员。"]
    assert await typed.type("/whoami") == ["本聊天的绑定：", "· 长宁区教育局（联络员）"]
    assert await typed.type("/as 长宁区") == ["已切换为 长宁区 区府办负责人。"]
    assert await typed.type("/whoami") == ["本聊天的绑定：", "· 长宁区（区府办负责人）"]
    assert await typed.type("/as 华亭镇") == ["已切换为 华亭镇 联络员。"]
    assert await typed.type("/as 管理员") == ["已切换为 管理员。"]
    assert await typed.type("/whoami") == ["本聊天还没有绑定单位。", "你是管理员。"]


async def test_as_an_unknown_unit_says_so_and_keeps_the_identity(typed: Typed) -> None:
    await typed.type("/as 长宁区")
    assert await typed.type("/as 长宁区/区教育据") == [
        "不认识单位「区教育据」（长宁区）。请写单位的通用名称，例如 /as 普陀区/区数据局。"]
    assert await typed.type("/whoami") == ["本聊天的绑定：", "· 长宁区（区府办负责人）"]


async def test_buttons_are_pressed_by_their_label(typed: Typed) -> None:
    await typed.type("/as 长宁区/区教育局")
    detail = await typed.type("第9项")
    assert detail[-1] == "按钮：[进行中] [已完成] [申请延期]（输入按钮上的文字即可点按）"
    assert await typed.type("[已完成]") == ["（已记录）", "已记录：长宁区 2025年 第9项，区教育局 已完成。"]
    assert "区教育局：已完成" in "\n".join(await typed.type("第9项"))
    # Another chat's buttons are not this chat's: as the lead, 「已完成」 is a message.
    await typed.type("/as 长宁区")
    assert await typed.type("已完成") == ["【长宁区 2025年】已完成，没有符合条件的任务。",
                                         "可以试试：「长宁区任务」"]


async def test_a_request_is_decided_by_its_button_after_switching(typed: Typed) -> None:
    await typed.type("/as 长宁区/区教育局")
    assert await typed.type("延期 25 2025-11-30 网站改版推迟") == REQUEST_25
    assert (await typed.type("同意"))[0] == "没太明白「同意」。"  # the liaison holds no [同意]
    await typed.type("/as 长宁区")
    assert await typed.type("同意") == [APPROVED_25, "【发给 长宁区/区教育局】", APPROVED_25]
    assert await typed.type("同意") == ["（该申请已处理过了。）"]


async def test_file_sends_a_local_file_as_an_attachment(typed: Typed, tmp_path: Path) -> None:
    await typed.type("/as 长宁区/区教育局")
    report = tmp_path / "三季度报告.txt"
    report.write_text("三季度完成政策解读3场。", encoding="utf-8")
    sent = await typed.type(f"/file {report} 三季度报告")
    assert sent[0].startswith("已收到长宁区教育局2025年第三季度报告（文件《三季度报告.txt》1 KB），提交时间 ")
    assert sent[1:] == ["对应第33项。"]
    assert await typed.type("/file") == ["用法：/file 文件路径 [附言]，例如「/file 报告.docx 三季度报告」"]
    assert await typed.type(f"/file {tmp_path / 'none.docx'}") == [
        f"无法读取文件「{tmp_path / 'none.docx'}」：文件不存在。"]
    assert await typed.type(f"/file {tmp_path}") == [
        f"无法读取文件「{tmp_path}」：这是一个文件夹，请给出文件。"]


async def test_an_administrator_imports_a_plan_by_file_after_its_preview(typed: Typed) -> None:
    plan = ROOT / "tests" / "corpus" / "07_shanghai_putuo_2024_zwgk_yaodian.txt"
    preview = await typed.type(f"/file {plan}")
    assert preview[:2] == ["导入预览（第1号）：《07_shanghai_putuo_2024_zwgk_yaodian.txt》",
                           "普陀区 2024年 · 文号：未识别 · 共 6 项任务"]
    assert preview[-1] == "按钮：[确认导入] [取消]（输入按钮上的文字即可点按）"
    assert await typed.type("普陀区2024年第3项") == [
        "没有找到普陀区2024年的计划。普陀区已导入的计划：2025年。"]  # nothing written yet
    assert await typed.type("确认导入") == [
        "（已导入《07_shanghai_putuo_2024_zwgk_yaodian.txt》：普陀区 2024年，共 6 项）",
        "已导入《07_shanghai_putuo_2024_zwgk_yaodian.txt》：普陀区 2024年，共 6 项任务（新建）。"]
    assert (await typed.type("普陀区2024年第3项"))[:3] == [
        "【普陀区 2024年 第3项】",
        "领域：一、依法规范做实主动公开,服务保障中心工作 / (一)优化“中华武数”布局,围绕促进经济健康发展做好信息公开",
        "内容：做好优化营商环境工作方案7.0版的制定和公开,进一步固化改革成果。"]
