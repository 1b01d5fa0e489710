"""A simulated monotonic clock for pacing tests: `sleep` moves it on, nothing waits."""

from __future__ import annotations


class SimClock:
    """Seconds that pass only when something sleeps (or a test moves `t`)."""

    def __init__(self, start: float = 5000.0) -> None:
        self.t = start

    def clock(self) -> float:
        """The current simulated time."""
        return self.t

    async def sleep(self, seconds: float) -> None:
        """Let `seconds` pass at once."""
        self.t += seconds
