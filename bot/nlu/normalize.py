"""Text clean-up before parsing: widths, case, emoji, control characters, mentions, politeness."""

from __future__ import annotations

import re
import unicodedata

# Longer messages are not queries; only their head is parsed (keeps parsing time bounded).
MAX_CHARS = 300

# Control and format characters, emoji and pictographs, private use: read as a space.
# Invisible characters inside words (zero-width, soft hyphen, bidi marks): dropped.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff]")
_NOISE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029"
    "\u2190-\u21ff\u2300-\u23ff\u2460-\u24ff\u25a0-\u27bf\u2b00-\u2bff\ue000-\uf8ff"
    "\U0001f000-\U0010ffff]"
)
# @botname (ASCII) anywhere, or @anything followed by a space or ending the message (WeCom puts
# a space after a mention of people or bots).
_MENTION = re.compile(
    r"@[^\s@]{0,12}?(?:小助手|助手|机器人|督办|bot)(?![a-z0-9_])"  # a bot, even with no space after
    r"|@[A-Za-z0-9_]{2,}|@\S{1,20}?(?=\s)|@\S{1,20}$"
)
_SPACES = re.compile(r"\s+")
# Traditional characters people type in task queries (Hong Kong/Taiwan input methods), mapped to
# the simplified ones the rest of the parser knows.
_SIMPLIFIED = str.maketrans(
    "任務週個這將進行項單辦統計幫尋遲過報狀況發與門鎮號級縣東陽區寧靜長開進約會議規劃標準權責當時間還沒"
    "為關於節點態機構處稱應該們嗎麼麽啟動實現經濟環護衛務醫療資訊網絡頭條據轉換歷種類圖書館運營傳輸編輯"
    "檢查詢問題複審閱讀覆蓋範圍說明書將來臨結總體覽數據庫鐵銀團黨衛體育後臺灣臺韓歐亞華僑聯絡員誰幾錄導",
    "任务周个这将进行项单办统计帮寻迟过报状况发与门镇号级县东阳区宁静长开进约会议规划标准权责当时间还没"
    "为关于节点态机构处称应该们吗么么启动实现经济环护卫务医疗资讯网络头条据转换历种类图书馆运营传输编辑"
    "检查询问题复审阅读覆盖范围说明书将来临结总体览数据库铁银团党卫体育后台湾台韩欧亚华侨联络员谁几录导",
)


def normalize(text: str) -> str:
    """Half-width, lower-case, without emoji, control characters or mentions; spaces squeezed."""
    # Squeeze spaces before cutting, so a question after a long run of blanks is still read.
    text = _SPACES.sub(" ", _INVISIBLE.sub("", text[:20_000])).strip()[: MAX_CHARS * 2]
    text = unicodedata.normalize("NFKC", text).translate(_SIMPLIFIED)
    text = _NOISE.sub(" ", text)
    text = _MENTION.sub(" ", text)
    return _SPACES.sub(" ", text).strip().lower()[:MAX_CHARS]
