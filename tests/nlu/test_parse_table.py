"""Table-driven checks of bot.nlu.parse: chat text + today -> the public Query fields.

Every expected dict names the intent and each field that must be set; all other fields of
Query.to_json() must be null, so each assertion is exact. Expected values follow the parser's
documented conventions, not its current output.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.nlu import parse
from bot.nlu.query import INTENTS, JSON_KEYS

T = date(2025, 6, 16)  # a Monday: week 06-16..06-22, Q2, first half of 2025


def P(start: str, end: str) -> dict[str, str]:
    """An inclusive period as Query.to_json() writes it."""
    return {"start": start, "end": end}


def E(intent: str, **fields: object) -> dict[str, object]:
    """The expected non-null fields of one parse."""
    return {"intent": intent, **fields}


def c(case_id: str, text: str, expected: dict[str, object], today: date = T):
    """One table row."""
    return pytest.param(text, today, expected, id=case_id)


# Periods relative to T.
TODAY = P("2025-06-16", "2025-06-16")
WEEK = P("2025-06-16", "2025-06-22")
NEXT_WEEK = P("2025-06-23", "2025-06-29")
LAST_WEEK = P("2025-06-09", "2025-06-15")
MAY = P("2025-05-01", "2025-05-31")
JUN = P("2025-06-01", "2025-06-30")
JUL = P("2025-07-01", "2025-07-31")
OCT = P("2025-10-01", "2025-10-31")
DEC = P("2025-12-01", "2025-12-31")
Q1 = P("2025-01-01", "2025-03-31")
Q2 = P("2025-04-01", "2025-06-30")
Q3 = P("2025-07-01", "2025-09-30")
Q4 = P("2025-10-01", "2025-12-31")
H1 = P("2025-01-01", "2025-06-30")
H2 = P("2025-07-01", "2025-12-31")
Y2023 = P("2023-01-01", "2023-12-31")
Y2024 = P("2024-01-01", "2024-12-31")
Y2025 = P("2025-01-01", "2025-12-31")
Y2026 = P("2026-01-01", "2026-12-31")
NEXT_7 = P("2025-06-16", "2025-06-22")
NEXT_30 = P("2025-06-16", "2025-07-15")

D_2026_01_05 = date(2026, 1, 5)  # Monday
D_2025_12_31 = date(2025, 12, 31)  # Wednesday
D_2024_02_29 = date(2024, 2, 29)  # Thursday, leap day
D_2025_11_20 = date(2025, 11, 20)  # Thursday
D_2025_01_01 = date(2025, 1, 1)  # Wednesday
D_2028_02_28 = date(2028, 2, 28)  # Monday, leap year
D_2023_02_28 = date(2023, 2, 28)  # Tuesday, common year
D_2025_03_31 = date(2025, 3, 31)  # Monday, end of Q1
D_2025_01_31 = date(2025, 1, 31)  # Friday
D_2025_09_30 = date(2025, 9, 30)  # Tuesday, end of Q3

HUANGPU, XUHUI, CHANGNING, JINGAN = "黄浦区", "徐汇区", "长宁区", "静安区"
PUTUO, HONGKOU, YANGPU, MINHANG = "普陀区", "虹口区", "杨浦区", "闵行区"
BAOSHAN, JIADING, PUDONG, JINSHAN = "宝山区", "嘉定区", "浦东新区", "金山区"
SONGJIANG, QINGPU, FENGXIAN, CHONGMING = "松江区", "青浦区", "奉贤区", "崇明区"
STREETS_TOWNS = "各街道（镇）"

CASES = [
    # ---- tasks: relative days, weeks, months ------------------------------------------------
    c("today", "今天有什么任务", E("tasks", period=TODAY)),
    c("today-jinri", "今日任务", E("tasks", period=TODAY)),
    c("tomorrow-due", "明天到期的任务", E("tasks", period=P("2025-06-17", "2025-06-17"))),
    c("day-after-tomorrow", "后天要交什么", E("tasks", period=P("2025-06-18", "2025-06-18"))),
    c("yesterday", "昨天的任务", E("tasks", period=P("2025-06-15", "2025-06-15"))),
    c("this-week", "本周任务", E("tasks", period=WEEK)),
    c("this-week-colloquial", "这周有啥事", E("tasks", period=WEEK)),
    c("this-week-xingqi", "这个星期的工作", E("tasks", period=WEEK)),
    c("next-week", "下周任务", E("tasks", period=NEXT_WEEK)),
    c("next-week-xingqi", "下个星期要做什么", E("tasks", period=NEXT_WEEK)),
    c("last-week", "上周的任务", E("tasks", period=LAST_WEEK)),
    c("this-month", "本月任务", E("tasks", period=JUN)),
    c("this-month-colloquial", "这个月要干啥", E("tasks", period=JUN)),
    c("this-month-dangyue", "当月任务清单", E("tasks", period=JUN)),
    c("next-month", "下个月的任务", E("tasks", period=JUL)),
    c("next-month-short", "下月任务", E("tasks", period=JUL)),
    c("last-month", "上个月任务", E("tasks", period=MAY)),
    c("last-month-short", "上月的工作", E("tasks", period=MAY)),
    # ---- tasks: named months, days, quarters, halves ------------------------------------------
    c("month-digits", "10月任务", E("tasks", period=OCT)),
    c("month-chinese", "十月的任务", E("tasks", period=OCT)),
    c("month-fen", "10月份有哪些任务", E("tasks", period=OCT)),
    c("month-fullwidth", "１０月任务", E("tasks", period=OCT)),
    c("month-chinese-12-fen", "十二月份的工作", E("tasks", period=DEC)),
    c("single-day-ri", "10月15日的任务", E("tasks", period=P("2025-10-15", "2025-10-15"))),
    c("single-day-hao", "10月15号的任务", E("tasks", period=P("2025-10-15", "2025-10-15"))),
    c("this-quarter", "本季度任务", E("tasks", period=Q2)),
    c("this-quarter-zhege", "这个季度的工作", E("tasks", period=Q2)),
    c("next-quarter", "下季度任务", E("tasks", period=Q3)),
    c("last-quarter", "上季度任务", E("tasks", period=Q1)),
    c("q3-di", "第三季度任务", E("tasks", period=Q3)),
    c("q3-chinese", "三季度任务", E("tasks", period=Q3)),
    c("q3-digit", "3季度的任务", E("tasks", period=Q3)),
    c("q3-letter", "Q3任务", E("tasks", period=Q3)),
    c("q1-chinese", "一季度任务", E("tasks", period=Q1)),
    c("q4-lowercase", "q4 的任务", E("tasks", period=Q4)),
    c("q2-di", "第二季度的任务", E("tasks", period=Q2)),
    c("first-half", "上半年任务", E("tasks", period=H1)),
    c("second-half", "下半年的工作", E("tasks", period=H2)),
    # ---- tasks: years ------------------------------------------------------------------------
    c("this-year", "今年的任务", E("tasks", period=Y2025, year=2025)),
    c("whole-year", "全年任务", E("tasks", period=Y2025)),
    c("last-year", "去年的任务", E("tasks", period=Y2024, year=2024)),
    c("year-2024", "2024年的任务", E("tasks", period=Y2024, year=2024)),
    c("next-year", "明年的任务", E("tasks", period=Y2026, year=2026)),
    c("year-before-last", "前年任务", E("tasks", period=Y2023, year=2023)),
    c("year-chinese-digits", "二〇二四年任务", E("tasks", period=Y2024, year=2024)),
    c("year-two-digit", "25年的任务", E("tasks", period=Y2025, year=2025)),
    c("year-month-dash", "2025-10 任务", E("tasks", period=OCT, year=2025)),
    c("year-month-dot", "2025.10的任务", E("tasks", period=OCT, year=2025)),
    c("year-month-chinese", "2025年10月任务", E("tasks", period=OCT, year=2025)),
    c("year-month-other-year", "2024年10月的任务",
      E("tasks", period=P("2024-10-01", "2024-10-31"), year=2024)),
    c("year-quarter", "2024年第三季度任务",
      E("tasks", period=P("2024-07-01", "2024-09-30"), year=2024)),
    c("year-half", "2024年上半年任务", E("tasks", period=P("2024-01-01", "2024-06-30"), year=2024)),
    c("this-year-second-half", "今年下半年的任务", E("tasks", period=H2, year=2025)),
    c("next-year-january", "明年1月的任务",
      E("tasks", period=P("2026-01-01", "2026-01-31"), year=2026)),
    # ---- tasks: deadlines ("before") and rolling windows ---------------------------------------
    c("before-year-end", "年底前的任务", E("tasks", period=P("2025-06-16", "2025-12-31"))),
    c("before-month-end", "月底前要交的", E("tasks", period=P("2025-06-16", "2025-06-30"))),
    c("before-oct-end", "10月底前的任务", E("tasks", period=P("2025-06-16", "2025-10-31"))),
    c("before-jun-30", "6月30日前的任务", E("tasks", period=P("2025-06-16", "2025-06-30"))),
    c("recent-week", "近一周任务", E("tasks", period=NEXT_7)),
    c("recent-week-zuijin", "最近一周有什么任务", E("tasks", period=NEXT_7)),
    c("next-7-days", "未来7天的任务", E("tasks", period=NEXT_7)),
    c("within-7-days", "7天内的任务", E("tasks", period=NEXT_7)),
    c("within-a-week", "一周内的任务", E("tasks", period=NEXT_7)),
    c("next-10-days", "未来10天任务", E("tasks", period=P("2025-06-16", "2025-06-25"))),
    c("within-3-days", "3天内的任务", E("tasks", period=P("2025-06-16", "2025-06-18"))),
    c("next-three-days-chinese", "未来三天有什么事", E("tasks", period=P("2025-06-16", "2025-06-18"))),
    c("within-two-weeks", "两周内的任务", E("tasks", period=P("2025-06-16", "2025-06-29"))),
    c("recent-month", "近一个月的任务", E("tasks", period=NEXT_30)),
    c("next-month-rolling", "未来一个月要做什么", E("tasks", period=NEXT_30)),
    # ---- tasks: status filters ---------------------------------------------------------------
    c("overdue", "逾期任务", E("tasks", status="overdue")),
    c("overdue-chaoqi", "超期的任务有哪些", E("tasks", status="overdue")),
    c("overdue-guoqi", "过期的工作", E("tasks", status="overdue")),
    c("overdue-zhihou", "滞后任务", E("tasks", status="overdue")),
    c("open", "未完成的任务", E("tasks", status="open")),
    c("open-colloquial", "还有哪些没完成的任务", E("tasks", status="open")),
    c("open-todo-mine", "我的待办", E("tasks", status="open")),
    c("open-in-progress", "进行中的任务", E("tasks", status="open")),
    c("done", "已完成的任务", E("tasks", status="done")),
    c("due-soon", "即将到期的任务", E("tasks", status="due_soon")),
    c("due-soon-colloquial", "快到期的有哪些", E("tasks", status="due_soon")),
    c("due-soon-linqi", "临期任务", E("tasks", status="due_soon")),
    c("due-soon-this-week", "本周即将到期的任务", E("tasks", period=WEEK, status="due_soon")),
    c("overdue-this-month", "本月逾期任务", E("tasks", period=JUN, status="overdue")),
    c("mine", "我的任务", E("tasks")),
    c("mine-open", "我的未完成任务", E("tasks", status="open")),
    # ---- tasks: the 16 districts, short and full names ----------------------------------------
    c("huangpu-full", "黄浦区任务", E("tasks", org=HUANGPU)),
    c("huangpu-short", "黄浦本月任务", E("tasks", org=HUANGPU, period=JUN)),
    c("xuhui-full", "徐汇区的工作", E("tasks", org=XUHUI)),
    c("xuhui-short", "徐汇 逾期", E("tasks", org=XUHUI, status="overdue")),
    c("changning-full", "长宁区下周任务", E("tasks", org=CHANGNING, period=NEXT_WEEK)),
    c("changning-short", "长宁的任务", E("tasks", org=CHANGNING)),
    c("jingan-full", "静安区10月任务", E("tasks", org=JINGAN, period=OCT)),
    c("jingan-short", "静安 待办", E("tasks", org=JINGAN, status="open")),
    c("putuo-full", "普陀区本月任务", E("tasks", org=PUTUO, period=JUN)),
    c("putuo-short", "普陀有什么任务", E("tasks", org=PUTUO)),
    c("putuo-with-city", "上海市普陀区的任务", E("tasks", org=PUTUO)),
    c("hongkou-full", "虹口区任务", E("tasks", org=HONGKOU)),
    c("hongkou-short", "虹口 今年任务", E("tasks", org=HONGKOU, period=Y2025, year=2025)),
    c("yangpu-full", "杨浦区逾期任务", E("tasks", org=YANGPU, status="overdue")),
    c("yangpu-short", "杨浦 Q3", E("tasks", org=YANGPU, period=Q3)),
    c("minhang-full", "闵行区的任务", E("tasks", org=MINHANG)),
    c("minhang-short", "闵行下个月要做啥", E("tasks", org=MINHANG, period=JUL)),
    c("baoshan-full", "宝山区任务", E("tasks", org=BAOSHAN)),
    c("baoshan-short", "宝山 2024年任务", E("tasks", org=BAOSHAN, period=Y2024, year=2024)),
    c("jiading-full", "嘉定区本周任务", E("tasks", org=JIADING, period=WEEK)),
    c("jiading-short", "嘉定的任务", E("tasks", org=JIADING)),
    c("pudong-full", "浦东新区任务", E("tasks", org=PUDONG)),
    c("pudong-short", "浦东 即将到期", E("tasks", org=PUDONG, status="due_soon")),
    c("jinshan-full", "金山区的任务", E("tasks", org=JINSHAN)),
    c("jinshan-short", "金山 上半年任务", E("tasks", org=JINSHAN, period=H1)),
    c("songjiang-full", "松江区任务", E("tasks", org=SONGJIANG)),
    c("songjiang-short", "松江 年底前",
      E("tasks", org=SONGJIANG, period=P("2025-06-16", "2025-12-31"))),
    c("qingpu-full", "青浦区任务", E("tasks", org=QINGPU)),
    c("qingpu-short", "青浦 已完成的任务", E("tasks", org=QINGPU, status="done")),
    c("fengxian-full", "奉贤区任务", E("tasks", org=FENGXIAN)),
    c("fengxian-short", "奉贤 近一周", E("tasks", org=FENGXIAN, period=NEXT_7)),
    c("chongming-full", "崇明区任务", E("tasks", org=CHONGMING)),
    c("chongming-short", "崇明本季度任务", E("tasks", org=CHONGMING, period=Q2)),
    # ---- tasks: towns (the town is the org) and streets (district + street) ---------------------
    c("town-huating-full", "华亭镇的任务", E("tasks", org="华亭镇")),
    c("town-huating-short", "华亭 本月任务", E("tasks", org="华亭镇", period=JUN)),
    c("town-huating-with-district", "嘉定区华亭镇任务", E("tasks", org="华亭镇")),
    c("town-qibao", "七宝镇逾期任务", E("tasks", org="七宝镇", status="overdue")),
    c("town-qibao-with-district", "闵行区七宝镇的任务", E("tasks", org="七宝镇")),
    c("town-zhujiajiao", "朱家角镇任务", E("tasks", org="朱家角镇")),
    c("town-chuansha-xinzhen", "川沙新镇任务", E("tasks", org="川沙新镇")),
    c("town-xinjing", "新泾镇任务", E("tasks", org="新泾镇")),
    c("town-hongqiao", "虹桥镇任务", E("tasks", org="虹桥镇")),
    c("town-bao-one-char", "崇明区堡镇任务", E("tasks", org="堡镇")),
    c("street-with-district", "长宁区新华路街道任务", E("tasks", org=CHANGNING, unit="新华路街道")),
    c("street-alone", "新华路街道的任务", E("tasks", org=CHANGNING, unit="新华路街道")),
    c("street-lujiazui", "陆家嘴街道本月任务", E("tasks", org=PUDONG, unit="陆家嘴街道", period=JUN)),
    c("street-xujiahui", "徐家汇街道任务", E("tasks", org=XUHUI, unit="徐家汇街道")),
    c("street-named-zhen", "普陀区真如镇街道任务", E("tasks", org=PUTUO, unit="真如镇街道")),
    c("street-jiangwanzhen", "江湾镇街道的任务", E("tasks", org=HONGKOU, unit="江湾镇街道")),
    c("street-jiadingzhen", "嘉定镇街道任务", E("tasks", org=JIADING, unit="嘉定镇街道")),
    c("street-hongqiao", "长宁区虹桥街道任务", E("tasks", org=CHANGNING, unit="虹桥街道")),
    c("street-shihua-overdue", "石化街道逾期任务",
      E("tasks", org=JINSHAN, unit="石化街道", status="overdue")),
    # ---- tasks: unknown places are no error ---------------------------------------------------
    c("unknown-district-chaoyang", "朝阳区的任务", E("tasks")),
    c("unknown-district-mars", "火星区本月任务", E("tasks", period=JUN)),
    c("unknown-district-haidian", "海淀区逾期任务", E("tasks", status="overdue")),
    # ---- tasks: departments and collectives ----------------------------------------------------
    c("unit-fuban-with-district", "普陀区府办任务", E("tasks", org=PUTUO, unit="区府办")),
    c("unit-fuban-short", "府办的任务", E("tasks", unit="区府办")),
    c("unit-fuban-canonical", "区府办本月任务", E("tasks", unit="区府办", period=JUN)),
    c("unit-fuban-long", "区政府办公室任务", E("tasks", unit="区府办")),
    c("unit-education", "教育局任务", E("tasks", unit="区教育局")),
    c("unit-education-org-month", "长宁区教育局10月任务",
      E("tasks", org=CHANGNING, unit="区教育局", period=OCT)),
    c("unit-data-short", "数据局的任务", E("tasks", unit="区数据局")),
    c("unit-data-with-district", "普陀区数据局任务", E("tasks", org=PUTUO, unit="区数据局")),
    c("unit-data-alias", "区数据管理局任务", E("tasks", unit="区数据局")),
    c("unit-health-short", "卫健委本月任务", E("tasks", unit="区卫健委", period=JUN)),
    c("unit-health-long", "区卫生健康委员会任务", E("tasks", unit="区卫健委")),
    c("unit-ndrc-overdue", "发改委逾期任务", E("tasks", unit="区发改委", status="overdue")),
    c("unit-ndrc-long", "区发展和改革委员会的任务", E("tasks", unit="区发改委")),
    c("unit-hr-short", "人社局任务", E("tasks", unit="区人社局")),
    c("unit-hr-long-with-district", "徐汇区人力资源和社会保障局任务",
      E("tasks", org=XUHUI, unit="区人社局")),
    c("unit-market", "市场监管局任务", E("tasks", unit="区市场监管局")),
    c("unit-city-ops", "城运中心的任务", E("tasks", unit="区城运中心")),
    c("unit-transport-alias", "交通委任务", E("tasks", unit="区建管委")),
    c("unit-construction-paren", "区建设管理委（区交通委）任务", E("tasks", unit="区建管委")),
    c("unit-planning-old-name", "规土局任务", E("tasks", unit="区规划资源局")),
    c("unit-environment-old-name", "环保局的任务", E("tasks", unit="区生态环境局")),
    c("unit-greening", "绿容局任务", E("tasks", unit="区绿化市容局")),
    c("unit-youth-league", "团区委的任务", E("tasks", unit="区团委")),
    c("unit-bianban", "区编办任务", E("tasks", unit="区委编办")),
    c("unit-npc-office", "区人大办任务", E("tasks", unit="区人大常委会办")),
    c("unit-civil-affairs-open", "静安区民政局待办",
      E("tasks", org=JINGAN, unit="区民政局", status="open")),
    c("unit-finance-next-month", "财政局下个月任务", E("tasks", unit="区财政局", period=JUL)),
    c("unit-justice-with-district", "杨浦区司法局任务", E("tasks", org=YANGPU, unit="区司法局")),
    c("unit-emergency-long", "区应急管理局任务", E("tasks", unit="区应急局")),
    c("unit-medical-insurance", "医保局任务", E("tasks", unit="区医保局")),
    c("unit-police-with-district", "长宁区公安分局任务", E("tasks", org=CHANGNING, unit="区公安分局")),
    c("collective-departments", "各部门任务", E("tasks", unit="各部门")),
    c("collective-departments-long", "区政府各部门本月任务", E("tasks", unit="各部门", period=JUN)),
    c("collective-weibanju", "各委办局任务", E("tasks", unit="各部门")),
    c("collective-jiezhen", "各街镇任务", E("tasks", unit=STREETS_TOWNS)),
    c("collective-jiedao-zhen", "各街道（镇）任务", E("tasks", unit=STREETS_TOWNS)),
    c("collective-jiedao-zhen-ascii-paren", "各街道(镇)的任务", E("tasks", unit=STREETS_TOWNS)),
    c("collective-zhenjie", "各镇街任务", E("tasks", unit=STREETS_TOWNS)),
    c("collective-streets-only", "各街道的任务", E("tasks", unit="各街道")),
    c("unknown-unit", "火星局任务", E("tasks")),
    c("unknown-unit-known-org", "普陀区火星局任务", E("tasks", org=PUTUO)),
    # ---- summary -----------------------------------------------------------------------------
    c("summary-org-month", "普陀区本月进度", E("summary", org=PUTUO, period=JUN)),
    c("summary-org-stats", "松江区进度统计", E("summary", org=SONGJIANG)),
    c("summary-org-progress", "长宁区的进展", E("summary", org=CHANGNING)),
    c("summary-streets-towns", "各街镇完成情况", E("summary", unit=STREETS_TOWNS)),
    c("summary-rate", "全区任务完成率", E("summary")),
    c("summary-ranking", "各部门完成情况排名", E("summary", unit="各部门")),
    c("summary-which-units-overdue", "哪些单位逾期了", E("summary", status="overdue")),
    c("summary-which-units-open", "哪些单位还没完成", E("summary", status="open")),
    c("summary-this-year", "今年统计", E("summary", period=Y2025, year=2025)),
    c("summary-q3", "第三季度汇总", E("summary", period=Q3)),
    c("summary-overdue-situation", "逾期情况", E("summary", status="overdue")),
    c("summary-org-how", "浦东新区情况怎么样", E("summary", org=PUDONG)),
    c("summary-unit", "教育局的完成情况", E("summary", unit="区教育局")),
    c("summary-year-rate", "2024年完成率", E("summary", period=Y2024, year=2024)),
    c("summary-week", "本周进展汇总", E("summary", period=WEEK)),
    # ---- search ------------------------------------------------------------------------------
    c("search", "搜索 政府开放月", E("search", keyword="政府开放月")),
    c("search-no-space", "搜索政府开放月", E("search", keyword="政府开放月")),
    c("search-with-org", "搜索 普陀 政府开放月", E("search", org=PUTUO, keyword="政府开放月")),
    c("search-with-full-org", "搜索 长宁区 一网通办", E("search", org=CHANGNING, keyword="一网通办")),
    c("search-chazhao", "查找 营商环境", E("search", keyword="营商环境")),
    c("search-jiansuo-colon", "检索：一网通办", E("search", keyword="一网通办")),
    c("search-keyword-word", "关键词 数字化转型", E("search", keyword="数字化转型")),
    c("search-filler-removed", "搜索 信息公开的任务", E("search", keyword="信息公开")),
    c("search-polite", "请搜索 老旧小区改造", E("search", keyword="老旧小区改造")),
    c("search-guanyu", "关于垃圾分类的任务", E("search", keyword="垃圾分类")),
    c("search-guanyu-data", "关于数据开放的任务", E("search", keyword="数据开放")),
    c("search-sheji", "涉及公共数据的工作", E("search", keyword="公共数据")),
    c("search-xiangguan", "营商环境相关任务", E("search", keyword="营商环境")),
    c("guanyu-org-is-tasks", "关于普陀区的任务", E("tasks", org=PUTUO)),
    c("xiangguan-unit-is-tasks", "教育局相关任务", E("tasks", unit="区教育局")),
    # ---- detail ------------------------------------------------------------------------------
    c("detail-di-xiang", "第8项", E("detail", seq=8)),
    c("detail-chinese", "第十二项", E("detail", seq=12)),
    c("detail-hao", "12号任务", E("detail", seq=12)),
    c("detail-renwu-n", "任务12", E("detail", seq=12)),
    c("detail-hash", "#12", E("detail", seq=12)),
    c("detail-command", "/task 12", E("detail", seq=12)),
    c("detail-fullwidth", "第１２项", E("detail", seq=12)),
    c("detail-spaced", "第 12 项", E("detail", seq=12)),
    c("detail-chinese-23", "第二十三项", E("detail", seq=23)),
    c("detail-question-done", "第8项完成了吗", E("detail", seq=8)),
    c("detail-question-done-meiyou", "8号任务完成没有？", E("detail", seq=8)),
    c("detail-question-progress", "第8项进展怎么样了", E("detail", seq=8)),
    c("detail-with-org", "松江区第45项", E("detail", org=SONGJIANG, seq=45)),
    c("detail-polite", "请问第3项是什么内容", E("detail", seq=3)),
    c("detail-chaxia", "查一下第二十项", E("detail", seq=20)),
    # ---- report ------------------------------------------------------------------------------
    c("report-done", "8 已完成", E("report", seq=8, status="done")),
    c("report-done-note", "8 已完成 已在官网公开", E("report", seq=8, status="done", keyword="已在官网公开")),
    c("report-in-progress-note", "第3项进行中，已完成初稿",
      E("report", seq=3, status="in_progress", keyword="已完成初稿")),
    c("report-in-progress-spaced", "第12项 进行中 已完成初稿",
      E("report", seq=12, status="in_progress", keyword="已完成初稿")),
    c("report-done-period", "第5项已完成。", E("report", seq=5, status="done")),
    c("report-started", "12号任务已启动", E("report", seq=12, status="in_progress")),
    c("report-pushing-note", "任务7 推进中 正在征求意见",
      E("report", seq=7, status="in_progress", keyword="正在征求意见")),
    c("report-not-started", "第十项未开始", E("report", seq=10, status="not_started")),
    c("report-bare-in-progress", "8 进行中", E("report", seq=8, status="in_progress")),
    c("report-done-comma-note", "第6项 已完成，材料已报送",
      E("report", seq=6, status="done", keyword="材料已报送")),
    c("report-hash-done", "#12 已完成", E("report", seq=12, status="done")),
    c("report-mention", "@duban_bot 9 已完成", E("report", seq=9, status="done")),
    c("report-note-with-date", "8 已完成 6月10日已公开",
      E("report", seq=8, status="done", keyword="6月10日已公开")),
    c("report-cmd-done-note", "/done 8 已在官网公开",
      E("report", seq=8, status="done", keyword="已在官网公开")),
    c("report-cmd-done-note-with-unit", "/done 8 已报送区府办",
      E("report", seq=8, status="done", keyword="已报送区府办")),
    c("report-cmd-done", "/done 8", E("report", seq=8, status="done")),
    c("report-cmd-progress-note-with-deadline", "/progress 8 计划10月底前完成",
      E("report", seq=8, status="in_progress", keyword="计划10月底前完成")),
    c("report-cmd-progress-note", "/progress 8 正在起草方案",
      E("report", seq=8, status="in_progress", keyword="正在起草方案")),
    c("report-cmd-progress", "/progress 15", E("report", seq=15, status="in_progress")),
    # ---- bind --------------------------------------------------------------------------------
    c("bind-cmd-upper", "/bind ABC123", E("bind", keyword="abc123")),
    c("bind-cmd-lower", "/bind abc123", E("bind", keyword="abc123")),
    c("bind-chinese", "绑定 XK92QZ", E("bind", keyword="xk92qz")),
    c("bind-cmd-botname", "/bind@duban_bot Q7W8E9", E("bind", keyword="q7w8e9")),
    c("bind-no-code", "绑定", E("bind")),
    # ---- help --------------------------------------------------------------------------------
    c("help-chinese", "帮助", E("help")),
    c("help-english", "help", E("help")),
    c("help-english-upper", "HELP", E("help")),
    c("help-cmd", "/help", E("help")),
    c("help-start", "/start", E("help")),
    c("help-how-to-use", "怎么用", E("help")),
    c("help-what-can-you-do", "你能做什么", E("help")),
    c("help-hello", "你好", E("help")),
    c("help-are-you-there", "在吗", E("help")),
    c("help-hello-polite", "您好！", E("help")),
    c("help-how-does-bot-work", "这个机器人怎么用？", E("help")),
    # ---- unknown and bad input ---------------------------------------------------------------
    c("unknown-empty", "", E("unknown")),
    c("unknown-spaces", "   ", E("unknown")),
    # Off-topic text is `unknown`; its time words still read as usual (今天 -> today).
    c("unknown-weather", "今天天气怎么样", E("unknown", period=TODAY)),
    c("unknown-keyboard-mash", "asdfghjkl", E("unknown")),
    c("unknown-sql-drop", "'; DROP TABLE tasks;--", E("unknown")),
    c("unknown-sql-select", "SELECT * FROM users WHERE 1=1", E("unknown")),
    c("unknown-emoji-only", "😀😀😀", E("unknown")),
    c("unknown-control-chars", "\x00\x01\x02\x1b[31m\x7f", E("unknown")),
    c("unknown-joke", "讲个笑话", E("unknown")),
    c("unknown-question-marks", "？？？", E("unknown")),
    # ---- noise: mentions, commands, polite words, punctuation, emoji ---------------------------
    c("cmd-tasks-full", "/tasks 长宁 教育局 下月",
      E("tasks", org=CHANGNING, unit="区教育局", period=JUL)),
    c("cmd-tasks-botname", "/tasks@duban_bot 本周", E("tasks", period=WEEK)),
    c("cmd-tasks-bare", "/tasks", E("tasks")),
    c("mention-tasks", "@duban_bot 普陀区本月任务", E("tasks", org=PUTUO, period=JUN)),
    c("polite-question", "请问普陀区本月有哪些任务？谢谢", E("tasks", org=PUTUO, period=JUN)),
    c("polite-spaces-bang", "麻烦帮我查一下  浦东新区   逾期任务！！",
      E("tasks", org=PUDONG, status="overdue")),
    c("emoji-around", "📋 静安区 本周任务 🙏", E("tasks", org=JINGAN, period=WEEK)),
    c("polite-tilde", "帮我查一下长宁区的待办，谢谢~", E("tasks", org=CHANGNING, status="open")),
    c("brackets", "【普陀区】【本月】任务", E("tasks", org=PUTUO, period=JUN)),
    # ---- other days: year, month and quarter boundaries, leap years ----------------------------
    c("d260105-this-week", "本周任务", E("tasks", period=P("2026-01-05", "2026-01-11")),
      today=D_2026_01_05),
    c("d260105-last-week", "上周任务", E("tasks", period=P("2025-12-29", "2026-01-04")),
      today=D_2026_01_05),
    c("d260105-last-month", "上个月的任务", E("tasks", period=P("2025-12-01", "2025-12-31")),
      today=D_2026_01_05),
    c("d260105-last-quarter", "上季度任务", E("tasks", period=Q4), today=D_2026_01_05),
    c("d260105-last-year", "去年的任务", E("tasks", period=Y2025, year=2025), today=D_2026_01_05),
    c("d260105-this-year", "今年任务", E("tasks", period=Y2026, year=2026), today=D_2026_01_05),
    c("d260105-recent-month", "近一个月", E("tasks", period=P("2026-01-05", "2026-02-03")),
      today=D_2026_01_05),
    c("d260105-quarter-summary", "本季度进度",
      E("summary", period=P("2026-01-01", "2026-03-31")), today=D_2026_01_05),
    c("d260105-month-no-year", "10月任务", E("tasks", period=P("2026-10-01", "2026-10-31")),
      today=D_2026_01_05),
    c("d251231-tomorrow", "明天的任务", E("tasks", period=P("2026-01-01", "2026-01-01")),
      today=D_2025_12_31),
    c("d251231-next-month", "下个月任务", E("tasks", period=P("2026-01-01", "2026-01-31")),
      today=D_2025_12_31),
    c("d251231-next-quarter", "下季度任务", E("tasks", period=P("2026-01-01", "2026-03-31")),
      today=D_2025_12_31),
    c("d251231-next-week", "下周任务", E("tasks", period=P("2026-01-05", "2026-01-11")),
      today=D_2025_12_31),
    c("d251231-this-week", "这周任务", E("tasks", period=P("2025-12-29", "2026-01-04")),
      today=D_2025_12_31),
    c("d251231-next-year-january", "明年1月的任务",
      E("tasks", period=P("2026-01-01", "2026-01-31"), year=2026), today=D_2025_12_31),
    c("d251231-next-7-days", "未来7天", E("tasks", period=P("2025-12-31", "2026-01-06")),
      today=D_2025_12_31),
    c("d251231-before-month-end", "月底前的任务", E("tasks", period=P("2025-12-31", "2025-12-31")),
      today=D_2025_12_31),
    c("d251231-before-year-end", "年底前", E("tasks", period=P("2025-12-31", "2025-12-31")),
      today=D_2025_12_31),
    c("d251231-next-year", "明年的任务", E("tasks", period=Y2026, year=2026), today=D_2025_12_31),
    c("d240229-this-month", "本月任务", E("tasks", period=P("2024-02-01", "2024-02-29")),
      today=D_2024_02_29),
    c("d240229-tomorrow", "明天", E("tasks", period=P("2024-03-01", "2024-03-01")),
      today=D_2024_02_29),
    c("d240229-yesterday", "昨天的任务", E("tasks", period=P("2024-02-28", "2024-02-28")),
      today=D_2024_02_29),
    c("d240229-day-after", "后天的任务", E("tasks", period=P("2024-03-02", "2024-03-02")),
      today=D_2024_02_29),
    c("d240229-next-month", "下个月", E("tasks", period=P("2024-03-01", "2024-03-31")),
      today=D_2024_02_29),
    c("d240229-last-month", "上月任务", E("tasks", period=P("2024-01-01", "2024-01-31")),
      today=D_2024_02_29),
    c("d240229-this-week", "本周任务", E("tasks", period=P("2024-02-26", "2024-03-03")),
      today=D_2024_02_29),
    c("d240229-this-quarter", "本季度任务", E("tasks", period=P("2024-01-01", "2024-03-31")),
      today=D_2024_02_29),
    c("d240229-first-half", "上半年任务", E("tasks", period=P("2024-01-01", "2024-06-30")),
      today=D_2024_02_29),
    c("d240229-last-year", "去年任务", E("tasks", period=Y2023, year=2023), today=D_2024_02_29),
    c("d240229-february", "2月的任务", E("tasks", period=P("2024-02-01", "2024-02-29")),
      today=D_2024_02_29),
    c("d240229-before-month-end", "月底前", E("tasks", period=P("2024-02-29", "2024-02-29")),
      today=D_2024_02_29),
    c("d240229-recent-week", "近一周", E("tasks", period=P("2024-02-29", "2024-03-06")),
      today=D_2024_02_29),
    c("d251120-before-oct-end-passed", "10月底前的任务",
      E("tasks", period=P("2025-01-01", "2025-10-31")), today=D_2025_11_20),
    c("d251120-before-jun-30-passed", "6月30日前的任务",
      E("tasks", period=P("2025-01-01", "2025-06-30")), today=D_2025_11_20),
    c("d251120-before-dec-end", "12月底前", E("tasks", period=P("2025-11-20", "2025-12-31")),
      today=D_2025_11_20),
    c("d251120-next-quarter", "下季度任务", E("tasks", period=P("2026-01-01", "2026-03-31")),
      today=D_2025_11_20),
    c("d251120-this-quarter", "本季度", E("tasks", period=Q4), today=D_2025_11_20),
    c("d251120-next-month", "下个月任务", E("tasks", period=DEC), today=D_2025_11_20),
    c("d251120-this-week", "这个星期的任务", E("tasks", period=P("2025-11-17", "2025-11-23")),
      today=D_2025_11_20),
    c("d251120-day-after", "后天", E("tasks", period=P("2025-11-22", "2025-11-22")),
      today=D_2025_11_20),
    c("d251120-before-year-end", "年底前", E("tasks", period=P("2025-11-20", "2025-12-31")),
      today=D_2025_11_20),
    c("d251120-february-past", "2月任务", E("tasks", period=P("2025-02-01", "2025-02-28")),
      today=D_2025_11_20),
    c("d251120-two-weeks", "两周内", E("tasks", period=P("2025-11-20", "2025-12-03")),
      today=D_2025_11_20),
    c("d250101-last-month", "上个月任务", E("tasks", period=P("2024-12-01", "2024-12-31")),
      today=D_2025_01_01),
    c("d250101-last-week", "上周任务", E("tasks", period=P("2024-12-23", "2024-12-29")),
      today=D_2025_01_01),
    c("d250101-this-week", "本周任务", E("tasks", period=P("2024-12-30", "2025-01-05")),
      today=D_2025_01_01),
    c("d250101-yesterday", "昨天", E("tasks", period=P("2024-12-31", "2024-12-31")),
      today=D_2025_01_01),
    c("d250101-last-quarter", "上季度任务", E("tasks", period=P("2024-10-01", "2024-12-31")),
      today=D_2025_01_01),
    c("d280228-tomorrow-leap", "明天的任务", E("tasks", period=P("2028-02-29", "2028-02-29")),
      today=D_2028_02_28),
    c("d280228-this-month-leap", "本月任务", E("tasks", period=P("2028-02-01", "2028-02-29")),
      today=D_2028_02_28),
    c("d230228-this-month-common", "本月任务", E("tasks", period=P("2023-02-01", "2023-02-28")),
      today=D_2023_02_28),
    c("d230228-tomorrow-common", "明天的任务", E("tasks", period=P("2023-03-01", "2023-03-01")),
      today=D_2023_02_28),
    c("d250331-next-month", "下个月的任务", E("tasks", period=P("2025-04-01", "2025-04-30")),
      today=D_2025_03_31),
    c("d250331-next-quarter", "下季度", E("tasks", period=Q2), today=D_2025_03_31),
    c("d250331-this-quarter", "本季度任务", E("tasks", period=Q1), today=D_2025_03_31),
    c("d250930-this-quarter", "这个季度", E("tasks", period=Q3), today=D_2025_09_30),
    c("d250930-next-quarter", "下季度任务", E("tasks", period=Q4), today=D_2025_09_30),
    c("d250131-next-month-february", "下个月", E("tasks", period=P("2025-02-01", "2025-02-28")),
      today=D_2025_01_31),
    c("d250131-next-month-overdue-org", "普陀区下个月逾期任务",
      E("tasks", org=PUTUO, period=P("2025-02-01", "2025-02-28"), status="overdue"),
      today=D_2025_01_31),
    # ---- phrasings met while trying the parser by hand -----------------------------------------
    c("try-week-to-finish", "查一下静安区卫健委这周要完成的工作",
      E("tasks", org="静安区", unit="区卫健委", period=WEEK)),
    c("try-still-open", "徐汇区教育局还有哪些任务没完成", E("tasks", org="徐汇区", unit="区教育局", status="open")),
    c("try-late-units-this-month", "本月逾期的单位有哪些", E("summary", period=JUN, status="overdue")),
    c("try-is-there-about", "有没有关于政务新媒体的任务", E("search", keyword="政务新媒体")),
    c("try-done-particle", "第8项已经完成了", E("report", seq=8, status="done")),
    c("try-done-attachment", "8号任务已完成，附件已上传", E("report", seq=8, status="done", keyword="附件已上传")),
    c("try-thanks", "谢谢", E("help")),
    c("try-what-can-you-do", "这个机器人能干嘛", E("help")),
    c("try-town-without-plan", "嘉定区马陆镇任务", E("tasks", org="马陆镇")),
    c("try-office-full-name", "长宁区人民政府办公室10月任务", E("tasks", org="长宁区", unit="区府办", period=OCT)),
    c("try-ndrc-long-name", "松江区发展改革委任务", E("tasks", org="松江区", unit="区发改委")),
    c("try-next-three-days", "近三天到期", E("tasks", period=P("2025-06-16", "2025-06-18"))),
    c("try-year-word-spaced", "黄浦区 2025 年度 第 3 项", E("detail", org="黄浦区", seq=3, year=2025, period=Y2025)),
    c("try-last-december", "去年12月的任务", E("tasks", period=P("2024-12-01", "2024-12-31"), year=2024)),
    c("try-materials-by-month-end", "这个月底前要交的材料", E("tasks", period=P("2025-06-16", "2025-06-30"))),
    c("try-until-october", "长宁区到10月底的任务", E("tasks", org="长宁区", period=P("2025-06-16", "2025-10-31"))),
    c("try-as-of-date", "截至6月30日的任务", E("tasks", period=P("2025-06-16", "2025-06-30"))),
    c("try-street-alone", "曹杨新村街道任务", E("tasks", org="普陀区", unit="曹杨新村街道")),
    c("try-list-overdue-open", "请列出长宁区所有逾期未完成的任务", E("tasks", org="长宁区", status="overdue")),
]


def test_table_is_large_and_ids_unique() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) >= 170
    assert len(set(ids)) == len(ids)
    assert sum(1 for case in CASES if case.values[1] != T) >= 20


@pytest.mark.parametrize(("text", "today", "expected"), CASES)
def test_parse(text: str, today: date, expected: dict[str, object]) -> None:
    assert set(expected) <= set(JSON_KEYS), "expected names a field outside the contract"
    assert expected["intent"] in INTENTS
    want = {key: None for key in JSON_KEYS} | expected
    assert parse(text, today).to_json() == want


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("普陀区本月任务" * 1429, id="10k-repeated-query"),
        pytest.param("啊" * 10_000, id="10k-one-char"),
        pytest.param("😀" * 10_000, id="10k-emoji"),
        pytest.param(("第8项 已完成 " + "\x00") * 1112, id="10k-mixed-control"),
    ],
)
def test_long_input_parses(text: str) -> None:
    assert len(text) >= 10_000
    query = parse(text, T)
    assert isinstance(query.intent, str)
    assert query.intent in INTENTS
    assert set(query.to_json()) == set(JSON_KEYS)
