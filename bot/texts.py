"""Every user-facing Chinese text in one place, so wording stays consistent."""

STATUS_WORDS = {"created": "新建", "updated": "已更新", "unchanged": "无变化"}

IMPORT_OK = "已导入 {file}：{org} {year}年，共 {tasks} 项任务（{status}）"
IMPORT_CHANGES = "  新增 {added} 项，修改 {changed} 项，移除 {removed} 项"
IMPORT_FAILED = "导入失败：{file}：{reason}"
IMPORT_NOTHING_WRITTEN = "有文件无法导入，本次没有写入任何数据。"
IMPORT_CORRECTED = "  已保留人工修正：第 {tasks} 项"
EDIT_NOTHING = "请至少给出 --units、--deadline 或 --content 之一。"
EDIT_FAILED = "修正失败：{why}。没有修改任何数据。"
EDIT_OK = "已修正 {org} {year}年 第{seq}项："
EDIT_CHANGE = "  {field}：{before} → {after}"
EDIT_RECORDED = "修正已记录（{author}），重新导入该计划时仍会保留。"
WARNING_LINE = "提示（{file}）：{warning}"

# `duban run` on a fresh clone goes on from `make run`'s steps [1/4] and [2/4] (scripts/setup.sh).
SETUP_STORE = "[3/4] 创建任务库（{where}）…"
SETUP_SAMPLES = "[4/4] 导入示例计划 … "
SAMPLES_IMPORTED = "已导入 {n} 个：{plans}"
SAMPLES_PLAN = "{org} {year}年（{tasks} 项）"
CONSOLE_WELCOME = (
    "督办 duban 控制台（本地试用）。直接用中文提问，「帮助」查看更多说法，「退出」结束。"
)
CONSOLE_TOUR = (
    "当前身份：{who}。用 /as 切换身份，试试三种角色：\n"
    "  · 联络员：/as {org}/{unit}，再问「我们这个月有啥任务」「第{seq}项」，汇报「{seq} 已完成」\n"
    "  · 区府办负责人：/as {org}，再问「{org}进度统计」（附图）、/export（台账），审批「同意 1」\n"
    "  · 管理员：/as admin，/file 计划文件路径 导入计划（先预览，确认后写入），/invite {org} {unit} liaison 生成邀请码"
)
CONSOLE_DEMO_DAY = "示例数据：今天按 {day}计算，设置 DUBAN_TODAY 可更改"
CONSOLE_PROMPT = "{who}> "
CONSOLE_WEB_LINK = ("网页督办台：{url}\n（管理员登录链接，{minutes} 分钟内有效，只能使用一次；"
                    "过期后在这里输入 /web 再取一个）")
CONSOLE_WEB_FAILED = "网页督办台未能启动（{why}），聊天控制台照常可用。"
CONSOLE_ROLE_ADMIN = "管理员"
CONSOLE_ROLE_LIAISON = "{org} {unit} 联络员"
CONSOLE_ROLE_SELF = "{org} 联络员"
CONSOLE_ROLE_LEAD = "{org} 区府办负责人"
CONSOLE_AS_NOW = "当前身份：{who}。切换：/as 区/单位（联络员）、/as 区（区府办负责人）、/as admin（管理员）"
CONSOLE_AS_DONE = "已切换为 {who}。"
CONSOLE_FILE_USAGE = "用法：/file 文件路径 [附言]，例如「/file 报告.docx 三季度报告」"
CONSOLE_FILE_UNREADABLE = "无法读取文件「{path}」：{why}。"
CONSOLE_FILE_WHY = {"FileNotFoundError": "文件不存在", "IsADirectoryError": "这是一个文件夹，请给出文件",
                    "PermissionError": "没有读取权限", "OSError": "读取出错"}
CONSOLE_NOTICE = "（{text}）"
CONSOLE_BUTTONS = "按钮：{buttons}（输入按钮上的文字即可点按）"
CONSOLE_HELP = (
    "可用指令：\n"
    "  计划 —— 列出已导入的计划\n"
    "  计划 <区/镇> <年度> —— 列出该计划的全部任务，例如「计划 普陀区 2025」\n"
    "  退出 —— 结束"
)
CONSOLE_NO_PLANS = "任务库中还没有计划。可用 duban import 文件 导入。"
CONSOLE_PLAN_LINE = "{org} {year}年 {title}（{doc_no}）：{tasks} 项任务"
CONSOLE_PLAN_NOT_FOUND = "没有找到 {org} {year}年 的计划。输入「计划」查看已导入的计划。"
CONSOLE_TASK_LINE = "第{seq}项 [{deadline}] {content}\n    责任单位：{units}"
CONSOLE_UNKNOWN = "暂时无法理解「{text}」。输入「帮助」查看可用指令。"
CONSOLE_BYE = "再见。"
CONSOLE_TO = "【发给 {chat}】"
CONSOLE_SAVED = "（已保存到 {path}）"
ROLE_WORDS = {"lead": "牵头", "cooperate": "配合", "implement": "落实", "responsible": "负责"}
NO_DEADLINE = "无固定时限"

# ---- answers to questions (bot/handlers) ------------------------------------------------

# /help is made from the route table (bot/handlers/routes.py): the head, then the line of each
# route the chat may use.
HELP_HEAD = "我是督办助手，可以这样问我："
HELP_TASKS = "· 「普陀区本月任务」「长宁区教育局10月任务」「我的任务」「本周即将到期的任务」「普陀区逾期任务」"
HELP_DETAIL = "· 「松江区第45项」或 /task 45：一项任务的全部内容和进度"
HELP_SEARCH = "· 「搜索 政府开放月」「关于数据开放的任务」"
HELP_REPORT_STATUS = "· 「三季度报送情况」「哪些单位没交季度报告」"
HELP_REPORT = "· 汇报进度：「8 已完成」「第12项 进行中 已完成初稿」（/done、/progress）"
HELP_EXTEND = "· 申请延期：「延期 12 2025-11-30 理由」（/extend）"
HELP_QUARTERLY_REPORT = "· 季度报告：「三季度报告：报告内容」或发送文件并附言「季度报告」"
HELP_SUMMARY = "· 「松江区进度统计」「哪些单位逾期了」（/summary，附完成率图）"
HELP_EXPORT = "· /export [区] [年度]：导出任务台账（.xlsx）"
HELP_DECIDE = "· 审批延期：点申请下的 [同意] [驳回]，或回复「同意 N」「驳回 N」（N 为申请编号）"
HELP_INVITE = "· 管理员：/invite 区 单位 liaison 或 /invite 区 lead 生成绑定邀请码"
HELP_BINDROBOT = "· 管理员：/bindrobot 区 单位 webhook密钥 绑定企业微信群机器人（钉钉：/bindrobot dingtalk 区 单位 webhook地址 [加签密钥]）"
HELP_WHOAMI = "· /whoami 查看本聊天的绑定，/unbind 解除绑定"
UNKNOWN_HEAD = "没太明白「{text}」。"
EMPTY_INPUT_HEAD = "请输入要查询的内容。"
TOO_LONG_NOTE = "（消息过长，只读取了开头部分）"

