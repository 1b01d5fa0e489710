"""Send limits as sliding windows: a send waits until it fits every limit that applies to its chat.

Each platform declares its own limits in its adapter (Telegram: 30 messages a second overall, 20 a
minute per group; a WeCom robot: 20 a minute per webhook key). Windows are strict (never more than `count`
sends in any `seconds`), which keeps a server counting the same way from answering 429; limits are
declared a little under the platform's so network jitter cannot push a send into the last window.
The clock and sleep are passed in, so tests run on simulated time.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

Scope = Callable[[str], str | None]  # chat -> the bucket it counts in, or None: not limited


def everyone(chat: str) -> str:
    """One bucket for every chat (an overall limit)."""
    return "*"


def each_chat(chat: str) -> str:
    """A bucket per chat."""
    return chat


@dataclass(frozen=True)
class Limit:
    """At most `count` sends in any `seconds`, counted per bucket of `scope`."""

    count: int
    seconds: float
    scope: Scope = everyone
    name: str = ""


class Pacer:
    """Sliding-window limiter over any number of limits."""

    def __init__(self, limits: list[Limit], clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep) -> None:
        self.limits = limits
        self.clock, self.sleep = clock, sleep
        self._sent: dict[tuple[int, str], deque[float]] = {}
        self._lock = asyncio.Lock()

    def delay(self, chat: str, now: float | None = None) -> float:
        """Seconds until a send to `chat` fits every limit (0: now)."""
        now = self.clock() if now is None else now
        wait = 0.0
        for i, limit in enumerate(self.limits):
            bucket = limit.scope(chat)
            if bucket is None:
                continue
            window = self._window(i, bucket, now, limit)
            if len(window) >= limit.count:
                wait = max(wait, window[len(window) - limit.count] + limit.seconds - now)
        return wait

    def record(self, chat: str, now: float | None = None) -> None:
        """Count a send to `chat` made at `now`."""
        now = self.clock() if now is None else now
        for i, limit in enumerate(self.limits):
            bucket = limit.scope(chat)
            if bucket is not None:
                self._window(i, bucket, now, limit).append(now)

    async def acquire(self, chat: str) -> float:
        """Wait until a send to `chat` fits, and count it; the seconds waited. Sends are admitted
        one at a time, in the order they asked."""
        waited = 0.0
        async with self._lock:
            while (wait := self.delay(chat)) > 0:
                await self.sleep(wait)
                waited += wait
            self.record(chat)
        return waited

    def _window(self, i: int, bucket: str, now: float, limit: Limit) -> deque[float]:
        window = self._sent.setdefault((i, bucket), deque())
        while window and window[0] <= now - limit.seconds:
            window.popleft()
        return window

