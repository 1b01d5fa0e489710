"""The route table: one route per trigger, the parser's commands agree with it, /help follows the
caller's role, access is checked against the route, and button data is typed and signed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.chat import ChatRef
from bot.handlers.access import Access, Caller, refusal
from bot.handlers.buttons import Action, ButtonData, Signer
from bot.handlers.context import ChatContext
from bot.handlers.routes import ROUTER, ROUTES, Route, Router, help_for
from bot.nlu.commands import read_command
from bot.nlu.query import Intent, Query
from bot.nlu.vocab import COMMAND_INTENT
from store.access import BindingView
from store.kinds import ChatRole, Progress

CHAT = ChatRef("telegram", "-100")
USER = ChatRef("telegram", "7")
SINCE = datetime(2025, 1, 1, tzinfo=UTC)


def binding(org: str, unit: str | None, role: ChatRole) -> BindingView:
    return BindingView(1, CHAT.platform, CHAT.chat_id, org, unit, role, SINCE)


LIAISON = Caller(CHAT, USER, (binding("普陀区", "区数据局", ChatRole.LIAISON),))
LEAD = Caller(CHAT, USER, (binding("普陀区", None, ChatRole.LEAD),))
ADMIN = Caller(CHAT, USER, (), admin=True)
STRANGER = Caller(CHAT, USER)


def test_every_trigger_names_one_route() -> None:
    commands = [c for r in ROUTES for c in r.commands]
    assert len(commands) == len(set(commands))
    buttons = [r.button for r in ROUTES if r.button]
    assert sorted(buttons) == sorted(Action)
    assert {i for r in ROUTES for i in r.intents} == set(Intent)


def test_the_parser_reads_each_question_command_as_its_routes_intent() -> None:
    for command, intent in COMMAND_INTENT.items():
        route = ROUTER.match(read_command(f"/{command}"), f"/{command}")[0]
        assert route is not None, command
        assert route.answer is None or intent in route.intents, command


def test_a_route_has_exactly_one_handler() -> None:
    with pytest.raises(ValueError, match="exactly one handler"):
        Router((*ROUTES, Route("broken", Access.ANYONE)))


def test_commands_are_read_once_with_their_arguments_as_written() -> None:
    command = read_command("/bindrobot@duban_bot 长宁区 区教育局 AbC-123xyz")
    assert (command.name, command.bot, command.args) == ("bindrobot", "duban_bot",
                                                         "长宁区 区教育局 AbC-123xyz")
    assert read_command("/TASKS 普陀区").name == "tasks"
    assert read_command("普陀区任务") is None


def test_patterns_route_extensions_and_decisions() -> None:
    assert ROUTER.match(None, "延期 12 2025-11-30 理由")[0].name == "extend"
    assert ROUTER.match(None, "同意 3")[0].name == "decide"
    assert ROUTER.match(None, "延期的任务")[0] is None  # a question: parsed for its intent


def test_help_follows_the_role() -> None:
    lead = help_for(ChatContext(org="普陀区", role=ChatRole.LEAD))
    liaison = help_for(ChatContext(org="普陀区", unit="区数据局", role=ChatRole.LIAISON))
    admin = help_for(ChatContext(role=ChatRole.ADMIN, admin=True))
    assert "/summary" in lead and "/export" in lead and "同意 N" in lead
    assert "/summary" not in liaison and "/export" not in liaison
    assert "8 已完成" in liaison and "延期 12" in liaison and "8 已完成" not in lead
    assert "/invite" in admin and "/invite" not in lead
    assert help_for(ChatContext(unbound=True)).startswith("我是督办助手，帮助各单位")
    assert all(text.startswith("我是督办助手，可以这样问我：") for text in (lead, liaison, admin))


@pytest.mark.parametrize(("route", "caller", "expected"), [
    ("summary", LIAISON, "进度统计和台账导出仅对区府办负责人和管理员开放。"),
    ("summary", LEAD, None),
    ("summary", ADMIN, None),
    ("summary", STRANGER, "本聊天还没有绑定单位，暂不能查看任务。"),
    ("invite", LEAD, "只有管理员可以这样做。"),
    ("bindrobot", LIAISON, "只有管理员可以绑定群机器人。"),
    ("extend", LEAD, "汇报进度需要先绑定单位"),
    ("decide", LIAISON, "延期申请由区府办负责人或管理员审批。"),
    ("press_progress", STRANGER, "该任务不是本聊天所绑定单位的任务。"),
    ("help", STRANGER, None),
])
def test_access_is_checked_against_the_route(route: str, caller: Caller,
                                             expected: str | None) -> None:
    (found,) = [r for r in ROUTES if r.name == route]
    why = refusal(found, caller)
    assert why == expected or (expected is not None and why.startswith(expected))


def test_bound_chats_ask_about_their_own_org() -> None:
    (tasks,) = [r for r in ROUTES if r.name == "tasks"]
    assert refusal(tasks, LEAD, query=Query(Intent.TASKS, org="长宁区")) == (
        "本聊天绑定的是普陀区，只能查看普陀区的任务。")
    assert refusal(tasks, ADMIN, query=Query(Intent.TASKS, org="长宁区")) is None


def test_button_data_is_typed_and_signed_for_its_chat() -> None:
    signer = Signer(b"k")
    data = ButtonData(Action.PROGRESS, 12, Progress.DONE)
    assert data.pack() == "p:12:d" and ButtonData.unpack("p:12:d") == data
    assert ButtonData.unpack("x:5:") == ButtonData(Action.EXTEND, 5)
    signed = signer.sign(data, CHAT)
    assert len(signed.encode()) <= 64  # what Telegram carries
    assert signer.verify(signed, CHAT) == data
    assert signer.verify(signed, ChatRef("telegram", "-200")) is None  # copied to another chat
    assert signer.verify("p:12:d|000000000000", CHAT) is None
    assert signer.verify(signer.sign(data, CHAT).replace("p:12", "p:13"), CHAT) is None
    with pytest.raises(ValueError):
        ButtonData.unpack("p:12:z")