SCOPE_PROBLEMS = {
    "empty_store": "任务库中还没有任何计划，请管理员先导入（duban import 文件）。",
    "no_plan": "任务库中没有{org}的计划。已导入计划的有：{orgs}。",
    "no_year": "没有找到{org}{year}年的计划。{org}已导入的计划：{years}。",
    "beyond": "{who}最新的计划是 {latest} 年的，还没有导入 {year} 年的计划，无法列出{when}的任务。\n"
              "如要查看 {latest} 年计划中的任务，可以问：「{example}」",
}
ALL_ORGS = "各区、镇"
STORE_WORD = "任务库中"
HELP_WORD = "帮助"
SKIPPED_ORGS = "（{orgs}没有所问时间的计划，未计入。）"
MANY_ORGS = "任务库中有 {n} 个区、镇的计划，请说明要查哪一个，例如「{example}」。"
UNKNOWN_ORG = "没有找到「{name}」。已导入计划的有：{orgs}。可以问「{example}」。"
UNKNOWN_UNIT = "在{org}的计划中没有找到单位「{name}」。可以问「{example}」，或发送「{org}进度统计」查看各单位。"
NOT_BOUND = "本聊天还没有绑定单位，无法确定「我的」任务。请发送「/bind 邀请码」绑定（邀请码由管理员发放），或直接说明单位，如「普陀区数据局任务」。"
NOT_BOUND_REPORT = "汇报进度需要先绑定单位：请发送「/bind 邀请码」（邀请码由管理员发放）。"
BIND_HOW = "绑定需要管理员发放的邀请码：请在本聊天发送「/bind 邀请码」。在本机控制台可用 duban chat --as 区/单位 指定身份，例如 duban chat --as 普陀区/区数据局。"

LIST_HEAD = "【{scope}】{what}共 {n} 项{more}"
LIST_MORE = "（仅列出前 {shown} 项，可指明区、单位或时间缩小范围）"
LIST_EMPTY = "【{scope}】{what}没有符合条件的任务。"
LIST_EMPTY_HINT = "可以试试：「{example}」"
UNDATED_NOTE = "另有 {parts}，发送「{example}」查看。"
UNDATED_KIND_WORDS = {"year-long": "{n} 项全年任务", "ongoing": "{n} 项长期任务",
                      "relative": "{n} 项按发布时间起算的任务", "unknown": "{n} 项时限待确认的任务"}
TASK_LINE = "{seq}〔{deadline}〕{content}"
TASK_UNITS = "   责任单位：{units}"
TASK_UNIT_STATUS = "   {unit}（{role}）：{status}"
TASK_STATUS = "   进度：{status}"
SEQ_PREFIX = "第{seq}项"
DUE_ON = "截止{date}"
NO_DUE = "无固定时限"
OVERDUE_MARK = "【已逾期】"
DUE_SOON_MARK = "【即将到期】"
PROGRESS_WORDS = {"not_started": "未开始", "in_progress": "进行中", "done": "已完成"}
ROLE_VIA = "通过「{collective}」"
STATUS_FILTER_WORDS = {"overdue": "逾期", "open": "未完成", "done": "已完成", "due_soon": "即将到期"}
YEAR_LONG_WORD = "全年"

DETAIL_HEAD = "【{org} {year}年 第{seq}项】"
DETAIL_AREA = "领域：{area}"
DETAIL_TITLE = "事项：{title}"
DETAIL_CONTENT = "内容：{content}"
DETAIL_DEADLINE = "完成时限：{deadline}"
DETAIL_EXTENDED = "延期（已批准）：{units}"
DETAIL_EXTENDED_UNIT = "{unit} 至 {due}"
TASK_UNIT_EXTENDED = "，延期至 {due}"
DETAIL_UNITS = "责任单位：{units}"
DETAIL_PROGRESS_HEAD = "进度："
DETAIL_PROGRESS_LINE = "  {unit}：{status}{note}（{when}）"
DETAIL_NO_PROGRESS = "进度：暂无汇报"
DETAIL_NOT_FOUND = "{scope}没有第{seq}项任务（共 {count} 项）。"
DETAIL_WHICH_ORG = "请说明是哪个计划的第{seq}项，例如「{example}」。已导入计划的有：{orgs}。"
DETAIL_NO_SEQ = "请说明任务序号，例如「第12项」。"

SEARCH_NO_KEYWORD = "请在「搜索」后写上关键词，例如「搜索 政府开放月」。"
SEARCH_HEAD = "【{scope}】与「{keyword}」相关的任务 {n} 项{more}"
SEARCH_EMPTY = "【{scope}】没有找到与「{keyword}」相关的任务。可以换个说法，或用更短的关键词。"

SUMMARY_HEAD = "【{scope}】{what}进度统计：共 {tasks} 项任务，已完成 {done} 项，逾期 {overdue} 项"
SUMMARY_COLUMNS = "序号 单位｜任务｜已完成｜进行中｜逾期｜完成率"
SUMMARY_ROW = "{n}. {light} {unit}｜{tasks}｜{done}｜{doing}｜{overdue}｜{pct}%"
SUMMARY_OVERDUE_HEAD = "【{scope}】{what}有逾期任务的{who} {n} 个："
SUMMARY_WHO = {"unit": "单位", "org": "区、镇"}
SUMMARY_OVERDUE_ROW = "{unit}：第{seqs}项"
SUMMARY_OVERDUE_GROUP = "第{seqs}项（{n} 个）：{units}"
SUMMARY_NONE_OVERDUE = "【{scope}】{what}没有逾期任务。"
SUMMARY_LIGHTS = {"red": "🔴", "yellow": "🟡", "green": "🟢"}
SUMMARY_EMPTY = "【{scope}】{what}没有任务可以统计。"
SUMMARY_MORE = "……另有 {n} 个单位未列出（共 {total} 个），完整表格见完成率图和台账（/export）。"
SUMMARY_UNEXPANDED = "另有 {n} 项交给「{units}」：成员无法确定，未分到各单位统计。"
# the summary's chart (bot/handlers/charts.py)
CHART_TITLE = "{head}任务完成情况（截至{year}年{month}月{day}日）"
CHART_LEGEND = {"red": "红：有逾期任务", "yellow": "黄：{days}天内有任务到期未完成",
                "green": "绿：无逾期、{days}天内无到期"}
