"""Importing a plan by chat with the real Telegram Application over the loopback Bot API: the
document is downloaded, previewed with signed buttons, and written only when [确认导入] is pressed."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from store.models import PendingImport, Plan, Task
from tests.adapters.conftest import ADMIN, Bot
from tests.adapters.test_telegram import GROUP, LIAISON, invite
from tests.conftest import ROOT, SAMPLES
from tests.ingest.docgen import make_docx

PUTUO_2024 = ROOT / "tests" / "corpus" / "07_shanghai_putuo_2024_zwgk_yaodian.txt"
LEAD = 8
ASK = "确认前不会写入任何数据，预览 24 小时内有效。回复“确认导入 {n}”导入，“取消导入 {n}”放弃"


async def send_file(bot: Bot, chat: int, user: int, name: str, data: bytes, caption: str = "",
                    chat_type: str = "private", size: int | None = None) -> dict:
    """Send a document and wait for the one reply it gets; the sent message's parameters."""
    before = len(bot.api.sent(chat_id=chat))
    bot.api.document(chat, user, name, data, caption=caption, chat_type=chat_type, size=size)
    return (await bot.replies(chat, before + 1))[before]


async def press(bot: Bot, chat: int, user: int, data: str, replies: int = 1) -> tuple[str, list[str]]:
    """Press a button; the notice and the `replies` messages it brought."""
    before = len(bot.api.sent(chat_id=chat))
    answered = len(bot.api.sent("answerCallbackQuery"))
    bot.api.press(chat, user, data)
    notices = await asyncio.to_thread(bot.api.wait_for, answered + 1, "answerCallbackQuery")
    sent = (await bot.replies(chat, before + replies))[before:] if replies else []
    return notices[-1]["text"], [m["text"] for m in sent]


def buttons(message: dict) -> list[tuple[str, str]]:
    """The (label, data) of a message's inline keyboard."""
    markup = message.get("reply_markup") or {"inline_keyboard": []}
    return [(b["text"], b["callback_data"]) for row in markup["inline_keyboard"] for b in row]


async def plans(bot: Bot) -> int:
    async with bot.store.sessions() as session:
        return await session.scalar(select(func.count(Plan.id))) or 0


async def test_a_docx_plan_is_previewed_then_imported_when_confirmed(bot: Bot, tmp_path) -> None:
    lines = PUTUO_2024.read_text(encoding="utf-8").split("\n")
    data = make_docx(tmp_path / "plan.docx", lines).read_bytes()
    before = await plans(bot)
    preview = await send_file(bot, ADMIN, ADMIN, "2024年普陀区政务公开工作要点.docx", data)
    assert preview["text"] == "\n".join([
        "导入预览（第1号）：《2024年普陀区政务公开工作要点.docx》",
        "普陀区 2024年 · 文号：未识别 · 共 6 项任务",
        "任务库中还没有普陀区2024年的计划：确认后新建。",
        "有提示的任务 1 项：",
        "　第6项：未识别出责任单位，记为发文单位",
        "提示：计划未写完成时限：各项任务按全年计（2024年12月31日）",
        ASK.format(n=1),
    ])
    (confirm, _), (cancel, _) = buttons(preview)
    assert (confirm, cancel) == ("确认导入", "取消")
    assert await plans(bot) == before  # nothing in the store until the button is pressed
    data_confirm = buttons(preview)[0][1]
    notice, sent = await press(bot, ADMIN, ADMIN, data_confirm)
    assert sent == ["已导入《2024年普陀区政务公开工作要点.docx》：普陀区 2024年，共 6 项任务（新建）。"]
    assert await plans(bot) == before + 1
    # pressed again: stale, nothing more
    assert await press(bot, ADMIN, ADMIN, data_confirm, replies=0) == (
        "按钮已失效：第1号导入已确认、已取消或已过期。如需导入，请重新发送文件。", [])
    # the same file again: previewed as identical, confirmed as 无变化
    again = await send_file(bot, ADMIN, ADMIN, "2024年普陀区政务公开工作要点.docx", data)
    assert again["text"].split("\n")[2] == "与任务库中普陀区2024年的计划完全相同：导入不会有任何变化。"
    _, sent = await press(bot, ADMIN, ADMIN, buttons(again)[0][1])
    assert sent == ["《2024年普陀区政务公开工作要点.docx》与任务库中普陀区2024年的计划相同：无变化。"]
    assert await plans(bot) == before + 1


