"""The structured meaning of one chat message: what the parser produces and the handlers read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from store.kinds import TaskRole


class Intent(StrEnum):
    """What a message asks for."""

    TASKS = "tasks"
    DETAIL = "detail"  # one task by number
    SUMMARY = "summary"
    SEARCH = "search"
    REPORT = "report"  # progress on a task: 「8 已完成」
    QUARTERLY_REPORT = "quarterly_report"  # a quarterly report handed in
    REPORT_STATUS = "report_status"  # who has handed in the quarter's report
    BIND = "bind"
    HELP = "help"
    UNKNOWN = "unknown"


class Status(StrEnum):
    """A status a query filters by (the first four) or a report sets (the last three)."""

    OVERDUE = "overdue"
    OPEN = "open"
    DONE = "done"
    DUE_SOON = "due_soon"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"


class Ask(StrEnum):
    """What a question wants to know about the tasks it selects, beyond the list."""

    WHEN = "when"  # 「什么时候交」「还有多少天到期」: due dates and workdays left
    COUNT = "count"  # 「还有几项没做完」: the number, then the nearest few
    OURS = "ours"  # 「第14项是我们的吗」: yes or no


class SmallTalk(StrEnum):
    """Messages that want a short reply, not the help."""

    GREETING = "greeting"
    THANKS = "thanks"
    YES = "yes"  # 「是的」「对」: an answer to 「您是说…吗？」


INTENTS = tuple(Intent)
STATUSES = tuple(Status)
JSON_KEYS = ("intent", "org", "unit", "period", "status", "seq", "keyword", "year")


@dataclass(frozen=True)
class Period:
    """An inclusive range of dates."""

    start: date
    end: date

    def contains(self, day: date) -> bool:
        """Whether `day` lies inside the period."""
        return self.start <= day <= self.end

    def to_json(self) -> dict[str, str]:
        """{"start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}."""
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


@dataclass
class Query:
    """What a message asks for. Only the fields in JSON_KEYS are part of the public contract."""

    intent: Intent = Intent.UNKNOWN
    org: str | None = None
    unit: str | None = None
    period: Period | None = None
    status: Status | None = None
    seq: int | None = None
    keyword: str | None = None
    year: int | None = None
    # Details the handlers use beyond the public fields.
    mine: bool = False  # 「我的任务」: the asking chat's own unit
    year_long: bool = False  # 「全年任务」: only work that runs all year
    command: str | None = None  # the slash command, without '/', when one was used
    unknown_org: str | None = None  # an org-like name the directory does not know
    unknown_unit: str | None = None  # a unit-like name the directory does not know
    role: TaskRole | None = None  # 「区府办牵头的任务」: lead / cooperate / implement
    ask: Ask | None = None  # when / count / ours
    wide: bool = False  # 「全区」「所有单位」「全部」: the whole org, not the asking unit
    show_all: bool = False  # 「…全部」: every task of a long list, not the nearest ten
    topic: str | None = None  # words left over that may name a topic (「政府开放月的任务」)
    small_talk: SmallTalk | None = None  # 「谢谢」「你好」
    followup: bool = False  # 「那逾期的呢」: continues the chat's last question

    def to_json(self) -> dict[str, object]:
        """The public fields as a JSON-ready dict, keys in contract order."""
        return {
            "intent": self.intent,
            "org": self.org,
            "unit": self.unit,
            "period": self.period.to_json() if self.period else None,
            "status": self.status,
            "seq": self.seq,
            "keyword": self.keyword,
            "year": self.year,
        }