CHART_BAR = "{pct}%"
CHART_BAR_OVERDUE = "{pct}%（逾期{overdue}）"
CHART_X_LABEL = "完成率（%）"

REPORT_NO_SEQ = "请写明任务序号，例如「8 已完成」。"
REPORT_NOT_FOUND = "{scope}没有第{seq}项任务。"
REPORT_NOT_ASSIGNED = "第{seq}项不是{unit}的任务（责任单位：{units}），没有记录。"
REPORT_SAVED = "已记录：{org} {year}年 第{seq}项，{unit} {status}{note}。"
INTERNAL_ERROR = "抱歉，处理这条消息时出了问题，已记录。请换个说法再试，或发送「帮助」。"
BAD_DATE = "日期「{text}」无法识别，请写成 YYYY-MM-DD，例如 2025-06-16"
PARSE_NO_TEXT = "请给出要解析的一句话，或用 --batch 文件 逐行解析。"
PARSE_BATCH_UNREADABLE = "无法读取 {file}：{reason}"
ASK_NO_TEXT = "请给出要问的一句话，或用 --batch 文件 逐行提问。"
ASK_BATCH_BAD_LINE = '这一行应是 JSON：{"q": "问题", "today": "YYYY-MM-DD", "as": "区/单位"}（today、as 可省略）'

AS_OTHER_DISTRICT = "「{unit}」属于{district}，不是{org}的单位。请写成 --as {district}/{unit}。"
AS_UNKNOWN_UNIT = "不认识单位「{unit}」（{org}）。请写单位的通用名称，例如 --as 普陀区/区数据局。"

# ---- chats: access, binding, buttons, extensions (bot/handlers/chat.py) -------------------

UNBOUND = ("本聊天还没有绑定单位，暂不能查看任务。请向区府办管理员索取邀请码，然后发送「/bind 邀请码」。"
           "发送 /help 查看说明。")
UNBOUND_HELP = ("我是督办助手，帮助各单位跟踪政务公开工作任务。\n"
                "本聊天还没有绑定单位：请向管理员索取邀请码，发送「/bind 邀请码」完成绑定。")
BIND_USAGE = "请在 /bind 后写上邀请码，例如「/bind 7KQ2M9XA」。"
BIND_OK = "绑定成功：本聊天已绑定为 {who}（{role}）。发送「我的任务」或 /help 开始使用。"
BIND_ERRORS = {"unknown": "邀请码不存在，请核对后重试。", "used": "该邀请码已被使用，请向管理员重新索取。",
               "expired": "该邀请码已过期（有效期 7 天），请向管理员重新索取。"}
UNBIND_OK = "已解除本聊天的 {n} 个绑定。"
UNBIND_NONE = "本聊天没有绑定。"
WHOAMI_LINE = "· {who}（{role}）"
WHOAMI_HEAD = "本聊天的绑定："
WHOAMI_NONE = "本聊天还没有绑定单位。"
WHOAMI_ADMIN = "你是管理员。"
ROLE_NAMES = {"liaison": "联络员", "lead": "区府办负责人", "admin": "管理员"}
INVITE_USAGE = "用法：/invite 区 单位 [liaison|lead]，例如「/invite 普陀区 区数据局 liaison」或「/invite 普陀区 lead」。"
INVITE_OK = "邀请码：{code}\n用于绑定 {who}（{role}），7 天内有效，仅可使用一次。请对方在要绑定的聊天中发送「/bind {code}」。"
INVITE_BAD_ORG = "不认识「{org}」。"
ADMINS_ONLY = "只有管理员可以这样做。"
LEADS_ONLY = "进度统计和台账导出仅对区府办负责人和管理员开放。"
OTHER_ORG = "本聊天绑定的是{org}，只能查看{org}的任务。"
BUTTON_DOING = "进行中"
BUTTON_DONE = "已完成"
BUTTON_EXTEND = "申请延期"
BUTTON_APPROVE = "同意"
BUTTON_REJECT = "驳回"
BUTTON_FORGED = "按钮已失效，请重新查询后再操作。"
BUTTON_NOT_YOURS = "该任务不是本聊天所绑定单位的任务。"
BUTTON_SAVED = "已记录"
EXTEND_HOW = "申请延期第{seq}项：请发送「延期 {seq} 新的完成日期 理由」，例如「延期 {seq} {example} 需等待上级文件」。"
EXTEND_USAGE = "格式：「延期 任务序号 新的完成日期 理由」，例如「延期 8 2025-12-15 需等待上级文件」。"
EXTEND_BAD_DATE = "新的完成日期「{text}」无法识别，请写成 2025-12-15 或 12月15日。"
EXTEND_NOT_LATER = "新的完成日期应晚于原定的 {due}。"
EXTEND_SENT = "已提交第{seq}项延期申请（至 {new_due}），等待区府办审核。"
EXTEND_NO_LEAD = "已登记第{seq}项延期申请（至 {new_due}），但{org}还没有绑定区府办负责人的聊天，请联系管理员。"
EXTEND_REQUEST = ("【延期申请】{org} {year}年 第{seq}项\n单位：{unit}\n原定：{old_due}　申请至：{new_due}\n理由：{reason}\n"
                  "内容：{content}\n（也可回复「同意 {ext}」或「驳回 {ext}」）")
LEADS_ONLY_DECIDE = "延期申请由区府办负责人或管理员审批。"
EXTEND_NOT_FOUND = "没有编号为 {ext} 的延期申请。"
EXTEND_APPROVED = "【延期已同意】{org} {year}年 第{seq}项，{unit} 的完成日期改为 {new_due}。"
EXTEND_REJECTED = "【延期未同意】{org} {year}年 第{seq}项，{unit} 仍按原定 {old_due} 完成。"
EXTEND_DECIDED = "该申请已处理过了。"
BINDING_ENDED_ADMIN = "提醒：机器人已被移出或屏蔽，聊天 {chat} 的绑定（{who}）已停用。"
SECOND_POLLER = "另一个 duban run 正在为这个任务库服务（SQLite 任务库同一时间只能由一个进程服务；要运行多个进程，请改用 PostgreSQL）。请先停止它，或等待一分钟后重试。"
BINDINGS_NONE = "还没有任何聊天绑定。"
BINDINGS_LINE = "{platform}:{chat}  {who}（{role}）  {since}"
EXPORT_OK = "已生成 {org} {year}年任务台账：{rows} 行（每项任务的每个责任单位一行）。"
EXPORT_FILE = "{org}{year}年政务公开任务台账.xlsx"
EXPORT_WHICH = "请说明要导出哪个区、镇的台账，例如「/export 普陀区 2025」。"
LEDGER_VIA = "集体内单位"

# ---- reminders and the calendar (bot/scheduler, duban remind / calendar) ------------------

