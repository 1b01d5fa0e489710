"""How many outbox rows are in each state: the outbox's depth for the metrics, and how many of a
digest's items a failed attempt gave up."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select

from store.models import OutboxItem
from store.outbox import FAILED
from store.repo import Store


async def count_by_status(store: Store, statuses: Iterable[str]) -> dict[str, int]:
    """The number of outbox rows in each of `statuses` (0 for a status no row has)."""
    wanted = list(statuses)
    async with store.sessions() as session:
        rows = (await session.execute(
            select(OutboxItem.status, func.count(OutboxItem.id))
            .where(OutboxItem.status.in_(wanted)).group_by(OutboxItem.status))).all()
    counts = dict.fromkeys(wanted, 0)
    counts.update({status: int(n) for status, n in rows})
    return counts


async def count_given_up(store: Store, ids: Iterable[int]) -> int:
    """How many of these items are given up (`failed`): after a failed attempt on a digest,
    the ones that reached their last try."""
    async with store.sessions() as session:
        return int(await session.scalar(select(func.count(OutboxItem.id)).where(
            OutboxItem.id.in_(list(ids)), OutboxItem.status == FAILED)) or 0)
