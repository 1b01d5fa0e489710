"""An app's access token, fetched when first needed and again shortly before it expires (or
when the platform refused it), one fetch at a time — for every platform whose API wants one."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

TOKEN_MARGIN = 300  # seconds before expiry a token is renewed


class TokenCache:
    """`fetch()` returns (token, lifetime in seconds); `get()` hands out the cached token."""

    def __init__(self, fetch: Callable[[], Awaitable[tuple[str, int]]],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.fetch, self.clock = fetch, clock
        self._token: str | None = None
        self._expires = 0.0
        self._lock = asyncio.Lock()

    async def get(self, renew: bool = False) -> str:
        """The token, fetched anew when there is none, it is near its expiry, or `renew`."""
        async with self._lock:
            if renew or self._token is None or self.clock() >= self._expires:
                token, lifetime = await self.fetch()
                self._token, self._expires = token, self.clock() + lifetime - TOKEN_MARGIN
            return self._token
