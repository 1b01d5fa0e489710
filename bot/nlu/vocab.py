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
        r"尚未启动|还没交|没交|还差|open|todo|"
        r"(?:没有?|未|尚未|还没有?)(?:搞定|做好|办好|弄好|干完|落实|完结|结束|提交|报送|上报|动|开展|推进)")),
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
    r"我(?=有|负责|这边|这里|手上|手头|要|还|本|下|上|去|今|明|该|需要|单位|部门|街道|镇)|"
    r"咱(?=这边|这里|单位|部门|街道|镇|有|要|还|的)"
)
TASK_WORDS = re.compile(
    r"任务|工作|事项|清单|要点|列表|安排|计划|待办|有哪些|有什么|要做|干什么|做什么|截止|到期|deadline|todo|list|"
    r"分解表|材料|报送|提交|要交|办理|要弄|要干|要办|要搞|要忙|要完成|得做|该做|要处理|要落实"
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
    r"交齐|还?没|还?未|谁|哪些|哪个|多少|了吗|了没|吗|\?|了?$)"
    r"|^(?:各单位)?(?:报送|报告|报告提交|报告报送)情况$"
    r"|(?:没有?|未)(?:报送|交|提交)(?:季报|季度(?:工作)?报告)"
)
# After a named quarter, 报告 alone is the quarterly report: 「三季度报告交了吗」.
QREPORT_ASK_AFTER_QUARTER = re.compile(
    r"^(?:的|我们的?|本单位的?)?(?:工作)?(?:报告|季报)(?:交了|提交了|报了|收齐|交齐|还?没|还?未|谁|哪些|情况|$)")


# ---- what liaisons ask about their own work (issue: a liaison's chat) ----------------------
# A question about the whole org rather than the asking unit: 「全区」「所有单位」「全部」.
WIDE = re.compile(
    r"全区|全县|全市|全镇|全街道|整个区|所有单位|全部单位|所有部门|全部部门|各个单位|每个单位|所有的?任务|"
    r"全部的?任务|全部|所有|总体|整体|大家|哪些单位|哪个单位|哪几个单位|哪家|几个单位|几个部门|哪些部门|"
    r"哪个部门|哪些街道|哪些镇|哪些街镇|各单位|各部门的|各街道的|各街镇的|谁"
)
# 「…全部」: the whole list rather than the nearest ten.
SHOW_ALL = re.compile(r"全部|所有|完整|全列|都列出|列全|全都|其余|剩下的都")
# When something is due: 「什么时候交」「几号截止」「还有多少天到期」.
ASK_WHEN = re.compile(
    r"什么时候|什么时间|啥时候|啥时间|啥时|何时|几号|几月几[号日]|哪天|哪一天|哪个月|几月份?(?=截止|交|完成|到期|前|底|要)|"
    r"截止(?:时间|日期|到|是)|截至(?:时间|日期)|期限是?|时限是?|多久|多少天|几天|多少个?工作日|几个工作日|还剩多久|"
    r"deadline是?|when|最急|最紧急|最着急|最要紧|最先|最早|先做哪|优先"
)
# How many: 「还有几项没做完」「一共多少个任务」.
ASK_COUNT = re.compile(  # 「哪几项」 asks which, not how many
    r"(?<!哪)(?:几项|几个任务|几件|几条|几个事项|几个(?!工作日|天|单位|部门|街道|镇))|"
    r"多少项|多少个?任务|多少件|多少条|多少个?事项|一共多少|总共多少|共多少|"
    r"共有多少|有多少(?!天|个?工作日)|数量|总数|多少个(?!工作日|天)"
)
# Whether a task is the asking (or named) unit's: 「第14项是我们的吗」「跟我们有关吗」.
_WE = r"(?:我们单位|我们部门|我们|咱们|咱|本单位|我单位|本部门|我部门|我方|我这边|我们这边)"
ASK_OURS = re.compile(
    rf"(?:是|属于|归|算)(?:不是)?{_WE}的?(?:吗|么|嘛|不|没)?|是不是{_WE}的?|{_WE}的吗|"
    rf"(?:跟|和|与|同){_WE}有(?:没有)?关(?:系)?|{_WE}(?:要|需要|得|用|该|有没有|是否|需不需要|要不要)"
    r"(?:做|参与|负责|配合|落实|牵头|管|承担|办)(?:吗|么|嘛|不)?|有没有?{_WE}|有{_WE}(?:的事|的份|吗|么)|"
    rf"{_WE}(?:有份|有没有份|参与了?吗|负责吗|要做吗)|{_WE}是?(?:牵头|配合|负责|落实)还是|"
    r"(?:是|属于|归)(?:不是)?\s*的\s*(?:吗|么|嘛)|是不是\s*的"
)
# Thanks and small talk: a short reply, not the whole help.
THANKS = re.compile(
    r"^(?:谢谢|谢谢你|谢谢您|谢了|谢啦|多谢|感谢|辛苦了?|辛苦啦|辛苦|好的|好滴|好哒|好嘞|好|收到|收到了|了解|了解了|"
    r"明白|明白了|知道了|知道啦|嗯|噢|哦|行|可以|没问题|ok|okay|thanks|thx|啦|了|啊|呀|哈|~|👍)+$")
