"""The reminder outbox: rows are added idempotently and sent in order, one digest per chat and day."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import ColumnElement, select, true, update

from store.chats import ChatRef
from store.db import dialect_insert
from store.models import OutboxItem
from store.repo import Store

PENDING, SENT, FAILED, NO_CHAT = "pending", "sent", "failed", "no_chat"
SENDING = "sending"  # claimed by a sender (with its lease token) just before the platform call
MAX_ATTEMPTS = 8
NOTICE = "notice"  # an item that is a message (to administrators, to a lead), not a reminder


@dataclass(frozen=True)
class Item:
    """A reminder waiting in (or sent from) the outbox."""

    id: int
    day: date
    org: str
    task_id: int
    seq: int
    unit: str
    kind: str
    due_date: date | None
    chat: ChatRef | None
    late: bool
    note: str | None = None


def outbox_key(task_id: int, unit: str, kind: str, day: date) -> str:
    """The identity of a reminder: one per task, unit, kind and day."""
    return f"{task_id}|{unit}|{kind}|{day.isoformat()}"


async def enqueue(store: Store, rows: list[dict], now: datetime) -> int:
    """Add reminders (dicts with day, org, task_id, seq, unit, kind, due_date, chat (a ChatRef or
    None), late and optionally note and key); those already there (same key) are left alone. How
    many were new.

    One INSERT … ON CONFLICT DO NOTHING RETURNING id, executed for all rows at once: SQLAlchemy
    sends it in batches of one cached statement (its "insertmanyvalues"), and the ids returned
    are the rows that were new."""
    if not rows:
        return 0
    values = [{"key": r.get("key") or outbox_key(r["task_id"], r["unit"], r["kind"], r["day"]),
               "day": r["day"], "org": r["org"], "task_id": r["task_id"], "seq": r["seq"],
               "unit": r["unit"], "kind": str(r["kind"]), "due_date": r["due_date"],
               "chat": str(r["chat"]) if r["chat"] else None, "late": r["late"],
               "note": r.get("note"), "status": PENDING if r["chat"] else NO_CHAT, "attempts": 0,
               "next_attempt_at": now, "created_at": now} for r in rows]
    insert = dialect_insert(store.engine)
    table = OutboxItem.__table__  # Core, not ORM bulk insert: that splits batches at NULLs
    stmt = insert(table).on_conflict_do_nothing(index_elements=["key"]).returning(table.c.id)
    async with store.sessions() as session, session.begin():
        conn = await session.connection()
        return len((await conn.execute(stmt, values)).all())


async def enqueue_notices(store: Store, chats: Iterable[ChatRef], key: str, text: str, day: date,
                          now: datetime) -> int:
    """A message to each of `chats`, sent with their next digest; once per key and chat."""
    return await enqueue(store, [
        {"key": f"notice|{key}|{chat}", "day": day, "org": "", "task_id": 0, "seq": 0, "unit": "",
         "kind": NOTICE, "due_date": None, "chat": chat, "late": False, "note": text}
        for chat in sorted(set(chats))], now)


async def due_items(store: Store, now: datetime) -> list[Item]:
    """Pending items whose next attempt is due, oldest first."""
    async with store.sessions() as session:
        rows = await session.scalars(select(OutboxItem).where(
            OutboxItem.status == PENDING, OutboxItem.next_attempt_at <= now
        ).order_by(OutboxItem.day, OutboxItem.chat, OutboxItem.id))
        return [Item(r.id, r.day, r.org, r.task_id, r.seq, r.unit, r.kind, r.due_date,
                     ChatRef.parse(r.chat) if r.chat else None, r.late, r.note) for r in rows.all()]


async def claim(store: Store, ids: list[int], token: int | None, fence: ColumnElement[bool],
                now: datetime) -> list[int]:
    """Claim a digest's items before the platform call: pending ones become `sending` with the
    lease's token, in one statement that checks `fence` (the sender still holds the lease), so a
    sender that lost the lease claims nothing. On PostgreSQL the rows are locked with
    `FOR UPDATE SKIP LOCKED` first: rows another transaction is claiming at this moment are
    skipped, never waited for (SQLite has one writer at a time and ignores the clause). The ids
    claimed."""
    free = select(OutboxItem.id).where(
        OutboxItem.id.in_(ids), OutboxItem.status == PENDING).with_for_update(skip_locked=True)
    async with store.sessions() as session, session.begin():
        result = await session.execute(update(OutboxItem).where(
            OutboxItem.id.in_(free.scalar_subquery()), OutboxItem.status == PENDING, fence
        ).values(status=SENDING, lease_token=token, claimed_at=now).returning(OutboxItem.id))
        return sorted(result.scalars().all())


async def orphans(store: Store, token: int, fence: ColumnElement[bool]) -> list[str]:
    """Digests left `sending` under an earlier token (their sender was killed or lost the lease
    during the platform call, so whether they arrived is unknown) go back to pending and are sent
    again: at most that one digest per sender can arrive twice, none is lost. The chats."""
    async with store.sessions() as session, session.begin():
        result = await session.execute(update(OutboxItem).where(
            OutboxItem.status == SENDING,
            (OutboxItem.lease_token.is_(None)) | (OutboxItem.lease_token != token), fence
        ).values(status=PENDING).returning(OutboxItem.chat))
        return sorted({c for c in result.scalars().all() if c})


async def mark_sent(store: Store, ids: list[int], message_id: str, now: datetime) -> None:
    """Items delivered in one message (whoever holds the lease now: the message went out)."""
    async with store.sessions() as session, session.begin():
        await session.execute(update(OutboxItem).where(OutboxItem.id.in_(ids)).values(
            status=SENT, message_id=message_id[:64], sent_at=now,
            attempts=OutboxItem.attempts + 1))


async def defer(store: Store, ids: list[int], when: datetime) -> None:
    """Keep items queued until `when` (a rate limit; not counted as an attempt)."""
    async with store.sessions() as session, session.begin():
        await session.execute(update(OutboxItem).where(
            OutboxItem.id.in_(ids), OutboxItem.status.in_((PENDING, SENDING))
        ).values(status=PENDING, next_attempt_at=when))


def unfenced() -> ColumnElement[bool]:
    """No lease condition (a caller that sends alone by construction: unit tests)."""
    return true()


async def mark_failed(store: Store, ids: list[int], error: str, now: datetime,
                      permanent: bool = False) -> bool:
    """A failed attempt: retried later with backoff, or given up (permanent, or too many tries);
    whether the items were given up."""
    given_up = False
    async with store.sessions() as session, session.begin():
        items = (await session.scalars(select(OutboxItem).where(OutboxItem.id.in_(ids)))).all()
        for item in items:
            item.attempts += 1
            item.error = error[:500]
            if permanent or item.attempts >= MAX_ATTEMPTS:
                item.status = FAILED
                given_up = True
            else:
                item.status = PENDING
                item.next_attempt_at = now + timedelta(seconds=30 * 2 ** (item.attempts - 1))
    return given_up


async def last_day(store: Store) -> date | None:
    """The latest day reminders were computed for."""
    async with store.sessions() as session:
        return await session.scalar(select(OutboxItem.day).order_by(OutboxItem.day.desc()).limit(1))


def utcnow() -> datetime:
    """Now in UTC."""
    return datetime.now(UTC)
