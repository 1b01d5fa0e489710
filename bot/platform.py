"""What a chat platform is to the core: the protocol every adapter package implements, and the
services the composition root hands an adapter when it builds one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from bot.domain.chat import ChatRef, Reply
from bot.scheduler.pacing import Pacer

if TYPE_CHECKING:
    from bot.delivery import Delivery
    from bot.handlers.chat import ChatService


class Platform(Protocol):
    """One platform in this process: it starts (serving messages or only sending), sends a reply
    to one of its chats, sends a reminder digest (raising DeliveryRefused or RetryLater, see
    bot.scheduler.outbox), and declares its send limits."""

    name: str  # the platform of the ChatRefs it delivers to
    interactive: bool  # it receives messages (a chat platform), not only pushes (group robots)
    pacer: Pacer | None  # its send limits, kept by the outbox for reminder digests

    async def start(self, serve: bool) -> None:
        """Connect; with `serve`, also take messages in (polling, webhooks, callbacks)."""
        ...

    async def stop(self) -> None:
        """Stop taking messages in and release connections."""
        ...

    async def send(self, reply: Reply, chat: ChatRef) -> None:
        """A reply to one of its chats (split to its limits; buttons, image, file as it can)."""
        ...

    async def send_digest(self, chat: ChatRef, reply: Reply) -> str:
        """A reminder digest; the platform's message id."""
        ...


@dataclass(frozen=True)
class Services:
    """What an adapter is built with: the conversation core, where its replies go, the clock."""

    chats: ChatService
    delivery: Delivery
    today: Callable[[], date]
    now: Callable[[], datetime]
