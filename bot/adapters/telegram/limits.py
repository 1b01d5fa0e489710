"""Telegram's send limits, and python-telegram-bot's rate-limiter hook driven by our Pacer: every
call that names a chat waits until it fits them (strict sliding windows), so the Bot API never
answers 429 for our pace; a 429 that still comes (another client on the same token) is waited out
and retried."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.scheduler.pacing import Limit, Pacer, everyone

_log = logging.getLogger(__name__)

MAX_RETRIES = 3


def telegram_group(chat: str) -> str | None:
    """Telegram groups and channels have negative ids."""
    return chat if chat.lstrip().startswith("-") else None


# Telegram allows 30 messages a second overall and 20 a minute to one group; a little under each.
TELEGRAM_LIMITS = [
    Limit(29, 1.0, everyone, "overall"),
    Limit(19, 60.0, telegram_group, "group"),
]


class PacedRateLimiter(BaseRateLimiter[None]):
    """Admits Bot API calls at the pace of a Pacer (one shared with the reminder outbox)."""

    def __init__(self, pacer: Pacer) -> None:
        self.pacer = pacer

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]] | None]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]] | None:
        """Wait for the chat's turn, then make the call; wait out a 429 and try again."""
        chat = data.get("chat_id")
        for attempt in range(MAX_RETRIES + 1):
            if chat is not None:
                await self.pacer.acquire(str(chat))
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as err:
                if attempt == MAX_RETRIES:
                    raise
                seconds = retry_seconds(err)
                _log.warning("Bot API asked to wait %.1f s (%s)", seconds, endpoint)
                await asyncio.sleep(seconds + 0.1)
        return None


def retry_seconds(err: RetryAfter) -> float:
    """How long Telegram asked us to wait (a timedelta, or seconds in older settings)."""
    wait = err.retry_after
    return wait.total_seconds() if hasattr(wait, "total_seconds") else float(wait)
