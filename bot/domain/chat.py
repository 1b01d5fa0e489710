"""Messages as every platform exchanges them with the core: addresses, incoming messages, buttons
and replies, and how long texts are split."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from store.chats import ChatRef
from store.views import TaskView

__all__ = ["MESSAGE_LIMIT", "Attachment", "Bar", "Button", "ChatRef", "Incoming", "Press", "Reply",
           "split_bytes", "split_text"]

# Telegram's limit for one message; WeCom's markdown limit is smaller and split by its adapter.
MESSAGE_LIMIT = 4096


class Bar(NamedTuple):
    """One bar of a summary chart: a unit (or org), its completion %, light and overdue tasks."""

    name: str
    pct: int
    light: str  # red / yellow / green, as summary.Row.light decides
    overdue: int = 0


@dataclass(frozen=True)
class Button:
    """An inline button: its label and the (signed) data the platform sends back when pressed."""

    text: str
    data: str


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message: its name, size, the platform's id for it and its contents
    (None when the platform could not hand it over)."""

    name: str
    size: int | None = None
    ref: str | None = None
    data: bytes | None = None


class _FromChat:
    """Something a user did in a chat: its `platform`, `chat_id` and `user_id` as addresses."""

    platform: str
    chat_id: str
    user_id: str

    @property
    def chat(self) -> ChatRef:
        """The chat it came from."""
        return ChatRef(self.platform, self.chat_id)

    @property
    def user(self) -> ChatRef:
        """Who did it: on every platform a user's id is also their private chat's."""
        return ChatRef(self.platform, self.user_id)


@dataclass(frozen=True)
class Incoming(_FromChat):
    """A message as every platform delivers it."""

    platform: str  # telegram / wecom / console
    chat_id: str
    chat_type: str  # private / group
    user_id: str
    text: str
    user_name: str | None = None
    attachment: Attachment | None = None


@dataclass(frozen=True)
class Press(_FromChat):
    """A button pressed in a chat: the (signed) data the button carried."""

    platform: str
    chat_id: str
    user_id: str
    data: str


@dataclass
class Reply:
    """A platform-independent answer: text (split for chat limits), the tasks it is about, and
    optionally buttons, an image (PNG) and a file (name, bytes); `chat` sends it elsewhere."""

    text: str
    tasks: list[TaskView] = field(default_factory=list)
    unit: str | None = None  # the unit the listed statuses refer to
    buttons: list[list[Button]] = field(default_factory=list)
    image: bytes | None = None
    file: tuple[str, bytes] | None = None
    chat: ChatRef | None = None  # None: the chat the message came from
    chart: list[Bar] | None = None  # summary bars, every row
    chart_title: str = ""

    def parts(self, limit: int = MESSAGE_LIMIT) -> list[str]:
        """The text split into messages of at most `limit` characters, at line breaks."""
        return split_text(self.text, limit)


def split_text(text: str, limit: int = MESSAGE_LIMIT, size: Callable[[str], int] = len) -> list[str]:
    """Split at line breaks so every piece's `size` (characters; or bytes, see split_bytes) fits
    `limit`; overlong lines are cut between characters."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while size(line) > limit:
            if current:
                parts.append(current)
                current = ""
            cut = _fitting(line, limit, size)
            parts.append(line[:cut])
            line = line[cut:]
        candidate = f"{current}\n{line}" if current else line
        if size(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current or not parts:
        parts.append(current)
    return parts


def split_bytes(text: str, limit: int) -> list[str]:
    """split_text by UTF-8 bytes (WeCom counts bytes)."""
    return split_text(text, limit, _utf8)


def _utf8(text: str) -> int:
    return len(text.encode())


def _fitting(line: str, limit: int, size: Callable[[str], int]) -> int:
    """How many characters of `line` fit `limit`."""
    if size is len:
        return limit
    return max(1, len(line.encode()[:limit].decode(errors="ignore")))