REMIND_KINDS = {"deadline": "到期提醒", "overdue": "逾期提醒", "escalation": "逾期督办", "checkpoint": "全年任务节点",
                "quarterly_report": "季度报送"}
REMIND_REPORT_KINDS = {"quarterly_report": "季度报送（{quarter}）", "escalation": "季度报告未报督办（{quarter}）"}
REMIND_LINE = "{kind}：{org} {year}年 第{seq}项 → {unit}（{chat}）"
REMIND_NO_CHAT = "未绑定聊天"
REMIND_NONE = "今天没有需要发送的提醒。"
BAD_SETTINGS = "配置有误：{why}。请检查环境变量或 .env 后再启动。"
REMIND_NO_PLATFORM = ("没有配置聊天平台（DUBAN_TELEGRAM_TOKEN 或 DUBAN_WECOM_*），也没有绑定企业微信群机器人，"
                      "无法发送；可用 --dry-run 查看当天的提醒。")
REMIND_SENT = "已发送 {n} 条提醒汇总。"
CALENDAR_SET = "已将 {day} 设为{kind}。"
CALENDAR_KINDS = {"workday": "工作日", "holiday": "休息日"}
CALENDAR_OVERRIDE = "（人工修正）"
CALENDAR_NOTICE = ("【督办·管理员】{year}年的法定节假日和调休安排尚未录入，目前按周一至周五计算工作日，"
                   "提醒日期可能不准。请用「duban calendar set 日期 holiday」录入放假日、"
                   "「duban calendar set 日期 workday」录入调休上班日，录入后可用「duban calendar show {year}」核对。")
GAVE_UP = "【督办·管理员】发往 {chat} 的提醒无法送达，已停止发送：{why}。请检查该聊天或机器人的绑定。"
CALENDAR_NOT_COVERED = "提示：官方日历尚未收录 {year} 年的节假日，暂按周一至周五计算；请用 duban calendar set 录入。"
WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
DIGEST_HEAD = "【督办提醒】{day}{late}"
DIGEST_LATE = "（服务中断期间的补发）"
DIGEST_LINE = "{n}. {kind}：{org} 第{seq}项（{unit}）{due}"
DIGEST_DUE = "，截止 {due}"
DIGEST_BUTTON = "第{seq}项 {status}"

# ---- quarterly reports -------------------------------------------------------------------------
QREPORT_QUARTER = "{year}年第{q}季度"
QREPORT_HOW = ("提交季度报告：在本单位绑定的聊天里发送「季度报告：报告内容」，"
               "或发送报告文件并附言「季度报告」（可写明季度，如「三季度报告：……」）。")
QREPORT_NOT_UNIT = "季度报告由各责任单位的联络员在本单位绑定的聊天里提交。" + "\n" + QREPORT_HOW
QREPORT_EMPTY = "没有收到报告内容。" + QREPORT_HOW
QREPORT_FUTURE = "{quarter}还没有开始，暂不能提交该季度的报告。"
QREPORT_TOO_BIG = "文件《{name}》超过 {limit} MB，无法保存；请压缩后重新发送，或把报告正文直接发在聊天里。"
QREPORT_OK = "已收到{who}{quarter}报告（{what}），提交时间 {at}。"
QREPORT_AGAIN = "这是本季度第{n}次提交，之前提交的内容也都保留。"
QREPORT_TEXT = "文字{n}字"
QREPORT_FILE = "文件《{name}》{size}"
QREPORT_NO_TASK = "（注：{plan}中没有要求{who}每季度报送的任务，报告仍已记录。）"
QREPORT_FOR_TASK = "对应第{seq}项。"
QREPORT_WHICH_ORG = "请说明是哪个区的报送情况，如「{example}」。"
QREPORT_NO_PLAN = "{org}没有{year}年的计划，无法统计{quarter}的报送情况。"
QREPORT_NO_QUARTERLY = "{org}{year}年的计划里没有要求每季度报送的任务。"
QREPORT_STATUS_HEAD = "{org}{quarter}报送情况（第{seqs}项）"
QREPORT_STATUS_COUNTS = "应报 {expected} 个单位：已报 {done} 个，未报 {missing} 个。"
QREPORT_MISSING = "🔴 未报：{units}"
QREPORT_DONE = "🟢 已报：{units}"
QREPORT_EXTRA = "另有未列入应报名单的单位提交：{units}"
QREPORT_DONE_ITEM = "{unit}（{day}）"
QREPORT_UNIT_DONE = "{who}{quarter}报告已提交（{times}次，最近一次 {at}）。"
QREPORT_UNIT_MISSING = "{who}{quarter}报告尚未提交。"
QREPORT_ALL_DONE = "全部单位均已提交。"
FILE_NOT_REPORT = "收到文件《{name}》。如是季度报告，请重新发送并附言「季度报告」（可写明季度，如「三季度报告」）。"
QREPORT_NOT_FETCHED = "文件《{name}》没能取到，报告未记录，请重新发送。"

# ---- WeCom --------------------------------------------------------------------------------------
WECOM_TEXT_ONLY = "目前只能处理文字消息。请直接发送文字，如「我的任务」「第12项 已完成」。"
WECOM_BUTTON_HINT = "\n（汇报进度可直接回复：{labels}）"
DINGTALK_TEXT_ONLY = "目前只能处理文字消息。请直接发送文字，如「我的任务」「第12项 已完成」。"
DINGTALK_TITLE = "督办"
DINGTALK_ROBOT_HINT = "\n\n> 汇报进度：在钉钉中单聊「督办」机器人，或在群里 @督办 发送「第N项 已完成」。"
DINGTALK_ROBOT_REFUSED = "钉钉群机器人 {robot}（{who}）的 webhook 或加签密钥已失效，绑定已解除，请重新添加机器人后用 /bindrobot dingtalk 绑定"
DINGTALK_ROBOT_BAD_URL = "没有看到钉钉机器人的 access_token：请给出完整的 webhook 地址（https://oapi.dingtalk.com/robot/send?access_token=…），加签密钥（SEC 开头）写在其后。"
WECOM_ROBOT_HINT = "\n\n> 汇报进度：在企业微信「督办」应用中发送「第N项 已完成」或「第N项 进行中」。"
WECOM_ROBOT_REFUSED = "群机器人 {robot}（{who}）的 webhook 已失效，绑定已解除，请重新添加机器人后用 /bindrobot 绑定"
ROBOT_BIND_USAGE = "用法：/bindrobot 区 单位 webhook密钥（如「/bindrobot 长宁区 区教育局 693a91f6-…」；也可用完整的 webhook 地址）；钉钉群机器人：/bindrobot dingtalk 区 单位 webhook地址 [加签密钥]。"
ROBOT_BIND_OK = "已将群机器人绑定到 {who}：该单位的提醒会推送到这个机器人所在的群。"
ROBOT_BIND_SAME = "这个群机器人已绑定到 {who}，无需重复绑定。"
ROBOT_BIND_ADMINS = "只有管理员可以绑定群机器人。"
ROBOT_BAD_KEY = "webhook 密钥的格式不对：应是机器人 webhook 地址里 key= 后面的那一串。"
ROBOT_BAD_KEYS = {"wecom": ROBOT_BAD_KEY, "dingtalk": DINGTALK_ROBOT_BAD_URL}  # store.robots.ROBOT_KINDS

