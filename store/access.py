"""Who may use the bot: invite codes, chat bindings, and the single-poller lock."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from store.chats import ChatRef
from store.kinds import ChatRole
from store.models import Binding, Invite, ServiceLock
from store.repo import Store

INVITE_DAYS = 7
# No 0/O, 1/I/L: codes are read aloud and typed from phone screens.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


@dataclass(frozen=True)
class BindingView:
    """An active binding of a chat."""

    id: int
    platform: str
    chat_id: str
    org: str
    unit: str | None
    role: str
    created_at: datetime

    @property
    def chat(self) -> ChatRef:
        """The bound chat's address."""
        return ChatRef(self.platform, self.chat_id)


class InviteError(Exception):
    """A code that cannot be used; `reason` is one of unknown / used / expired."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _view(b: Binding) -> BindingView:
    return BindingView(b.id, b.platform, b.chat_id, b.org, b.unit, b.role, b.created_at)


async def create_invite(store: Store, org: str, unit: str | None, role: str, created_by: str,
                        now: datetime | None = None) -> str:
    """A new one-time code for (org, unit, role), valid for seven days."""
    now = now or datetime.now(UTC)
    code = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    async with store.sessions() as session, session.begin():
        session.add(Invite(code=code, org=org, unit=unit, role=role, created_by=created_by,
                           created_at=now, expires_at=now + timedelta(days=INVITE_DAYS)))
    return code


async def redeem_invite(store: Store, code: str, platform: str, chat_id: str, user: str,
                        now: datetime | None = None) -> BindingView:
    """Bind the chat with the code's unit and role; the code is used up. Raises InviteError."""
    now = now or datetime.now(UTC)
    async with store.sessions() as session, session.begin():
        invite = await session.scalar(
            select(Invite).where(Invite.code == code.strip().upper()).with_for_update())
        if invite is None:
            raise InviteError("unknown")
        if invite.used_at is not None:
            raise InviteError("used")
        if invite.expires_at < now:
            raise InviteError("expired")
        invite.used_at, invite.used_by = now, f"{platform}:{chat_id}"
        existing = await session.scalar(select(Binding).where(
            Binding.platform == platform, Binding.chat_id == chat_id, Binding.active,
            Binding.org == invite.org, Binding.unit == invite.unit if invite.unit else Binding.unit.is_(None),
            Binding.role == invite.role))
        if existing is not None:
            return _view(existing)
        binding = Binding(platform=platform, chat_id=chat_id, org=invite.org, unit=invite.unit,
                          role=invite.role, active=True, created_by=user, created_at=now)
        session.add(binding)
        await session.flush()
        view = _view(binding)
    store.writes += 1
    return view


async def chat_bindings(store: Store, platform: str, chat_id: str) -> list[BindingView]:
    """The chat's active bindings, oldest first."""
    async with store.sessions() as session:
        rows = await session.scalars(select(Binding).where(
            Binding.platform == platform, Binding.chat_id == chat_id, Binding.active
        ).order_by(Binding.id))
        return [_view(b) for b in rows.all()]


async def all_bindings(store: Store) -> list[BindingView]:
    """Every active binding, by org and unit."""
    async with store.sessions() as session:
        rows = await session.scalars(select(Binding).where(Binding.active)
                                     .order_by(Binding.org, Binding.unit, Binding.id))
        return [_view(b) for b in rows.all()]


async def lead_chats(store: Store, org: str) -> list[BindingView]:
    """Active lead bindings of an org."""
    async with store.sessions() as session:
        rows = await session.scalars(select(Binding).where(
            Binding.active, Binding.role == ChatRole.LEAD, Binding.org == org).order_by(Binding.id))
        return [_view(b) for b in rows.all()]


async def end_bindings(store: Store, platform: str, chat_id: str, why: str,
                       now: datetime | None = None) -> int:
    """Mark every active binding of the chat inactive (kept for the record); how many."""
    async with store.sessions() as session, session.begin():
        result = await session.execute(
            update(Binding).where(Binding.platform == platform, Binding.chat_id == chat_id,
                                  Binding.active)
            .values(active=False, ended_at=now or datetime.now(UTC), ended_why=why))
    store.writes += 1
    return result.rowcount or 0


async def acquire_lock(store: Store, name: str, owner: str, stale_after: timedelta,
                       now: datetime | None = None,
                       gone: Callable[[str], bool] = lambda owner: False) -> bool:
    """Take the named lock unless another owner's heartbeat is fresher than `stale_after` and
    `gone(owner)` does not show that owner has died."""
    now = now or datetime.now(UTC)
    try:
        async with store.sessions() as session, session.begin():
            lock = await session.get(ServiceLock, name, with_for_update=True)
            if lock is None:
                session.add(ServiceLock(name=name, owner=owner, heartbeat_at=now))
                return True
            if lock.owner != owner and now - lock.heartbeat_at < stale_after and not gone(lock.owner):
                return False
            lock.owner, lock.heartbeat_at = owner, now
            return True
    except IntegrityError:  # another process inserted the lock at the same moment
        return False


async def release_lock(store: Store, name: str, owner: str) -> None:
    """Give the lock up if we hold it."""
    async with store.sessions() as session, session.begin():
        await session.execute(delete(ServiceLock).where(ServiceLock.name == name,
                                                        ServiceLock.owner == owner))


@dataclass(frozen=True)
class InviteView:
    """An invite code not yet used nor expired."""

    code: str
    org: str
    unit: str | None
    role: str
    created_by: str
    expires_at: datetime


async def open_invites(store: Store, org: str, now: datetime) -> list[InviteView]:
    """The org's codes that can still be used, newest first."""
    async with store.sessions() as session:
        rows = await session.scalars(select(Invite).where(
            Invite.org == org, Invite.used_at.is_(None), Invite.expires_at > now)
            .order_by(Invite.id.desc()))
        return [InviteView(i.code, i.org, i.unit, i.role, i.created_by, i.expires_at)
                for i in rows.all()]


async def revoke_invite(store: Store, org: str, code: str, now: datetime) -> bool:
    """Make an open code of the org unusable (it expires); False when there is none."""
    async with store.sessions() as session, session.begin():
        result = await session.execute(update(Invite).where(
            Invite.org == org, Invite.code == code, Invite.used_at.is_(None),
            Invite.expires_at > now).values(expires_at=now - timedelta(seconds=1)))
    return bool(result.rowcount)  # expired before `now`: redeem_invite refuses it from now on


async def end_binding(store: Store, binding_id: int, org: str, why: str, now: datetime) -> bool:
    """End one active binding of the org (kept for the record); False when there is none."""
    async with store.sessions() as session, session.begin():
        result = await session.execute(
            update(Binding).where(Binding.id == binding_id, Binding.org == org, Binding.active)
            .values(active=False, ended_at=now, ended_why=why))
    store.writes += 1
    return bool(result.rowcount)
