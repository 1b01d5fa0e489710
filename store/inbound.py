"""Inbound messages: each platform message id is claimed in the store when it arrives and marked
answered only after its reply was sent.

Several processes may take in messages for one store (every `duban run` on a PostgreSQL store
serves webhooks and callbacks behind a load balancer), so the id's row says who is answering it
(`owner`, host:pid) and since when. A redelivery is then
- dropped when the message was answered;
- left to the other process while its claim is fresh (younger than CLAIM_SECONDS, and its owner
  is not known to be gone) — it is answering right now;
- answered, taking the claim over, when the claim is this process's own (an earlier attempt
  failed) or has lapsed (its process died before answering).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, select, update

from store.db import dialect_insert
from store.models import InboundMessage
from store.processes import process_gone, this_process
from store.repo import Store

_log = logging.getLogger(__name__)

# How long another process's claim keeps a redelivery away: far longer than an answer takes,
# far shorter than the platforms keep redelivering.
CLAIM_SECONDS = 60.0


class Arrival(StrEnum):
    """What a message id's arrival is."""

    NEW = "new"  # never seen: process it
    UNANSWERED = "unanswered"  # seen, but never answered (the process died): process it again
    ANSWERED = "answered"  # answered before: acknowledge and drop it
    ELSEWHERE = "elsewhere"  # another live process is answering it now: drop this delivery


async def received(store: Store, platform: str, msg_id: str, now: datetime,
                   owner: str | None = None) -> Arrival:
    """Claim a message id for this process (or `owner`); whether it is new, taken in but never
    answered (the claim is taken over), answered already, or being answered elsewhere."""
    owner = owner or this_process()
    insert = dialect_insert(store.engine)
    async with store.sessions() as session, session.begin():
        result = await session.execute(insert(InboundMessage).values(
            platform=platform, msg_id=msg_id, received_at=now, owner=owner, claimed_at=now
        ).on_conflict_do_nothing())
        if result.rowcount:
            return Arrival.NEW
        row = (await session.execute(select(
            InboundMessage.answered_at, InboundMessage.owner, InboundMessage.claimed_at).where(
            InboundMessage.platform == platform, InboundMessage.msg_id == msg_id))).one_or_none()
        if row is None:  # forgotten between the two statements: a message weeks old
            return Arrival.ANSWERED
        answered_at, holder, claimed_at = row
        if answered_at is not None:
            return Arrival.ANSWERED
        if holder and holder != owner and claimed_at is not None \
                and now - claimed_at < timedelta(seconds=CLAIM_SECONDS) and not process_gone(holder):
            return Arrival.ELSEWHERE
        # Compare and swap: only one of several processes taking a lapsed claim over gets it.
        same_claim = (InboundMessage.claimed_at.is_(None) if claimed_at is None
                      else InboundMessage.claimed_at == claimed_at)
        taken = await session.execute(update(InboundMessage).where(
            InboundMessage.platform == platform, InboundMessage.msg_id == msg_id,
            InboundMessage.answered_at.is_(None), InboundMessage.owner == holder, same_claim
        ).values(owner=owner, claimed_at=now))
    return Arrival.UNANSWERED if taken.rowcount else Arrival.ELSEWHERE


def dropped(arrival: Arrival, platform: str, msg_id: str) -> bool:
    """Whether a delivery is dropped unanswered — answered before, or being answered by another
    process now — said in the log (one line for every adapter)."""
    if arrival is Arrival.ANSWERED:
        _log.info("%s delivered %s again; answered before, dropped", platform, msg_id)
    elif arrival is Arrival.ELSEWHERE:
        _log.info("%s delivered %s again while another process answers it; dropped", platform,
                  msg_id)
    return arrival in (Arrival.ANSWERED, Arrival.ELSEWHERE)


async def answered(store: Store, platform: str, msg_id: str, now: datetime) -> None:
    """Mark a message answered (its replies went out): a redelivery is dropped from now on."""
    async with store.sessions() as session, session.begin():
        await session.execute(update(InboundMessage).where(
            InboundMessage.platform == platform, InboundMessage.msg_id == msg_id,
            InboundMessage.answered_at.is_(None)).values(answered_at=now))


async def first_time(store: Store, platform: str, msg_id: str, now: datetime) -> bool:
    """Record a message id and mark it answered at once; False when it was answered before or
    is being answered elsewhere (for messages that need no reply)."""
    if (await received(store, platform, msg_id, now)) in (Arrival.ANSWERED, Arrival.ELSEWHERE):
        return False
    await answered(store, platform, msg_id, now)
    return True


async def forget_inbound(store: Store, before: datetime) -> int:
    """Drop message ids taken in before `before` (platforms redeliver within minutes, not weeks)."""
    async with store.sessions() as session, session.begin():
        result = await session.execute(delete(InboundMessage).where(
            InboundMessage.received_at < before))
        return result.rowcount or 0


