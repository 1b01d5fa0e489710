"""What every platform's group robots share: a digest's parts sent one by one within the robot's
pace (a robot that must wait longer than the outbox waits inline is put back there), and the
units and liaisons a robot's bindings name."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.scheduler.outbox import MAX_INLINE_WAIT, RetryLater
from bot.scheduler.pacing import Pacer
from store.access import all_bindings
from store.repo import Store


async def send_paced(pacer: Pacer, robot: str, parts: list[str],
                     send: Callable[[int, str], Awaitable[None]]) -> str:
    """Send each part (`send(index, part)`) when the pace allows; the digest's id. RetryLater
    when the first part must wait; once part of it went out, the rest is dropped rather than the
    whole digest sent twice."""
    for i, part in enumerate(parts):
        wait = pacer.delay(robot)
        if wait > MAX_INLINE_WAIT:
            if i:
                return f"robot-{i}"
            raise RetryLater(wait)
        await pacer.acquire(robot)
        await send(i, part)
    return f"robot-{len(parts)}"


async def robot_liaisons(store: Store, robots: str, app: str, robot: str) -> list[str]:
    """User ids on platform `app` of the liaisons of the units robot `robot` (platform
    `robots`) serves."""
    bindings = await all_bindings(store)
    units = {(b.org, b.unit) for b in bindings if b.platform == robots and b.chat_id == robot}
    return sorted({b.chat_id for b in bindings
                   if b.platform == app and (b.org, b.unit) in units and b.unit})


async def robot_units(store: Store, robots: str, robot: str) -> str:
    """The units a robot serves, for a message (never its key): 长宁区区府办、…, else its id."""
    return "、".join(f"{b.org}{b.unit or ''}" for b in await all_bindings(store)
                    if b.platform == robots and b.chat_id == robot) or robot
