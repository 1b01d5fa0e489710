"""How liaisons talk: when / how many / whether ours, the whole org, small talk, follow-up marks,
topics without 搜索 and misspelt names. The topic rules need the words the plans use: here the
sample plans' own text."""

from __future__ import annotations

from datetime import date

import pytest

from bot.nlu.fuzzy import closeness, closest
from bot.nlu.gazetteer import Gazetteer, character_pairs
from bot.nlu.parser import Parser
from bot.nlu.query import Ask, Intent, SmallTalk
from bot.nlu.topic import topic_of
from store.directory.directory import default_directory
from tests.conftest import SAMPLES

TODAY = date(2025, 10, 22)
WORDS = frozenset(set().union(*(character_pairs(p.read_text(encoding="utf-8"))
                                for p in SAMPLES.glob("*.txt"))))
PARSER = Parser(Gazetteer(default_directory(), plan_words=WORDS))


def parse(text: str):
    return PARSER.parse(text, TODAY)


@pytest.mark.parametrize(("text", "ask"), [
    ("季度报告什么时候交", Ask.WHEN), ("第25项什么时候截止", Ask.WHEN), ("政府开放月啥时候搞", Ask.WHEN),
    ("还有多少天到期", Ask.WHEN), ("第9项几号截止", Ask.WHEN), ("这个任务期限是哪天", Ask.WHEN),
    ("还剩几个工作日", Ask.WHEN), ("还有几项没做完", Ask.COUNT), ("一共多少个任务", Ask.COUNT),
    ("我们手上有几件没办完", Ask.COUNT), ("逾期的有多少", Ask.COUNT), ("第14项是我们的吗", Ask.OURS),
    ("第9项跟我们有关吗", Ask.OURS), ("第3项是不是咱们的", Ask.OURS), ("第20项本单位要参与吗", Ask.OURS),
    ("第5项属于我们单位吗", Ask.OURS), ("第9项我们是牵头还是配合", Ask.OURS), ("下周要交啥", None),
    ("第9项", None), ("逾期的是哪几项", None), ("哪几个任务要交", None), ("我们负责的任务里哪个最急", Ask.WHEN),
    ("最急的是哪个", Ask.WHEN),
])
def test_what_a_question_wants_to_know(text: str, ask: Ask | None) -> None:
    assert parse(text).ask == ask


@pytest.mark.parametrize(("text", "keyword"), [
    ("政府开放月的任务", "政府开放月"), ("帮我查下政务公开专栏的任务", "政务公开专栏"),
    ("政务公开专区", "政务公开专区"), ("关于数据开放的", "数据开放"), ("政府开放月啥时候搞", "政府开放月"),
    ("季度报告什么时候交", "季度报告"), ("12345热线那个事谁负责", "12345热线"),
    ("依申请公开的工作啥时候完成", "依申请公开"), ("大模型相关的", "大模型"),
    ("我们配合的政策解读任务", "政策解读"), ("看看权责清单那项", "权责清单"),
])
def test_topics_without_search(text: str, keyword: str) -> None:
    q = parse(text)
    assert (q.intent, q.keyword) == (Intent.SEARCH, keyword)


@pytest.mark.parametrize("text", [
    "下周要交啥", "哪些还没完成", "还有几项没做完", "我们这边还有啥没弄完", "老师好，我们街道下周要交哪些材料",
    "手头还有几件事没办", "本月第2周的任务", "普陀区政务公开工作要点任务分解表", "咱们单位要做点啥",
    "请各街镇对照任务清单抓紧推进", "最近有什么要忙的",
])
def test_frame_words_are_no_topic(text: str) -> None:
    q = parse(text)
    assert q.intent == Intent.TASKS and q.keyword is None, (q.intent, q.keyword, q.topic)


@pytest.mark.parametrize(("text", "expected"), [
    ("今天天气怎么样", Intent.UNKNOWN), ("讲个笑话", Intent.UNKNOWN), ("量子纠缠的任务", Intent.SEARCH),
])
def test_a_bare_phrase_is_a_topic_only_when_the_plans_speak_of_it(text: str, expected: Intent) -> None:
    assert parse(text).intent == expected


