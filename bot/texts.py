"""Every user-facing Chinese text in one place, so wording stays consistent."""

STATUS_WORDS = {"created": "新建", "updated": "已更新", "unchanged": "无变化"}

IMPORT_OK = "已导入 {file}：{org} {year}年，共 {tasks} 项任务（{status}）"
IMPORT_CHANGES = "  新增 {added} 项，修改 {changed} 项，移除 {removed} 项"
IMPORT_FAILED = "导入失败：{file}：{reason}"
IMPORT_NOTHING_WRITTEN = "有文件无法导入，本次没有写入任何数据。"
WARNING_LINE = "提示（{file}）：{warning}"

SAMPLES_IMPORTED = "任务库为空，已导入示例计划：{names}"
CONSOLE_WELCOME = (
    "督办 duban 控制台（本地试用）。\n"
    "输入「计划」查看已导入的计划，「计划 长宁区 2025」列出该计划的任务，「帮助」查看说明，「退出」结束。"
)
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
ROLE_WORDS = {"lead": "牵头", "cooperate": "配合", "implement": "落实", "responsible": "负责"}
NO_DEADLINE = "无固定时限"
