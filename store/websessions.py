"""Sign-in to the web console without passwords: one-time links (valid minutes) that start
sessions (valid hours, revocable). Only SHA-256 hashes of link tokens and session ids are kept,
so a copy of the store signs nobody in."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from store.models import WebLink, WebSession
from store.repo import Store

LINK_MINUTES = 10
SESSION_HOURS = 8


@dataclass(frozen=True)
class WebIdentity:
    """Who a link or session signs in as: an org's liaison (with its unit), lead, or an
    administrator (any org); the chat it was asked from, if any; who asked."""

    org: str | None
    unit: str | None
    role: str  # liaison / lead / admin
    chat: str | None
    actor: str


@dataclass(frozen=True)
class WebSessionView:
    """A live session."""

    id: int
    who: WebIdentity
    created_at: datetime
    expires_at: datetime


class LinkError(Exception):
    """A link that cannot be used; `reason` is one of unknown / used / expired."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def digest(secret: str) -> str:
    """The hash kept in place of a token or session id."""
    return hashlib.sha256(secret.encode()).hexdigest()


async def create_link(store: Store, who: WebIdentity, now: datetime | None = None,
                      minutes: int = LINK_MINUTES) -> str:
    """A new one-time sign-in token for `who`, valid `minutes`."""
    now = now or datetime.now(UTC)
    token = secrets.token_urlsafe(32)
    async with store.sessions() as session, session.begin():
        session.add(WebLink(token_hash=digest(token), org=who.org, unit=who.unit, role=who.role,
                            chat=who.chat, actor=who.actor, created_at=now,
                            expires_at=now + timedelta(minutes=minutes)))
    return token


async def peek_link(store: Store, token: str, now: datetime | None = None) -> WebIdentity:
    """Who a link signs in as, using nothing up. Raises LinkError."""
    now = now or datetime.now(UTC)
    async with store.sessions() as session:
        link = await session.scalar(select(WebLink).where(WebLink.token_hash == digest(token)))
    if link is None:
        raise LinkError("unknown")
    if link.used_at is not None:
        raise LinkError("used")
    if link.expires_at <= now:
        raise LinkError("expired")
    return WebIdentity(link.org, link.unit, link.role, link.chat, link.actor)


async def redeem_link(store: Store, token: str, now: datetime | None = None,
                      hours: int = SESSION_HOURS) -> tuple[str, WebSessionView]:
    """Use a link up and start its session: (the new session id, the session). Raises LinkError."""
    now = now or datetime.now(UTC)
    sid = secrets.token_urlsafe(32)
    async with store.sessions() as session, session.begin():
        link = await session.scalar(select(WebLink).where(WebLink.token_hash == digest(token))
                                    .with_for_update())
        if link is None:
            raise LinkError("unknown")
        if link.used_at is not None:
            raise LinkError("used")
        if link.expires_at <= now:
            raise LinkError("expired")
        link.used_at = now
        row = WebSession(sid_hash=digest(sid), link_id=link.id, org=link.org, unit=link.unit,
                         role=link.role, chat=link.chat, actor=link.actor, created_at=now,
                         expires_at=now + timedelta(hours=hours))
        session.add(row)
        await session.flush()
        view = _view(row)
    return sid, view


async def find_session(store: Store, sid: str, now: datetime | None = None) -> WebSessionView | None:
    """The live session with this id (not expired, not revoked), or None."""
    now = now or datetime.now(UTC)
    async with store.sessions() as session:
        row = await session.scalar(select(WebSession).where(WebSession.sid_hash == digest(sid)))
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    return _view(row)


async def revoke_session(store: Store, session_id: int, now: datetime | None = None) -> bool:
    """End one session (signing out); whether it was live."""
    return await _revoke(store, WebSession.id == session_id, now) > 0


async def revoke_sessions(store: Store, org: str | None = None, now: datetime | None = None) -> int:
    """End every live session (of one org, when given); how many."""
    condition = WebSession.org == org if org is not None else WebSession.id.is_not(None)
    return await _revoke(store, condition, now)


async def live_sessions(store: Store, now: datetime | None = None) -> list[WebSessionView]:
    """Sessions not expired nor revoked, oldest first."""
    now = now or datetime.now(UTC)
    async with store.sessions() as session:
        rows = await session.scalars(select(WebSession).where(
            WebSession.revoked_at.is_(None), WebSession.expires_at > now).order_by(WebSession.id))
        return [_view(r) for r in rows.all()]


async def _revoke(store: Store, condition, now: datetime | None) -> int:  # type: ignore[no-untyped-def]
    async with store.sessions() as session, session.begin():
        result = await session.execute(update(WebSession).where(
            condition, WebSession.revoked_at.is_(None)).values(revoked_at=now or datetime.now(UTC)))
    return result.rowcount or 0


def _view(row: WebSession) -> WebSessionView:
    return WebSessionView(row.id, WebIdentity(row.org, row.unit, row.role, row.chat, row.actor),
                          row.created_at, row.expires_at)
