"""Conversations with the real Telegram Application over the loopback Bot API."""

from __future__ import annotations

import asyncio
import re

from sqlalchemy import select

from store.models import QuarterlyReport
from tests.adapters.conftest import ADMIN, Bot
from tests.conftest import sources

GROUP, LEAD_CHAT = -100, -200
LIAISON, LEAD, STRANGER = 7, 8, 9


async def invite(bot: Bot, args: str) -> str:
    """An invite code from the administrator's private chat."""
    (text,) = await bot.say(ADMIN, ADMIN, f"/invite {args}", chat_type="private")
    m = re.search(r"邀请码：([A-Z0-9]{8})", text)
    assert m, text
    return m[1]


async def bind_liaison(bot: Bot) -> None:
    code = await invite(bot, "普陀区 数据局 liaison")
    (text,) = await bot.say(GROUP, LIAISON, f"/bind {code}")
    assert text == "绑定成功：本聊天已绑定为 普陀区数据局（联络员）。发送「我的任务」或 /help 开始使用。"


async def test_unbound_chat_gets_no_task_content(bot: Bot) -> None:
    (text,) = await bot.say(GROUP, STRANGER, "@duban_bot 普陀区本月任务")
    assert text.startswith("本聊天还没有绑定单位，暂不能查看任务。")
    (help_text,) = await bot.say(GROUP, STRANGER, "/help")
    assert help_text.startswith("我是督办助手")
    (refused,) = await bot.say(GROUP, STRANGER, "/invite 普陀区 数据局")
    assert refused == "只有管理员可以这样做。"


async def test_invite_bind_and_ask_in_a_group(bot: Bot) -> None:
    await bind_liaison(bot)
    # Not addressed to the bot: no reply. Addressed by @mention: a reply.
    bot.api.message(GROUP, LIAISON, "大家下午好")
    (text,) = await bot.say(GROUP, LIAISON, "@duban_bot 普陀区数据局10月任务")
    assert text.startswith("【普陀区 2025年】区数据局 · 2025年10月，共 1 项\n第22项")
    assert len(bot.api.sent(chat_id=GROUP)) == 2  # the bind confirmation and this answer
    (who,) = await bot.say(GROUP, LIAISON, "/whoami")
    assert who == "本聊天的绑定：\n· 普陀区数据局（联络员）"
    (used,) = await bot.say(-300, STRANGER, "/bind " + "ZZZZZZZZ")
    assert used == "邀请码不存在，请核对后重试。"


async def test_done_command_and_buttons(bot: Bot) -> None:
    await bind_liaison(bot)
    (saved,) = await bot.say(GROUP, LIAISON, "/done 22 已在官网公开")
    assert saved == "已记录：普陀区 2025年 第22项，区数据局 已完成（已在官网公开）。"
    before = len(bot.api.sent(chat_id=GROUP))
    bot.api.message(GROUP, LIAISON, "/task 12")
    (detail,) = (await bot.replies(GROUP, before + 1))[before:]
    buttons = detail["reply_markup"]["inline_keyboard"][0]
    assert [b["text"] for b in buttons] == ["进行中", "已完成", "申请延期"]
    bot.api.press(GROUP, LIAISON, buttons[1]["callback_data"])
    answers = await asyncio.to_thread(bot.api.wait_for, 1, "answerCallbackQuery")
    assert answers[0]["text"] == "已记录"
    (confirm,) = (await bot.replies(GROUP, before + 2))[before + 1:]
    assert confirm["text"] == "已记录：普陀区 2025年 第12项，区数据局 已完成。"
    # A forged button changes nothing.
    bot.api.press(GROUP, LIAISON, "p:1:d|000000000000")
    answers = await asyncio.to_thread(bot.api.wait_for, 2, "answerCallbackQuery")
    assert answers[1]["text"] == "按钮已失效，请重新查询后再操作。"
    (mine,) = await bot.say(GROUP, LIAISON, "普陀区数据局已完成的任务 @duban_bot")
    assert re.findall(r"^第(\d+)项", mine, re.M) == ["12", "22"]