@pytest.mark.parametrize(("text", "wide"), [
    ("全区下周要交啥", True), ("所有单位逾期的任务", True), ("全部任务", True), ("哪些单位逾期了", True),
    ("下周要交啥", False), ("我们的任务", False),
])
def test_the_whole_org(text: str, wide: bool) -> None:
    assert parse(text).wide is wide


@pytest.mark.parametrize(("text", "talk"), [
    ("谢谢", SmallTalk.THANKS), ("谢谢你啊，帮大忙了", SmallTalk.THANKS), ("好的收到", SmallTalk.THANKS),
    ("辛苦了", SmallTalk.THANKS), ("你好", SmallTalk.GREETING), ("在吗", SmallTalk.GREETING),
    ("早上好", SmallTalk.GREETING), ("嗯嗯好的", SmallTalk.YES), ("是的", SmallTalk.YES), ("辛苦啦", SmallTalk.THANKS),
    ("收到，谢谢！", SmallTalk.THANKS), ("帮助", None),
])
def test_small_talk(text: str, talk: SmallTalk | None) -> None:
    q = parse(text)
    assert (q.intent, q.small_talk) == (Intent.HELP, talk)


@pytest.mark.parametrize(("text", "followup"), [
    ("那逾期的呢", True), ("第9项呢", True), ("那普陀区呢", True), ("换成下个月", True),
    ("还有几项没做完", False), ("逾期任务", False),
])
def test_follow_up_marks(text: str, followup: bool) -> None:
    assert parse(text).followup is followup


@pytest.mark.parametrize(("text", "written"), [
    ("长宁教育据的任务", "教育据"), ("卫建委有哪些任务", "卫建委"), ("岳阳街到有啥任务", "岳阳街到"),
    ("曹杨新材街道有哪些任务", "曹杨新材街道"), ("新泾真要做什么", "新泾真"), ("文旅据下周的任务", "文旅据"),
])
def test_misspelt_unit_names(text: str, written: str) -> None:
    q = parse(text)
    assert (q.unit, q.unknown_unit) == (None, written)


@pytest.mark.parametrize("text", ["2021年长宁市场监管领域的任务", "生态环境领域的任务", "教育的任务",
                                  "新泾的任务", "政务公开专栏"])
def test_fields_and_short_names_are_no_misspelling(text: str) -> None:
    assert parse(text).unknown_unit is None


def test_closeness_by_characters_and_sound() -> None:
    assert closeness("教育据", "区教育局").misspelt()
    assert not closeness("教育据", "区体育局").misspelt()
    assert not closeness("数据开放", "区数据局").misspelt()
    assert closest("教育据", ["区教育局", "区体育局", "区卫健委", "区府办"]) == ["区教育局"]
    assert closest("量子纠缠", ["区教育局", "区府办"]) == []


def test_topic_of_strips_the_frame_only() -> None:
    assert topic_of("会议公开的任务有哪些") == "会议公开"  # 会 opens a word here
    assert topic_of("及时公开") == "及时公开"
    assert topic_of("江苏省南京市玄武区") is None


def test_a_number_with_an_ok_is_no_thanks() -> None:
    assert parse("第8项好了").intent == Intent.DETAIL


@pytest.mark.parametrize(("text", "days"), [("这两天有要到期的吗", 1), ("这几天要交啥", 2), ("最近两天的任务", 1)])
def test_these_days(text: str, days: int) -> None:
    period = parse(text).period
    assert period is not None and (period.start, (period.end - period.start).days) == (TODAY, days)


@pytest.mark.parametrize("text", ["帮忙看下咱这边月底前有啥要弄的", "咱有啥任务"])
def test_zan_is_we(text: str) -> None:
    q = parse(text)
    assert (q.intent, q.mine, q.keyword) == (Intent.TASKS, True, None)


@pytest.mark.parametrize("text", ["全部", "所有", "全区"])
def test_the_whole_org_alone_lists_its_tasks(text: str) -> None:
    q = parse(text)
    assert (q.intent, q.wide) == (Intent.TASKS, True)