async def test_a_lead_cancels_and_forged_buttons_change_nothing(bot: Bot) -> None:
    code = await invite(bot, "普陀区 lead")
    (bound,) = await bot.say(LEAD, LEAD, f"/bind {code}", chat_type="private")
    assert bound.startswith("绑定成功")
    preview = await send_file(bot, LEAD, LEAD, "putuo-2024.txt", PUTUO_2024.read_bytes())
    assert preview["text"].startswith("导入预览（第1号）：《putuo-2024.txt》\n普陀区 2024年")
    confirm, cancel = (d for _, d in buttons(preview))
    forged = [confirm.replace("i:1|", "i:2|"), "i:1|000000000000", "w:1|" + confirm.split("|")[1]]
    for data in forged:
        assert await press(bot, LEAD, LEAD, data, replies=0) == ("按钮已失效，请重新查询后再操作。", [])
    # the lead's button pressed in the administrator's chat is not signed for it
    assert await press(bot, ADMIN, ADMIN, confirm, replies=0) == ("按钮已失效，请重新查询后再操作。", [])
    before = await plans(bot)
    _, sent = await press(bot, LEAD, LEAD, cancel)
    assert sent == ["已取消第1号导入（《putuo-2024.txt》），没有写入任何数据。"]
    assert (await press(bot, LEAD, LEAD, confirm, replies=0))[1] == []
    assert await plans(bot) == before
    # the words work as well as buttons
    other = await send_file(bot, LEAD, LEAD, "changning-2025.txt", (SAMPLES / "changning-2025.txt").read_bytes())
    assert other["text"] == ("《changning-2025.txt》是长宁区的计划；本聊天绑定的是普陀区，只能导入普陀区的计划。"
                             "没有写入任何数据。")
    await send_file(bot, LEAD, LEAD, "putuo-2024.txt", PUTUO_2024.read_bytes())
    (done,) = await bot.say(LEAD, LEAD, "确认导入 2", chat_type="private")
    assert done == "已导入《putuo-2024.txt》：普陀区 2024年，共 6 项任务（新建）。"


async def test_files_that_are_refused(bot: Bot) -> None:
    code = await invite(bot, "普陀区 数据局 liaison")
    await bot.say(LIAISON, LIAISON, f"/bind {code}", chat_type="private")
    plan = PUTUO_2024.read_bytes()
    liaison = await send_file(bot, LIAISON, LIAISON, "putuo-2024.txt", plan)
    assert liaison["text"] == ("收到文件《putuo-2024.txt》。如是季度报告，请重新发送并附言「季度报告」"
                               "（可写明季度，如「三季度报告」）。")
    group = await send_file(bot, GROUP, ADMIN, "putuo-2024.txt", plan, caption="@duban_bot",
                            chat_type="group")
    assert group["text"] == "计划文件请在与我的私聊中发送：群里发送的文件不会导入。"
    big = await send_file(bot, ADMIN, ADMIN, "plan.docx", b"PK", size=25 * 1024 * 1024)
    assert big["text"] == "无法导入《plan.docx》：文件过大（25 MB），超过 20 MB 的上限。没有写入任何数据。"
    assert not [p for p in bot.api.sent("getFile")
                if p.get("file_id") in bot.api.too_big]  # beyond the Bot API's limit: not asked for
    png = await send_file(bot, ADMIN, ADMIN, "截图.png", b"\x89PNG\r\n\x1a\n0000")
    assert png["text"] == ("无法导入《截图.png》：不支持的文件类型：.png（支持 .txt、.csv、.docx、.xlsx、.pdf）。"
                           "没有写入任何数据。")
    empty = await send_file(bot, ADMIN, ADMIN, "空计划.txt", "2025年普陀区政务公开工作要点\n".encode())
    assert empty["text"] == ("无法导入《空计划.txt》：文件中没有找到任务（既没有任务分解表，也没有编号的任务条目）。"
                             "没有写入任何数据。")
    async with bot.store.sessions() as session:
        assert await session.scalar(select(func.count(PendingImport.id))) == 0
        assert await session.scalar(select(func.count(Task.id))) > 0
