"""The words the parser knows: commands, statuses, intents, fillers. Patterns only, no logic."""

from __future__ import annotations

import re

from bot.nlu.query import Intent, Status
from store.kinds import TaskRole

# What a slash command asks, as the parser reads it (the route table names the same commands).
COMMAND_INTENT = {
    "tasks": Intent.TASKS, "list": Intent.TASKS, "mytasks": Intent.TASKS, "my": Intent.TASKS,
    "task": Intent.DETAIL, "detail": Intent.DETAIL, "show": Intent.DETAIL,
    "summary": Intent.SUMMARY, "stats": Intent.SUMMARY, "search": Intent.SEARCH,
    "find": Intent.SEARCH, "done": Intent.REPORT, "progress": Intent.REPORT,
    "report": Intent.REPORT, "bind": Intent.BIND, "help": Intent.HELP, "start": Intent.HELP,
    "qreport": Intent.QUARTERLY_REPORT, "reports": Intent.REPORT_STATUS,
}
# Bare 请 only opens a sentence and particles only close one: 申请 and 哈尔滨 keep their characters.
POLITE = re.compile(
    r"请问一下|请问|麻烦你?|劳驾|谢谢你?|谢啦|多谢|感谢|您好|你好|请帮我|请帮忙|帮我|帮忙|"
    r"给我|我想要?|想知道|看一下|查一下|查查|看看|一下|能否|能不能|可否|"
    r"(?:^|(?<=[\s,.;:!?]))请|(?:吗|呢|吧|啊|呀|哈)(?=[\s,.;:!?]|$)"
)
PUNCT = re.compile(r"[\s,.;:!?'\"`~·、，。；：！？“”‘’（）()\[\]【】《》「」『』〔〕〈〉<>{}|\\/_+=*&^%$#—–-]+")

