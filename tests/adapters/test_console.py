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
from tests.conftest import SeededStore

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


async def test_an_extension_is_requested_decided_and_shown(console: Console) -> None:
    asked = await console.say("延期 25 2025-11-30 网站改版推迟", as_=EDU)
    assert asked == ["已登记第25项延期申请（至 2025-11-30），但长宁区还没有绑定区府办负责人的聊天，请联系管理员。"]
    assert await console.say("同意 1", as_=EDU) == ["延期申请由区府办负责人或管理员审批。"]
    assert await console.say("同意 1", as_="普陀区") == ["没有编号为 1 的延期申请。"]
    decided = await console.say("同意 1", as_=LEAD)
    approved = "【延期已同意】长宁区 2025年 第25项，区教育局 的完成日期改为 2025-11-30。"
    assert decided == [approved, "【发给 长宁区/区教育局】", approved]  # the requester is told
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
        "已记录：长宁区 2025年 第9项，区教育局 已完成（已开讲）。"]
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
