"""A liaison's chat speaks for its unit: the questions of issue 13's findings, asked in bound
chats over the sample plans, with the task sets and numbers worked out from the plans by hand.

长宁区 2025: 区教育局 holds every task given to 各部门 (1–13, 15, 18, 20, 21, 25–27, 30, 32, 33)
and 第14项 by name: 24 tasks, none reported. On 2025-10-22 (a Wednesday) 第32项 (5月), 第10项
(6月) and 第20项 (8月) are overdue; 下周 is Oct 27 – Nov 2, holding the 10月 tasks 9, 22, 23, 25,
28, of which 9 and 25 are the bureau's (22: 各承办单位, 23: named units, 28: 各有关单位).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.chat import Incoming
from bot.handlers.answer import Answerer
from bot.handlers.chat import ChatService
from tests.conftest import SeededStore

TODAY = date(2025, 10, 22)
NOW = datetime(2025, 10, 22, 2, 0, tzinfo=UTC)
EDU = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 18, 20, 21, 25, 26, 27, 30, 32, 33]
ADMIN = "7"  # the administrator's user id (in a chat of its own, bound to nothing)
CHATS = {
    "edu": ("长宁区", "区教育局", "liaison", "telegram", "-101"),
    "sport": ("长宁区", "区体育局", "liaison", "telegram", "-102"),
    "office": ("长宁区", "区府办", "liaison", "telegram", "-103"),
    "lead": ("长宁区", None, "lead", "telegram", "-104"),
    "data": ("普陀区", "区数据局", "liaison", "telegram", "-105"),
    "town": ("华亭镇", "华亭镇", "liaison", "telegram", "-106"),
}


class Chats:
    """Bound chats over a private copy of the samples; `say` answers as one of them."""

    def __init__(self, service: ChatService) -> None:
        self.service = service

    async def say(self, who: str, text: str, now: datetime = NOW):
        chat = CHATS[who][4] if who in CHATS else who
        msg = Incoming("telegram", chat, "group", "8" if who in CHATS else ADMIN, text)
        handled = await self.service.handle(msg, now.date(), now)
        (reply,) = handled.replies
        return handled.query, reply


@pytest.fixture
async def chats(seeded_store: SeededStore) -> Chats:
    store = await seeded_store(*CHATS.values())
    return Chats(ChatService(Answerer(store), admins=[f"telegram:{ADMIN}"], secret=b"test"))


def seqs(reply) -> list[int]:
    return sorted(t.seq for t in reply.tasks)


@pytest.mark.parametrize(("who", "text", "expected"), [
    # Lists, overdue and due soon name no unit: the bound unit's.
    ("edu", "下周要交啥", [9, 25]),
    ("edu", "我们下周要交啥", [9, 25]),
    ("edu", "哪些还没完成", EDU),
    ("edu", "逾期的任务", [10, 20, 32]),
    ("edu", "有没有快到期的", []),
    ("edu", "10月底前要完成哪些", [9, 25]),
    ("edu", "本单位这个月有啥任务", [9, 25]),
    ("edu", "咱们单位今年一共有几项任务", EDU),
    # 「全区」「所有单位」 or another unit widens it.
    ("edu", "全区下周要交啥", [9, 22, 23, 25, 28]),
    ("edu", "所有单位逾期的任务", [10, 20, 32]),
    ("edu", "区发改委10月任务", [9, 23, 25]),
    # A lead's chat is about the whole org.
    ("lead", "下周要交啥", [9, 22, 23, 25, 28]),
    # Topics without 搜索; the unit's own first.
    ("edu", "政府开放月的任务", [20]),
    ("edu", "帮我查下政务公开专栏的任务", [1, 25]),
    ("lead", "政务公开专区", [28]),
    ("lead", "12345热线那个事谁负责", [11]),
    ("edu", "关于数据开放的", []),
    # Role filters: 区府办 leads 3, 4, 6, 9 … and supports only 18 (through 各部门).
    ("office", "我们配合的任务", [18]),
    ("office", "我们牵头的任务", [3, 4, 6, 9, 10, 11, 16, 20, 22, 25, 26, 27, 28, 30]),
])
async def test_questions_of_a_bound_chat_select_exact_tasks(chats: Chats, who: str, text: str,
                                                             expected: list[int]) -> None:
    _, reply = await chats.say(who, text)
    assert seqs(reply) == expected, reply.text


async def test_the_findings_are_answered_for_the_unit(chats: Chats) -> None:
    _, reply = await chats.say("edu", "下周要交啥")
    assert reply.text.splitlines()[0] == "【长宁区 2025年】区教育局 · 2025年10月27日至11月2日，共 2 项"
    _, count = await chats.say("edu", "还有几项没做完")
    assert count.text.splitlines()[:2] == [
        "【长宁区 2025年】区教育局 · 未完成，共 24 项：已完成 0 项，进行中 0 项，未开始 24 项，逾期 3 项。",
        "最近到期的 3 项：",
    ]
    assert [line[:5] for line in count.text.splitlines()[2::2]] == ["第32项〔", "第10项〔", "第20项〔"]
    _, thanks = await chats.say("edu", "谢谢")
    assert thanks.text == "不客气！有需要随时问我。"
    _, hello = await chats.say("edu", "你好")
    assert hello.text.startswith("您好！我是督办助手。") and len(hello.text.splitlines()) == 1


async def test_when_questions_give_dates_and_workdays_left(chats: Chats) -> None:
    _, seq = await chats.say("edu", "第25项什么时候截止")
    assert seq.text.splitlines()[-1] == "   ⏰ 还有 9 天（7 个工作日），截止10月31日"
    _, report = await chats.say("edu", "季度报告什么时候交")
    assert seqs(report) == [33]
    assert report.text.splitlines()[-1] == "   ⏰ 每季度报送，本季度还有 70 天（50 个工作日），截止12月31日"
    _, month = await chats.say("edu", "政府开放月啥时候搞")
    assert seqs(month) == [20] and month.text.splitlines()[-1] == "   ⏰ 已逾期 52 天（截止8月31日）"
    _, left = await chats.say("edu", "还有多少天到期")
    lines = left.text.splitlines()
    assert seqs(left) == EDU and lines[0].endswith("共 24 项（按截止时间列出最近的 10 项）")
    assert "   ⏰ 还有 9 天（7 个工作日），截止10月31日" in lines


async def test_yes_or_no_about_a_task(chats: Chats) -> None:
    _, yes = await chats.say("edu", "第14项是我们的吗")
    assert yes.text.splitlines()[0] == "是的，第14项是区教育局的任务（负责）。"
    _, via = await chats.say("edu", "第9项跟我们有关吗")
    assert via.text.splitlines()[0] == "是的，区教育局通过「各部门」承担第9项（配合）。"
    _, no = await chats.say("sport", "第14项是我们的吗")
    assert no.text.splitlines()[0] == (
        "不是，第14项的责任单位是区发改委、区教育局、区建管委、区卫健委、区房管局，不包括区体育局。")


async def test_a_topic_no_task_mentions_is_said_so(chats: Chats) -> None:
    _, reply = await chats.say("edu", "关于数据开放的")
    assert reply.tasks == []
    assert reply.text.splitlines()[0] == "【长宁区 2025年】区教育局，没有任务提到「数据开放」。"
    _, area = await chats.say("edu", "政务公开专区")  # 第28项 is not the bureau's: the org's, said so
    assert area.text.splitlines()[0] == "区教育局的任务中没有提到「政务公开专区」的；长宁区 2025年共有 1 项提到："


async def test_a_misspelt_unit_gets_the_closest_names_never_everyone(chats: Chats) -> None:
    _, reply = await chats.say("lead", "长宁教育据的任务")
    assert reply.tasks == []
    assert reply.text.splitlines()[0] == "没有找到『教育据』，您是说区教育局吗？"
    _, sound = await chats.say("lead", "卫建委有哪些任务")
    assert sound.text.splitlines()[0] == "没有找到『卫建委』，您是说区卫健委吗？"


async def test_follow_ups_continue_the_last_question(chats: Chats) -> None:
    _, first = await chats.say("telegram-admin", "长宁区10月任务")
    assert seqs(first) == [9, 22, 23, 25, 28]
    _, ninth = await chats.say("telegram-admin", "第9项")
    assert [(t.org, t.year, t.seq) for t in ninth.tasks] == [("长宁区", 2025, 9)]
    _, late = await chats.say("telegram-admin", "那逾期的呢")
    assert [t.seq for t in late.tasks] == [20, 10, 32]  # 长宁区, most recently missed first
    _, other = await chats.say("telegram-admin", "那普陀区呢")
    assert {t.org for t in other.tasks} <= {"普陀区"}
    # 31 minutes later the chat has forgotten: with five plans, 「第9项」 asks which.
    _, forgot = await chats.say("telegram-admin", "第9项", NOW + timedelta(minutes=62))
    assert forgot.tasks == [] and forgot.text.startswith("请说明是哪个计划的第9项")


async def test_follow_ups_keep_the_plan_and_the_unit(chats: Chats) -> None:
    await chats.say("telegram-admin", "长宁区2021年3月任务")
    _, ninth = await chats.say("telegram-admin", "第9项")
    assert [(t.org, t.year, t.seq) for t in ninth.tasks] == [("长宁区", 2021, 9)]
    _, mine = await chats.say("edu", "下周要交啥")
    assert seqs(mine) == [9, 25]
    _, wide = await chats.say("edu", "那全区的呢")
    assert seqs(wide) == [9, 22, 23, 25, 28]
    await chats.say("lead", "长宁区区发改委的任务")
    _, late = await chats.say("lead", "那逾期的呢")  # 区发改委 holds 10, 20, 32 through 各部门
    assert [t.seq for t in late.tasks] == [20, 10, 32] and late.unit == "区发改委"


async def test_a_long_list_shows_the_nearest_ten_and_how_to_see_all(chats: Chats) -> None:
    _, reply = await chats.say("lead", "未完成的任务")
    lines = reply.text.splitlines()
    assert len(reply.tasks) == 33
    assert lines[0] == "【长宁区 2025年】未完成，共 33 项（按截止时间列出最近的 10 项）"
    assert [line.split("〔")[0] for line in lines[1:21:2]] == [
        "第32项", "第10项", "第20项", "第9项", "第22项", "第23项", "第25项", "第28项", "第1项", "第2项"]
    assert lines[-1] == "发送「长宁区未完成任务全部」查看其余 23 项。"
    _, everything = await chats.say("lead", "长宁区未完成任务全部")
    assert len(everything.tasks) == 33 and sum(line.startswith("第") for line in
                                               everything.text.splitlines()) == 33


async def test_a_period_counts_year_long_work_rather_than_listing_it(chats: Chats) -> None:
    _, reply = await chats.say("lead", "下半年的任务", NOW - timedelta(days=128))  # 2025-06-16
    assert [t.seq for t in reply.tasks] == [20, 9, 22, 23, 25, 28]
    assert reply.text.splitlines()[-1] == "另有 25 项全年任务，发送「长宁区全年任务」查看。"


async def test_a_liaisons_progress_question_gets_its_units_counts(chats: Chats) -> None:
    query, reply = await chats.say("edu", "我们的进度怎么样")
    assert query.intent == "tasks" and seqs(reply) == EDU
    assert reply.text.startswith("【长宁区 2025年】区教育局，共 24 项：已完成 0 项")
    _, refused = await chats.say("edu", "哪些单位逾期了")
    assert refused.text == "进度统计和台账导出仅对区府办负责人和管理员开放。"


# 普陀区 2025: 区数据局 holds 25 tasks (named on 12, 13, 15, 19, 31; the rest through 各部门), all
# year-long but 第20项 (8月) and 第22项 (10月底前); on 2025-11-05 both are overdue.
NOVEMBER = datetime(2025, 11, 5, 2, 0, tzinfo=UTC)
DATA = sorted([1, 2, 3, 5, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 27, 28, 31])


@pytest.mark.parametrize(("text", "expected", "line"), [
    ("咱们逾期了哪些", [20, 22], "【普陀区 2025年】区数据局 · 逾期，共 2 项"),
    ("逾期的有几项", [20, 22], "【普陀区 2025年】区数据局 · 逾期，共 2 项。"),
    ("第13项是不是我们的", [13], "是的，第13项是区数据局的任务（负责）。"),
    ("第4项和我们有关系吗", [4], "不是，第4项的责任单位是区府办、区司法局，不包括区数据局。"),
    ("年底前还有几项要做", [], "另有 23 项全年任务，发送「普陀区数据局全年任务」查看。"),
    ("12月有啥要交的", [], "另有 23 项全年任务，发送「普陀区数据局全年任务」查看。"),
    ("本单位还有哪些没搞定", DATA, "【普陀区 2025年】区数据局 · 未完成，共 25 项（按截止时间列出最近的 10 项）"),
])
async def test_another_plan_in_a_liaisons_words(chats: Chats, text: str, expected: list[int],
                                                line: str | None) -> None:
    _, reply = await chats.say("data", text, NOVEMBER)
    assert seqs(reply) == expected, reply.text
    if line is not None:
        assert line in reply.text.splitlines(), reply.text


async def test_a_long_search_shows_the_best_ten_and_how_to_see_all(chats: Chats) -> None:
    _, reply = await chats.say("lead", "信息公开的任务")  # 11 tasks hold the phrase
    lines = reply.text.splitlines()
    assert len(reply.tasks) == 11 and lines[0] == "【长宁区 2025年】与「信息公开」相关的任务 11 项（列出最相关的 10 项）"
    assert lines[-1] == "发送「长宁区全部关于信息公开的任务」查看其余 1 项。"
    _, everything = await chats.say("lead", "长宁区全部关于信息公开的任务")
    assert sorted(t.seq for t in everything.tasks) == sorted(t.seq for t in reply.tasks)
    assert sum(line.startswith("第") for line in everything.text.splitlines()) == 11


async def test_a_misspelt_org_gets_the_closest_org(chats: Chats) -> None:
    _, reply = await chats.say("telegram-admin", "普驼区本月任务")
    assert reply.tasks == [] and reply.text.splitlines()[0] == "没有找到『普驼区』，您是说普陀区吗？"


async def test_report_status_is_the_units_unless_widened(chats: Chats) -> None:
    _, own = await chats.say("edu", "三季度报送情况")
    assert own.text.splitlines()[0] == "长宁区教育局2025年第三季度报告尚未提交。"
    _, wide = await chats.say("edu", "全区三季度报送情况")
    assert wide.text.splitlines()[0] == "长宁区2025年第三季度报送情况（第33项）"


# 华亭镇 2025 (a town's own plan, every task its own): dated 第15、34项 (3月底前), 33 (4月底前), 19 (8月
# 底前), 25 (9月底前), 2 (10月底前), 17、18、23、29、31、32 (11月底前), the rest year-long. On Monday
# 2025-11-03 six are overdue; Nov 30 is a Sunday, so its due workday is Friday Nov 28.
TOWN_DAY = datetime(2025, 11, 3, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(("text", "expected", "line"), [
    ("这个月要交哪些", [17, 18, 23, 29, 31, 32], "【华亭镇 2025年】华亭镇 · 2025年11月，共 6 项"),
    ("还有几项没做完", list(range(1, 35)),
     "【华亭镇 2025年】华亭镇 · 未完成，共 34 项：已完成 0 项，进行中 0 项，未开始 34 项，逾期 6 项。"),
    ("11月底前要完成的有几项", [17, 18, 23, 29, 31, 32], None),
    ("第19项啥时候截止", [19], "   ⏰ 已逾期 64 天（截止8月31日）"),
    ("第17项还有几天", [17], "   ⏰ 还有 27 天（19 个工作日），截止11月30日"),
    ("本镇超期的有哪些", [2, 15, 19, 25, 33, 34], "【华亭镇 2025年】华亭镇 · 逾期，共 6 项"),
])
async def test_a_towns_own_plan_in_its_words(chats: Chats, text: str, expected: list[int],
                                             line: str | None) -> None:
    _, reply = await chats.say("town", text, TOWN_DAY)
    assert seqs(reply) == expected, reply.text
    if line is not None:
        assert line in reply.text.splitlines(), reply.text


async def test_yes_to_a_guess_answers_for_that_unit(chats: Chats) -> None:
    _, guess = await chats.say("lead", "教育据下周要交啥")
    assert guess.text.splitlines()[0] == "没有找到『教育据』，您是说区教育局吗？"
    _, yes = await chats.say("lead", "是的")
    assert seqs(yes) == [9, 25] and yes.unit == "区教育局"
    _, again = await chats.say("lead", "是的")  # nothing was asked: a short reply
    assert again.tasks == [] and again.text == "好的。有需要随时问我。"