CN = "一二三四五六七八九十百两〇零"
# What may follow a number that counts things rather than names a task: 3个单位, 10天, 80%.
_COUNTER = r"(?!\s*(?:个|项|天|日|名|位|家|件|周|月|年|倍|成|小时|分钟?|人|次|批|工作日|[%％]))"
SEQ = (
    re.compile(rf"第\s*(\d{{1,3}}|[{CN}廿]{{1,6}})\s*(?:项|条|个|号|点)?\s*(?:任务|工作|事项)?"
               r"(?!\s*(?:批|次|季|周|年|期|版|届|名|页|部分|章|节|轮|天|月|的|方|时间|位|阶段|步|梯队|"
               r"线|把手|手|\d))"),
    re.compile(r"(?<![\d.〕\]])(\d{1,3})\s*号\s*(?:任务|工作|事项)?(?!目|文|令|通知)"),
    re.compile(rf"(?<![\d.{CN}])([{CN}廿]{{1,6}})\s*号\s*(?:任务|工作|事项)"),
    re.compile(r"(?:任务|序号|编号|#|no\.?|№|task)\s*(\d{1,3})(?!\d)"),
    re.compile(rf"(?:任务|task)\s*([{CN}廿]{{1,6}})(?![{CN}廿览般些])"),
    re.compile(r"^\s*(\d{1,3})(?:\.(?!\d))?(?![\d%;'\"=<>])(?!\s*号)" + _COUNTER),
    # 「县府办 8 已完成」「收到。8 已完成」: a bare number after a name or a sentence, then progress
    re.compile(r"(?:^|[\s,.;:!?。，；：！？、】\])])(\d{1,3})(?=\s*(?:已|正在|还在|进行|完成|搞定|办结|暂|done|ok))"),
)
# Checked in this order: 即将超期 is due soon, 到期未完成 overdue, 未完成 open.
STATUS = (
    (Status.DUE_SOON, re.compile(
        r"即将到期|快到期|快要到期|将要到期|马上到期|马上要到期|临近到期|临期|即将截止|快截止|临近截止|"
        r"即将逾期|快逾期|即将超期|快超期|快过期|快要过期|快到截止|快到期限|快到deadline|到期提醒|due.?soon")),
    (Status.OVERDUE, re.compile(
        r"逾期|超期|过期|超时|延误|拖期|滞后|未按期|没按时|未按时|没有按时|误期|延期|拖延|拖后腿|落后|"
        r"到期未完成|到期未办|已过截止|过了截止|需要催办|待催办|overdue|late")),
    (Status.OPEN, re.compile(
        r"未完成|没完成|没有完成|尚未完成|还没完成|未办结|未完结|没做完|没有做完|没弄完|没办完|待完成|待办|在办|"
        r"未结|进行中|推进中|正在推进|正在做|办理中|在途|还没做|还没动|还没搞定|还没办|没办|未办|未开始|"
        r"尚未启动|还没交|没交|还差|open|todo")),
    (Status.DONE, re.compile(
        r"已完成|已经完成|完成了|已办结|办结了?|已做完|已经做完|做完了|已办完|已完结|搞定了?|已结束|已落实|"
        r"已按期完成|已按时完成|按时完成|已销号|销号|done|finished")),
)
# The earliest match in a report wins (「第8项已完成，第9项进行中」 reports 8 as done).
REPORT_STATUS = (
    (Status.NOT_STARTED, re.compile(r"未开始|没开始|尚未开始|还没开始做?|未启动|还没动|暂未开展|尚未开展|未开展")),
    (Status.IN_PROGRESS, re.compile(
        r"进行中|推进中|正在推进|在推进|正在办理|正在办|办理中|在办|已启动|已开始|开始了|处理中|正在做|还在做|"
        r"正在落实|正在进行|已着手|着手|未完成|没完成|部分完成")),
    (Status.DONE, re.compile(
        r"已完成|已经完成|完成了|已办结|办结|已做完|做完了|已办完|已完结|已经搞定|搞定了?|已落实|已报送|"
        r"已提交|已上报|已销号|ok了?|done|完成")),
)
# A status word that is asked about, not reported: 「第8项完成没」「完成情况」「是不是已经完成了」.
ASKED_AFTER = re.compile(r"^\s*了?\s*(?:没有?|否|吗|么|吧|呢|情况|进度|度|怎么样|如何|与否|得怎么样)")
ASKED_BEFORE = re.compile(r"(?:是不是|是否|有没有|到底)\s*\S{0,3}$")
# Completion that is planned or partial is progress, not done: 「计划10月底完成」「完成了一半」.
NOT_YET_BEFORE = re.compile(
    r"(?:计划|预计|争取|准备|拟|将要?)\S{0,8}$|(?:前|部分|大部分|基本|初步|大体)\s*$"
)
NOT_YET_AFTER = re.compile(
    r"^\s*了?\s*(?:\d+\s*[%％]|百分之|一半|大半|部分|大部分|初稿|初步|\d+\s*成)"
)
REPORT_WORD = re.compile(r"汇报|上报|报告进度|反馈|填报|更新进度|进度更新|报进度|报送进度|进展汇报")
QUESTION = re.compile(r"吗|么|没有|是否|有没有|了没|怎样|如何|多少|哪些|哪个|什么|谁|\?")
URL = re.compile(r"https?://\S+|www\.\S+")
HELP = re.compile(
    r"^(?:帮助|help|使用说明|说明|功能|菜单|指令|命令|用法|示例|例子|hi|hello|hey|在|在不在|开始|start|"
    r"怎么用|如何使用|怎么查|如何查询?|你是谁|你能做什么|能做什么|你会什么|会做什么|有什么功能|help\s*me)$"
)
HELP_ANYWHERE = re.compile(
    r"怎么用|如何使用|使用说明|能做什么|会做什么|有什么功能|帮助|能干嘛|能干什么|干嘛用|有啥用|"
    r"可以做什么|都能做什么|会干嘛|怎么问|怎么提问|怎么查|如何查|有哪些功能|功能列表|指令列表|命令列表|"
    r"有什么命令|有哪些命令|有哪些指令|支持哪些|怎么汇报|如何汇报|怎么报|怎么上报|如何上报|怎么填报"
)
BIND = re.compile(r"绑定|綁定|关联本群|bind")
BIND_CODE = re.compile(r"(?<![a-z0-9])([a-z0-9]{4,16})(?![a-z0-9])")
SEARCH_VERB = re.compile(
    r"(?:搜索|搜一下|搜一搜|搜寻|搜|检索|查找|查询关键词|关键词|关键字|找一下|找找|search|find)\s*[:：]?\s*"
)
# A search verb after names: 「县府办 搜索 政务公开」.
SEARCH_LATER = re.compile(r"\s(?:搜索|检索|查找|搜)\s*[:：]?\s*")
# 「查询 政府信息公开年报」: a lookup verb, then words that are no filter: a search.
LOOKUP_VERB = re.compile(r"^\s*(?:查询|查查|查|找)\s*[:：]?\s*")
SEARCH_PHRASE = re.compile(
    r"(?:关于|有关(?!于)|涉及到?|包含|含有|提到)\s*(.+?)\s*的?\s*(?:任务|工作|事项|内容|要求)?$"
    r"|^(.+?)\s*(?:相关|有关)\s*的?\s*(?:任务|工作|事项|内容)?$"
)
SUMMARY = re.compile(
    r"进度|进展|统计|汇总|总结|概况|概览|总览|一览|完成情况|落实情况|推进情况|完成率|完成度|完成比例|排名|排行|"
    r"报表|看板|红黄绿|督办情况|报送情况|情况|谁|哪些单位|哪个单位|哪几个单位|哪些部门|哪个部门|哪几个部门|"
    r"哪些街道|哪些镇|哪些街镇|单位有哪些|部门有哪些|各单位|落后的单位|多少项|完成了多少|一共多少|"
    r"完成了没有|完成没有|完成得怎么样|完成得如何|几个单位|几个部门|哪家单位|的单位$|的部门$|占比|"
    r"summary|stats|progress|overview"
)
# Questions about completion ask for a summary; their 完成 is no status filter.
COMPLETION_QUESTION = re.compile(r"完成了多少|完成了没有|完成没有|完成得怎么样|完成得如何|完成度|完成比例|完成率")
MINE = re.compile(
    r"我的|我们的?|本单位|我单位|本部门|我部门|本街道|我街道|本镇|我镇|咱们|自己的|我司|分给我|给我们?的|"
    r"我(?=有|负责|这边|这里|手上|手头|要|还|本|下|上|去|今|明|该|需要|单位|部门|街道|镇)"
)
TASK_WORDS = re.compile(
    r"任务|工作|事项|清单|要点|列表|安排|计划|待办|有哪些|有什么|要做|干什么|做什么|截止|到期|deadline|todo|list|"
    r"分解表|材料|报送|提交|要交|办理"
)
GREETING = re.compile(
    r"^(?:在吗|在么|在不|在不在|喂|嗨|哈喽|你好|您好|hi|hello|hey|早上好|早|上午好|下午好|晚上好|大家好|"
    r"机器人你好|机器人|小助手|助手|谢谢|谢谢你|多谢|感谢|好的|收到|ok)$"
)
UNKNOWN_ORG = re.compile(
    r"(?:^|\s)([\u4e00-\u9fff]{2,3}?(?:新区|区|县|市))(?=[\u4e00-\u9fff\s\d]|$)"
)
NOT_ORGS = {"全区", "本区", "我区", "各区", "城区", "社区", "市区", "辖区", "园区", "该区", "本市", "全市",
             "我市", "城市", "本县", "全县", "我县", "新区", "上海市", "上海", "郊区"}
