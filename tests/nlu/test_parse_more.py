"""More phrasings found by probing: many `today` values across year, month and quarter ends,
messy WeCom messages, formal wording, official department names, numbers that are not task
numbers, and adversarial input. Fields not named must be null, except those in `ignore`.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest

from bot.nlu import parse
from bot.nlu.query import JSON_KEYS

D = date
T = D(2025, 6, 16)  # Monday


def P(a, b):
    return {"start": str(a), "end": str(b)}


def day(d):
    return P(d, d)


def mon(d):
    return d - timedelta(days=d.weekday())


def week(d, k=0):
    m = mon(d) + timedelta(weeks=k)
    return P(m, m + timedelta(days=6))


def month(y, m):
    return P(D(y, m, 1), D(y, m, calendar.monthrange(y, m)[1]))


def mend(y, m):
    return D(y, m, calendar.monthrange(y, m)[1])


def quarter(y, q):
    return P(D(y, 3 * q - 2, 1), mend(y, 3 * q))


def year(y):
    return P(D(y, 1, 1), D(y, 12, 31))


def until(today, end):
    return P(today if today <= end else D(end.year, 1, 1), end)


def win(today, n):
    return P(today, today + timedelta(days=n - 1))


CASES = []


def c(group, text, intent, today=T, ignore=(), **fields):
    CASES.append(dict(group=group, text=text, intent=intent, today=today, ignore=tuple(ignore),
                      fields=fields))


OU = ("org", "unit")
ST = "各街道（镇）"

# ======================= 1. many `today` values =====================================
# Sunday 2025-06-22
SUN = D(2025, 6, 22)
c("sunday", "本周要交什么", "tasks", SUN, period=week(SUN))
c("sunday", "下周有哪些任务", "tasks", SUN, period=P("2025-06-23", "2025-06-29"))
c("sunday", "上周的任务", "tasks", SUN, period=P("2025-06-09", "2025-06-15"))
c("sunday", "下下周任务", "tasks", SUN, period=P("2025-06-30", "2025-07-06"))
c("sunday", "下周五到期的", "tasks", SUN, period=day("2025-06-27"))
c("sunday", "下周一要交的材料", "tasks", SUN, period=day("2025-06-23"))
c("sunday", "周日到期的任务", "tasks", SUN, period=day("2025-06-22"))
c("sunday", "今天周日有要交的吗", "tasks", SUN, period=day("2025-06-22"))
c("sunday", "近一周任务", "tasks", SUN, period=win(SUN, 7))
c("sunday", "这周还有哪些没完成", "tasks", SUN, period=week(SUN), status="open")
c("sunday", "明天的任务", "tasks", SUN, period=day("2025-06-23"))
# Monday 2025-06-23
MONDAY = D(2025, 6, 23)
c("monday", "上周五到期的任务", "tasks", MONDAY, period=day("2025-06-20"))
c("monday", "上周逾期的", "tasks", MONDAY, period=P("2025-06-16", "2025-06-22"), status="overdue")
c("monday", "本周三前", "tasks", MONDAY, period=P("2025-06-23", "2025-06-25"))
c("monday", "周日前要交的", "tasks", MONDAY, period=P("2025-06-23", "2025-06-29"))
c("monday", "昨天到期的任务", "tasks", MONDAY, period=day("2025-06-22"))
# Year boundary: Sunday 2025-12-28
Y28 = D(2025, 12, 28)
c("yearend", "本周任务", "tasks", Y28, period=P("2025-12-22", "2025-12-28"))
c("yearend", "下周任务", "tasks", Y28, period=P("2025-12-29", "2026-01-04"))
c("yearend", "下下周的任务", "tasks", Y28, period=P("2026-01-05", "2026-01-11"))
c("yearend", "明天到期", "tasks", Y28, period=day("2025-12-29"))
c("yearend", "未来一周", "tasks", Y28, period=P("2025-12-28", "2026-01-03"))
c("yearend", "下个月任务", "tasks", Y28, period=month(2026, 1))
c("yearend", "明年一季度任务", "tasks", Y28, period=quarter(2026, 1), year=2026)
c("yearend", "年底前还有哪些没完成", "tasks", Y28, period=P("2025-12-28", "2025-12-31"), status="open")
c("yearend", "12月31日前要交的", "tasks", Y28, period=P("2025-12-28", "2025-12-31"))
c("yearend", "12.31前", "tasks", Y28, period=P("2025-12-28", "2025-12-31"))
c("yearend", "下周三前", "tasks", Y28, period=P("2025-12-28", "2025-12-31"))
c("yearend", "下周五", "tasks", Y28, period=day("2026-01-02"))
# Monday 2025-12-29
Y29 = D(2025, 12, 29)
c("yearend", "本周任务", "tasks", Y29, period=P("2025-12-29", "2026-01-04"))
c("yearend", "本周五前要完成的", "tasks", Y29, period=P("2025-12-29", "2026-01-02"))
c("yearend", "未来5天", "tasks", Y29, period=P("2025-12-29", "2026-01-02"))
c("yearend", "明年Q1", "tasks", Y29, period=quarter(2026, 1), year=2026)
c("yearend", "明年上半年的任务", "tasks", Y29, period=P("2026-01-01", "2026-06-30"), year=2026)
c("yearend", "2026年1月任务", "tasks", Y29, period=month(2026, 1), year=2026)
c("yearend", "26年1月的任务", "tasks", Y29, period=month(2026, 1), year=2026)
c("yearend", "2026.1任务", "tasks", Y29, period=month(2026, 1), year=2026)
c("yearend", "今年全年任务完成率", "summary", Y29, period=year(2025), year=2025)
# Wednesday 2025-12-31
Y31 = D(2025, 12, 31)
c("yearend", "周五要交什么", "tasks", Y31, period=day("2026-01-02"))
c("yearend", "本周五前", "tasks", Y31, period=P("2025-12-31", "2026-01-02"))
c("yearend", "下周一", "tasks", Y31, period=day("2026-01-05"))
c("yearend", "后天", "tasks", Y31, period=day("2026-01-02"))
c("yearend", "今明两天", "tasks", Y31, period=P("2025-12-31", "2026-01-01"))
c("yearend", "季末前", "tasks", Y31, period=P("2025-12-31", "2025-12-31"))
c("yearend", "近两周", "tasks", Y31, period=P("2025-12-31", "2026-01-13"))
# Thursday 2026-01-01, Friday 01-02, Saturday 01-03
J1, J2, J3 = D(2026, 1, 1), D(2026, 1, 2), D(2026, 1, 3)
c("newyear", "今年的任务", "tasks", J1, period=year(2026), year=2026)
c("newyear", "本周任务", "tasks", J1, period=P("2025-12-29", "2026-01-04"))
c("newyear", "上个月的任务", "tasks", J1, period=month(2025, 12))
c("newyear", "前年的任务", "tasks", J1, period=year(2024), year=2024)
c("newyear", "年底前", "tasks", J1, period=P("2026-01-01", "2026-12-31"))
c("newyear", "昨天", "tasks", J1, period=day("2025-12-31"))
c("newyear", "去年12月的任务", "tasks", J2, period=month(2025, 12), year=2025)
c("newyear", "上季度", "tasks", J2, period=quarter(2025, 4))
c("newyear", "去年第四季度完成情况", "summary", J2, period=quarter(2025, 4), year=2025)
c("newyear", "25年12月", "tasks", J2, period=month(2025, 12), year=2025)
c("newyear", "去年逾期的任务", "tasks", J2, period=year(2025), year=2025, status="overdue")
c("newyear", "上周任务", "tasks", J3, period=P("2025-12-22", "2025-12-28"))
c("newyear", "下周", "tasks", J3, period=P("2026-01-05", "2026-01-11"))
c("newyear", "这周末前", "tasks", J3, period=P("2026-01-03", "2026-01-04"))
c("newyear", "本年度第一季度", "tasks", J3, period=quarter(2026, 1), year=2026)
# Month ends
JA31 = D(2025, 1, 31)
c("monthend", "下个月底前", "tasks", JA31, period=P("2025-01-31", "2025-02-28"))
c("monthend", "月底前要交的", "tasks", JA31, period=day("2025-01-31"))
c("monthend", "本月下旬任务", "tasks", JA31, period=P("2025-01-21", "2025-01-31"))
c("monthend", "下月中旬", "tasks", JA31, period=P("2025-02-11", "2025-02-20"))
c("monthend", "明后两天", "tasks", D(2025, 1, 30), period=P("2025-01-31", "2025-02-01"))
c("monthend", "下个月", "tasks", D(2024, 1, 31), period=month(2024, 2))
c("monthend", "2月29日的任务", "tasks", D(2024, 1, 31), period=day("2024-02-29"))
F28 = D(2025, 2, 28)  # Friday
c("monthend", "本月任务", "tasks", F28, period=month(2025, 2))
c("monthend", "明天", "tasks", F28, period=day("2025-03-01"))
c("monthend", "下旬", "tasks", F28, period=P("2025-02-21", "2025-02-28"))
c("monthend", "本周", "tasks", F28, period=P("2025-02-24", "2025-03-02"))
c("monthend", "本月中旬", "tasks", F28, period=P("2025-02-11", "2025-02-20"))
c("monthend", "上个月", "tasks", D(2025, 3, 31), period=month(2025, 2))
c("monthend", "上个月", "tasks", D(2024, 3, 31), period=month(2024, 2))
A30 = D(2025, 4, 30)  # Wednesday
c("monthend", "明天", "tasks", A30, period=day("2025-05-01"))
c("monthend", "下个月有什么任务", "tasks", A30, period=month(2025, 5))
c("monthend", "上个月", "tasks", A30, period=month(2025, 3))
c("monthend", "月底前", "tasks", A30, period=day("2025-04-30"))
c("monthend", "下月初", "tasks", A30, period=P("2025-05-01", "2025-05-10"))
c("monthend", "上旬的任务", "tasks", A30, period=P("2025-04-01", "2025-04-10"))
c("monthend", "本季度", "tasks", A30, period=quarter(2025, 2))
c("monthend", "下个月底前", "tasks", D(2025, 10, 31), period=P("2025-10-31", "2025-11-30"))
c("monthend", "本周", "tasks", D(2025, 8, 31), period=P("2025-08-25", "2025-08-31"))
c("monthend", "6月30日前", "tasks", D(2025, 5, 31), period=P("2025-05-31", "2025-06-30"))
# Quarter boundaries
JL1 = D(2025, 7, 1)
c("quarter-b", "本季度任务", "tasks", JL1, period=quarter(2025, 3))
c("quarter-b", "上季度逾期", "tasks", JL1, period=quarter(2025, 2), status="overdue")
c("quarter-b", "季末前", "tasks", JL1, period=P("2025-07-01", "2025-09-30"))
c("quarter-b", "上半年完成情况", "summary", JL1, period=P("2025-01-01", "2025-06-30"))
JN30 = D(2025, 6, 30)  # Monday
c("quarter-b", "季末前", "tasks", JN30, period=day("2025-06-30"))
c("quarter-b", "下季度任务", "tasks", JN30, period=quarter(2025, 3))
c("quarter-b", "下周任务", "tasks", JN30, period=P("2025-07-07", "2025-07-13"))
c("quarter-b", "本周任务", "tasks", JN30, period=P("2025-06-30", "2025-07-06"))
c("quarter-b", "上季度", "tasks", D(2025, 10, 1), period=quarter(2025, 3))
c("quarter-b", "前三季度完成情况", "summary", D(2025, 10, 1), period=P("2025-01-01", "2025-09-30"))
c("quarter-b", "季末前", "tasks", D(2025, 9, 30), period=day("2025-09-30"))
c("quarter-b", "下季度", "tasks", D(2026, 3, 31), period=quarter(2026, 2))
c("quarter-b", "本季度末前", "tasks", D(2025, 3, 31), period=day("2025-03-31"))
# Leap years
c("leap", "明天", "tasks", D(2024, 2, 28), period=day("2024-02-29"))
c("leap", "后天", "tasks", D(2024, 2, 28), period=day("2024-03-01"))
c("leap", "大后天", "tasks", D(2024, 2, 27), period=day("2024-03-01"))
c("leap", "本月下旬", "tasks", D(2024, 2, 28), period=P("2024-02-21", "2024-02-29"))
c("leap", "29号的任务", "tasks", D(2024, 2, 10), period=day("2024-02-29"))
c("leap", "明年2月", "tasks", D(2024, 2, 29), period=month(2025, 2), year=2025)
c("leap", "去年2月", "tasks", D(2025, 3, 1), period=month(2024, 2), year=2024)
c("leap", "本周", "tasks", D(2028, 2, 29), period=P("2028-02-28", "2028-03-05"))
c("leap", "2月底前", "tasks", D(2028, 2, 29), period=day("2028-02-29"))
c("leap", "近一周", "tasks", D(2028, 2, 25), period=P("2028-02-25", "2028-03-02"))
c("leap", "明天", "tasks", D(2100, 2, 28), period=day("2100-03-01"))
c("leap", "本月", "tasks", D(2000, 2, 10), period=month(2000, 2))
c("leap", "2024年2月29日的任务", "tasks", T, period=day("2024-02-29"), year=2024)
c("leap", "近一个月", "tasks", D(2024, 12, 31), period=P("2024-12-31", "2025-01-29"))

# ======================= 2. WeCom-style messy messages ==============================
c("wecom", "@张三 @督办助手 普陀区本月任务", "tasks", org="普陀区", period=month(2025, 6))
c("wecom", "@督办助手\u2005普陀区本月任务", "tasks", org="普陀区", period=month(2025, 6))
c("wecom", "@督办助手 @李四 第8项完成了吗", "detail", seq=8)
c("wecom", "@督办助手普陀区本月任务", "tasks", org="普陀区", period=month(2025, 6))
c("wecom", "各位领导好！\n请问普陀区本月有哪些任务？？？\n谢谢！！", "tasks", org="普陀区",
  period=month(2025, 6))
c("wecom", "您好，麻烦问下长宁区教育局下周有哪些任务要交？", "tasks", org="长宁区", unit="区教育局",
  period=P("2025-06-23", "2025-06-29"))
c("wecom", "早上好！今天有什么任务吗", "tasks", period=day(T))
c("wecom", "在吗？第8项完成没", "detail", seq=8)
c("wecom", "收到。8 已完成", "report", seq=8, status="done")
c("wecom", "收到！第8项已完成", "report", seq=8, status="done")
c("wecom", "好的，第8项已完成", "report", seq=8, status="done")
c("wecom", "第8项已完成！！！\n\n附件见群文件", "report", seq=8, status="done", keyword="附件见群文件")
c("wecom", "普陀区本月任务。。。。", "tasks", org="普陀区", period=month(2025, 6))
c("wecom", "本周任务？！？！", "tasks", period=week(T))
c("wecom", "普陀区\n本月\n任务", "tasks", org="普陀区", period=month(2025, 6))
c("wecom", "长宁区教育局，这个月，还有哪些没完成的？急！！", "tasks", org="长宁区", unit="区教育局",
  period=month(2025, 6), status="open")
c("wecom", "老师好，我是新华路街道的联络员，想问下我们街道下周要交哪些材料", "tasks", org="长宁区",
  unit="新华路街道", period=P("2025-06-23", "2025-06-29"))
c("wecom", "关于『政府开放月』的任务", "search", keyword="政府开放月")
c("wecom", "搜索「政务公开标准化」", "search", keyword="政务公开标准化")
c("wecom", "各位好，第8项已完成，相关材料已上传至政务网站，请审阅。", "report", seq=8, status="done",
  ignore=("keyword",))
c("wecom", "@督办助手 8 已完成 @王主任", "report", seq=8, status="done")
c("wecom", "@王主任 第8项完成了吗？", "detail", seq=8)
c("wecom", "徐汇区本月逾期任务～～～谢谢🙏🙏", "tasks", org="徐汇区", period=month(2025, 6), status="overdue")
c("wecom", "【提醒】静安区下周到期任务", "tasks", org="静安区", period=P("2025-06-23", "2025-06-29"))
c("wecom", "[转发] 普陀区本周任务", "tasks", org="普陀区", period=week(T))
c("wecom", "打扰了，请问一下浦东新区陆家嘴街道这周有什么要交的吗？", "tasks", org="浦东新区",
  unit="陆家嘴街道", period=week(T))
c("wecom", "第8项已完成\n第9项进行中", "report", seq=8, status="done", ignore=("keyword",))
c("wecom", "大家好，我是普陀区数据局的，8 已完成", "report", seq=8, status="done", ignore=OU)
c("wecom", "普陀区本月任务 普陀区本月任务", "tasks", org="普陀区", period=month(2025, 6))
c("wecom", "？？普陀区本月任务？？", "tasks", org="普陀区", period=month(2025, 6))
c("wecom", "领导：长宁区这个季度的完成情况怎么样？", "summary", org="长宁区", period=quarter(2025, 2))

# ======================= 3. formal wording ===========================================
O9 = D(2025, 10, 9)
c("formal", "请各单位于10月31日前报送", ("tasks", "summary"), O9,
  period=P("2025-10-09", "2025-10-31"))
c("formal", "截至目前，普陀区逾期任务有哪些", "tasks", org="普陀区", status="overdue")
c("formal", "截至目前各街镇完成情况", "summary", unit=ST)
c("formal", "本年度第三季度任务", "tasks", period=quarter(2025, 3), year=2025)
c("formal", "2025年度工作要点第十二项落实情况", "detail", seq=12, year=2025, period=year(2025))
c("formal", "关于政务公开标准化工作的推进情况", ("summary", "search"), ignore=("keyword",))
c("formal", "截至9月底全区任务完成率", "summary", O9, period=P("2025-01-01", "2025-09-30"))
c("formal", "截至2025年9月30日完成情况", "summary", O9, period=P("2025-01-01", "2025-09-30"), year=2025)
c("formal", "请通报本年度第三季度各部门落实情况", "summary", unit="各部门", period=quarter(2025, 3),
  year=2025)
c("formal", "2025年度政务公开工作要点落实情况", "summary", period=year(2025), year=2025)
c("formal", "于二〇二五年十月三十一日前完成的任务", "tasks", O9, period=P("2025-10-09", "2025-10-31"),
  year=2025)
c("formal", "上一年度第四季度任务", "tasks", period=quarter(2024, 4), year=2024)
c("formal", "年内需完成的任务", "tasks", period=P("2025-06-16", "2025-12-31"))
c("formal", "已按期完成的任务", "tasks", status="done")
c("formal", "已按时完成的任务有哪些", "tasks", status="done")
c("formal", "未按期完成的事项", "tasks", status="overdue")
c("formal", "逾期未报送的单位", "summary", status="overdue")
c("formal", "进度滞后的单位有哪些", "summary", status="overdue")
c("formal", "请于10月31日（周五）前报送", "tasks", D(2025, 10, 20), period=P("2025-10-20", "2025-10-31"))
c("formal", "下周一（6月23日）前要完成的任务", "tasks", period=P("2025-06-16", "2025-06-23"))
c("formal", "截至上月底的完成情况", "summary", period=P("2025-01-01", "2025-05-31"))
c("formal", "截止到本月底的逾期任务", "tasks", period=P("2025-06-16", "2025-06-30"), status="overdue")
c("formal", "现将2025年第三季度工作推进情况通报如下", "summary", period=quarter(2025, 3), year=2025)
c("formal", "按照《2025年普陀区政务公开工作要点》要求，请报送第三季度落实情况", "summary",
  org="普陀区", period=quarter(2025, 3), year=2025)
c("formal", "每季度报送的任务", "tasks")
c("formal", "普陀区政务公开工作要点任务分解表", "tasks", org="普陀区")
c("formal", "本年度工作要点完成情况", "summary", period=year(2025), year=2025)
c("formal", "请各街镇对照任务清单抓紧推进", "tasks", unit=ST)
c("formal", "区府办牵头的任务", "tasks", unit="区府办")
c("formal", "需各部门配合的事项", "tasks", unit="各部门")
c("formal", "已销号的任务", "tasks", status="done")
c("formal", "第8项已提交", "report", seq=8, status="done", ignore=("keyword",))
c("formal", "第8项已上报", "report", seq=8, status="done", ignore=("keyword",))
c("formal", "第8项已按要求于6月10日前完成", "report", seq=8, status="done", ignore=("keyword",))
c("formal", "第8项已完成初稿，待审核", "report", seq=8, status="in_progress", ignore=("keyword",))
c("formal", "第8项已完成初步方案", "report", seq=8, status="in_progress", ignore=("keyword",))
c("formal", "第8项基本完成", "report", seq=8, status="in_progress", ignore=("keyword",))
c("formal", "第8项已全部完成", "report", seq=8, status="done", ignore=("keyword",))
c("formal", "第8项将于6月30日前完成", "report", seq=8, status="in_progress", ignore=("keyword",))
c("formal", "第8项已于6月10日完成公开", "report", seq=8, status="done", ignore=("keyword",))

# ======================= 4. Shanghai full official names =============================
c("sh-name", "上海市浦东新区人民政府办公室本月任务", "tasks", org="浦东新区", unit="区府办",
  period=month(2025, 6))
c("sh-name", "闵行区发展和改革委员会的任务", "tasks", org="闵行区", unit="区发改委")
c("sh-name", "徐汇区卫生健康委员会逾期任务", "tasks", org="徐汇区", unit="区卫健委", status="overdue")
c("sh-name", "黄浦区市场监督管理局任务", "tasks", org="黄浦区", unit="区市场监管局")
c("sh-name", "静安区人力资源和社会保障局下周任务", "tasks", org="静安区", unit="区人社局",
  period=P("2025-06-23", "2025-06-29"))
c("sh-name", "杨浦区住房保障和房屋管理局的任务", "tasks", org="杨浦区", unit="区房管局")
c("sh-name", "宝山区规划和自然资源局任务", "tasks", org="宝山区", unit="区规划资源局")
c("sh-name", "嘉定区生态环境局本季度任务", "tasks", org="嘉定区", unit="区生态环境局",
  period=quarter(2025, 2))
c("sh-name", "金山区文化和旅游局任务", "tasks", org="金山区", unit="区文旅局")
c("sh-name", "松江区应急管理局未完成任务", "tasks", org="松江区", unit="区应急局", status="open")
c("sh-name", "青浦区退役军人事务局任务", "tasks", org="青浦区", unit="区退役军人局")
c("sh-name", "奉贤区医疗保障局任务", "tasks", org="奉贤区", unit="区医保局")
c("sh-name", "崇明区农业农村委员会任务", "tasks", org="崇明区", unit="区农业农村委")
c("sh-name", "虹口区城市管理行政执法局任务", "tasks", org="虹口区", unit="区城管执法局")
c("sh-name", "长宁区机关事务管理局任务", "tasks", org="长宁区", unit="区机管局")
c("sh-name", "普陀区人民政府新闻办公室任务", "tasks", org="普陀区", unit="区新闻办")
c("sh-name", "中共上海市普陀区委办公室任务", "tasks", org="普陀区", unit="区委办")
c("sh-name", "闵行区委宣传部的任务", "tasks", org="闵行区", unit="区委宣传部")
c("sh-name", "中共普陀区委组织部任务", "tasks", org="普陀区", unit="区委组织部")
c("sh-name", "长宁区人大常委会办公室任务", "tasks", org="长宁区", unit="区人大常委会办")
c("sh-name", "徐汇区政协办公室任务", "tasks", org="徐汇区", unit="区政协办")
c("sh-name", "上海市公安局普陀分局任务", "tasks", org="普陀区", unit="区公安分局")
c("sh-name", "浦东新区科学技术委员会任务", "tasks", org="浦东新区", unit="区科委")
c("sh-name", "黄浦区国有资产监督管理委员会任务", "tasks", org="黄浦区", unit="区国资委")
c("sh-name", "静安区住房和城乡建设管理委员会任务", "tasks", org="静安区", unit="区住建委")
c("sh-name", "杨浦区人民政府侨务办公室任务", "tasks", org="杨浦区", unit="区侨办")
c("sh-name", "宝山区疾病预防控制中心任务", "tasks", org="宝山区", unit="区疾控中心")
c("sh-name", "虹口区妇女联合会任务", "tasks", org="虹口区", unit="区妇联")
c("sh-name", "上海市长宁区人民政府新华路街道办事处任务", "tasks", org="长宁区", unit="新华路街道")
c("sh-name", "浦东新区潍坊新村街道办事处本月任务", "tasks", org="浦东新区", unit="潍坊新村街道",
  period=month(2025, 6))
c("sh-name", "闵行区七宝镇人民政府任务", "tasks", org="七宝镇")
c("sh-name", "嘉定区江桥镇人民政府逾期任务", "tasks", org="江桥镇", status="overdue")
c("sh-name", "松江区岳阳街道任务", "tasks", org="松江区", unit="岳阳街道")
c("sh-name", "五角场街道逾期", "tasks", org="杨浦区", unit="五角场街道", status="overdue")
c("sh-name", "宝山路街道任务", "tasks", org="静安区", unit="宝山路街道")
c("sh-name", "金山区金山卫镇逾期任务", "tasks", org="金山卫镇", status="overdue")
c("sh-name", "金山卫镇本月任务", "tasks", org="金山卫镇", period=month(2025, 6))
c("sh-name", "崇明区横沙乡任务", "tasks", org="横沙乡")
c("sh-name", "崇明区庙镇本月任务", "tasks", org="庙镇", period=month(2025, 6))
c("sh-name", "浦东新区唐镇任务", "tasks", org="唐镇")
c("sh-name", "南汇新城镇下周任务", "tasks", org="南汇新城镇", period=P("2025-06-23", "2025-06-29"))
c("sh-name", "长征镇本月任务", "tasks", org="长征镇", period=month(2025, 6))
c("sh-name", "彭浦新村街道任务", "tasks", org="静安区", unit="彭浦新村街道")
c("sh-name", "彭浦镇任务", "tasks", org="彭浦镇")
c("sh-name", "周家桥街道第8项", "detail", org="长宁区", unit="周家桥街道", seq=8)
c("sh-name", "江湾镇街道下周任务", "tasks", org="虹口区", unit="江湾镇街道",
  period=P("2025-06-23", "2025-06-29"))
c("sh-name", "徐汇区华泾镇任务", "tasks", org="华泾镇")
c("sh-name", "天平路街道本月任务", "tasks", org="徐汇区", unit="天平路街道", period=month(2025, 6))
c("sh-name", "上海市黄浦区人民政府办公室关于本季度任务的通知", "tasks", org="黄浦区", unit="区府办",
  period=quarter(2025, 2))
c("sh-name", "普陀区政府各部门本月任务", "tasks", org="普陀区", unit="各部门", period=month(2025, 6))
c("sh-name", "浦东新区各镇人民政府任务", "tasks", org="浦东新区", unit="各镇")
c("sh-name", "长宁区各街道办事处逾期", "tasks", org="长宁区", unit="各街道", status="overdue")

# ======================= 5. other provinces (period/status/seq/intent only) ==========
c("county", "浙江省杭州市西湖区人民政府办公室本月任务", "tasks", ignore=OU, period=month(2025, 6))
c("county", "江苏省南京市玄武区 逾期", "tasks", ignore=OU, status="overdue")
c("county", "四川省宜宾市长宁县第8项完成了吗", "detail", ignore=OU, seq=8)
c("county", "广东省深圳市南山区政务服务数据管理局下周到期", "tasks", ignore=OU,
  period=P("2025-06-23", "2025-06-29"))
c("county", "湖南省长沙县 8 已完成", "report", ignore=OU, seq=8, status="done")
c("county", "福建省厦门市思明区12号任务进展", "detail", ignore=OU, seq=12)
c("county", "重庆市渝中区下月任务", "tasks", ignore=OU, period=month(2025, 7))
c("county", "鄂尔多斯市准格尔旗本月任务", "tasks", ignore=OU, period=month(2025, 6))
c("county", "安徽省肥西县上派镇人民政府本周任务", "tasks", ignore=OU, period=week(T))
c("county", "吉林省四平市铁西区本季度任务", "tasks", ignore=OU, period=quarter(2025, 2))
c("county", "湖北省十堰市本月任务", "tasks", ignore=OU, period=month(2025, 6))
c("county", "河南省周口市逾期任务", "tasks", ignore=OU, status="overdue")
c("county", "绍兴市上虞区下周任务", "tasks", ignore=OU, period=P("2025-06-23", "2025-06-29"))
c("county", "杭州市上城区本月任务", "tasks", ignore=OU, period=month(2025, 6))
c("county", "郑州市二七区本月任务", "tasks", ignore=OU, period=month(2025, 6))
c("county", "南京市六合区第三季度任务", "tasks", ignore=OU, period=quarter(2025, 3))
c("county", "杭州市四季青街道逾期任务", "tasks", ignore=OU, status="overdue")
c("county", "陕西省西安市周至县下周任务", "tasks", ignore=OU, period=P("2025-06-23", "2025-06-29"))
c("county", "浙江省舟山市普陀区本月任务", "tasks", ignore=OU, period=month(2025, 6))
c("county", "XX县人民政府办公室第十二项完成了吗", "detail", ignore=OU, seq=12)
c("county", "德清县发展和改革局 未完成的任务", "tasks", ignore=OU, status="open")
c("county", "桐乡市人民政府办公室2025年第三季度任务", "tasks", ignore=OU, period=quarter(2025, 3),
  year=2025)
c("county", "嘉善县各乡镇（街道）本月逾期", "tasks", ignore=OU, period=month(2025, 6), status="overdue")
c("county", "义乌市稠城街道第3项进展", "detail", ignore=OU, seq=3)
c("county", "云南省昆明市五华区 下个月到期", "tasks", ignore=OU, period=month(2025, 7))
c("county", "山东省日照市本月任务", "tasks", ignore=OU, period=month(2025, 6))
c("county", "黑龙江省双鸭山市宝山区第5项", "detail", ignore=OU, seq=5)
c("county", "江西省上饶市本周任务", "tasks", ignore=OU, period=week(T))
c("county", "福建省三明市逾期的任务", "tasks", ignore=OU, status="overdue")
c("county", "安徽省六安市下周任务", "tasks", ignore=OU, period=P("2025-06-23", "2025-06-29"))

# ======================= 6. numbers ==================================================
c("num", "普陀区2025年工作要点第12项目前进展如何？", "detail", org="普陀区", seq=12, year=2025,
  period=year(2025))
c("num", "麻烦看下No.12这条任务的牵头单位", "detail", seq=12)
c("num", "#12 这个任务啥时候截止", "detail", seq=12)
c("num", "十二号任务谁负责", "detail", seq=12)
c("num", "十二号任务完成了吗", "detail", seq=12)
c("num", "请问12号任务完成了吗", "detail", seq=12)
c("num", "任务12目前卡在哪", "detail", seq=12)
c("num", "No.12任务截止时间", "detail", seq=12)
c("num", "第十二项任务的进展", "detail", seq=12)
c("num", "12号任务搞定了", "report", seq=12, status="done")
c("num", "8月份第3项", "detail", seq=3, period=month(2025, 8))
c("num", "第一百项", "detail", seq=100)
c("num", "第一百零五项", "detail", seq=105)
c("num", "第廿五项", "detail", seq=25)
c("num", "NO.12 已完成", "report", seq=12, status="done")
c("num", "任务十二进展如何", "detail", seq=12)
c("num", "序号12的任务牵头单位是谁", "detail", seq=12)
c("num", "编号12任务", "detail", seq=12)
c("num", "第999项", "detail", seq=999)

# not task numbers
c("num-not", "逾期的3个单位是哪几个", ("summary", "tasks"), status="overdue")
c("num-not", "10个工作日内要报送的材料", "tasks", ignore=("period",))
c("num-not", "完成率前5名的单位", "summary")
c("num-not", "普陀区还有2项任务没完成？", ("tasks", "summary"), org="普陀区", status="open")
c("num-not", "普陀区有2项任务逾期了吗", ("tasks", "summary"), org="普陀区", status="overdue")
c("num-not", "完成占比80%以上的部门", "summary")
c("num-not", "有5个任务快到期了", "tasks", status="due_soon")
c("num-not", "本月共有12项任务吗", "tasks", period=month(2025, 6))
c("num-not", "已完成8项，还剩几项没完成", ("summary", "tasks"), ignore=("status",))
c("num-not", "完成率排名第一的单位", "summary")
c("num-not", "请第一时间报送逾期任务", "tasks", status="overdue")
c("num-not", "第三方评估相关任务", "search", keyword="第三方评估")
c("num-not", "关于落实沪府办〔2025〕12号文件的任务", "search", ignore=("keyword", "year", "period"))
c("num-not", "区府办1号文件的任务", "tasks", unit="区府办", ignore=("keyword",))
c("num-not", "第二次督办的任务", "tasks")
c("num-not", "第3批任务", "tasks")
c("num-not", "本月第2周的任务", "tasks", ignore=("period",))
c("num-not", "12345热线相关任务", "search", keyword="12345热线")
c("num-not", "十四五规划相关任务", "search", keyword="十四五规划")
c("num-not", "今天下午5点前要交的", "tasks", period=day(T))
c("num-not", "3个街道逾期了", ("summary", "tasks"), status="overdue")
c("num-not", "近30天逾期的任务", "tasks", period=win(T, 30), status="overdue")
c("num-not", "20个部门的完成情况", "summary")
c("num-not", "还有几个单位没交", "summary", status="open")

# ======================= 7. adversarial (must not raise; loose checks) ================
c("adv", "普陀区📌本月任务", "tasks", org="普陀区", period=month(2025, 6))
c("adv", "第8项✅已完成", "report", seq=8, status="done")
c("adv", "8\ufe0f\u20e3 已完成", "report", seq=8, status="done")
c("adv", "✅ 第8项已完成", "report", seq=8, status="done")
c("adv", "普陀区本月任务'; DROP TABLE tasks;--", "tasks", org="普陀区", period=month(2025, 6))
c("adv", "1; DROP TABLE tasks", "unknown")
c("adv", "1' OR '1'='1", "unknown")
c("adv", "<b>普陀区</b>本月任务", "tasks", org="普陀区", period=month(2025, 6))
c("adv", "<script>alert(1)</script>", "unknown")
c("adv", "**普陀区** 本月任务", "tasks", org="普陀区", period=month(2025, 6))
c("adv", "> 第8项已完成", "report", seq=8, status="done")
c("adv", "```\n第8项已完成\n```", "report", seq=8, status="done")
c("adv", "第8项已完成——", "report", seq=8, status="done")
c("adv", "普\u200b陀区本月任务", "tasks", org="普陀区", period=month(2025, 6))
c("adv", "普陀区本\u200d月任务", "tasks", org="普陀区", period=month(2025, 6))
c("adv", "第\u200b8\u200b项\u200b已完成", "report", seq=8, status="done")
c("adv", "\ufeff普陀区本月任务", "tasks", org="普陀区", period=month(2025, 6))
c("adv", "普陀区\u00a0本月任务", "tasks", org="普陀区", period=month(2025, 6))
c("adv", "普陀\u00ad区本月任务", "tasks", org="普陀区", period=month(2025, 6))
c("adv", "普陀区本月任务\u202e", "tasks", org="普陀区", period=month(2025, 6))
c("adv", "普陀区 this month 任务", "tasks", org="普陀区", period=month(2025, 6))
c("adv", "普陀区 overdue tasks", "tasks", org="普陀区", status="overdue")
c("adv", "普陀区 привет 本月任务", "tasks", org="普陀区", period=month(2025, 6))
c("adv", "Task #8 已完成", "report", seq=8, status="done")
c("adv", "第8项 status?", "detail", seq=8)
c("adv", "。。。", "unknown")
c("adv", "！？！？", "unknown")
c("adv", "……", "unknown")
c("adv", "——", "unknown")
c("adv", "、、、", "unknown")
c("adv", "~~~", "unknown")
c("adv", "###", "unknown")
c("adv", "***", "unknown")
c("adv", "/", "unknown")
c("adv", "#", "unknown")
c("adv", "【】", "unknown")
c("adv", "「」『』", "unknown")
c("adv", "\u200b\u200b\u200b", "unknown")
c("adv", "\ud800", "unknown")
c("adv", "普陀区本月任务" + "，" * 5000, "tasks", org="普陀区", period=month(2025, 6))
c("adv", "普陀区本月任务\n" + "> 原文：" + "政务公开" * 3000, "tasks", org="普陀区",
  period=month(2025, 6), ignore=("keyword", "status", "unit", "seq"))


@pytest.mark.parametrize("case", CASES, ids=[f"{c['group']}-{i}" for i, c in enumerate(CASES)])
def test_phrasing(case: dict) -> None:
    got = parse(case["text"], case["today"]).to_json()
    want = {k: None for k in JSON_KEYS} | {"intent": case["intent"]} | case["fields"]
    for key in JSON_KEYS:
        if key in case["ignore"]:
            continue
        if key == "intent" and isinstance(want[key], tuple):  # either reading is right
            assert got[key] in want[key], (case["text"], got)
        else:
            assert got[key] == want[key], (case["text"], key, got)


def test_enough_phrasings() -> None:
    assert len(CASES) >= 300
