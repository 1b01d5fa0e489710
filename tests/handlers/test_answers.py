"""End-to-end answers over the five sample plans: exact task sets, replies and notices."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from bot.handlers.answer import Answerer
from bot.handlers.context import ChatContext
from tests.handlers import samples

JUNE = date(2025, 6, 16)
NOW = datetime(2025, 6, 16, 2, 0, tzinfo=UTC)

PUTUO_DEPARTMENTS = [2, 3, 5, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 20, 21, 22, 23, 24, 27, 28]


async def ask(answerer: Answerer, text: str, today: date = JUNE, ctx: ChatContext | None = None):
    query, reply = await answerer.answer(text, ctx or ChatContext(), today, NOW)
    return query, reply


def keys(reply) -> list[tuple[str, int, int]]:
    return [(t.org, t.year, t.seq) for t in reply.tasks]


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("普陀区8月任务", JUNE, [("普陀区", 2025, 20)]),
        ("普陀区数据局10月任务", JUNE, [("普陀区", 2025, 22)]),  # given to 各部门
        ("长宁区10月任务", JUNE, [("长宁区", 2025, s) for s in (9, 22, 23, 25, 28)]),
        ("华亭镇11月任务", JUNE, [("华亭镇", 2025, s) for s in (17, 18, 23, 29, 31, 32)]),
        ("嘉定区华亭镇3月底前的任务", date(2025, 3, 1), [("华亭镇", 2025, s) for s in (15, 34)]),
        ("长宁区本季度任务", JUNE, [("长宁区", 2025, 32), ("长宁区", 2025, 10)]),
        ("长宁区逾期任务", JUNE, [("长宁区", 2025, 32)]),
        ("长宁区即将到期的任务", date(2025, 6, 25), [("长宁区", 2025, 10)]),
        ("长宁区2021年3月任务", JUNE, [("长宁区", 2021, 10)]),
        ("长宁 2021 教育局 任务", JUNE,
         [("长宁区", 2021, s) for s in (1, 2, 3, 4, 5, 6, 10, 11, 13, 14, 16, 27)]),
        # A street holds what 各街道（镇） holds; 各有关单位 and 各承办单位 are not expanded.
        ("长宁区新华路街道10月任务", JUNE, [("长宁区", 2025, 9), ("长宁区", 2025, 25)]),
        ("普陀区司法局任务", JUNE, [("普陀区", 2025, s) for s in sorted([4, 19, *PUTUO_DEPARTMENTS])]),
        ("/tasks 普陀 教育局 8月", JUNE, [("普陀区", 2025, 20)]),
        # 区府办 directly or as one of 各部门; year-long work is counted, not listed.
        ("@duban_bot 请问普陀区府办下半年有哪些任务？谢谢", JUNE, [("普陀区", 2025, s) for s in [20, 22]]),
        ("松江区2024年8月任务", JUNE, [("松江区", 2024, 45)]),
    ],
)
async def test_task_lists_select_exact_tasks(answerer: Answerer, text: str, today: date,
                                             expected: list[tuple[str, int, int]]) -> None:
    _, reply = await ask(answerer, text, today)
    assert keys(reply) == expected


async def test_month_answer_mentions_year_long_work(answerer: Answerer) -> None:
    _, reply = await ask(answerer, "普陀区8月任务")
    assert reply.text.splitlines() == [
        "【普陀区 2025年】2025年8月，共 1 项",
        "第20项〔8月，截止8月31日〕以“优化营商环境”为主题，开展“政府开放月”活动，扩大政府开放活动的传播力、影响力。",
        "   责任单位：区府办、区发改委、各部门、各街道（镇）",
        "另有 29 项全年任务，发送「普陀区全年任务」查看。",
    ]
    _, year_long = await ask(answerer, "普陀区全年任务")
    assert len(year_long.tasks) == 29 and all(t.kind == "year-long" for t in year_long.tasks)


async def test_empty_period_says_why_and_what_to_ask(answerer: Answerer) -> None:
    _, reply = await ask(answerer, "普陀区府办本月任务")
    assert reply.tasks == []
    assert reply.text.splitlines() == [
        "【普陀区 2025年】区府办 · 2025年6月，没有符合条件的任务。",
        "另有 25 项全年任务，发送「普陀区府办全年任务」查看。",
    ]


async def test_period_after_an_orgs_latest_plan(answerer: Answerer) -> None:
    _, reply = await ask(answerer, "松江区8月任务")
    assert reply.text.splitlines() == [
        "松江区最新的计划是 2024 年的，还没有导入 2025 年的计划，无法列出2025年8月的任务。",
        "如要查看 2024 年计划中的任务，可以问：「松江区2024年任务」",
    ]
    _, current = await ask(answerer, "松江区第45项")  # without a period: the latest plan
    assert keys(current) == [("松江区", 2024, 45)]


async def test_period_beyond_latest_plan_is_explained(answerer: Answerer) -> None:
    today = date(2026, 11, 25)
    _, reply = await ask(answerer, "普陀区本月任务", today)
    assert reply.tasks == []
    assert reply.text.splitlines() == [
        "普陀区最新的计划是 2025 年的，还没有导入 2026 年的计划，无法列出2026年11月的任务。",
        "如要查看 2025 年计划中的任务，可以问：「普陀区2025年任务」",
    ]
    _, older = await ask(answerer, "长宁区2025年10月任务", today)
    assert [t.seq for t in older.tasks] == [9, 22, 23, 25, 28]


async def test_current_plan_is_latest_not_after_today(answerer: Answerer) -> None:
    _, reply = await ask(answerer, "长宁区第10项", date(2026, 3, 1))
    assert keys(reply) == [("长宁区", 2025, 10)]
    _, older = await ask(answerer, "长宁区2021年第10项", date(2026, 3, 1))
    assert keys(older) == [("长宁区", 2021, 10)]
    _, before = await ask(answerer, "长宁区第10项", date(2023, 3, 1))
    assert keys(before) == [("长宁区", 2021, 10)]


async def test_detail_shows_the_whole_task(answerer: Answerer) -> None:
    _, reply = await ask(answerer, "普陀区第二十二项")
    assert reply.text.splitlines() == [
        "【普陀区 2025年 第22项】",
        "领域：三、增进互动，持续深化政民（企）互动公众参与深度广度",
        "内容：深化公众代表列席决策会议制度，推动列席机制向决策专题会延伸，做好代表建议研究落实情况的跟踪反馈，形成工作闭环。",
        "完成时限：10月底前，截止10月31日",
        "责任单位：各部门、各街道（镇）",
        "进度：暂无汇报",
        # every department, street and town of 普陀区's roster holds it through a collective
        "未汇报 43 个（共 43 个责任单位）：" + "、".join(samples.PUTUO_MEMBERS),
    ]


async def test_detail_without_org_asks_which_plan(answerer: Answerer) -> None:
    _, reply = await ask(answerer, "第12项")
    assert reply.tasks == []
    assert reply.text == ("请说明是哪个计划的第12项，例如「华亭镇第12项」。"
                          "已导入计划的有：华亭镇、普陀区、松江区、长宁区。")
    _, bound = await ask(answerer, "第12项", ctx=ChatContext(org="松江区"))
    assert keys(bound) == [("松江区", 2024, 12)]


async def test_detail_of_missing_number(answerer: Answerer) -> None:
    _, reply = await ask(answerer, "普陀区第99项")
    assert reply.text == "普陀区 2025年没有第99项任务（共 31 项）。"


async def test_search_ranks_exact_phrase(answerer: Answerer) -> None:
    _, reply = await ask(answerer, "搜索 政府开放月")
    assert sorted(keys(reply)) == [("普陀区", 2025, 20), ("松江区", 2024, 45), ("长宁区", 2025, 20)]
    _, scoped = await ask(answerer, "搜索 普陀 政务新媒体")
    assert keys(scoped) == [("普陀区", 2025, 28)]
    _, phrase = await ask(answerer, "关于依申请公开的任务有哪些", ctx=ChatContext(org="普陀区"))
    assert ("普陀区", 2025, 4) in keys(phrase)


async def test_search_without_hits_or_keyword(answerer: Answerer) -> None:
    _, reply = await ask(answerer, "搜索 量子纠缠")
    assert reply.tasks == [] and reply.text.startswith("【各区、镇】没有任务提到「量子纠缠」。")
    _, empty = await ask(answerer, "搜索")
    assert empty.text == "请在「搜索」后写上关键词，例如「搜索 政府开放月」。"


async def test_my_tasks_need_a_binding(answerer: Answerer) -> None:
    _, reply = await ask(answerer, "我的任务")
    assert reply.text.startswith("本聊天还没有绑定单位")
    ctx = ChatContext(org="普陀区", unit="区司法局")
    _, mine = await ask(answerer, "我的任务", ctx=ctx)
    # Open tasks, nearest due first: the dated ones, then the year-long ones by number.
    assert [t.seq for t in mine.tasks] == [20, 22] + [s for s in sorted([4, 19, *PUTUO_DEPARTMENTS])
                                                    if s not in (20, 22)]


async def test_report_records_progress_for_the_bound_unit(answerer: Answerer) -> None:
    ctx = ChatContext(org="普陀区", unit="区数据局", actor="tg:42")
    _, reply = await ask(answerer, "22 已完成 已在官网公开", ctx=ctx)
    assert reply.text == "已记录：普陀区 2025年 第22项，区数据局 已完成（已在官网公开）。"
    _, later = await ask(answerer, "第12项进行中", ctx=ctx)
    assert later.text == "已记录：普陀区 2025年 第12项，区数据局 进行中。"
    _, done = await ask(answerer, "普陀区数据局已完成的任务")
    assert keys(done) == [("普陀区", 2025, 22)]
    _, detail = await ask(answerer, "普陀区第22项")
    assert detail.text.splitlines()[-3:-1] == ["进度：", "  区数据局：已完成，已在官网公开（2025-06-16）"]
    assert detail.text.splitlines()[-1].startswith("未汇报 42 个（共 43 个责任单位）：区人社局、")
    _, open_ = await ask(answerer, "我的任务", ctx=ctx)
    assert 22 not in [t.seq for t in open_.tasks] and 12 in [t.seq for t in open_.tasks]


async def test_report_refusals_change_nothing(answerer: Answerer) -> None:
    _, unbound = await ask(answerer, "8 已完成")
    assert unbound.text == "汇报进度需要先绑定单位：请发送「/bind 邀请码」（邀请码由管理员发放）。"
    ctx = ChatContext(org="普陀区", unit="区数据局")
    _, other = await ask(answerer, "26 已完成", ctx=ctx)
    assert other.text == "第26项不是区数据局的任务（责任单位：区融媒体中心），没有记录。"
    _, missing = await ask(answerer, "99 已完成", ctx=ctx)
    assert missing.text == "普陀区 2025年没有第99项任务。"
    _, detail = await ask(answerer, "普陀区第26项")
    assert detail.text.endswith("进度：暂无汇报")


async def test_summary_counts_per_unit(answerer: Answerer) -> None:
    ctx = ChatContext(org="普陀区", unit="区司法局")
    await ask(answerer, "4 已完成", ctx=ctx)
    await ask(answerer, "19 进行中", ctx=ctx)
    _, reply = await ask(answerer, "普陀区司法局进度统计")
    assert reply.text.splitlines() == [
        "【普陀区 2025年】区司法局，进度统计：共 23 项任务，已完成 0 项，逾期 0 项",
        "序号 单位｜任务｜已完成｜进行中｜逾期｜完成率",
        "1. 🟢 区司法局｜23｜1｜1｜0｜4%",
    ]
    _, whole = await ask(answerer, "普陀区进度统计")
    rows = whole.text.splitlines()
    assert rows[0] == "【普陀区 2025年】进度统计：共 31 项任务，已完成 0 项，逾期 0 项"
    # every department of the roster has a row: the text shows the first 15, the chart all
    assert ("区司法局", 4, "green", 0) in whole.chart


async def test_who_is_late(answerer: Answerer) -> None:
    _, reply = await ask(answerer, "长宁区哪些单位逾期了", date(2025, 6, 16))
    # #32 is 区府办's, 各部门's and 各街道（镇）'s: every department of 长宁区's roster and every
    # street and town is late with it; units late with the same tasks share a line.
    lines = reply.text.splitlines()
    late = [*samples.CHANGNING_DEPARTMENTS, *samples.CHANGNING_LOCAL]
    assert lines[0] == f"【长宁区 2025年】有逾期任务的单位 {len(late)} 个："
    assert lines[1].startswith(f"第32项（{len(late)} 个）：") and len(lines) == 2
    assert sorted(lines[1].split("：", 1)[1].split("、")) == sorted(late)
    _, none_late = await ask(answerer, "长宁区哪些单位逾期了", date(2025, 5, 1))
    assert none_late.text == "【长宁区 2025年】没有逾期任务。"


async def test_summary_across_orgs_is_per_org(answerer: Answerer) -> None:
    _, reply = await ask(answerer, "进度统计", JUNE)
    rows = reply.text.splitlines()
    assert rows[1] == "序号 单位｜任务｜已完成｜进行中｜逾期｜完成率"
    assert sorted(r.split("｜")[0].split(" ")[-1] for r in rows[2:]) == ["华亭镇", "普陀区", "松江区",
                                                                          "长宁区"]


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("", "请输入要查询的内容。"),
        ("   ", "请输入要查询的内容。"),
        ("😀😀😀", "请输入要查询的内容。"),
        ("\x00\x07\x1b[31m", "没太明白"),
        ("'; DROP TABLE tasks;--", "没太明白"),
        ("今天天气怎么样", "没太明白「今天天气怎么样」。"),
        ("朝阳区本月任务", "没有找到「朝阳区」。已导入计划的有：华亭镇、普陀区、松江区、长宁区。"),
        ("普陀区火星局任务", "没有找到『火星局』。普陀区的单位可发送「普陀区进度统计」查看"),
        ("帮助", "我是督办助手，可以这样问我："),
        ("绑定 普陀区 数据局", "绑定需要管理员发放的邀请码"),
    ],
)
async def test_bad_and_odd_input_gets_a_clear_reply(answerer: Answerer, text: str, start: str) -> None:
    _, reply = await ask(answerer, text)
    assert reply.text.startswith(start)
    assert reply.tasks == []
    assert "Traceback" not in reply.text


async def test_huge_input_is_answered_from_its_head(answerer: Answerer) -> None:
    _, reply = await ask(answerer, "普陀区8月任务" + "啊" * 10_000)
    assert reply.text.startswith("（消息过长，只读取了开头部分）\n【普陀区 2025年】2025年8月，共 1 项")


async def test_long_answers_split_under_the_chat_limit(answerer: Answerer) -> None:
    _, reply = await ask(answerer, "松江区2024年任务全部")
    assert len(reply.tasks) == 51
    parts = reply.parts(limit=1000)
    assert len(parts) > 1 and all(len(p) <= 1000 for p in parts)
    assert "\n".join(parts) == reply.text


async def test_many_orgs_need_one_named(answerer: Answerer) -> None:
    from store.views import PlanRef

    await answerer.refresh()
    answerer.reader.catalog = answerer.catalog + [PlanRef(1000 + i, f"测试{i:02d}县", 2025, None)
                                                  for i in range(30)]
    _, reply = await ask(answerer, "本月任务")
    assert reply.text == "任务库中有 34 个区、镇的计划，请说明要查哪一个，例如「华亭镇本月任务」。"
    _, named = await ask(answerer, "普陀区8月任务")
    assert keys(named) == [("普陀区", 2025, 20)]


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("长宁区2023年任务", "没有找到长宁区2023年的计划。长宁区已导入的计划：2021年、2025年。"),
        ("长宁区2019年10月任务", "没有找到长宁区2019年的计划。长宁区已导入的计划：2021年、2025年。"),
        ("2023年任务", "没有找到2023年的计划。已导入的计划：华亭镇 2025年；普陀区 2025年；松江区 2024年；"
                      "长宁区 2021年、2025年。"),
        ("普陀区明年1月任务", "普陀区最新的计划是 2025 年的，还没有导入 2026 年的计划，无法列出2026年1月的任务。\n"
                          "如要查看 2025 年计划中的任务，可以问：「普陀区2025年任务」"),
        ("浦东新区本月任务", "任务库中没有浦东新区的计划。已导入计划的有：华亭镇、普陀区、松江区、长宁区。"),
    ],
)
async def test_missing_plans_are_explained(answerer: Answerer, text: str, reply: str) -> None:
    _, answer = await ask(answerer, text)
    assert answer.text == reply and answer.tasks == []


async def test_unit_role_names_only_its_own_collective(answerer: Answerer) -> None:
    _, listing = await ask(answerer, "松江区2024年区府办8月任务")
    assert listing.text.splitlines()[2] == "   区府办（通过「各部门」）：未开始"


async def test_report_names_an_older_plan(answerer: Answerer) -> None:
    ctx = ChatContext(org="长宁区", unit="区府办")
    _, reply = await ask(answerer, "2021年第5项 已完成", ctx=ctx)
    assert reply.text == "已记录：长宁区 2021年 第5项，区府办 已完成。"
    _, old = await ask(answerer, "长宁区2021年区府办已完成的任务")
    assert keys(old) == [("长宁区", 2021, 5)]
    _, current = await ask(answerer, "长宁区区府办已完成的任务")
    assert current.tasks == []


async def test_a_members_report_does_not_close_collective_work(answerer: Answerer) -> None:
    street = ChatContext(org="长宁区", unit="新华路街道")
    await ask(answerer, "32 已完成", ctx=street)  # #32: 各部门、各街道（镇）, due May 31
    today = date(2025, 11, 20)
    _, late = await ask(answerer, "长宁区逾期任务", today)
    assert 32 in [t.seq for t in late.tasks]
    _, done = await ask(answerer, "长宁区已完成的任务", today)
    assert done.tasks == []
    _, mine = await ask(answerer, "长宁区新华路街道已完成的任务", today)
    assert [t.seq for t in mine.tasks] == [32]
    _, summary = await ask(answerer, "长宁区各街道进度", today)
    rows = summary.text.splitlines()
    # The street holds all 23 tasks of 各街道（镇）; 4 dated ones have passed undone.
    assert any(re.fullmatch(r"\d+\. 🔴 新华路街道｜23｜1｜0｜4｜4%", r) for r in rows)
    assert any(re.fullmatch(r"\d+\. 🔴 江苏路街道｜23｜0｜0｜5｜0%", r) for r in rows)


@pytest.mark.parametrize("text", ["我有什么任务", "我负责的任务", "我这边有什么任务", "分给我的任务"])
async def test_first_person_means_the_bound_unit(answerer: Answerer, text: str) -> None:
    _, reply = await ask(answerer, text, ctx=ChatContext(org="普陀区", unit="区数据局"))
    assert reply.text.startswith("【普陀区 2025年】区数据局 · 未完成，共 25 项")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("普陀区搜索大模型", [("普陀区", 2025, 6)]),
        ("普陀区有关政府开放月的任务", [("普陀区", 2025, 20)]),
        ("长宁区区府办关于公报的任务", [("长宁区", 2025, 29)]),
    ],
)
async def test_search_after_names(answerer: Answerer, text: str, expected: list) -> None:
    query, reply = await ask(answerer, text)
    assert query.intent == "search"
    assert keys(reply) == expected


async def test_per_unit_summary_words(answerer: Answerer) -> None:
    query, reply = await ask(answerer, "长宁区各单位完成情况")
    assert query.intent == "summary" and query.unit is None
    assert reply.text.startswith("【长宁区 2025年】进度统计：共 33 项任务")


async def test_a_plan_year_covers_all_its_tasks(answerer: Answerer) -> None:
    _, reply = await ask(answerer, "长宁区2021年任务")
    assert [t.seq for t in reply.tasks] == list(range(1, 30))  # #29 is due in March 2022
    _, detail = await ask(answerer, "长宁区2021年第29项")
    assert "完成时限：下一年第一季度，截止2022年3月31日" in detail.text.splitlines()


async def test_role_filter(answerer: Answerer) -> None:
    _, reply = await ask(answerer, "长宁区区府办牵头的任务")
    assert [t.seq for t in reply.tasks] == [3, 4, 6, 9, 10, 11, 16, 20, 22, 25, 26, 27, 28, 30]
    assert reply.text.startswith("【长宁区 2025年】区府办 · 牵头，共 14 项")


async def test_suggestions_stay_on_the_plan_asked_about(answerer: Answerer) -> None:
    _, reply = await ask(answerer, "长宁区2021年6月任务")
    assert reply.text.splitlines()[-1] == "另有 27 项全年任务，发送「长宁区2021年全年任务」查看。"
    _, following = await ask(answerer, "长宁区2021年全年任务")
    assert len(following.tasks) == 27


async def test_unknown_department_is_named(answerer: Answerer) -> None:
    _, reply = await ask(answerer, "普陀区宣传部的任务")
    assert reply.text.startswith("没有找到『宣传部』，您是说区委宣传部吗？")
    _, zero = await ask(answerer, "普陀区第0项")
    assert zero.text == "普陀区 2025年没有第0项任务（共 31 项）。"


async def test_progress_is_dated_in_the_users_time_zone(seeded_store) -> None:
    from zoneinfo import ZoneInfo

    answerer = Answerer(await seeded_store(), tz=ZoneInfo("Asia/Shanghai"))
    ctx = ChatContext(org="普陀区", unit="区数据局")
    late_evening_utc = datetime(2025, 6, 16, 17, 30, tzinfo=UTC)  # 01:30 on the 17th in Shanghai
    await answerer.answer("22 进行中", ctx, date(2025, 6, 17), late_evening_utc)  # today there
    _, detail = await answerer.answer("普陀区第22项", ChatContext(), JUNE)
    assert detail.text.splitlines()[-2] == "  区数据局：进行中（2025-06-17）"