# ---- rosters: an org's units (/units, duban units) ---------------------------------------
UNIT_KIND_NAMES = {"department": "部门", "street": "街道", "town": "镇", "centre": "中心", "other": "其他"}
HELP_UNITS = "· /units [区]：单位名册（各部门、各街道（镇）包括哪些单位）"
UNITS_USAGE = ("用法：/units [区] 查看单位名册；管理员：/units add 区 单位 [部门|街道|镇|中心|其他]，"
               "/units retire 区 单位。")
UNITS_HEAD = "【{org}】单位名册，共 {n} 个："
UNITS_KIND_LINE = "{kind} {n} 个：{names}"
UNITS_ADDED_MARK = "（管理员添加）"
UNITS_COVERS = "「{collective}」= {kinds} {n} 个"
UNITS_COLLECTIVES = "集体单位：{covers}。成员无法确定、不展开：{unknown}。"
UNITS_RETIRED = "已退出名册：{names}"
UNITS_ADDED = "已将{unit}（{kind}）加入{org}的单位名册。"
UNITS_ALREADY = "{unit}已在{org}的单位名册中（{kind}），已按管理员添加记录。"
UNITS_RETIRED_OK = "已将{unit}移出{org}的单位名册：各部门、各街道（镇）等集体任务不再算到它名下（直接点名它的任务不变）。"
UNITS_ALREADY_RETIRED = "{unit}已不在{org}的单位名册中。"
UNITS_NOT_ON_ROSTER = "{org}的单位名册中没有「{unit}」。发送「/units {org}」查看名册。"
UNITS_NOT_COLLECTIVE = "「{name}」是集体名称（如各部门、各有关单位），不能作为单位加入名册。"
UNITS_BAD_KIND = "不认识的单位类别「{kind}」，可选：{kinds}。"
UNITS_OWN_ORG = "只能查看本区（{org}）的单位名册。"
UNITS_UNKNOWN_ORG = "没有找到「{org}」：它既不是上海的区，任务库中也没有它的单位。"
UNITS_LEADS_ONLY = "单位名册仅对区府办负责人和管理员开放。"
LEDGER_THROUGH = "通过{collectives}"
LEDGER_UNEXPANDED = "{role}（成员不明，未展开）"
DETAIL_NOT_REPORTED = "未汇报 {n} 个（共 {total} 个责任单位）：{units}"
DETAIL_ALL_REPORTED = "{total} 个责任单位都已汇报。"
DETAIL_UNEXPANDED = "「{units}」成员无法确定，未列出。"
# ---- a liaison's questions: when, how many, whose; long lists; misspelt names ---------------
WHEN_LEFT = "还有 {days} 天（{workdays} 个工作日），截止{date}"
WHEN_TODAY = "今天截止（{date}）"
WHEN_LATE = "已逾期 {days} 天（截止{date}）"
WHEN_DONE = "已完成"
WHEN_QUARTERLY = "每季度报送，本季度"
WHEN_LINE = "   ⏰ {left}"
COUNT_HEAD = "【{scope}】{what}共 {n} 项{parts}。"
COUNT_PARTS = "：已完成 {done} 项，进行中 {doing} 项，未开始 {todo} 项，逾期 {late} 项"
COUNT_NEAREST = "最近到期的 {n} 项："
COUNT_NONE = "【{scope}】{what}没有任务。"
LIST_REST = "发送「{example}」查看其余 {n} 项。"
LIST_NEAREST = "（按截止时间列出最近的 {shown} 项）"
LIST_BEST = "（列出最相关的 {shown} 项）"
OURS_YES = "是的，第{seq}项是{unit}的任务（{role}）。"
OURS_VIA = "是的，{unit}通过「{collective}」承担第{seq}项（{role}）。"
OURS_NO = "不是，第{seq}项的责任单位是{units}，不包括{unit}。"
OURS_WHO = "请先绑定单位，或写明单位，例如「第{seq}项是区教育局的吗」。"
SEARCH_NONE = "【{scope}】{what}没有任务提到「{keyword}」。"
SEARCH_NONE_HINT = "可以换个说法，或发送「{example}」查看全部任务。"
SEARCH_UNIT_NONE = "{unit}的任务中没有提到「{keyword}」的；{scope}共有 {n} 项提到："
UNKNOWN_UNIT_GUESS = "没有找到『{name}』，您是说{units}吗？"
UNKNOWN_UNIT_GUESS_HINT = "可以问「{example}」。"
UNKNOWN_UNIT_NO_GUESS = "没有找到『{name}』。{org}的单位可发送「{org}进度统计」查看，或直接问「{example}」。"
GREETING_REPLY = "您好！我是督办助手。可以直接问「我们下周要交啥」「还有几项没做完」「第12项什么时候截止」，发送「帮助」查看更多说法。"
THANKS_REPLY = "不客气！有需要随时问我。"
# The send lease and `duban remind`'s summary (one sender at a time)
REMIND_BUSY = ("另一个发送进程（duban {role}，进程 {pid}，{since} 起）正在发送提醒，为避免重复发送，本次未发送。"
               "提醒会由它发出；如需本进程发送，请稍后重试，或加 --wait 秒数 等待它结束。")
REMIND_UNREACHED = "有 {n} 个聊天未能送达：{chats}。未送达的提醒留在发件箱，由 duban run 或下次 duban remind 重试。"
REMIND_UNREACHED_MORE = "等 {n} 个"
REMIND_DEFERRED = "受频率限制，稍后发送"
REMIND_REFUSED = "有 {n} 个聊天拒收（机器人被移出或屏蔽），已停止向其发送并通知管理员：{chats}。"
REMIND_LEASE_LOST = "发送租约无法确认（任务库连接中断或被其他进程接管），已停止发送；其余提醒留在发件箱。"
REMIND_STOPPED = "收到停止信号：正在发送的一条已完成并记录，其余提醒留在发件箱。"
REMIND_BUSY_UNKNOWN = ("另一个发送进程（duban run 或 duban remind）正在发送提醒，为避免重复发送，本次未发送。"
                       "提醒会由它发出；如需本进程发送，请稍后重试，或加 --wait 秒数 等待它结束。")
