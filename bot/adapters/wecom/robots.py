"""WeCom group robots (群机器人): reminders to a unit's work group, as markdown ending with an
@mention of each of the unit's liaisons bound through the app; 20 messages a minute per robot,
kept by queueing in the outbox, never by dropping. Robots only push: they take no messages."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

import httpx

from bot import texts
from bot.adapters.robots import robot_liaisons, robot_units, send_paced
from bot.adapters.wecom.api import (
    ROBOT_BAD_KEYS,
    ROBOT_MARKDOWN_BYTES,
    ROBOT_RATE_LIMITED,
    WeComAPI,
    WeComError,
)
from bot.adapters.wecom.callback import PLATFORM as APP_PLATFORM
from bot.domain.chat import ChatRef, Reply, split_bytes
from bot.scheduler.outbox import DeliveryRefused, RetryLater
from bot.scheduler.pacing import Limit, Pacer, each_chat
from store.repo import Store
from store.robots import ROBOT, robot_key

_log = logging.getLogger(__name__)

# A robot takes 20 messages a minute; a second of margin for clocks that differ a little.
ROBOT_LIMITS = [Limit(20, 61.0, each_chat, "robot")]


class WeComRobots:
    """The robots bound to units, as a platform that only sends (`robot:ID` chats)."""

    name = ROBOT
    interactive = False

    def __init__(self, store: Store, api: WeComAPI, now: Callable[[], datetime],
                 pacer: Pacer | None = None) -> None:
        self.store, self.api, self.now = store, api, now
        self.pacer: Pacer | None = pacer or Pacer(ROBOT_LIMITS)

    async def start(self, serve: bool) -> None:
        """Nothing to connect: each message is one webhook call."""

    async def stop(self) -> None:
        """Close the HTTP client."""
        await self.api.aclose()

    async def send(self, reply: Reply, chat: ChatRef) -> None:
        """A message to the robot's group (a notice): sent like a digest, now."""
        await self.send_digest(chat, reply)

    async def send_digest(self, chat: ChatRef, reply: Reply) -> str:
        """A digest through robot `chat`: split at 4,096 bytes, paced to 20 a minute. A key WeCom
        refuses raises DeliveryRefused (the robot's bindings then end); a rate limit, or a wait
        longer than the outbox waits inline, RetryLater; network errors propagate to be retried."""
        robot = chat.chat_id
        key = await robot_key(self.store, robot)
        if key is None:
            raise DeliveryRefused("unknown robot")
        mentions = await robot_liaisons(self.store, ROBOT, APP_PLATFORM, robot)
        text = reply.text + texts.WECOM_ROBOT_HINT
        if mentions:
            text += "\n" + " ".join(f"<@{u}>" for u in mentions)
        parts = [p for p in split_bytes(text, ROBOT_MARKDOWN_BYTES) if p.strip()]
        assert self.pacer is not None

        async def send(_: int, part: str) -> None:
            try:
                await self.api.robot_markdown(key, part)
            except WeComError as err:
                if err.errcode == ROBOT_RATE_LIMITED:
                    raise RetryLater(60.0) from err
                if err.errcode in ROBOT_BAD_KEYS:
                    raise DeliveryRefused(texts.WECOM_ROBOT_REFUSED.format(
                        who=await robot_units(self.store, ROBOT, robot), robot=robot)) from err
                raise
            except httpx.HTTPError as err:  # the message says which request, never the key
                raise ConnectionError(f"robot {robot}: {type(err).__name__}") from None

        return await send_paced(self.pacer, robot, parts, send)
