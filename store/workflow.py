"""Extension requests: a unit asks to move its due date on a task; the org's lead decides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from store.models import Extension
from store.repo import Store


@dataclass(frozen=True)
class ExtensionView:
    """An extension request and its state."""

    id: int
    task_id: int
    unit: str
    old_due: date | None
    new_due: date
    reason: str
    status: str
    requested_chat: str | None


def _view(e: Extension) -> ExtensionView:
    return ExtensionView(e.id, e.task_id, e.unit, e.old_due, e.new_due, e.reason, e.status,
                         e.requested_chat)


async def request_extension(store: Store, task_id: int, unit: str, old_due: date | None,
                            new_due: date, reason: str, requested_by: str, requested_chat: str,
                            now: datetime | None = None) -> ExtensionView:
    """Record a pending request."""
    async with store.sessions() as session, session.begin():
        ext = Extension(task_id=task_id, unit=unit, old_due=old_due, new_due=new_due, reason=reason,
                        status="pending", requested_by=requested_by, requested_chat=requested_chat,
                        created_at=now or datetime.now(UTC))
        session.add(ext)
        await session.flush()
        view = _view(ext)
    store.writes += 1
    return view


async def decide_extension(store: Store, ext_id: int, approve: bool, decided_by: str,
                           now: datetime | None = None) -> tuple[ExtensionView, bool]:
    """Approve or reject a pending request; (request, whether this call decided it)."""
    async with store.sessions() as session, session.begin():
        ext = await session.get(Extension, ext_id, with_for_update=True)
        if ext is None:
            raise LookupError(ext_id)
        if ext.status != "pending":
            return _view(ext), False
        ext.status = "approved" if approve else "rejected"
        ext.decided_by, ext.decided_at = decided_by, now or datetime.now(UTC)
        view = _view(ext)
    store.writes += 1
    return view, True


async def get_extension(store: Store, ext_id: int) -> ExtensionView | None:
    """One request, or None."""
    async with store.sessions() as session:
        ext = await session.get(Extension, ext_id)
        return _view(ext) if ext is not None else None


async def approved_dues(store: Store) -> dict[tuple[int, str], date]:
    """(task id, unit) -> the due date its latest approved extension set."""
    async with store.sessions() as session:
        rows = await session.execute(
            select(Extension.task_id, Extension.unit, Extension.new_due)
            .where(Extension.status == "approved").order_by(Extension.decided_at, Extension.id))
        return {(task_id, unit): due for task_id, unit, due in rows.all()}