# ---- imports that cannot destroy, the store that cannot be opened (bot/cli) ------------------

IMPORT_REFUSED = ("导入被拒绝：{file}：{org} {year}年计划现有 {active} 项任务，按此文件修订将移除 {n} 项"
                  "（第 {seqs} 项），只剩 {left} 项。文件可能不完整或已损坏，请核对。"
                  "确需用此文件替换整个计划，请加 --replace 重新导入。")
MIGRATE_CREATED = "已创建任务库结构（版本 {head}）：{where}"
MIGRATE_UPGRADED = "已将任务库结构从版本 {before} 升级到 {head}：{where}"
MIGRATE_CURRENT = "任务库结构已是最新版本（{head}），无需迁移：{where}"
STORE_UNAVAILABLE = "无法打开任务库（{setting}）：{cause}"
STORE_DISK_FULL = "磁盘已满，任务库无法写入（{setting}）：请清理磁盘空间后重试。查询等只读命令仍可使用。"
STORE_READ_ONLY = "提示：{why}，任务库以只读方式打开；查询可用，但无法写入。"
STORE_READ_ONLY_WHY = {"full": "磁盘已满", "read_only": "任务库所在的文件系统是只读的"}
UNBIND_REFUSED = "只有本群的管理员、绑定本群的人或督办管理员可以解除本群的绑定。"
BIND_COOLDOWN = "本聊天 1 小时内已输错 {n} 次邀请码，请 {minutes} 分钟后再试，或向管理员核对邀请码。"
YES_REPLY = "好的。有需要随时问我。"

# ---- importing a plan by chat (bot/handlers/plan_import.py) -------------------------------------

HELP_IMPORT = "· 导入计划：在私聊中把计划文件（.docx .xlsx .pdf .txt）发给我，看过预览后点 [确认导入]"
IMPORT_BUTTON_CONFIRM = "确认导入"
IMPORT_BUTTON_REPLACE = "确认替换"
IMPORT_BUTTON_CANCEL = "取消"
IMPORT_PREVIEW_HEAD = "导入预览（第{n}号）：《{name}》\n{org} {year}年 · 文号：{doc_no} · 共 {tasks} 项任务"
IMPORT_NO_DOC_NO = "未识别"
IMPORT_PREVIEW_NEW = "任务库中还没有{org}{year}年的计划：确认后新建。"
IMPORT_PREVIEW_SAME = "与任务库中{org}{year}年的计划完全相同：导入不会有任何变化。"
IMPORT_PREVIEW_REVISION = ("将修订任务库中{org}{year}年的计划：新增 {added} 项，修改 {changed} 项，"
                           "移除 {removed} 项（移除的任务停用，进度保留）。")
IMPORT_PREVIEW_SEQS = "　{what}：第 {seqs} 项"
IMPORT_ADDED, IMPORT_CHANGED, IMPORT_REMOVED = "新增", "修改", "移除"
IMPORT_PREVIEW_DOC_NO = "注意：文件的文号与任务库中的「{stored}」不同。"
IMPORT_PREVIEW_REPLACE = ("⚠ 按此文件修订将移除现有 {active} 项中的 {n} 项，只剩 {left} 项，超出修订允许的范围"
                          "（命令行导入须加 --replace）。文件可能不完整，请核对；确认即用此文件替换整个计划。")
IMPORT_PREVIEW_WARNED = "有提示的任务 {n} 项："
IMPORT_PREVIEW_WARNING = "　{warning}"
IMPORT_PREVIEW_MORE = "　……另有 {n} 条提示未列出"
IMPORT_PREVIEW_CLEAN = "没有任务有提示。"
IMPORT_PREVIEW_NOTE = "提示：{note}"
IMPORT_PREVIEW_ASK = ("确认前不会写入任何数据，预览 {hours} 小时内有效。"
                      "回复“确认导入 {n}”导入，“取消导入 {n}”放弃")
IMPORT_PREVIEW_ASK_REPLACE = ("确认前不会写入任何数据，预览 {hours} 小时内有效。"
                              "回复“确认替换 {n}”替换整个计划，“取消导入 {n}”放弃")
IMPORT_CHAT_FAILED = "无法导入《{name}》：{reason}。没有写入任何数据。"
IMPORT_NOT_FETCHED = "文件《{name}》没能取到，请重新发送。没有写入任何数据。"
IMPORT_OTHER_ORG = "《{name}》是{org}的计划；本聊天绑定的是{own}，只能导入{own}的计划。没有写入任何数据。"
IMPORT_IN_GROUP = "计划文件请在与我的私聊中发送：群里发送的文件不会导入。"
IMPORT_LEADS_ONLY = "导入计划仅对区府办负责人和管理员开放。"
IMPORT_NO_PENDING = "没有第{n}号待确认的导入（可能已确认、已取消或已超过 {hours} 小时）。如需导入，请重新发送文件。"
IMPORT_STALE = "按钮已失效：第{n}号导入已确认、已取消或已过期。如需导入，请重新发送文件。"
IMPORT_NEEDS_REPLACE = "第{n}号导入会替换整个计划：请回复“确认替换 {n}”，或“取消导入 {n}”放弃。"
IMPORT_CANCELLED = "已取消第{n}号导入（《{name}》），没有写入任何数据。"
IMPORT_DONE = "已导入《{name}》：{org} {year}年，共 {tasks} 项任务（{status}）。"
IMPORT_DONE_SAME = "《{name}》与任务库中{org}{year}年的计划相同：无变化。"
IMPORT_CHAT_REFUSED = ("未导入：预览之后任务库中{org}{year}年的计划有了变化，按此文件修订将移除现有 {active} 项中的 "
                       "{n} 项，只剩 {left} 项。请重新发送文件查看新的预览。")
IMPORT_CHANGED_SINCE = "未导入：第{n}号导入的文件与预览时不一致。请重新发送文件。"

