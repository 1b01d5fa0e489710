"""DingTalk custom robots (自定义机器人): reminders to a unit's group as markdown, with an @ of
each of the unit's liaisons bound through the app robot (by DingTalk user id), signed when the
robot has a 加签 secret; 20 messages a minute per robot, kept by queueing in the outbox, never by
dropping. A token or signature DingTalk refuses ends the robot's bindings; network errors retry."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime

import httpx

from bot import texts
from bot.adapters.dingtalk.api import (
    ROBOT_BAD_TOKENS,
    ROBOT_MARKDOWN_BYTES,
    ROBOT_RATE_LIMITED,
    DingTalkAPI,
    DingTalkError,
)
from bot.adapters.dingtalk.chat import PLATFORM as APP_PLATFORM
from bot.adapters.robots import robot_liaisons, robot_units, send_paced
from bot.domain.chat import ChatRef, Reply, split_bytes
from bot.scheduler.outbox import DeliveryRefused, RetryLater
from bot.scheduler.pacing import Limit, Pacer, each_chat
from store.repo import Store
from store.robots import DINGTALK_ROBOT, robot_key, robot_secret

_log = logging.getLogger(__name__)

# A custom robot takes 20 messages a minute; a second of margin for clocks that differ a little.
ROBOT_LIMITS = [Limit(20, 61.0, each_chat, "dingtalk-robot")]


class DingTalkRobots:
    """The custom robots bound to units, as a platform that only sends (`dingtalk-robot:ID`)."""

    name = DINGTALK_ROBOT
    interactive = False

    def __init__(self, store: Store, api: DingTalkAPI, now: Callable[[], datetime],
                 pacer: Pacer | None = None, wall: Callable[[], float] = time.time) -> None:
        self.store, self.api, self.now, self.wall = store, api, now, wall
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
        """A digest through robot `chat`: split, paced to 20 a minute, the liaisons @-ed in the
        last part. A token or signature DingTalk refuses raises DeliveryRefused; a rate limit, or
        a wait longer than the outbox waits inline, RetryLater; network errors ConnectionError."""
        robot = chat.chat_id
        token = await robot_key(self.store, robot)
        if token is None:
            raise DeliveryRefused("unknown robot")
        secret = await robot_secret(self.store, robot)
        mentions = [u for u in await robot_liaisons(self.store, DINGTALK_ROBOT, APP_PLATFORM, robot)
                    if not u.startswith("cid")]  # people, not group chats
        text = reply.text + texts.DINGTALK_ROBOT_HINT
        if mentions:
            text += "\n\n" + " ".join(f"@{u}" for u in mentions)
        parts = [p for p in split_bytes(text, ROBOT_MARKDOWN_BYTES) if p.strip()]
        assert self.pacer is not None

        async def send(i: int, part: str) -> None:
            body = {"msgtype": "markdown",
                    "markdown": {"title": texts.DINGTALK_TITLE, "text": part},
                    "at": {"atUserIds": mentions if i == len(parts) - 1 else [], "isAtAll": False}}
            try:
                await self.api.robot_send(token, secret, body, int(self.wall() * 1000))
            except DingTalkError as err:
                if err.code == ROBOT_RATE_LIMITED:
                    raise RetryLater(60.0) from err
                if err.code in ROBOT_BAD_TOKENS:
                    raise DeliveryRefused(texts.DINGTALK_ROBOT_REFUSED.format(
                        who=await robot_units(self.store, DINGTALK_ROBOT, robot),
                        robot=robot)) from err
                raise
            except httpx.HTTPError as err:  # the message says which robot, never its token
                raise ConnectionError(f"robot {robot}: {type(err).__name__}") from None

        return await send_paced(self.pacer, robot, parts, send)