UNKNOWN_UNIT = re.compile(
    r"([\u4e00-\u9fff]{2,10}?(?:委员会|办公室|中心|局|委|办|部|处|科|所|院|站|馆|队))"
    r"(?=任务|的|工作|\s|$|本|这|下|上|逾期|[0-9])"
)
ROLES = ((TaskRole.LEAD, re.compile(r"牵头")), (TaskRole.COOPERATE, re.compile(r"配合|协办|协助")),
         (TaskRole.IMPLEMENT, re.compile(r"落实(?!情况)|承办")))
# Words that end like a unit but are not one: 需要催办, 全部, 督办.
NOT_UNITS = re.compile(r"催办|督办|需要|待办|在办|已办|没办|未办|要办|全部|内部|干部|本部|各部|哪|什么|几")
KEYWORD_EDGES = re.compile(
    r"^(?:的|关于|有关|跟|和|与|同|了|有没有|是否有)+|(?:的|相关|有关)?(?:任务|工作|事项|内容)$|(?:相关|有关)?的?$"
)
FILLER = re.compile(
    r"的|任务|工作|事项|相关|有关|情况|内容|要求|清单|列表|都|有|啥|哪些|什么|全部|所有|一共|列出|显示|"
    r"告诉我|看|查|要|做|了|还|我|们|在|是|需要|哪|些|该|应该|完成"
)



# A quarterly report handed in: 「季度报告：…」「三季度工作报告 …」「2025年Q3季报」 (the text or a
# file follows); the head must name the quarter (季).
QREPORT_SUBMIT = re.compile(
    r"^(?:(?P<year>\d{4})年)?(?:第?(?P<q>[一二三四1-4])季度?|[Qq](?P<q2>[1-4])|本季度|季度)?的?"
    r"(?:工作)?(?:情况|总结|小结|开展情况)?(?:季报|报告|材料)(?:[:\s]+|$)(?P<body>.*)$", re.S)
QREPORT_BODY_ASKS = re.compile(r"[?吗呢]$|^(?:的)?(?:情况|进度|名单|交了|提交了|报了|收齐|谁|哪些|哪个|多少)")
# Who has (not) handed in the quarter's report: 「三季度报送情况」「哪些单位没交季度报告」.
QREPORT_ASK = re.compile(
    r"(?:季报|季度(?:工作)?(?:报告|报送|材料))的?(?:报送|提交)?(?:情况|进度|名单|交了|提交了|报了|收齐|"
    r"交齐|还?没|还?未|谁|哪些|哪个|多少|了吗|了没|吗|\?|$)"
    r"|^(?:各单位)?(?:报送|报告|报告提交|报告报送)情况$"
    r"|(?:没有?|未)(?:报送|交|提交)(?:季报|季度(?:工作)?报告)"
)
# After a named quarter, 报告 alone is the quarterly report: 「三季度报告交了吗」.
QREPORT_ASK_AFTER_QUARTER = re.compile(
    r"^(?:的|我们的?|本单位的?)?(?:工作)?(?:报告|季报)(?:交了|提交了|报了|收齐|交齐|还?没|还?未|谁|哪些|情况|$)")