# ---- the web console (bot/adapters/web, bot/handlers/weblink.py, duban web) ----------------
HELP_WEB = "· /web：获取网页督办台的登录链接（私聊中发送，10 分钟内有效，只能用一次）"
WEB_OFF = "网页督办台未开启（服务器需设置 DUBAN_WEB_PORT）。"
WEB_PRIVATE_ONLY = "登录链接只能在私聊中获取：请私聊我发送 /web（群里任何人都能点开链接）。"
WEB_LINK = "网页督办台登录链接（{minutes} 分钟内有效，只能使用一次，请勿转发）：\n{url}"
WEB_CLI_LINK = "登录链接（{minutes} 分钟内有效，只能使用一次）：{url}"
WEB_CLI_NEED_ROLE = "请写明区（如 普陀区）或 区/单位（如 普陀区/区数据局），管理员用 --admin。"
WEB_CLI_REVOKED = "已注销 {n} 个网页会话。"
WEB_TITLE = "督办台"
WEB_ROLES = {"liaison": "联络员", "lead": "负责人", "admin": "管理员"}
WEB_SIGNED_IN_AS = "{who}（{role}）"
WEB_SIGN_OUT = "退出"
WEB_SIGNED_OUT = "已退出。需要时请在聊天中发送 /web 获取新的登录链接。"
WEB_SIGN_IN_TITLE = "登录督办台"
WEB_SIGN_IN_BODY = "此链接将以「{who}（{role}）」身份登录，{hours} 小时内有效。"
WEB_SIGN_IN_BUTTON = "进入督办台"
WEB_LINK_PROBLEMS = {
    "unknown": "这个登录链接无效。请在聊天中发送 /web 获取新的链接。",
    "used": "这个登录链接已经用过了（每个链接只能用一次）。请在聊天中发送 /web 获取新的链接。",
    "expired": "这个登录链接已过期（10 分钟内有效）。请在聊天中发送 /web 获取新的链接。",
}
WEB_LINK_PROBLEM_TITLE = "无法登录"
WEB_NO_SESSION = "请先登录：在已绑定的私聊中发送 /web，打开收到的链接。"
WEB_NO_SESSION_TITLE = "未登录"
WEB_FORBIDDEN_TITLE = "无权访问"
WEB_OTHER_ORG = "您只能查看{org}的页面。"
WEB_LEADS_ONLY = "此操作仅对区府办负责人和管理员开放。"
WEB_BAD_CSRF = "页面已过期或来源不明（校验码不符），操作未执行。请刷新页面后重试。"
WEB_NOT_FOUND_TITLE = "找不到页面"
WEB_NOT_FOUND = "没有这个页面或任务。"
WEB_NO_PLAN = "{org}还没有导入计划。"
WEB_ORGS_TITLE = "各区、镇"
WEB_DASHBOARD_TITLE = "{org} {year}年 督办概览"
WEB_AS_OF = "统计日期：{day}"
WEB_FILTER_KIND = "单位类别"
WEB_FILTER_LIGHT = "状态"
WEB_FILTER_ALL = "全部"
WEB_FILTER_APPLY = "筛选"
WEB_KINDS = {"department": "部门", "street": "街道", "town": "镇", "other": "其他"}
WEB_LIGHTS = {"red": "红（有逾期）", "yellow": "黄（7天内到期）", "green": "绿（正常）"}
WEB_LIGHT_WORDS = {"red": "红", "yellow": "黄", "green": "绿"}
WEB_TOTAL = "全区/镇合计"
WEB_COLUMNS = ("单位", "任务", "已完成", "进行中", "逾期", "7天内到期", "完成率")
WEB_NO_ROWS = "没有符合筛选条件的单位。"
WEB_UNEXPANDED = "交给「{units}」的任务成员无法确定，未分到各单位统计。"
WEB_REPORTS_TITLE = "{quarter}季度报告"
WEB_REPORTS_COUNTS = "应报 {expected} 个单位，已报 {done} 个，未报 {missing} 个。"
WEB_REPORTS_MISSING = "未报："
WEB_REPORTS_NONE = "本计划没有按季度报送的任务。"
WEB_REPORTS_ALL_DONE = "全部已报。"
WEB_LATEST_TITLE = "最新进展"
WEB_LATEST_NONE = "还没有单位汇报进展。"
WEB_DOWNLOADS = "下载"
WEB_DOWNLOAD_LEDGER = "任务台账（.xlsx）"
WEB_DOWNLOAD_CHART = "完成率图（.png）"
WEB_COUNT_WORDS = {"all": "全部任务", "done": "已完成", "in_progress": "进行中", "overdue": "逾期",
                   "due_soon": "7天内到期"}
WEB_TASKS_TITLE = "{org} {year}年 任务：{what}（{n} 项）"
WEB_TASKS_COLUMNS = ("序号", "工作内容", "完成时限", "状态")
WEB_TASKS_NONE = "没有符合条件的任务。"
WEB_BACK = "返回概览"
WEB_TASK_TITLE = "{org} {year}年 第{seq}项"
WEB_TASK_AREA = "领域"
WEB_TASK_CONTENT = "工作内容"
WEB_TASK_DEADLINE = "完成时限"
WEB_TASK_DUE = "截止日期"
WEB_TASK_HOLDERS = "责任单位"
WEB_HOLDER_COLUMNS = ("单位", "角色", "截止", "状态", "最新说明")
WEB_OVERDUE_MARK = "（逾期）"
WEB_VIA = "通过{collectives}"
WEB_HISTORY = "进展记录"
WEB_HISTORY_NONE = "还没有进展记录。"
WEB_EVIDENCE = "佐证"
WEB_EXTENSIONS = "延期申请"
WEB_EXTENSIONS_NONE = "没有延期申请。"
WEB_EXTENSION_LINE = "#{id} {unit}：{old} → {new}，理由：{reason}"
WEB_EXTENSION_STATES = {"pending": "待审批", "approved": "已同意", "rejected": "已驳回"}
WEB_APPROVE = "同意"
WEB_REJECT = "驳回"

