"""Plan imports by chat waiting for confirmation: a file previewed is kept here (bytes, hash, who
sent it where, until when) and the plan tables are touched only once its sender confirms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select, update

from store.models import PendingImport
from store.repo import Store

PENDING_FOR = timedelta(hours=24)  # how long a preview may be confirmed


class ImportState(StrEnum):
    """How a pending import stands."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class PendingView:
    """A pending import as the handlers see it (`data` only while it is pending)."""

    id: int
    platform: str
    chat_id: str
    user: str
    file_name: str
    sha256: str
    data: bytes | None
    org: str
    year: int
    replace: bool
    state: ImportState
    expires_at: datetime

    def open_at(self, now: datetime) -> bool:
        """Whether it may still be confirmed or cancelled at `now`."""
        return self.state is ImportState.PENDING and now < self.expires_at


async def add_pending(store: Store, *, platform: str, chat_id: str, user: str, file_name: str,
                      sha256: str, data: bytes, org: str, year: int, replace: bool,
                      now: datetime) -> int:
    """Keep a previewed file until its sender confirms or cancels it; its number."""
    row = PendingImport(platform=platform, chat_id=chat_id, user=user, file_name=file_name[:255],
                        sha256=sha256, data=data, org=org, year=year, replace=replace,
                        state=ImportState.PENDING, created_at=now, expires_at=now + PENDING_FOR)
    async with store.sessions() as session, session.begin():
        session.add(row)
    return row.id


async def get_pending(store: Store, pending_id: int) -> PendingView | None:
    """A pending import by its number (None: no such number)."""
    async with store.sessions() as session:
        row = await session.get(PendingImport, pending_id)
        if row is None:
            return None
        return PendingView(row.id, row.platform, row.chat_id, row.user, row.file_name, row.sha256,
                           row.data, row.org, row.year, row.replace, ImportState(row.state),
                           row.expires_at)


async def end_pending(store: Store, pending_id: int, state: ImportState, now: datetime) -> bool:
    """End a pending import (confirmed or cancelled) and drop its bytes; False when it was not
    pending any more or had expired (a second press, a race), so it is acted on once."""
    async with store.sessions() as session, session.begin():
        result = await session.execute(
            update(PendingImport)
            .where(PendingImport.id == pending_id, PendingImport.state == ImportState.PENDING,
                   PendingImport.expires_at > now)
            .values(state=state, ended_at=now, data=None))
        return bool(result.rowcount)


async def pending_of_chat(store: Store, platform: str, chat_id: str, now: datetime) -> list[int]:
    """The numbers of a chat's imports still open at `now`, oldest first."""
    async with store.sessions() as session:
        rows = await session.scalars(
            select(PendingImport.id).where(
                PendingImport.platform == platform, PendingImport.chat_id == chat_id,
                PendingImport.state == ImportState.PENDING, PendingImport.expires_at > now)
            .order_by(PendingImport.id))
        return list(rows.all())