async def test_extension_request_and_approval(bot: Bot) -> None:
    await bind_liaison(bot)
    code = await invite(bot, "普陀区 lead")
    (bound,) = await bot.say(LEAD_CHAT, LEAD, f"/bind {code}")
    assert bound == "绑定成功：本聊天已绑定为 普陀区（区府办负责人）。发送「我的任务」或 /help 开始使用。"
    (late,) = await bot.say(GROUP, LIAISON, "@duban_bot 我的逾期任务")
    assert "第22项" in late
    (sent,) = await bot.say(GROUP, LIAISON, "@duban_bot 延期 22 2025-11-30 需等待上级文件")
    assert sent == "已提交第22项延期申请（至 2025-11-30），等待区府办审核。"
    request = (await bot.replies(LEAD_CHAT, 2))[1]
    assert request["text"].startswith("【延期申请】普陀区 2025年 第22项\n单位：区数据局\n原定：2025-10-31　申请至：2025-11-30")
    approve = request["reply_markup"]["inline_keyboard"][0][0]
    assert approve["text"] == "同意"
    # The liaison cannot use the lead's button (signed for the lead's chat).
    bot.api.press(GROUP, LIAISON, approve["callback_data"])
    answers = await asyncio.to_thread(bot.api.wait_for, 1, "answerCallbackQuery")
    assert answers[0]["text"] == "按钮已失效，请重新查询后再操作。"
    bot.api.press(LEAD_CHAT, LEAD, approve["callback_data"])
    approved = "【延期已同意】普陀区 2025年 第22项，区数据局 的完成日期改为 2025-11-30。"
    assert (await bot.replies(LEAD_CHAT, 3))[2]["text"] == approved
    liaison_msgs = await bot.replies(GROUP, 4)
    assert liaison_msgs[3]["text"] == approved
    (after,) = await bot.say(GROUP, LIAISON, "@duban_bot 我的逾期任务")
    assert "第22项" not in after


async def test_summary_is_for_leads(bot: Bot) -> None:
    await bind_liaison(bot)
    (refused,) = await bot.say(GROUP, LIAISON, "/summary")
    assert refused == "进度统计和台账导出仅对区府办负责人和管理员开放。"
    code = await invite(bot, "普陀区 lead")
    await bot.say(LEAD_CHAT, LEAD, f"/bind {code}")
    (summary,) = await bot.say(LEAD_CHAT, LEAD, "/summary")
    assert summary.startswith("【普陀区 2025年】进度统计：共 31 项任务")


async def bind_lead(bot: Bot) -> None:
    code = await invite(bot, "普陀区 lead")
    await bot.say(LEAD_CHAT, LEAD, f"/bind {code}")


async def test_lead_summary_comes_with_a_chart(bot: Bot) -> None:
    await bind_lead(bot)
    (summary,) = await bot.say(LEAD_CHAT, LEAD, "/summary")
    assert summary.splitlines()[1] == "序号 单位｜任务｜已完成｜进行中｜逾期｜完成率"
    (photo,) = await asyncio.to_thread(bot.api.wait_for, 1, "sendPhoto", LEAD_CHAT)
    png = photo["photo"]["bytes"]
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 2000