# Yes to a question the bot asked (「您是说区教育局吗？」 — 「是的」).
YES = re.compile(r"^(?:是|是的|是滴|对|对的|对对|没错|是啊|对啊|就是|嗯|嗯嗯|yes|y|好的?|可以)+(?:的|啊|呀|吧)?$")
# Thanks inside a longer message with nothing else to ask: 「谢谢你啊，帮大忙了」.
THANKS_ANYWHERE = re.compile(r"谢谢|谢啦|谢了|多谢|感谢|辛苦|帮大忙|太好了|太棒了|给力|thanks|thank you")
# A message that continues the last one: 「那逾期的呢」「第9项呢」「还有下个月的」.
FOLLOWUP = re.compile(r"^(?:那么?|另外|再看看?|再查一?下?|换成|改成|换个|如果是|要是|then)|呢\s*[?？]?$")
# Words that frame a question but are no topic: stripped from both ends of what is left of a
# question, the rest names its topic (「帮我查下政务公开专栏的任务」 -> 政务公开专栏). Single
# characters that end real words (月 报 办 区 …) are not among them.
TOPIC_EDGE_WORDS = tuple(sorted({w for w in
    "什么时候 什么时间 啥时候 啥时间 啥时 何时 几号 哪天 哪一天 哪个月 截止时间 截止日期 截止 截至 期限 时限 多久 "
    "多少天 几天 工作日 多少 几项 几个 几件 几条 一共 总共 共有 数量 总数 请问 请 麻烦 帮我 帮忙 帮 给我 我想 想要 "
    "想知道 知道 告诉我 告诉 问一下 问下 问问 查一下 查下 查查 查询 查看 查 看一下 看下 看看 瞧瞧 找一下 找下 找找 "
    "找 搜 列出来 列出 列一下 列 显示 说说 讲讲 我们单位 我们部门 我们 咱们 咱 本单位 我单位 本部门 我部门 我方 "
    "我这边 我的 我 你们 你 您 大家 全区 全县 全市 整个区 所有单位 全部单位 全部 所有 整体 总体 其余 剩下 剩余 "
    "其他 其它 另外 还有 最近 近期 目前 现在 当前 马上 即将 快要 快 已经 还 都 也 就 又 再 才 先 到底 究竟 具体 "
    "分别 一些 主要 的话 相关 有关 关于 涉及 方面 领域 内容 情况 进度 进展 怎么样 怎样 如何 怎么 咋 任务 工作 "
    "事项 事情 事儿 活儿 东西 任务清单 任务列表 清单里 列表 安排 计划 要点 待办 什么 啥 哪些 哪个 哪 那些 这些 那个 这个 那么 那 这 "
    "些 是不是 是否 有没有 是 不是 吗 么 嘛 呢 吧 啊 呀 哈 哦 要做 要干 要交 要报 要完成 做完 干完 弄完 搞完 办完 "
    "完成 做 干 弄 搞 交 报送 提交 上报 负责 承担 参与 参加 开展 举办 举行 牵头 配合 协办 协助 落实 承办 到期 "
    "逾期 超期 过期 延期 滞后 没有 没 未 已 尚 需要 需 要 得 该 应该 能 可以 会 有 在 给 对 的 了 着 和 与 及 "
    "跟 同 个 项 件 条 份 呗 一下 下 时候 时间 日期 截止到 到底是 参加吗 单位 部门 有啥 有什么 啥活 什么活 要忙 在忙 忙 点啥 的事 的事情 之类的 之类 等等 一项 那项 这项 哪项 那一项 这一项 "
    "各位领导好 各位领导 领导好 老师好 各位 领导 老师 大家好 早上好 上午好 下午好 晚上好 您好 你好 打扰了 打扰一下 "
    "打扰 不好意思 麻烦了 辛苦了 谢谢 多谢 感谢 提醒 转发 联络员 同志 手头 手上 这边 那边 第一时间 督办 抓紧 推进 "
    "单子 一览 汇总 对照 尽快 按时 及时完成 帮帮 一下子 之内 以内 之前 以前 前后 左右 那个事 这个事 那件事 这件事 这事 那事 "
    "有哪些 材料 办理 干什么 做什么 分解表 deadline todo list 最急 最紧急 最着急 最要紧 最先 最早 紧急 "
    "着急 要紧 优先 先做".split() if len(w) >= 2},
    key=lambda w: (-len(w), w)))
# Single characters stripped only where they stand: before a topic, or after it.
TOPIC_LEAD_CHARS = frozenset("请帮我你您查找看列搜那这还都也就又再是的了咱哪没未已尚快才先咋里")
TOPIC_TAIL_CHARS = frozenset("的了吗么嘛呢吧啊呀哈哦呗啥做干搞弄交要有是些下咋哪没未已着能该需得")
# Topics too broad to narrow anything (the plans are all about them).
TOPIC_STOP = frozenset(
    "政务公开 政务公开工作 工作要点 政务公开工作要点 任务分解表 分解表 责任分解表 材料 文件 通知 单子 计划 "
    "要点 清单 列表".split())
# Left-over time words (the first time expression is read; repeats and fragments are not topics).
TOPIC_TIME = re.compile(
    r"本月|本周|这周|这个月|上个月|下个月|下月|上月|今天|明天|后天|昨天|下周|上周|本季度|这季度|今年|明年|去年|"
    r"月底|年底|月初|年初|月中|周[一二三四五六日天末]|星期[一二三四五六日天]|上午|下午|晚上|早上|之内|以内"
)
# Place names opening a chunk (江苏省南京市玄武区…), and shapes that are names, not topics.
TOPIC_PLACE = re.compile(
    r"^(?:[\u4e00-\u9fff]{1,3}?(?:自治区|新区|省|市|(?<![专社园辖城景片校营小郊湾厂分展])区|县|旗|镇|乡|街道))+")
TOPIC_NAME_SHAPE = re.compile(
    r"^各|(?:局|委|办|中心|部|处|科|所|院|站|馆|队|政府|办公室|委员会|管委会|街道|镇|乡)$")
# Numbers that count or date things (第3批, 5点, 10个): their chunk is no topic.
TOPIC_NUMBERED = re.compile(r"(?<!\d)\d{1,2}(?!\d)|第[一二三四五六七八九十]+[次批轮周个天期]")
