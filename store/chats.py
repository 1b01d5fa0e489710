"""Chat addresses: where the bot's messages go, on whichever platform."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ChatRef:
    """Where a message goes: a chat (or a user's private chat) on one platform. Written
    `platform:chat_id` where a string is kept (the outbox, DUBAN_ADMINS)."""

    platform: str
    chat_id: str

    def __str__(self) -> str:
        return f"{self.platform}:{self.chat_id}"

    @classmethod
    def parse(cls, text: str, default_platform: str = "telegram") -> ChatRef:
        """`telegram:-100`, `wecom:zhangsan`; a bare id is on `default_platform`."""
        platform, sep, chat_id = text.strip().partition(":")
        return cls(platform, chat_id) if sep else cls(default_platform, platform)