async def test_export_sends_a_ledger(bot: Bot) -> None:
    import io

    from openpyxl import load_workbook

    await bind_liaison(bot)
    (refused,) = await bot.say(GROUP, LIAISON, "/export")
    assert refused == "进度统计和台账导出仅对区府办负责人和管理员开放。"
    await bot.say(GROUP, LIAISON, "/done 22 已公开")
    await bind_lead(bot)
    (text,) = await bot.say(LEAD_CHAT, LEAD, "/export")
    assert text.startswith("已生成 普陀区 2025年任务台账：")
    (doc,) = await asyncio.to_thread(bot.api.wait_for, 1, "sendDocument", LEAD_CHAT)
    assert doc["document"]["filename"] == "普陀区2025年政务公开任务台账.xlsx"
    sheet = load_workbook(io.BytesIO(doc["document"]["bytes"])).active
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header == ["区/镇", "年度", "序号", "领域", "工作内容", "责任单位", "角色", "完成时限", "截止日期",
                      "状态", "最新说明", "更新时间"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == int(re.search(r"：(\d+) 行", text)[1])
    row22 = [r for r in rows if r[2] == 22]
    # #22 is given to 各部门 and 各街道（镇）: a row for each department, street and town of the
    # roster (33 departments, 8 streets, 2 towns), none for the collectives themselves.
    by_unit = {r[5]: (r[6], r[9], r[10]) for r in row22}
    assert len(row22) == len(by_unit) == 43 and not {"各部门", "各街道（镇）"} & set(by_unit)
    assert by_unit["区数据局"] == ("通过各部门", "已完成", "已公开")
    assert by_unit["万里街道"] == ("通过各街道（镇）", "未开始（逾期）", None)
    assert by_unit["区体育局"] == ("通过各部门", "未开始（逾期）", None)


async def test_long_replies_are_split(bot: Bot) -> None:
    before = len(bot.api.sent(chat_id=ADMIN))
    bot.api.message(ADMIN, ADMIN, "/tasks 松江区2024年任务全部", chat_type="private")
    sent = await bot.replies(ADMIN, before + 2)
    parts = [m["text"] for m in sent[before:]]
    assert all(len(p) <= 4096 for p in parts)
    assert parts[0].startswith("【松江区 2024年】共 51 项")
    assert "第51项" in parts[-1]


async def test_leads_and_liaisons_stay_in_their_org(bot: Bot) -> None:
    await bind_lead(bot)
    (text,) = await bot.say(LEAD_CHAT, LEAD, "/tasks 长宁区10月任务")
    assert text == "本聊天绑定的是普陀区，只能查看普陀区的任务。"


async def test_blocked_bot_ends_the_binding_and_tells_admins(bot: Bot) -> None:
    await bind_liaison(bot)
    bot.api.fail["sendMessage"] = [{"error_code": 403, "description": "Forbidden: bot was kicked from the group chat"}]
    bot.api.message(GROUP, LIAISON, "@duban_bot 我的任务")
    notices = await bot.replies(ADMIN, 2)  # the invite, then the notice
    assert notices[1]["text"] == "提醒：机器人已被移出或屏蔽，聊天 -100 的绑定（普陀区区数据局）已停用。"
    (unbound,) = await bot.say(GROUP, LIAISON, "@duban_bot 我的任务")
    assert unbound.startswith("本聊天还没有绑定单位")


async def test_rate_limit_answers_are_waited_out(bot: Bot) -> None:
    await bind_liaison(bot)
    bot.api.fail["sendMessage"] = [{"error_code": 429, "description": "Too Many Requests: retry after 1",
                                    "parameters": {"retry_after": 1}}]
    before = len(bot.api.sent(chat_id=GROUP))
    bot.api.message(GROUP, LIAISON, "@duban_bot 第22项")
    attempts = (await bot.replies(GROUP, before + 2))[before:]
    # Refused once with 429, sent again after the wait.
    assert [a["text"][:16] for a in attempts] == ["【普陀区 2025年 第22项】"] * 2


async def test_one_bad_update_does_not_stop_the_bot(bot: Bot) -> None:
    service = bot.adapter.service
    real = service.on_message
    broken = True

    async def fails_once(*args, **kwargs):  # the store going away mid-update, say
        nonlocal broken
        if broken:
            broken = False
            raise RuntimeError("boom")
        return await real(*args, **kwargs)

    service.on_message = fails_once
    bot.api.message(GROUP, STRANGER, "/help")
    (text,) = await bot.say(GROUP, STRANGER, "/help")
    assert text.startswith("我是督办助手")
    assert len(bot.api.sent(chat_id=GROUP)) == 1


async def test_progress_note_keeps_its_link_as_evidence(bot: Bot) -> None:
    from sqlalchemy import select

    from store.models import Progress

    await bind_liaison(bot)
    (text,) = await bot.say(GROUP, LIAISON, "/progress 22 初稿见 https://Example.gov.cn/Doc/A1")
    assert text == "已记录：普陀区 2025年 第22项，区数据局 进行中（初稿见 https://Example.gov.cn/Doc/A1）。"
    async with bot.store.sessions() as session:
        record = (await session.scalars(select(Progress))).one()
    assert (record.status, record.note, record.evidence, record.actor) == (
        "in_progress", "初稿见 https://Example.gov.cn/Doc/A1", "https://Example.gov.cn/Doc/A1",
        "telegram:7")
    (mine,) = await bot.say(GROUP, LIAISON, "/mytasks")
    lines = mine.splitlines()
    assert lines[0] == "【普陀区 2025年】区数据局 · 未完成，共 25 项（按截止时间列出最近的 10 项）"
    assert lines[1].startswith("第20项") and lines[3].startswith("第22项")  # nearest due first
    assert lines[4] == "   区数据局（通过「各部门」）：进行中"


async def test_replies_to_the_bot_are_answered_in_groups(bot: Bot) -> None:
    await bind_liaison(bot)
    reply_to = {"message_id": 5, "date": 0, "text": "…", "chat": {"id": GROUP, "type": "group"},
                "from": bot.api.bot}
    before = len(bot.api.sent(chat_id=GROUP))
    bot.api.message(GROUP, LIAISON, "第22项", reply_to=reply_to)
    (detail,) = (await bot.replies(GROUP, before + 1))[before:]
    assert detail["text"].startswith("【普陀区 2025年 第22项】")


async def test_extension_button_explains_and_lead_can_reject(bot: Bot) -> None:
    await bind_liaison(bot)
    await bind_lead(bot)
    before = len(bot.api.sent(chat_id=GROUP))
    bot.api.message(GROUP, LIAISON, "/task 12")
    detail = (await bot.replies(GROUP, before + 1))[before]
    extend = detail["reply_markup"]["inline_keyboard"][0][2]
    bot.api.press(GROUP, LIAISON, extend["callback_data"])
    how = (await bot.replies(GROUP, before + 2))[before + 1]
    assert how["text"].startswith("申请延期第12项：请发送「延期 12 新的完成日期 理由」")
    await bot.say(GROUP, LIAISON, "/extend 12 2026-01-31 数据量大")
    request = (await bot.replies(LEAD_CHAT, 2))[1]
    reject = request["reply_markup"]["inline_keyboard"][0][1]
    assert reject["text"] == "驳回"
    bot.api.press(LEAD_CHAT, LEAD, reject["callback_data"])
    rejected = "【延期未同意】普陀区 2025年 第12项，区数据局 仍按原定 2025-12-31 完成。"
    assert (await bot.replies(LEAD_CHAT, 3))[2]["text"] == rejected
    bot.api.press(LEAD_CHAT, LEAD, reject["callback_data"])  # pressed twice: nothing more
    answers = await asyncio.to_thread(bot.api.wait_for, 3, "answerCallbackQuery")
    assert answers[2]["text"] == "该申请已处理过了。"


async def test_network_errors_are_retried(bot: Bot) -> None:
    bot.api.fail["sendMessage"] = [{"error_code": 502, "description": "Bad Gateway"}]
    before = len(bot.api.sent(chat_id=GROUP))
    bot.api.message(GROUP, STRANGER, "/help")
    attempts = (await bot.replies(GROUP, before + 2))[before:]
    assert [a["text"][:6] for a in attempts] == ["我是督办助手"] * 2


async def test_reminder_digest_with_buttons(bot: Bot) -> None:
    from datetime import date, datetime, time
    from zoneinfo import ZoneInfo

    from bot.scheduler.service import ReminderService

    await bind_liaison(bot)
    service = bot.adapter.service
    shanghai = ZoneInfo("Asia/Shanghai")
    reminders = ReminderService(
        sources(service.answerer), bot.adapter.send_digest, service.digest_buttons,
        "telegram", time(9, 0), lambda: date(2025, 10, 22),
        lambda: datetime(2025, 10, 22, 9, 0, tzinfo=shanghai))
    before = len(bot.api.sent(chat_id=GROUP))
    assert await reminders.daily() == 1
    digest = (await bot.replies(GROUP, before + 1))[before]
    lines = digest["text"].splitlines()
    assert lines[0] == "【督办提醒】2025-10-22"
    assert "1. 到期提醒：普陀区 第22项（区数据局），截止 2025-10-31" in lines
    buttons = digest["reply_markup"]["inline_keyboard"][0]
    assert [b["text"] for b in buttons] == ["第22项 进行中", "第22项 已完成"]
    assert await reminders.daily() == 0  # computed again: nothing sent twice
    bot.api.press(GROUP, LIAISON, buttons[1]["callback_data"])
    confirm = (await bot.replies(GROUP, before + 2))[before + 1]
    assert confirm["text"] == "已记录：普陀区 2025年 第22项，区数据局 已完成。"


async def test_a_quarterly_report_file_in_a_group(bot: Bot) -> None:
    code = await invite(bot, "长宁区 教育局 liaison")
    await bot.say(GROUP, LIAISON, f"/bind {code}")
    data = "三季度政务公开工作情况报告……".encode() * 100
    before = len(bot.api.sent(chat_id=GROUP))
    bot.api.document(GROUP, LIAISON, "教育局三季度报告.docx", data, caption="三季度报告")
    (reply,) = [m["text"] for m in (await bot.replies(GROUP, before + 1))[before:]]
    assert reply.startswith("已收到长宁区教育局2025年第三季度报告（文件《教育局三季度报告.docx》4 KB），")
    async with bot.store.sessions() as session:
        row = (await session.scalars(select(QuarterlyReport))).one()
    assert (row.unit, row.quarter, row.file_name, row.file_data) == (
        "区教育局", 3, "教育局三季度报告.docx", data)
    # a file without a word about it is not taken for a report
    bot.api.document(GROUP, LIAISON, "照片.zip", b"zip", caption="@duban_bot")
    hint = (await bot.replies(GROUP, before + 2))[before + 1]
    assert hint["text"].startswith("收到文件《照片.zip》。如是季度报告，请重新发送并附言「季度报告」")


async def test_a_webhook_update_posted_twice_is_answered_once(seeded_store) -> None:
    import socket
    from datetime import UTC, datetime

    import httpx

    from bot.adapters.telegram.adapter import TelegramAdapter
    from bot.handlers.answer import Answerer
    from bot.handlers.chat import ChatService
    from store.models import InboundMessage
    from tests.adapters.conftest import TODAY
    from tests.fakes.telegram_api import TOKEN, FakeBotAPI

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    store = await seeded_store()
    api = FakeBotAPI().start()
    service = ChatService(Answerer(store), {f"telegram:{ADMIN}"}, b"test-secret")
    adapter = TelegramAdapter(service, TOKEN, api.base_url, lambda: TODAY,
                              lambda: datetime(2025, 11, 5, 2, 0, tzinfo=UTC),
                              webhook={"listen": "127.0.0.1", "port": port, "url_path": "telegram",
                                       "webhook_url": "https://duban.example.gov.cn/telegram",
                                       "secret_token": "hook-secret"})
    await adapter.start(serve=True)
    update = {"update_id": 501, "message": {
        "message_id": 1, "date": 0, "text": "/help", "chat": {"id": 5, "type": "private"},
        "from": {"id": 5, "is_bot": False, "first_name": "x"}}}
    try:
        async with httpx.AsyncClient() as client:
            for _ in range(2):  # Telegram did not see the first 200 and sends the update again
                ok = await client.post(f"http://127.0.0.1:{port}/telegram", json=update,
                                       headers={"X-Telegram-Bot-Api-Secret-Token": "hook-secret"})
                assert ok.status_code == 200
                await asyncio.to_thread(api.wait_for, 1, "sendMessage", 5)
            other = {**update, "update_id": 502}
            await client.post(f"http://127.0.0.1:{port}/telegram", json=other,
                              headers={"X-Telegram-Bot-Api-Secret-Token": "hook-secret"})
        replies = await asyncio.to_thread(api.wait_for, 2, "sendMessage", 5)
        assert len(replies) == 2  # 501 once, 502 once
        assert all(r["text"].startswith("我是督办助手") for r in replies)
    finally:
        await adapter.stop()  # the updates in hand are finished first
        api.stop()
    assert len(api.sent("sendMessage", 5)) == 2
    async with store.sessions() as session:
        rows = (await session.scalars(select(InboundMessage).where(
            InboundMessage.platform == "telegram"))).all()
    assert sorted(r.msg_id for r in rows) == ["1000:501", "1000:502"]
    assert all(r.answered_at is not None for r in rows)


async def test_button_data_that_does_not_decode_is_answered_stale(bot: Bot) -> None:
    await bind_liaison(bot)
    forged = ["p:1:d|ü00000000000", "进行中", "p:1:d|0000", "p:1", "|", "", "x" * 64]
    for n, data in enumerate(forged, 1):
        bot.api.press(GROUP, LIAISON, data)
        answers = await asyncio.to_thread(bot.api.wait_for, n, "answerCallbackQuery")
        assert answers[-1]["text"] == "按钮已失效，请重新查询后再操作。", data


async def test_only_an_administrator_or_the_binder_may_unbind_a_group(bot: Bot) -> None:
    await bind_liaison(bot)  # bound by LIAISON
    refused = "只有本群的管理员、绑定本群的人或督办管理员可以解除本群的绑定。"
    assert await bot.say(GROUP, STRANGER, "/unbind") == [refused]
    (who,) = await bot.say(GROUP, STRANGER, "/whoami")
    assert who == "本聊天的绑定：\n· 普陀区数据局（联络员）"  # still bound
    bot.api.chat_admins.add((GROUP, STRANGER))  # made an administrator of the group
    assert await bot.say(GROUP, STRANGER, "/unbind") == ["已解除本聊天的 1 个绑定。"]
    await bind_liaison(bot)
    assert await bot.say(GROUP, LIAISON, "/unbind") == ["已解除本聊天的 1 个绑定。"]  # the binder
    await bind_liaison(bot)
    assert await bot.say(GROUP, ADMIN, "/unbind") == ["已解除本聊天的 1 个绑定。"]  # duban admin
    code = await invite(bot, "普陀区 数据局 liaison")
    (bound,) = await bot.say(STRANGER, STRANGER, f"/bind {code}", chat_type="private")
    assert bound.startswith("绑定成功")
    # One's own private chat: nobody else's to protect.
    assert await bot.say(STRANGER, STRANGER, "/unbind", chat_type="private") == ["已解除本聊天的 1 个绑定。"]


async def test_wrong_bind_codes_are_throttled_per_chat(bot: Bot) -> None:
    for n in range(5):
        assert await bot.say(-300, STRANGER, f"/bind WRONG00{n}") == ["邀请码不存在，请核对后重试。"]
    cooldown = "本聊天 1 小时内已输错 5 次邀请码，请 60 分钟后再试，或向管理员核对邀请码。"
    code = await invite(bot, "普陀区 数据局 liaison")
    assert await bot.say(-300, STRANGER, f"/bind {code}") == [cooldown]  # not even a right one
    assert await bot.say(-300, LIAISON, "/bind WRONG009") == [cooldown]  # per chat, not per user
    (other,) = await bot.say(-400, STRANGER, f"/bind {code}")  # another chat is not held up
    assert other.startswith("绑定成功")


async def test_a_restarted_poller_handed_answered_updates_again_drops_them(bot: Bot) -> None:
    from datetime import UTC, datetime

    from bot.adapters.telegram.adapter import TelegramAdapter
    from tests.adapters.conftest import TODAY
    from tests.fakes.telegram_api import TOKEN

    (first,) = await bot.say(5, 5, "/help", chat_type="private")
    await bot.adapter.app.updater.stop()  # the process ends; Telegram keeps the update
    await bot.adapter.app.stop()
    # The next process polls from the start (no offset): the fake hands update 1 over again.
    again = TelegramAdapter(bot.adapter.service, TOKEN, bot.api.base_url, lambda: TODAY,
                            lambda: datetime(2025, 11, 5, 2, 0, tzinfo=UTC))
    await again.start(serve=True, poll_timeout=1)
    try:
        (second,) = await bot.say(5, 5, "/whoami", chat_type="private")
    finally:
        await again.stop()
        await bot.adapter.app.start()  # for the fixture's teardown
        await bot.adapter.app.updater.start_polling(poll_interval=0.0, timeout=1)
    assert [m["text"] for m in bot.api.sent("sendMessage", 5)] == [first, second]
    assert second == "本聊天还没有绑定单位。"
