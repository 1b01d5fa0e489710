"""Inbound messages: each platform message id is recorded when it arrives and marked answered only
after its reply was sent, so a platform's redelivery of a message whose process died before
answering is processed, and one already answered is acknowledged and dropped."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import delete, select, update

from store.db import dialect_insert
from store.models import InboundMessage
from store.repo import Store


class Arrival(StrEnum):
    """What a message id's arrival is."""

    NEW = "new"  # never seen: process it
    UNANSWERED = "unanswered"  # seen, but never answered (the process died): process it again
    ANSWERED = "answered"  # answered before: acknowledge and drop it


async def received(store: Store, platform: str, msg_id: str, now: datetime) -> Arrival:
    """Record a message id as received; whether it is new, taken in but never answered, or
    answered already."""
    insert = dialect_insert(store.engine)
    async with store.sessions() as session, session.begin():
        result = await session.execute(insert(InboundMessage).values(
            platform=platform, msg_id=msg_id, received_at=now).on_conflict_do_nothing())
        if result.rowcount:
            return Arrival.NEW
        answered = await session.scalar(select(InboundMessage.answered_at).where(
            InboundMessage.platform == platform, InboundMessage.msg_id == msg_id))
    return Arrival.UNANSWERED if answered is None else Arrival.ANSWERED


async def answered(store: Store, platform: str, msg_id: str, now: datetime) -> None:
    """Mark a message answered (its replies went out): a redelivery is dropped from now on."""
    async with store.sessions() as session, session.begin():
        await session.execute(update(InboundMessage).where(
            InboundMessage.platform == platform, InboundMessage.msg_id == msg_id,
            InboundMessage.answered_at.is_(None)).values(answered_at=now))


async def first_time(store: Store, platform: str, msg_id: str, now: datetime) -> bool:
    """Record a message id and mark it answered at once; False when it was answered before
    (for messages that need no reply)."""
    arrival = await received(store, platform, msg_id, now)
    if arrival is Arrival.ANSWERED:
        return False
    await answered(store, platform, msg_id, now)
    return True


async def forget_inbound(store: Store, before: datetime) -> int:
    """Drop message ids taken in before `before` (platforms redeliver within minutes, not weeks)."""
    async with store.sessions() as session, session.begin():
        result = await session.execute(delete(InboundMessage).where(
            InboundMessage.received_at < before))
        return result.rowcount or 0