# ---- web console: roster and chats ----------------------------------------------------------
WEB_ROSTER_LINK = "名册与聊天"
WEB_ROSTER_TITLE = "{org} 名册与聊天"
WEB_ROSTER_READ_ONLY = "只有管理员可以修改名册、邀请码、群机器人和工作日历；此页对负责人只读。"
WEB_ROSTER_ADMINS_ONLY = "只有管理员可以修改名册、邀请码、绑定、群机器人和工作日历。"
WEB_ROSTER_UNITS = "单位"
WEB_ROSTER_UNIT_COLUMNS = ("单位", "类别", "别名", "状态", "绑定的聊天", "操作")
WEB_ROSTER_ACTIVE = "在册"
WEB_ROSTER_RETIRED = "已退出"
WEB_ROSTER_RETIRE = "移出名册"
WEB_ROSTER_RESTORE = "恢复"
WEB_ROSTER_REMOVE = "删除"
WEB_ROSTER_ADD_UNIT = "添加单位"
WEB_ROSTER_UNIT_NAME = "单位名称"
WEB_ROSTER_KIND = "类别"
WEB_ROSTER_KIND_AUTO = "自动判断"
WEB_ROSTER_ADD_ALIAS = "添加别名"
WEB_ROSTER_ALIAS = "别名"
WEB_ROSTER_SUBMIT = "提交"
WEB_ROSTER_EMPTY_NAME = "请填写单位名称。"
WEB_ROSTER_EMPTY_ALIAS = "请填写别名。"
WEB_ROSTER_NOT_MEMBER = "{org}的单位名册中没有「{unit}」。"
WEB_ROSTER_ALIAS_CLASH = "别名「{alias}」已是{org}另一个单位的名称或别名，未添加。"
WEB_ROSTER_ALIAS_ADDED = "已为{unit}添加别名「{alias}」。"
WEB_ROSTER_ALIAS_SAME = "{unit}已有别名「{alias}」。"
WEB_ROSTER_ALIAS_REMOVED = "已删除{unit}的别名「{alias}」。"
WEB_ROSTER_ALIAS_NONE = "{unit}没有别名「{alias}」。"
WEB_ROSTER_INVITES = "邀请码"
WEB_ROSTER_INVITE_COLUMNS = ("邀请码", "用于", "身份", "有效至", "操作")
WEB_ROSTER_INVITES_NONE = "没有未使用的邀请码。"
WEB_ROSTER_INVITE_NEW = "生成邀请码"
WEB_ROSTER_INVITE_UNIT = "单位（生成负责人邀请码时留空）"
WEB_ROSTER_REVOKE = "作废"
WEB_ROSTER_REVOKED = "已作废邀请码 {code}。"
WEB_ROSTER_NO_INVITE = "没有可作废的邀请码「{code}」。"
WEB_ROSTER_BINDINGS = "已绑定的聊天"
WEB_ROSTER_BINDING_COLUMNS = ("平台", "聊天", "单位", "身份", "绑定时间", "操作")
WEB_ROSTER_BINDINGS_NONE = "还没有绑定的聊天。"
WEB_ROSTER_UNBIND = "解除绑定"
WEB_ROSTER_UNBOUND = "已解除 {platform} 聊天 {chat} 的绑定（{who}）。"
WEB_ROSTER_ROBOT_UNBOUND = "已解除群机器人与{who}的绑定，该单位的提醒不再推送到这个群。"
WEB_ROSTER_NO_BINDING = "没有这个绑定（可能已解除）。"
WEB_ROSTER_ROBOTS = "群机器人"
WEB_ROSTER_ROBOT_COLUMNS = ("平台", "单位", "密钥", "绑定时间", "操作")
WEB_ROSTER_ROBOTS_NONE = "还没有绑定群机器人。"
WEB_ROSTER_ROBOT_NEW = "绑定群机器人"
WEB_ROSTER_ROBOT_PLATFORM = "平台"
WEB_ROSTER_ROBOT_PLATFORMS = {"wecom": "企业微信群机器人", "dingtalk": "钉钉群机器人"}
WEB_ROSTER_ROBOT_SECRET = "加签密钥（钉钉，SEC 开头，可不填）"
WEB_ROSTER_SECRET_DINGTALK_ONLY = "只有钉钉群机器人需要加签密钥，企业微信群机器人请不要填写。"
WEB_ROSTER_ROBOT_KEY = "webhook 地址或密钥（保存后不再显示）"
WEB_ROSTER_BAD_PLATFORM = "不支持的机器人平台。"
WEB_ROSTER_CALENDAR = "工作日历修正"
WEB_ROSTER_CALENDAR_COLUMNS = ("日期", "设为", "说明", "操作")
WEB_ROSTER_CALENDAR_NONE = "没有人工修正。"
WEB_ROSTER_CALENDAR_NEW = "添加修正"
WEB_ROSTER_DAY = "日期"
WEB_ROSTER_NOTE = "说明"
WEB_ROSTER_BAD_DAY = "日期「{day}」不对，请写成 2025-10-11 这样。"
WEB_ROSTER_BAD_DAY_KIND = "请选择上班或放假。"
WEB_ROSTER_DAY_KINDS = {"workday": "上班", "holiday": "放假"}
WEB_ROSTER_CALENDAR_SET = "已将 {day} 设为{kind}。"
WEB_ROSTER_CALENDAR_REMOVED = "已删除 {day} 的修正，按官方日历计算。"
WEB_ROSTER_CALENDAR_NO = "{day} 没有人工修正。"
WEB_ROSTER_UNKNOWN_ACTION = "不认识的操作。"

# ---- web console: importing a plan ------------------------------------------------------------
WEB_IMPORT_LINK = "导入计划"
WEB_IMPORT_TITLE = "导入计划"
WEB_IMPORT_HINT = ("上传区府办印发的计划或任务分解表（.docx、.xlsx、.pdf、.txt，不超过 20 MB）。"
                   "上传后先核对读到的内容，可以当场改正责任单位、完成时限和任务内容，确认后才写入任务库。")
WEB_IMPORT_FILE = "计划文件"
WEB_IMPORT_UPLOAD = "上传并核对"
WEB_IMPORT_NO_FILE = "请选择要上传的计划文件。"
WEB_IMPORT_TOO_LARGE = "文件过大，超过 20 MB 的上限，没有读取。"
WEB_IMPORT_FAILED_TITLE = "无法导入"
WEB_IMPORT_REVIEW_TITLE = "核对导入（第{n}号）：《{name}》"
WEB_IMPORT_REVIEW_HEAD = "{org} {year}年 · 文号：{doc_no} · 共 {tasks} 项任务 · {layout}"
WEB_IMPORT_WARNED = "有提示的任务 {n} 项（黄色标出），请逐项核对。"
WEB_IMPORT_CLEAN = "没有需要核对的提示。"
WEB_IMPORT_UNKNOWN = "单位目录中没有的单位（导入后作为{org}的新单位加入）：{units}"
WEB_IMPORT_COLUMNS = ("序号", "任务内容", "责任单位", "完成时限", "读到的截止日期", "提示")
WEB_IMPORT_UNITS_HELP = "单位之间用顿号分隔，角色写在括号里：区府办(牵头)、区数据局、各部门(落实)"
WEB_IMPORT_CHECK = "检查修改"
WEB_IMPORT_COMMIT = "确认导入"
WEB_IMPORT_COMMIT_REPLACE = "确认替换"
WEB_IMPORT_CANCEL = "取消导入"
WEB_IMPORT_EDITS = "已修改 {n} 处（确认导入后记为人工修正，重新导入同一计划时仍保留）。"
WEB_IMPORT_FIX_ERRORS = "有 {n} 处修改无法识别（红色标出），请改正后再确认；没有写入任何数据。"
WEB_IMPORT_EDITED = "第{seq}项{field}：「{before}」→「{after}」"
WEB_IMPORT_EDIT_FAILED = "第{seq}项的修改未能保存：{why}"
WEB_IMPORT_DONE_TITLE = "导入结果"
WEB_IMPORT_TO_DASHBOARD = "查看{org}督办概览"
WEB_IMPORT_GONE = "没有第{n}号待确认的导入（可能已确认、已取消、已超过 {hours} 小时，或不是在本次登录中上传的）。请重新上传文件。"
WEB_IMPORT_NO_DUE = "—"
