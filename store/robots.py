"""Group robots (WeCom's, DingTalk's custom robots) bound to units (inbound message ids:
store.inbound, re-exported here). What tells the robots of each platform apart is one table,
ROBOT_KINDS: a platform with robots of its own adds an entry, not code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from store.access import BindingView, chat_bindings
from store.inbound import first_time, forget_inbound
from store.kinds import ChatRole
from store.models import Binding, Robot
from store.repo import Store

__all__ = ["DINGTALK_ROBOT", "ROBOT", "ROBOT_KINDS", "ROBOT_PLATFORMS", "RobotKind", "bind_robot",
           "first_time", "forget_inbound", "masked", "robot_key", "robot_secret", "robot_tails"]

ROBOT = "robot"  # the platform name of WeCom robot bindings; their chat id is the robot's id
DINGTALK_ROBOT = "dingtalk-robot"  # the same for DingTalk custom robots


@dataclass(frozen=True)
class RobotKind:
    """The robots of one platform: the binding platform, Robot.platform, the words that name it
    (in 「/bindrobot dingtalk …」), how its webhook key is read from a key or the whole address,
    and its signing secret's shape (None: its robots are not signed)."""

    binding: str
    platform: str
    words: tuple[str, ...]
    key: re.Pattern[str]
    secret: re.Pattern[str] | None = None


ROBOT_KINDS: tuple[RobotKind, ...] = (  # the first is the default
    RobotKind(ROBOT, "wecom", ("wecom", "企业微信"),
              re.compile(r"(?:[?&]key=)?([A-Za-z0-9][A-Za-z0-9_-]{7,127})$")),
    RobotKind(DINGTALK_ROBOT, "dingtalk", ("dingtalk", "钉钉"),
              re.compile(r"(?:[?&]access_token=)?([A-Za-z0-9]{16,128})(?:&|$)"),
              re.compile(r"SEC[A-Za-z0-9]{16,125}")),
)
ROBOT_PLATFORMS = tuple(k.binding for k in ROBOT_KINDS)  # the push-only platforms of robots
_KINDS = {k.binding: k.platform for k in ROBOT_KINDS}  # binding platform -> Robot.platform


async def bind_robot(store: Store, org: str, unit: str, key: str, by: str,
                     now: datetime | None = None, platform: str = ROBOT,
                     secret: str | None = None) -> tuple[BindingView, bool]:
    """Tie a robot (by webhook key; `platform` ROBOT or DINGTALK_ROBOT, a DingTalk robot's
    signing `secret`) to a unit; (the binding, whether it is new). A key already bound to that
    unit is left as it is (a new secret replaces the old)."""
    now = now or datetime.now(UTC)
    async with store.sessions() as session, session.begin():
        robot = await session.scalar(select(Robot).where(Robot.key == key))
        if robot is None:
            robot = Robot(key=key, platform=_KINDS[platform], secret=secret, created_by=by,
                          created_at=now)
            session.add(robot)
            await session.flush()
        elif secret is not None:
            robot.secret = secret
        chat_id = str(robot.id)
        same = await session.scalar(select(Binding).where(
            Binding.platform == platform, Binding.chat_id == chat_id, Binding.org == org,
            Binding.unit == unit, Binding.active))
        if same is None:
            session.add(Binding(platform=platform, chat_id=chat_id, org=org, unit=unit,
                                role=ChatRole.LIAISON, created_by=by, created_at=now))
    store.writes += 1
    (binding,) = [b for b in await chat_bindings(store, platform, chat_id)
                  if b.org == org and b.unit == unit]
    return binding, same is None


async def robot_key(store: Store, chat_id: str) -> str | None:
    """The webhook key of robot `chat_id`."""
    if not chat_id.isdigit():
        return None
    async with store.sessions() as session:
        return await session.scalar(select(Robot.key).where(Robot.id == int(chat_id)))


def masked(key: str) -> str:
    """How a key is shown back: its last four characters only."""
    return "…" + key[-4:]


async def robot_tails(store: Store, chat_ids: list[str]) -> dict[str, str]:
    """Robot chat id -> its key masked (the key itself never leaves the store)."""
    ids = [int(c) for c in chat_ids if c.isdigit()]
    if not ids:
        return {}
    async with store.sessions() as session:
        rows = await session.execute(select(Robot.id, Robot.key).where(Robot.id.in_(ids)))
        return {str(i): masked(k) for i, k in rows.all()}


async def robot_secret(store: Store, chat_id: str) -> str | None:
    """The signing secret of robot `chat_id` (DingTalk 加签), if it has one."""
    if not chat_id.isdigit():
        return None
    async with store.sessions() as session:
        return await session.scalar(select(Robot.secret).where(Robot.id == int(chat_id)))
